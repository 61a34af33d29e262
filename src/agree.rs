//! The year's papers agree: a unit's contract and the follow-ups of the
//! same year give the same target for the same goal.
//!
//! `opfolg check` given several workbooks compares, for every pair of the
//! same year, each target a unit has for a goal in both (goals matched by
//! id where their wordings are alike, else by the most alike wording; units
//! by id, compared as the workbook compares ids). A target that differs is reported at its cell in each
//! workbook, naming the other cell, so the secretariat can see which paper
//! to correct. Only «Måltal» cells are compared: a figure written into a
//! goal's text is not read as a target. What was compared, and which goals
//! with targets found no counterpart (worded too differently) and so were
//! not, is said for every pair ([`Compared`]): silence is not agreement.

use crate::assess::FollowUp;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Goal, Target};
use crate::normalise::TargetCell;
use crate::read::fold;

/// A workbook as the comparison needs it: what it says and where its targets are.
#[derive(Debug, Clone)]
pub struct Paper {
    /// The workbook's file.
    pub workbook: std::path::PathBuf,
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

/// How alike two goals' wordings are: the share of their words (folded, so
/// «”» and «"» or «å» and «aa» do not matter) that they share, 0 to 1.
fn likeness(a: &str, b: &str) -> f64 {
    let words = |t: &str| -> std::collections::HashSet<String> {
        t.split_whitespace().map(fold).filter(|w| !w.is_empty()).collect()
    };
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 { 0.0 } else { a.intersection(&b).count() as f64 / union as f64 }
}

/// Below this likeness, a goal with the same id is another goal: workbooks
/// number goals each their own way (the contracts' «12a» is the follow-up's
/// «12c»).
const SAME_ID_LIKENESS: f64 = 0.5;

/// At or above this likeness, goals with different ids are the same goal
/// worded alike (a figure filled in for «X», quotes retyped).
const SAME_WORDING_LIKENESS: f64 = 0.7;

/// The goal in `other` that is `goal`: the same id worded alike, else the
/// goal worded most alike, if alike enough. Ids alone do not decide.
fn counterpart<'a>(goal: &Goal, other: &'a [Goal]) -> Option<&'a Goal> {
    if let Some(g) = other
        .iter()
        .find(|g| fold(&g.id) == fold(&goal.id) && likeness(&g.text, &goal.text) >= SAME_ID_LIKENESS)
    {
        return Some(g);
    }
    other
        .iter()
        .map(|g| (likeness(&g.text, &goal.text), g))
        .filter(|(l, _)| *l >= SAME_WORDING_LIKENESS)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, g)| g)
}

fn cell<'a>(paper: &'a Paper, goal: &str, unit: &str) -> Option<&'a Location> {
    paper.cells.iter().find(|c| fold(&c.goal) == fold(goal) && fold(&c.unit) == fold(unit)).map(|c| &c.at)
}

/// What comparing two papers of one year covered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Compared {
    /// The first workbook.
    pub first: std::path::PathBuf,
    /// The second workbook.
    pub second: std::path::PathBuf,
    /// Their year.
    pub year: i32,
    /// The first paper's goals whose targets were compared (a unit with a
    /// target in both).
    pub goals: Vec<String>,
    /// Goals of the first paper with a target that have no goal worded alike
    /// in the second: not compared.
    pub unmatched_first: Vec<String>,
    /// The same the other way round.
    pub unmatched_second: Vec<String>,
}

/// Every comparison of papers of one year: the targets that differ (at
/// their cells in both) and what each pair's comparison covered.
#[derive(Debug, Clone, Default)]
pub struct Agreement {
    /// Targets that differ, reported at both cells.
    pub problems: Diagnostics,
    /// Each pair of papers of the same year, in the order given.
    pub pairs: Vec<Compared>,
}

/// Every target that differs between two papers of the same year, reported
/// at its cell in both.
pub fn disagreements(papers: &[Paper]) -> Diagnostics {
    agreement(papers).problems
}

/// Compares every pair of papers of the same year: the targets that differ
/// and what was compared.
pub fn agreement(papers: &[Paper]) -> Agreement {
    let mut out = Agreement::default();
    for (i, a) in papers.iter().enumerate() {
        for b in &papers[i + 1..] {
            if a.followup.report.meta.year != b.followup.report.meta.year {
                continue;
            }
            let goals = compare(a, b, &mut out.problems);
            out.pairs.push(Compared {
                first: a.workbook.clone(),
                second: b.workbook.clone(),
                year: a.followup.report.meta.year,
                goals,
                unmatched_first: unmatched(a, b),
                unmatched_second: unmatched(b, a),
            });
        }
    }
    out
}

/// The goals of `a` with a target that have no counterpart in `b`.
fn unmatched(a: &Paper, b: &Paper) -> Vec<String> {
    a.followup
        .report
        .goals
        .iter()
        .filter(|g| g.results.iter().any(|r| r.target.is_some()))
        .filter(|g| counterpart(g, &b.followup.report.goals).is_none())
        .map(|g| g.id.clone())
        .collect()
}

/// Compares `a`'s targets with `b`'s; returns the goals of `a` whose
/// targets were compared.
fn compare(a: &Paper, b: &Paper, out: &mut Diagnostics) -> Vec<String> {
    let mut compared = Vec::new();
    for goal in &a.followup.report.goals {
        let Some(other) = counterpart(goal, &b.followup.report.goals) else { continue };
        for row in &goal.results {
            let Some(theirs) = other.results.iter().find(|r| fold(&r.unit) == fold(&row.unit)) else {
                continue;
            };
            let (Some(x), Some(y)) = (row.target, theirs.target) else { continue };
            if compared.last() != Some(&goal.id) {
                compared.push(goal.id.clone());
            }
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
    compared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_are_matched_by_wording_not_by_id_alone() {
        let goal = |id: &str, text: &str| Goal {
            id: id.into(),
            table: None,
            steering_parameter: None,
            goal_type: crate::model::GoalType::Result,
            text: text.into(),
            topic: None,
            measure: crate::model::Measure::Percent,
            direction: crate::model::Direction::HigherIsBetter,
            kind: crate::model::GoalKind::Rate,
            decimals: None,
            difference_decimals: None,
            tolerance: None,
            results: vec![],
        };
        let payments = "Mindst 95 % af alle løntilskudsudbetalinger til virksomheder skal være afsluttet senest en måned efter anmodningen.";
        let first_day = "Mindst 50 % af alle nyansøgninger om kontanthjælp skal være afgjort på førstedagen.";
        let follow_up = [goal("12a", first_day), goal("12c", payments)];
        // The contracts' 12a is the follow-up's 12c.
        assert_eq!(counterpart(&goal("12a", payments), &follow_up).map(|g| g.id.as_str()), Some("12c"));
        // A figure filled in for X and retyped quotes: the same goal.
        let x =
            goal("7", "Der skal indgås aftaler om X nye virksomhedspraktikker og løntilskudspladser i 2008.");
        let filled = [goal(
            "11",
            "Der skal indgås aftaler om 282 nye virksomhedspraktikker og løntilskudspladser i 2008.",
        )];
        assert_eq!(counterpart(&x, &filled).map(|g| g.id.as_str()), Some("11"));
        // Nothing alike: no counterpart, whatever the id.
        assert!(counterpart(&goal("12c", "Centrets sygefravær skal ned."), &follow_up).is_none());
    }

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
