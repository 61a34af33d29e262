//! What changed between two versions of a follow-up: per goal and unit every
//! changed target, result, difference and traffic light, every changed text,
//! and goals, units and tables added or removed.
//!
//! Figures are compared as the paper prints them (formatted), so a change
//! below the printed precision is not reported as a correction of the paper;
//! the JSON carries the printed old and new values. Both versions of a figure
//! are printed with the finer of the two versions' decimals: a goal whose
//! decimals follow its figures («4,5 %» beside «10,0 %») does not report its
//! unchanged target as changed when a result no longer needs the decimal.

use std::fmt;

use serde::Serialize;

use crate::assess::FollowUp;
use crate::format;
use crate::model::{Block, Goal, Target, TrafficLight};

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where: "Tabel 13, Ydelsesservice", "Mål 4", "Rapport", "Dokument".
    pub place: String,
    /// What changed: "resultat", "trafiklys", "tekst", ...
    pub what: String,
    /// The old value as printed; none when added.
    pub old: Option<String>,
    /// The new value as printed; none when removed.
    pub new: Option<String>,
}

/// A value as the change list shows it: text in «», figures as they are.
fn shown(value: &str) -> String {
    if value.split_whitespace().count() > 3 { format!("«{value}»") } else { value.to_string() }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => {
                write!(f, "{}: {} ændret fra {} til {}", self.place, self.what, shown(o), shown(n))
            }
            (None, Some(n)) => write!(f, "{}: {} tilføjet: {}", self.place, self.what, shown(n)),
            (Some(o), None) => write!(f, "{}: {} fjernet: {}", self.place, self.what, shown(o)),
            (None, None) => write!(f, "{}: {}", self.place, self.what),
        }
    }
}

/// "1 ændring", "3 ændringer".
pub fn count_text(n: usize) -> String {
    crate::format::count(n, "ændring", "ændringer")
}

fn change(place: &str, what: &str, old: Option<String>, new: Option<String>) -> Option<Change> {
    (old != new).then(|| Change { place: place.to_string(), what: what.to_string(), old, new })
}

/// Every change from `old` to `new`, in the order of the new report.
pub fn diff(old: &FollowUp, new: &FollowUp) -> Vec<Change> {
    let mut out = Vec::new();
    let (o, n) = (&old.report, &new.report);
    let meta = [
        ("titel", o.meta.title.clone(), n.meta.title.clone()),
        ("år", o.meta.year.to_string(), n.meta.year.to_string()),
        ("periode", o.meta.period.clone(), n.meta.period.clone()),
        ("dato", format::date(o.meta.date), format::date(n.meta.date)),
        (
            "udvalg",
            o.meta.committee.clone().unwrap_or_default(),
            n.meta.committee.clone().unwrap_or_default(),
        ),
        (
            "sagsnummer",
            o.meta.case_number.clone().unwrap_or_default(),
            n.meta.case_number.clone().unwrap_or_default(),
        ),
    ];
    for (what, a, b) in meta {
        out.extend(change(
            "Rapport",
            what,
            Some(a).filter(|s| !s.is_empty()),
            Some(b).filter(|s| !s.is_empty()),
        ));
    }
    for u in &n.units {
        match o.units.iter().find(|x| x.id == u.id) {
            None => out.extend(change(&format!("Enhed {}", u.id), "enhed", None, Some(u.name.clone()))),
            Some(x) => out.extend(change(
                &format!("Enhed {}", u.id),
                "navn",
                Some(x.table_name().into()),
                Some(u.table_name().into()),
            )),
        }
    }
    for u in o.units.iter().filter(|u| !n.units.iter().any(|x| x.id == u.id)) {
        out.extend(change(&format!("Enhed {}", u.id), "enhed", Some(u.name.clone()), None));
    }
    for t in &n.tables {
        let place = format!("Tabel {}", t.number);
        match o.tables.iter().find(|x| x.number == t.number) {
            None => out.extend(change(&place, "tabel", None, Some(t.caption.clone()))),
            Some(x) => {
                out.extend(change(&place, "titel", Some(x.caption.clone()), Some(t.caption.clone())));
                out.extend(change(&place, "kilde", x.source.clone(), t.source.clone()));
                out.extend(change(&place, "note", x.note.clone(), t.note.clone()));
                out.extend(change(&place, "tekst under tabellen", x.remark.clone(), t.remark.clone()));
            }
        }
    }
    for t in o.tables.iter().filter(|t| !n.tables.iter().any(|x| x.number == t.number)) {
        out.extend(change(&format!("Tabel {}", t.number), "tabel", Some(t.caption.clone()), None));
    }
    for (gi, g) in n.goals.iter().enumerate() {
        match o.goals.iter().position(|x| x.id == g.id) {
            None => out.extend(change(&goal_place(g), "mål", None, Some(g.text.clone()))),
            Some(oi) => goal_changes(old, oi, new, gi, &mut out),
        }
    }
    for g in o.goals.iter().filter(|g| !n.goals.iter().any(|x| x.id == g.id)) {
        out.extend(change(&goal_place(g), "mål", Some(g.text.clone()), None));
    }
    out.extend(content_changes(&o.content, &n.content));
    out
}

fn unit_name(f: &FollowUp, id: &str) -> String {
    f.report
        .units
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.table_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

fn goal_changes(old: &FollowUp, oi: usize, new: &FollowUp, ni: usize, out: &mut Vec<Change>) {
    let (og, ng): (&Goal, &Goal) = (&old.report.goals[oi], &new.report.goals[ni]);
    let place = goal_place(ng);
    out.extend(change(&place, "måltekst", Some(og.text.clone()), Some(ng.text.clone())));
    out.extend(change(&place, "tabel", og.table.map(|t| t.to_string()), ng.table.map(|t| t.to_string())));
    for (ri, row) in ng.results.iter().enumerate() {
        let place = row_place(ng, &unit_name(new, &row.unit));
        let Some(oj) = og.results.iter().position(|r| r.unit == row.unit) else {
            out.extend(change(
                &place,
                "række",
                None,
                Some(target_text(ng, row.target).unwrap_or_else(|| "uden måltal".into())),
            ));
            continue;
        };
        let orow = &og.results[oj];
        let (oa, na) = (old.assessment(oi, oj), new.assessment(ni, ri));
        // One precision for both versions: the finer one's.
        let decimals = Some(og.shown_decimals().max(ng.shown_decimals()));
        let difference_decimals = Some(og.shown_difference_decimals().max(ng.shown_difference_decimals()));
        let value = |g: &Goal, v: Option<f64>| v.map(|v| format::value(v, g.measure, decimals));
        let target = |g: &Goal, t: Option<Target>| t.map(|t| format::target(t, g.measure, decimals));
        out.extend(change(&place, "mål", target(og, orow.target), target(ng, row.target)));
        out.extend(change(
            &place,
            "resultat",
            value(og, orow.result.as_ref().map(|r| r.value)),
            value(ng, row.result.as_ref().map(|r| r.value)),
        ));
        out.extend(change(
            &place,
            "forskel",
            oa.difference.map(|d| format::difference(d, og.measure, difference_decimals)),
            na.difference.map(|d| format::difference(d, ng.measure, difference_decimals)),
        ));
        out.extend(change(&place, "trafiklys", oa.light.map(light), na.light.map(light)));
        out.extend(change(
            &place,
            "begrundelse for trafiklys",
            orow.manual_light.as_ref().map(|m| m.reason.clone()),
            row.manual_light.as_ref().map(|m| m.reason.clone()),
        ));
    }
    for r in og.results.iter().filter(|r| !ng.results.iter().any(|x| x.unit == r.unit)) {
        let place = row_place(og, &unit_name(old, &r.unit));
        out.extend(change(
            &place,
            "række",
            Some(target_text(og, r.target).unwrap_or_else(|| "uden måltal".into())),
            None,
        ));
    }
}

/// Where a goal is: its table in a follow-up, else its id.
fn goal_place(g: &Goal) -> String {
    match g.table {
        Some(t) => format!("Tabel {t}, mål {}", g.id),
        None => format!("Mål {}", g.id),
    }
}

/// Where a goal's row for a unit is.
fn row_place(g: &Goal, unit: &str) -> String {
    match g.table {
        Some(t) => format!("Tabel {t}, {unit}"),
        None => format!("Mål {}, {unit}", g.id),
    }
}

fn target_text(g: &Goal, target: Option<Target>) -> Option<String> {
    target.map(|t| format::target(t, g.measure, Some(g.shown_decimals())))
}

fn light(l: TrafficLight) -> String {
    l.danish().to_string()
}

/// A block's text as the reader sees it, for comparing content.
fn block_text(b: &Block) -> String {
    match b {
        Block::Chapter { number, text } | Block::Section { number, text } => format!("{number} {text}"),
        Block::Heading { text, .. } => text.clone(),
        Block::Paragraph { text, footnote } | Block::Bullet { text, footnote } => match footnote {
            Some(f) => format!("{text} [fodnote: {f}]"),
            None => text.clone(),
        },
        Block::Table { number } => format!("Tabel {number}"),
        Block::SteeringParameters => "(styringsparametre)".into(),
        Block::TrafficLightLegend => "(trafiklys)".into(),
        Block::NumberedItem { text } => text.clone(),
        Block::UnitPurpose => "(enhedens formål)".into(),
        Block::UnitGoals { .. } => "(enhedens mål)".into(),
        Block::Signatures => "(underskrifter)".into(),
        Block::GoalCounts => "(optælling)".into(),
        Block::GoalStatus => "(målstatus)".into(),
        Block::GoalExamples => "(måleksempler)".into(),
        Block::GoalOverview => "(måloversigt)".into(),
        Block::PageBreak => "(ny side)".into(),
        Block::Overview => "(overblik)".into(),
        Block::ForUnits { units, block } => format!("{} (kun for {})", block_text(block), units.join(", ")),
    }
}

/// Texts added, removed or changed, by a longest common subsequence of the
/// blocks; a removal next to an addition reads as a change.
fn content_changes(old: &[Block], new: &[Block]) -> Vec<Change> {
    let (a, b): (Vec<String>, Vec<String>) =
        (old.iter().map(block_text).collect(), new.iter().map(block_text).collect());
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    let mut removed: Vec<String> = Vec::new();
    let flush = |removed: &mut Vec<String>, out: &mut Vec<Change>| {
        for r in removed.drain(..) {
            out.push(Change { place: "Dokument".into(), what: "tekst".into(), old: Some(r), new: None });
        }
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut removed, &mut out);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removals first, so an addition right after pairs with them.
            removed.push(a[i].clone());
            i += 1;
        } else {
            let old = if removed.is_empty() { None } else { Some(removed.remove(0)) };
            out.push(Change { place: "Dokument".into(), what: "tekst".into(), old, new: Some(b[j].clone()) });
            j += 1;
        }
    }
    flush(&mut removed, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn p(t: &str) -> Block {
        Block::Paragraph { text: t.into(), footnote: None }
    }

    #[test]
    fn changed_added_and_removed_texts() {
        let old = [p("a"), p("b"), p("c")];
        let new = [p("a"), p("B"), p("c"), p("d")];
        let changes = content_changes(&old, &new);
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].to_string(), "Dokument: tekst ændret fra b til B");
        let long = Change {
            place: "Dokument".into(),
            what: "tekst".into(),
            old: Some("en to tre fire".into()),
            new: None,
        };
        assert_eq!(long.to_string(), "Dokument: tekst fjernet: «en to tre fire»");
        assert_eq!(count_text(1), "1 ændring");
        assert_eq!(changes[1].to_string(), "Dokument: tekst tilføjet: d");
        assert!(content_changes(&old, &old).is_empty());
        let removed = content_changes(&old, &[p("a"), p("c")]);
        assert_eq!(removed[0].to_string(), "Dokument: tekst fjernet: b");
    }
}
