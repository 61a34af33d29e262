//! The `data-*` attributes the templates hand to the DOCX writer: what the
//! HTML cannot say by itself. This list is the agreement between
//! `report_templates/*.typ` and the writer; a test holds the templates to it.
//!
//! Colours, widths and light symbols are declared once, in `opfolg.typ`,
//! and arrive here as attribute values: the writer keeps no copy of them.

/// A paragraph's or block's part in the page: one of [`ROLES`].
pub const ROLE: &str = "data-role";
/// A traffic light: `green`, `yellow`, `red` or `none` (not assessed). On a
/// `span` the light itself, on a `p` a legend line.
pub const LIGHT: &str = "data-light";
/// The light's colour as `#rrggbb`, from `lys-farver` in `opfolg.typ`.
pub const FILL: &str = "data-fill";
/// The next table's column widths as Typst writes them: `85pt`, `1fr`.
pub const WIDTHS: &str = "data-widths";
/// The next table's column alignments: `left`, `center`, `right`.
pub const ALIGN: &str = "data-align";
/// A text size as Typst writes it (`9.5pt`): the table's, on the widths
/// element; a chart title's, on its paragraph.
pub const SIZE: &str = "data-size";
/// The table head's background colour (`#rrggbb`), on the widths element.
pub const HEAD_FILL: &str = "data-head-fill";
/// The colour of the rules above and below the table (`#rrggbb`).
pub const RULE: &str = "data-rule";
/// The colour of the thin rules between rows (`#rrggbb`).
pub const INNER_RULE: &str = "data-inner-rule";
/// The colour of headings and the title (`#rrggbb`), on the colours element.
pub const HEADING: &str = "data-heading";
/// A cell's text turned to read upwards (the overview's unit names).
pub const ROTATE: &str = "data-rotate";
/// A field Word fills in: `page` or `pages`.
pub const FIELD: &str = "data-field";
/// A picture's alternative text, on the element around the picture.
pub const ALT: &str = "data-alt";

/// Every attribute the writer understands, with what it means.
pub const ATTRIBUTES: &[(&str, &str)] = &[
    (ROLE, "a paragraph's or block's part in the page (see ROLES)"),
    (LIGHT, "a traffic light: green, yellow, red or none"),
    (FILL, "the light's colour, #rrggbb"),
    (WIDTHS, "the next table's column widths (pt or fr)"),
    (ALIGN, "the next table's column alignments"),
    (SIZE, "the next table's text size, or a chart title's (pt)"),
    (HEAD_FILL, "the table head's background, #rrggbb"),
    (RULE, "the rules above and below a table, #rrggbb"),
    (INNER_RULE, "the rules between a table's rows, #rrggbb"),
    (HEADING, "the colour of headings and title, #rrggbb"),
    (ROTATE, "a cell's text turned to read upwards"),
    (FIELD, "a page number field: page or pages"),
    (ALT, "a picture's alternative text"),
];

/// Every value of [`ROLE`], with what it means.
pub const ROLES: &[(&str, &str)] = &[
    ("page-header-left", "the running header's left part"),
    ("page-header-right", "the running header's right part"),
    ("page-footer", "the running footer"),
    ("colours", "the document's colours (HEADING), handed over once"),
    ("administration", "the title block's administration line"),
    ("title", "the title block's title"),
    ("field", "a field of the title block (case number, date)"),
    ("table-note", "a line under a table (source, note)"),
    ("keep-with-next", "a body paragraph kept on the page of what follows it"),
    ("chart-title", "a chart's title: ragged, at its SIZE, kept with the chart"),
    ("page-break", "the next paragraph starts a page"),
    ("signatures", "the signature block: its children side by side"),
    ("signature", "one party's signature field: name and title"),
];

/// A colour attribute's value (`#rrggbb`, `#rgb` or `rrggbb`) as Word writes
/// it (`RRGGBB`); `None` for anything else.
pub fn colour(value: &str) -> Option<String> {
    let hex = value.trim().trim_start_matches('#');
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(hex.to_ascii_uppercase()),
        // Typst's `to-hex` shortens #aabbcc to #abc.
        3 => Some(hex.chars().flat_map(|c| [c, c]).collect::<String>().to_ascii_uppercase()),
        // With an alpha channel: Word has none; the colour is the first six.
        8 => Some(hex[..6].to_ascii_uppercase()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `"data-…"` names, and `"data-role": "…"` values, in a template.
    fn used(text: &str) -> (Vec<String>, Vec<String>) {
        let (mut names, mut roles) = (Vec::new(), Vec::new());
        let mut rest = text;
        while let Some(i) = rest.find("\"data-") {
            let after = &rest[i + 1..];
            let end = after.find('"').unwrap_or(after.len());
            let name = &after[..end];
            names.push(name.to_string());
            if name == ROLE
                && let Some(v) = after[end..].strip_prefix("\": \"")
            {
                roles.push(v[..v.find('"').unwrap_or(v.len())].to_string());
            }
            rest = &after[end..];
        }
        (names, roles)
    }

    #[test]
    fn the_templates_use_only_attributes_the_writer_understands() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("report_templates");
        let (mut names, mut roles) = (Vec::new(), Vec::new());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "typ") {
                let (n, r) = used(&std::fs::read_to_string(&path).unwrap());
                names.extend(n);
                roles.extend(r);
            }
        }
        // The templates do hand attributes over; an empty scan proves nothing.
        assert!(names.iter().any(|n| n == LIGHT) && names.iter().any(|n| n == FILL), "{names:?}");
        for n in &names {
            assert!(
                ATTRIBUTES.iter().any(|(a, _)| a == n),
                "the templates use {n}, which the DOCX writer ignores"
            );
        }
        for r in &roles {
            assert!(
                ROLES.iter().any(|(a, _)| a == r),
                "the templates use data-role {r:?}, unknown to the writer"
            );
        }
    }

    #[test]
    fn the_scan_finds_an_unknown_attribute_and_role() {
        let (names, roles) = used(r#"html.elem("p", attrs: ("data-role": "sidebar", "data-colour": "red"))"#);
        assert_eq!(names, ["data-role", "data-colour"]);
        assert_eq!(roles, ["sidebar"]);
        assert!(!ATTRIBUTES.iter().any(|(a, _)| *a == "data-colour"));
        assert!(!ROLES.iter().any(|(a, _)| *a == "sidebar"));
    }

    #[test]
    fn colours_are_read_as_typst_writes_them() {
        assert_eq!(colour("#2e8b3a").as_deref(), Some("2E8B3A"));
        assert_eq!(colour("#abc").as_deref(), Some("AABBCC"));
        assert_eq!(colour("#2e8b3aff").as_deref(), Some("2E8B3A"));
        assert_eq!(colour("red"), None);
        assert_eq!(colour("#12345"), None);
        assert_eq!(colour("\"/><w:b"), None);
    }
}
