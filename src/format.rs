//! Danish number and date formatting, as the committee papers write them.
//!
//! Decimal comma and thousands point (`1.170`, `4,5 %`), differences of
//! percentages in percentage points (`- 5,5 %-point`), dates as
//! `30. juni 2008`. Negative differences keep the seeds' spaced minus
//! (`- 1,2`), and positive ones get a plus (`+ 0,2`) so the sign always reads.

use crate::model::{Date, Difference, Measure, Target};

/// Folds a header or keyword for comparison: lower case, Danish letters
/// spelled out (æ→ae, ø→oe, å→aa), punctuation and spacing ignored.
/// "Mål-id", "maal id" and " MÅL ID " all fold to "maalid".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Values entered without a fixed precision are shown with at most this many
/// decimals, which also hides binary floating-point noise (0.1 + 0.2).
const MAX_FREE_DECIMALS: u8 = 2;

/// A count with its noun, singular or plural: "1 post", "3 poster".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A number with Danish separators: a fixed number of decimals, or (with
/// `None`) as few as it needs, up to two.
pub fn number(value: f64, decimals: Option<u8>) -> String {
    let (fixed, places) = match decimals {
        Some(d) => (true, d.min(6)),
        None => (false, MAX_FREE_DECIMALS),
    };
    let scale = 10f64.powi(places as i32);
    // Round half away from zero, as people do; the nudge keeps 0.125 from
    // falling to 0.12 because it is stored as 0.12499999...
    let rounded = (value * scale + value.signum() * 1e-7).round() / scale;
    let mut text = format!("{:.*}", places as usize, rounded.abs());
    if !fixed && text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut out = String::new();
    if rounded < 0.0 && (rounded * scale).round() != 0.0 {
        out.push('-');
    }
    out.push_str(&group_thousands(&int));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// Puts a point between each group of three digits: `1170` becomes `1.170`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The suffix a value of this measure is printed with (with its leading space).
fn value_suffix(measure: Measure) -> &'static str {
    match measure {
        Measure::Percent => " %",
        Measure::Amount => " kr.",
        Measure::Count | Measure::Days | Measure::Points => "",
    }
}

/// The suffix a difference of this measure is printed with.
fn difference_suffix(measure: Measure) -> &'static str {
    match measure {
        Measure::Percent => " %-point",
        Measure::Amount => " kr.",
        Measure::Count | Measure::Days | Measure::Points => "",
    }
}

/// A target or result with its unit: `4,5 %`, `282`, `1.500 kr.`.
pub fn value(value: f64, measure: Measure, decimals: Option<u8>) -> String {
    format!("{}{}", number(value, decimals), value_suffix(measure))
}

/// A target: one value, or a range `85 – 100 %`.
pub fn target(target: Target, measure: Measure, decimals: Option<u8>) -> String {
    match target {
        Target::Value { value: v } => value(v, measure, decimals),
        Target::Range { low, high } => {
            format!("{} – {}", number(low, decimals), value(high, measure, decimals))
        }
    }
}

/// A number with the seeds' sign convention: `- 5,5`, `+ 1,7`, `0`.
fn signed(value: f64, decimals: Option<u8>) -> String {
    let text = number(value.abs(), decimals);
    let is_zero = text.chars().all(|c| matches!(c, '0' | ',' | '.'));
    if is_zero {
        text
    } else if value < 0.0 {
        format!("- {text}")
    } else {
        format!("+ {text}")
    }
}

/// A difference with sign and unit: `- 5,5 %-point`, `+ 0,2`, and for a
/// range target the distances to both ends, `- 15-30 %-point` (`0` inside).
pub fn difference(diff: Difference, measure: Measure, decimals: Option<u8>) -> String {
    let suffix = difference_suffix(measure);
    match diff {
        Difference::Value { value } => format!("{}{suffix}", signed(value, decimals)),
        Difference::Range { to_low, to_high } => {
            if to_low >= 0.0 && to_high <= 0.0 {
                format!("{}{suffix}", signed(0.0, decimals))
            } else {
                // Both distances have the same sign outside the range.
                let sign = if to_low < 0.0 { "-" } else { "+" };
                let near = if to_low < 0.0 { to_low } else { to_high };
                let far = if to_low < 0.0 { to_high } else { to_low };
                format!("{sign} {}-{}{suffix}", number(near.abs(), decimals), number(far.abs(), decimals))
            }
        }
    }
}

/// Danish month names, for dates in running text.
const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date as Danish text: `30. juni 2008`.
pub fn date(date: Date) -> String {
    format!("{}. {} {}", date.day, MONTHS[(date.month - 1) as usize], date.year)
}

/// Whether `c` must not reach a terminal as it is: control characters (C0,
/// DEL, C1: a newline can start a line that was never printed, an escape
/// sequence can recolour or erase one), and the invisible format characters
/// that reorder or hide text (bidi embeddings, overrides and isolates,
/// zero-width characters, line and paragraph separators, tags), and the
/// letters drawn as nothing (the Hangul fillers, the blank braille pattern:
/// «anna» with one after it looks like «anna»).
fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}'
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}')
}

/// Text as it may be printed on a terminal: every character of
/// [`must_escape`] written as an escape (`\n`, `\u{1b}`, `\u{202e}`), the
/// rest unchanged. Every printer of archived fields (titles, units, file
/// names, signers) goes through this one function, so what the archive
/// prints is always one line per line it means.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(must_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if must_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text (as serde_json writes it) with the characters of
/// [`must_escape`] that serde_json leaves as they are (DEL, C1, the format
/// characters) written as `\uXXXX`. They occur only inside strings, so the
/// JSON means the same; serde_json escapes C0 controls in strings itself,
/// so a C0 character here is the layout's own newline and stays.
pub fn visible_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if must_escape(c) && c >= ' ' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_decimal_comma_and_thousands_point() {
        assert_eq!(number(4.5, None), "4,5");
        assert_eq!(number(1170.0, None), "1.170");
        assert_eq!(number(1234567.891, Some(2)), "1.234.567,89");
        assert_eq!(number(62.0, Some(1)), "62,0");
        assert_eq!(number(58.8, Some(0)), "59");
        assert_eq!(number(0.1 + 0.2, None), "0,3");
        assert_eq!(number(-3.0, None), "-3");
        assert_eq!(number(-0.004, None), "0");
        assert_eq!(number(100.0, None), "100");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(number(0.125, Some(2)), "0,13");
        assert_eq!(number(2.5, Some(0)), "3");
        assert_eq!(number(-2.5, Some(0)), "-3");
    }

    #[test]
    fn values_carry_their_unit() {
        assert_eq!(value(4.5, Measure::Percent, None), "4,5 %");
        assert_eq!(value(282.0, Measure::Count, None), "282");
        assert_eq!(value(1500.0, Measure::Amount, None), "1.500 kr.");
        let range = Target::Range { low: 85.0, high: 100.0 };
        assert_eq!(target(range, Measure::Percent, None), "85 – 100 %");
    }

    #[test]
    fn differences_are_signed_and_in_percentage_points() {
        let d = |v| Difference::Value { value: v };
        assert_eq!(difference(d(4.5 - 10.0), Measure::Percent, None), "- 5,5 %-point");
        assert_eq!(difference(d(51.7 - 50.0), Measure::Percent, None), "+ 1,7 %-point");
        assert_eq!(difference(d(0.0), Measure::Percent, None), "0 %-point");
        assert_eq!(difference(d(58.8 - 70.0), Measure::Percent, Some(1)), "- 11,2 %-point");
        assert_eq!(difference(d(6.0 - 7.2), Measure::Days, None), "- 1,2");
        assert_eq!(difference(d(281.0 - 282.0), Measure::Count, None), "- 1");
        // A difference that rounds to zero has no sign.
        assert_eq!(difference(d(-0.001), Measure::Points, Some(1)), "0,0");
    }

    #[test]
    fn range_differences_name_both_ends() {
        let outside = Difference::Range { to_low: -15.0, to_high: -30.0 };
        assert_eq!(difference(outside, Measure::Percent, None), "- 15-30 %-point");
        let above = Difference::Range { to_low: 20.0, to_high: 5.0 };
        assert_eq!(difference(above, Measure::Percent, None), "+ 5-20 %-point");
        let inside = Difference::Range { to_low: 5.0, to_high: -10.0 };
        assert_eq!(difference(inside, Measure::Percent, None), "0 %-point");
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(date(Date::new(2008, 6, 30).unwrap()), "30. juni 2008");
        assert_eq!(date(Date::new(2009, 1, 1).unwrap()), "1. januar 2009");
    }

    #[test]
    fn printed_text_is_one_line_without_escapes_or_reordering() {
        let forged = "Halvårsopfølgning\n  underskrevet af Borgmester";
        assert_eq!(visible(forged), "Halvårsopfølgning\\n  underskrevet af Borgmester");
        assert_eq!(visible("a\u{1b}[2K\rb"), "a\\u{1b}[2K\\rb");
        assert_eq!(visible("gyldig\u{202e}gidlygu"), "gyldig\\u{202e}gidlygu");
        assert_eq!(visible("anna\u{3164}\u{2800}"), "anna\\u{3164}\\u{2800}");
        assert_eq!(
            visible("x\u{2066}y\u{2069}\u{200b}\u{85}\u{7f}"),
            "x\\u{2066}y\\u{2069}\\u{200b}\\u{85}\\u{7f}"
        );
        assert!(matches!(visible("Æblerød Kommune – 2008"), std::borrow::Cow::Borrowed(_)));
        let json = serde_json::to_string(&serde_json::json!({"t": "a\u{202e}b\u{7f}\u{e0041}\n"})).unwrap();
        let pretty = serde_json::to_string_pretty(&serde_json::json!({"t": "a"})).unwrap();
        assert_eq!(visible_json(&pretty), pretty, "the layout's newlines stay");
        let safe = visible_json(&json);
        assert_eq!(safe, r#"{"t":"a\u202eb\u007f\udb40\udc41\n"}"#);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], "a\u{202e}b\u{7f}\u{e0041}\n");
    }
}
