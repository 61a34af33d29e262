//! The year's papers agree: a unit's contract and the follow-ups of the
//! same year give the same target for the same goal.
//!
//! `opfolg check` given several workbooks compares, for every pair of the
//! same year, each target a unit has for a goal in both (goals matched by
//! id, else by the same wording; units by id, compared as the workbook
//! compares ids). A target that differs is reported at its cell in each
//! workbook, naming the other cell, so the secretariat can see which paper
//! to correct. Only «Måltal» cells are compared: a figure written into a
//! goal's text is not read as a target.

use crate::assess::FollowUp;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Goal, Target};
use crate::normalise::TargetCell;
use crate::read::fold;

/// A workbook as the comparison needs it: what it says and where its targets are.
#[derive(Debug, Clone)]
pub struct Paper {
    /// The assessed workbook.
    pub followup: FollowUp,
    /// Where each target is.
    pub cells: Vec<TargetCell>,
}

/// Two targets are the same when they differ by less than typing could
/// (figures are typed with at most a few decimals).
const SAME: f64 = 1e-9;

fn same(a: Target, b: Target) -> bool {
    match (a, b) {
        (Target::Value { value: x }, Target::Value { value: y }) => (x - y).abs() < SAME,
        (Target::Range { low: a, high: b }, Target::Range { low: c, high: d }) => {
            (a - c).abs() < SAME && (b - d).abs() < SAME
        }
        _ => false,
    }
}

/// The goal in `other` that is `goal`: the same id, else (ids differ between
/// a contract workbook and a follow-up) the same wording.
fn counterpart<'a>(goal: &Goal, other: &'a [Goal]) -> Option<&'a Goal> {
    other
        .iter()
        .find(|g| fold(&g.id) == fold(&goal.id))
        .or_else(|| other.iter().find(|g| fold(&g.text) == fold(&goal.text)))
}

fn cell<'a>(paper: &'a Paper, goal: &str, unit: &str) -> Option<&'a Location> {
    paper.cells.iter().find(|c| fold(&c.goal) == fold(goal) && fold(&c.unit) == fold(unit)).map(|c| &c.at)
}

/// Every target that differs between two papers of the same year, reported
/// at its cell in both.
pub fn disagreements(papers: &[Paper]) -> Diagnostics {
    let mut out = Diagnostics::default();
    for (i, a) in papers.iter().enumerate() {
        for b in &papers[i + 1..] {
            if a.followup.report.meta.year != b.followup.report.meta.year {
                continue;
            }
            compare(a, b, &mut out);
        }
    }
    out
}

fn compare(a: &Paper, b: &Paper, out: &mut Diagnostics) {
    for goal in &a.followup.report.goals {
        let Some(other) = counterpart(goal, &b.followup.report.goals) else { continue };
        for row in &goal.results {
            let Some(theirs) = other.results.iter().find(|r| fold(&r.unit) == fold(&row.unit)) else {
                continue;
            };
            let (Some(x), Some(y)) = (row.target, theirs.target) else { continue };
            if same(x, y) {
                continue;
            }
            let (Some(here), Some(there)) = (cell(a, &goal.id, &row.unit), cell(b, &other.id, &theirs.unit))
            else {
                continue;
            };
            let shown = |t: Target, g: &Goal| crate::format::target(t, g.measure, Some(g.shown_decimals()));
            let (x, y) = (shown(x, goal), shown(y, other));
            for (at, mine, elsewhere, yours) in [(here, &x, there, &y), (there, &y, here, &x)] {
                out.push(
                    Diagnostic::error(
                        "OF0406",
                        format!(
                            "målet «{}» for enheden {} er {mine} her, men {yours} i {elsewhere}",
                            goal.id, row.unit
                        ),
                    )
                    .at(at.clone())
                    .found(mine.clone())
                    .hint("kontrakten og opfølgningerne for samme år skal have samme mål; ret den projektmappe, der er forkert"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_values_are_compared_as_targets() {
        let v = |value| Target::Value { value };
        assert!(same(v(282.0), v(282.0)));
        assert!(same(v(0.1 + 0.2), v(0.3)));
        assert!(!same(v(282.0), v(250.0)));
        assert!(!same(v(85.0), Target::Range { low: 85.0, high: 100.0 }));
        assert!(same(Target::Range { low: 85.0, high: 100.0 }, Target::Range { low: 85.0, high: 100.0 }));
        assert!(!same(Target::Range { low: 85.0, high: 100.0 }, Target::Range { low: 80.0, high: 100.0 }));
    }
}
