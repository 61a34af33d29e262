//! Filling a Typst template with data: minijinja, with Typst escaping.
//!
//! Every value a template prints is data. The formatter turns a string into
//! a Typst string literal embedded in markup (`#"…";`), so whatever a cell
//! holds (`#`, `$`, `*`, `]`, backslashes) is shown as text and can never run
//! as Typst code. Numbers print as they are (they cannot hold code), and only
//! markup a template builds itself may be marked `|safe`. In Typst code (an
//! argument, say) a template uses `{{ value|str }}`, which prints the literal
//! without the markup prefix.
//!
//! The filled source keeps a map back to the template (minijinja's output
//! spans), so Typst's own errors can name the template file and line.

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, OutputSpan, OutputSpanKind, Value};

use super::assets::Assets;
use crate::diagnostics::{Diagnostic, Location};

/// A filled template: Typst source, and where each part came from.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The template's file name, relative to the templates folder.
    pub template: String,
    /// The Typst source.
    pub source: String,
    spans: Vec<OutputSpan>,
}

impl Filled {
    /// The template line (1-based) that produced byte `offset` of the source.
    pub fn template_line(&self, offset: usize) -> Option<usize> {
        self.template_place(offset).map(|(_, line)| line)
    }

    /// The template (its file name; an included one names itself) and line
    /// (1-based) that produced byte `offset` of the source.
    pub fn template_place(&self, offset: usize) -> Option<(&str, usize)> {
        let i = self.spans.partition_point(|s| s.output_range().end <= offset);
        let span = self.spans.get(i).filter(|s| s.output_range().contains(&offset))?;
        Some((
            span.name(),
            match span.kind() {
                // Raw template text is copied as it is, so count its lines.
                OutputSpanKind::Raw => {
                    let before = &self.source[span.output_range().start..offset];
                    span.line() + before.matches('\n').count()
                }
                _ => span.line(),
            },
        ))
    }
}

/// Escapes text as the body of a Typst string literal.
pub fn escape_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A string as Typst markup that shows it literally. The semicolon ends the
/// embedded expression, so text right after it (`.`, `(`) stays text.
pub fn markup_text(text: &str) -> String {
    format!("#\"{}\";", escape_str(text))
}

/// Fills `name` from `templates` with `context`.
pub fn fill(templates: &Assets, name: &str, context: Value) -> Result<Filled, Diagnostic> {
    let env = environment(templates);
    let template = env.get_template(name).map_err(|e| template_error(templates, &e))?;
    let (source, spans) = template.render_with_spans(context).map_err(|e| template_error(templates, &e))?;
    Ok(Filled { template: name.to_string(), source, spans })
}

fn environment(templates: &Assets) -> Environment<'static> {
    let mut env = Environment::new();
    match templates {
        Assets::Folder(dir) => env.set_loader(minijinja::path_loader(dir)),
        built_in => {
            let built_in = built_in.clone();
            env.set_loader(move |name| match built_in.read(name) {
                Ok(bytes) => String::from_utf8(bytes.into_owned())
                    .map(Some)
                    .map_err(|_| Error::new(ErrorKind::InvalidOperation, "skabelonen er ikke UTF-8-tekst")),
                Err(_) => Ok(None),
            })
        }
    }
    // Block tags on their own lines leave no blank lines behind, which
    // matters in Typst, where a blank line starts a new paragraph.
    if let Ok(syntax) = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    // A misspelt field must fail, not print nothing into a committee paper.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst".into()));
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            out.write_str(value.as_str().unwrap_or_default())?;
        } else if value.is_none() || value.is_undefined() {
            // Nothing: an empty optional field prints as nothing.
        } else if value.is_number() {
            write!(out, "{value}")?;
        } else {
            out.write_str(&markup_text(&value.to_string()))?;
        }
        Ok(())
    });
    env.add_filter("str", |value: Value| -> Result<Value, Error> {
        if value.is_none() || value.is_undefined() {
            return Err(Error::new(ErrorKind::InvalidOperation, "|str needs a value"));
        }
        Ok(Value::from_safe_string(format!("\"{}\"", escape_str(&value.to_string()))))
    });
    env
}

fn template_error(templates: &Assets, e: &Error) -> Diagnostic {
    let file = match e.name() {
        Some(n) => templates.describe(n),
        None => templates.describe_all(),
    };
    let mut d = Diagnostic::error(
        "OF0501",
        format!("fejl i skabelonen: {}", e.detail().unwrap_or(&e.kind().to_string())),
    )
    .at(Location { file, sheet: None, cell: None, line: e.line() });
    if e.kind() == ErrorKind::TemplateNotFound {
        d = d.hint("skabelonerne ligger i mappen report_templates/; angiv en anden mappe med --templates");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_into_a_literal() {
        assert_eq!(markup_text(r#"a "b" \c"#), r#"#"a \"b\" \\c";"#);
        assert_eq!(markup_text("linje\nto"), r#"#"linje\nto";"#);
        assert_eq!(markup_text("#set page(width: 1cm)"), "#\"#set page(width: 1cm)\";");
        assert_eq!(escape_str("\u{7}"), "\\u{7}");
    }

    #[test]
    fn values_are_escaped_and_lines_map_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("t.typ"),
            "= Titel\n{% for x in items %}\n- {{ x }}\n{% endfor %}\n#{{ n }} {{ s|str }}\n",
        )
        .unwrap();
        let ctx = minijinja::context! { items => vec!["*fed*", "]"], n => 3, s => "a\"b" };
        let filled = fill(&Assets::Folder(dir.path().to_path_buf()), "t.typ", ctx).unwrap();
        assert_eq!(filled.source, "= Titel\n- #\"*fed*\";\n- #\"]\";\n#3 \"a\\\"b\"");
        let second_item = filled.source.find("]").unwrap();
        assert_eq!(filled.template_line(second_item), Some(3));
        let last = filled.source.find("#3").unwrap();
        assert_eq!(filled.template_line(last), Some(5));
    }

    #[test]
    fn included_templates_name_themselves() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.typ"), "a\n{% include \"part.typ\" %}\nc\n").unwrap();
        std::fs::write(dir.path().join("part.typ"), "x\ny {{ v }}\n").unwrap();
        let filled =
            fill(&Assets::Folder(dir.path().to_path_buf()), "main.typ", minijinja::context! { v => 1 })
                .unwrap();
        let y = filled.source.find("y ").unwrap();
        assert_eq!(filled.template_place(y), Some(("part.typ", 2)));
        let c = filled.source.rfind('c').unwrap();
        assert_eq!(filled.template_place(c), Some(("main.typ", 3)));
    }

    #[test]
    fn unknown_fields_are_errors_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.typ"), "a\n{{ nope.field }}\n").unwrap();
        let e = fill(&Assets::Folder(dir.path().to_path_buf()), "t.typ", minijinja::context! {}).unwrap_err();
        let at = e.location.unwrap();
        assert_eq!((at.cell, at.line), (None, Some(2)), "a template line is not a cell");
    }
}
