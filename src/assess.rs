//! Assessment: the difference between result and target, and the traffic light.
//!
//! The rule, per goal direction (documented for users in `docs/workbook.md`):
//!
//! * the *shortfall* is how far the result is on the wrong side of the target
//!   (for a range: of the nearest end; for "hold the level": either side);
//! * green when there is no shortfall (the goal is met), yellow when the
//!   shortfall is within the goal's tolerance, red beyond it;
//! * the tolerance is the goal's own, or the report's default: percentage
//!   points for percent goals, a share of the target for the others;
//! * a manual light wins, but the computed one is kept beside it;
//! * a result part-way through the year is judged by the goal's kind: a rate
//!   as it stands, a count that accumulates against the period's share of
//!   the annual target, a level to reach by the year's end against the
//!   workbook's milestone for the period, else the annual target; a period
//!   target the workbook gives always wins. The difference printed stays
//!   result minus the annual target.
//!
//! Differences are always result minus target, computed from the unrounded
//! values, so a printed difference may differ from the difference of the
//! printed (rounded) figures, as in the seeds.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    AssessmentRules, Direction, Goal, GoalKind, Measure, Report, Target, TrafficLight, Unit, UnitResult,
    members_of, period_share,
};

/// Comparisons of figures typed with a few decimals are made with this slack,
/// so that 0.1 + 0.2 meets a target of 0.3.
const EPSILON: f64 = 1e-9;

/// A report together with the assessment of every goal for every unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The normalised report.
    pub report: Report,
    /// One entry per goal, in the order of `report.goals`.
    pub assessments: Vec<GoalAssessment>,
    /// Counts of the effective traffic lights.
    pub summary: Summary,
}

impl FollowUp {
    /// The follow-up of one unit's document (its contract): only that unit,
    /// and only the goals with a row for it, assessed again on their own.
    pub fn for_unit(&self, unit: &str) -> FollowUp {
        // Only the unit's own parts are copied: a batch makes this for every
        // unit, and copying the whole report each time grew with the square
        // of the number of units.
        let all = &self.report;
        let goals = all
            .goals
            .iter()
            .filter(|g| g.results.iter().any(|r| r.unit == unit))
            .map(|g| {
                let mut goal = g.clone();
                goal.results.retain(|r| r.unit == unit);
                goal
            })
            .collect();
        assess(Report {
            meta: all.meta.clone(),
            steering_parameters: all.steering_parameters.clone(),
            units: all.units.iter().filter(|u| u.id == unit).cloned().collect(),
            tables: all.tables.clone(),
            goals,
            content: all.content.clone(),
            rules: all.rules.clone(),
        })
    }

    /// The assessment of goal `goal_index`'s `result_index`th unit.
    pub fn assessment(&self, goal_index: usize, result_index: usize) -> &Assessment {
        &self.assessments[goal_index].units[result_index]
    }
}

/// The assessments of one goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalAssessment {
    /// The goal's id.
    pub goal: String,
    /// One per unit, in the order of the goal's results.
    pub units: Vec<Assessment>,
    /// The goal's verdict over all its units; `None` until every unit is assessed.
    pub verdict: Option<Verdict>,
}

/// The full-year verdict on a goal: the traffic light read at the year's end.
///
/// A goal that covers several units is only as met as its weakest unit: it
/// is met when it is met everywhere, and not met when any unit is red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Opfyldt (green).
    Met,
    /// Næsten opfyldt (yellow).
    NearlyMet,
    /// Ikke opfyldt (red).
    NotMet,
}

impl Verdict {
    /// The verdict a light gives.
    pub fn from_light(light: TrafficLight) -> Verdict {
        match light {
            TrafficLight::Green => Verdict::Met,
            TrafficLight::Yellow => Verdict::NearlyMet,
            TrafficLight::Red => Verdict::NotMet,
        }
    }

    /// The Danish words, as printed.
    pub fn danish(self) -> &'static str {
        match self {
            Verdict::Met => "opfyldt",
            Verdict::NearlyMet => "næsten opfyldt",
            Verdict::NotMet => "ikke opfyldt",
        }
    }

    /// The verdict of a goal from its units' lights: the worst of them, or
    /// `None` when a unit has no light yet (or there are no units).
    pub fn of_goal(lights: impl IntoIterator<Item = Option<TrafficLight>>) -> Option<Verdict> {
        let mut worst: Option<Verdict> = None;
        for light in lights {
            let v = Verdict::from_light(light?);
            worst = Some(worst.map_or(v, |w| w.max(v)));
        }
        worst
    }
}

/// The assessment of one goal for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The unit's id.
    pub unit: String,
    /// Result minus target; `None` when there is no result yet.
    pub difference: Option<Difference>,
    /// The light the rule gives; `None` when there is no result yet.
    pub computed: Option<TrafficLight>,
    /// The light that applies: the manual one if set, else the computed one.
    pub light: Option<TrafficLight>,
    /// True when a manual light was set and differs from the computed one.
    pub overridden: bool,
    /// The target the result was judged against, when it is not the target
    /// itself: the period's target or share of the annual target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judged_against: Option<Target>,
}

// A difference is a figure of the model, so that `format` (which the
// earlier stages use) needs nothing of this stage.
pub use crate::model::Difference;

/// How many goals and units got each light.
///
/// Only what is counted is counted: a summary row (a group of units, or the
/// total) is left out where the goal also has rows for what it sums, so
/// «BIF i alt» is never a light on top of the units' own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Counted rows with a green light.
    pub green: usize,
    /// Counted rows with a yellow light.
    pub yellow: usize,
    /// Counted rows with a red light.
    pub red: usize,
    /// Counted rows without a result yet.
    pub not_assessed: usize,
    /// Summary rows left out of the counts, because the goal also has rows
    /// for the units they sum.
    #[serde(default)]
    pub summaries: usize,
    /// Goals.
    #[serde(default)]
    pub goals: usize,
    /// Units with a counted row, a group counting as the units it sums.
    #[serde(default)]
    pub units: usize,
    /// Goals whose verdict is met.
    pub goals_met: usize,
    /// Goals whose verdict is nearly met.
    pub goals_nearly_met: usize,
    /// Goals whose verdict is not met.
    pub goals_not_met: usize,
    /// Goals without a verdict (some unit not assessed).
    pub goals_not_assessed: usize,
}

/// Assess every goal of a report.
pub fn assess(report: Report) -> FollowUp {
    let mut summary = Summary::default();
    let mut units_counted: HashSet<String> = HashSet::new();
    let assessments: Vec<GoalAssessment> = report
        .goals
        .iter()
        .map(|goal| {
            let counted = counted_rows(goal, &report.units);
            let units: Vec<Assessment> = goal
                .results
                .iter()
                .zip(&counted)
                .map(|(row, &counted)| {
                    let a = assess_row(goal, row, &report.rules);
                    if !counted {
                        summary.summaries += 1;
                        return a;
                    }
                    // A group stands for its units: the count is of units.
                    let sums: Vec<String> = members_of(&report.units, &row.unit)
                        .into_iter()
                        .filter(|m| {
                            report.units.iter().any(|u| crate::read::fold(&u.id) == *m && u.scope.is_own())
                        })
                        .collect();
                    if sums.is_empty() {
                        units_counted.insert(crate::read::fold(&row.unit));
                    }
                    units_counted.extend(sums);
                    match a.light {
                        Some(TrafficLight::Green) => summary.green += 1,
                        Some(TrafficLight::Yellow) => summary.yellow += 1,
                        Some(TrafficLight::Red) => summary.red += 1,
                        None => summary.not_assessed += 1,
                    }
                    a
                })
                .collect();
            // The verdict is the counted rows': a total does not decide for
            // the units whose own rows are there.
            let verdict =
                Verdict::of_goal(units.iter().zip(&counted).filter(|(_, c)| **c).map(|(a, _)| a.light));
            summary.goals += 1;
            match verdict {
                Some(Verdict::Met) => summary.goals_met += 1,
                Some(Verdict::NearlyMet) => summary.goals_nearly_met += 1,
                Some(Verdict::NotMet) => summary.goals_not_met += 1,
                None => summary.goals_not_assessed += 1,
            }
            GoalAssessment { goal: goal.id.clone(), units, verdict }
        })
        .collect();
    summary.units = units_counted.len();
    FollowUp { report, assessments, summary }
}

/// What the assessment finds worth a second look: a hand-set light that
/// disagrees with the rule's (OF0310), at its cell. Allowed (the paper
/// shows both and the reason), so a warning.
pub fn warnings(followup: &FollowUp) -> Diagnostics {
    let mut out = Diagnostics::default();
    for (goal, assessed) in followup.report.goals.iter().zip(&followup.assessments) {
        for (row, a) in goal.results.iter().zip(&assessed.units) {
            let (Some(manual), Some(computed)) = (&row.manual_light, a.computed) else { continue };
            if manual.light == computed {
                continue;
            }
            let mut d = Diagnostic::warning(
                "OF0310",
                format!(
                    "det manuelle trafiklys ({}) afviger fra det beregnede ({})",
                    manual.light.danish(),
                    computed.danish()
                ),
            )
            .hint("det er tilladt; notatet viser begge og begrundelsen");
            d.location = manual.cell.clone();
            out.push(d);
        }
    }
    out
}

/// Per row of a goal, whether it counts: a unit's own row always; a summary
/// row only when the goal has no row for a unit it sums (table 11's «Jobcenter
/// København og CJF» is the goal's only row, table 16's «BIF i alt» sums the
/// rows above it).
pub fn counted_rows(goal: &Goal, units: &[Unit]) -> Vec<bool> {
    let rows: Vec<String> = goal.results.iter().map(|r| crate::read::fold(&r.unit)).collect();
    goal.results
        .iter()
        .map(|row| {
            let sums = members_of(units, &row.unit);
            !rows.iter().any(|r| sums.contains(r))
        })
        .collect()
}

/// Assess one goal for one unit.
pub fn assess_row(goal: &Goal, row: &UnitResult, rules: &AssessmentRules) -> Assessment {
    let manual = row.manual_light.as_ref().map(|m| m.light);
    let (Some(outcome), Some(target)) = (&row.result, row.target) else {
        return Assessment {
            unit: row.unit.clone(),
            difference: None,
            computed: None,
            light: manual,
            overridden: manual.is_some(),
            judged_against: None,
        };
    };
    let result = outcome.value;
    let difference = match target {
        Target::Value { value } => Difference::Value { value: result - value },
        Target::Range { low, high } => Difference::Range { to_low: result - low, to_high: result - high },
    };
    let judged = judged_target(goal, row, target, rules);
    let shortfall = shortfall(goal.direction, judged, result);
    let tolerance = tolerance(goal, judged, rules);
    let computed = if shortfall <= EPSILON {
        TrafficLight::Green
    } else if shortfall <= tolerance + EPSILON {
        TrafficLight::Yellow
    } else {
        TrafficLight::Red
    };
    Assessment {
        unit: row.unit.clone(),
        difference: Some(difference),
        computed: Some(computed),
        light: Some(manual.unwrap_or(computed)),
        overridden: manual.is_some_and(|m| m != computed),
        judged_against: (judged != target).then_some(judged),
    }
}

/// What a row's result is judged against at its period: the workbook's
/// period target if it gives one, else by the goal's kind (see the module
/// doc). A row's own period («1. kvartal») counts where it says one.
pub fn judged_target(goal: &Goal, row: &UnitResult, target: Target, rules: &AssessmentRules) -> Target {
    if let Some(t) = row.period_target {
        return t;
    }
    let share = row.period.as_deref().and_then(period_share).unwrap_or(rules.period_share);
    match goal.kind {
        GoalKind::Count if share < 1.0 => match target {
            Target::Value { value } => Target::Value { value: value * share },
            Target::Range { low, high } => Target::Range { low: low * share, high: high * share },
        },
        GoalKind::Rate | GoalKind::Count | GoalKind::Level => target,
    }
}

/// How far the result is on the wrong side of the target (0 when met).
fn shortfall(direction: Direction, target: Target, result: f64) -> f64 {
    match target {
        // A range target is a range whatever direction the goal states.
        Target::Range { low, high } => (low - result).max(result - high).max(0.0),
        Target::Value { value } => match direction {
            Direction::HigherIsBetter => (value - result).max(0.0),
            Direction::LowerIsBetter => (result - value).max(0.0),
            Direction::HoldLevel | Direction::Range => (result - value).abs(),
        },
    }
}

/// How large a shortfall is still yellow.
fn tolerance(goal: &Goal, target: Target, rules: &AssessmentRules) -> f64 {
    if let Some(t) = goal.tolerance {
        return t;
    }
    match goal.measure {
        Measure::Percent => rules.percent_points,
        _ => {
            let scale = match target {
                Target::Value { value } => value.abs(),
                Target::Range { low, high } => low.abs().max(high.abs()),
            };
            scale * rules.relative
        }
    }
}

#[cfg(test)]
mod tests {
    /// The committed half-year example, normalised.
    fn half_year_example() -> Report {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/halvaarsopfoelgning-2008.xlsx");
        let book = crate::read::read_workbook(std::path::Path::new(path)).unwrap();
        crate::normalise::normalise(&book).unwrap().0
    }

    #[test]
    fn a_units_follow_up_keeps_only_its_rows() {
        let report = half_year_example();
        let all = assess(report);
        let bc = all.for_unit("BC");
        assert_eq!(bc.report.units.len(), 1);
        assert!(bc.report.goals.iter().all(|g| g.results.iter().all(|r| r.unit == "BC")));
        let with_bc = all.report.goals.iter().filter(|g| g.results.iter().any(|r| r.unit == "BC")).count();
        assert_eq!(bc.report.goals.len(), with_bc);
        assert!(with_bc > 0 && with_bc < all.report.goals.len());
        assert_eq!(bc.assessments.len(), bc.report.goals.len());
    }

    #[test]
    fn a_goal_is_as_met_as_its_weakest_unit() {
        use TrafficLight::*;
        assert_eq!(Verdict::of_goal([Some(Green), Some(Green)]), Some(Verdict::Met));
        assert_eq!(Verdict::of_goal([Some(Green), Some(Yellow)]), Some(Verdict::NearlyMet));
        assert_eq!(Verdict::of_goal([Some(Yellow), Some(Red), Some(Green)]), Some(Verdict::NotMet));
        assert_eq!(Verdict::of_goal([Some(Green), None]), None);
        assert_eq!(Verdict::of_goal([]), None);
    }

    use super::*;
    use crate::model::UnitScope;
    use crate::model::{GoalType, ManualLight, Outcome};

    fn goal(measure: Measure, direction: Direction) -> Goal {
        Goal {
            id: "g".into(),
            table: Some(1),
            steering_parameter: None,
            goal_type: GoalType::Result,
            text: "mål".into(),
            topic: None,
            measure,
            direction,
            kind: GoalKind::default_for(measure),
            decimals: None,
            difference_decimals: None,
            tolerance: None,
            results: vec![],
        }
    }

    fn row(target: Target, result: Option<f64>) -> UnitResult {
        UnitResult {
            unit: "u".into(),
            target: Some(target),
            text: None,
            result: result.map(|value| Outcome { value, breakdown: None }),
            mark: None,
            manual_light: None,
            period_target: None,
            period: None,
        }
    }

    fn light(g: &Goal, r: &UnitResult) -> Option<TrafficLight> {
        assess_row(g, r, &AssessmentRules::default()).light
    }

    fn value(v: f64) -> Target {
        Target::Value { value: v }
    }

    #[test]
    fn difference_is_result_minus_target_from_unrounded_values() {
        // Seed table 6: target 70 %, result 58,8 % printed as 59 %, difference -11,2.
        let a = assess_row(
            &goal(Measure::Percent, Direction::HigherIsBetter),
            &row(value(70.0), Some(58.8)),
            &AssessmentRules::default(),
        );
        let Some(Difference::Value { value }) = a.difference else { panic!("{a:?}") };
        assert!((value - -11.2).abs() < 1e-9);
    }

    #[test]
    fn higher_is_better_lights() {
        let g = goal(Measure::Percent, Direction::HigherIsBetter);
        assert_eq!(light(&g, &row(value(50.0), Some(51.7))), Some(TrafficLight::Green));
        assert_eq!(light(&g, &row(value(50.0), Some(50.0))), Some(TrafficLight::Green));
        assert_eq!(light(&g, &row(value(25.0), Some(24.0))), Some(TrafficLight::Yellow));
        // Exactly at the tolerance is still yellow.
        assert_eq!(light(&g, &row(value(10.0), Some(5.0))), Some(TrafficLight::Yellow));
        assert_eq!(light(&g, &row(value(10.0), Some(4.5))), Some(TrafficLight::Red));
    }

    #[test]
    fn lower_is_better_lights_use_relative_tolerance() {
        // Seed table 16: sick days, lower is better, 10 % of the target is yellow.
        let g = goal(Measure::Days, Direction::LowerIsBetter);
        assert_eq!(light(&g, &row(value(7.2), Some(6.0))), Some(TrafficLight::Green));
        assert_eq!(light(&g, &row(value(4.6), Some(4.8))), Some(TrafficLight::Yellow));
        assert_eq!(light(&g, &row(value(5.6), Some(7.5))), Some(TrafficLight::Red));
    }

    #[test]
    fn a_zero_target_met_exactly_is_green() {
        let g = goal(Measure::Points, Direction::LowerIsBetter);
        assert_eq!(light(&g, &row(value(0.0), Some(0.0))), Some(TrafficLight::Green));
        assert_eq!(light(&g, &row(value(0.0), Some(0.5))), Some(TrafficLight::Red));
    }

    #[test]
    fn hold_level_counts_both_sides() {
        let g = goal(Measure::Percent, Direction::HoldLevel);
        assert_eq!(light(&g, &row(value(20.4), Some(20.4))), Some(TrafficLight::Green));
        assert_eq!(light(&g, &row(value(20.4), Some(18.2))), Some(TrafficLight::Yellow));
        assert_eq!(light(&g, &row(value(20.4), Some(27.0))), Some(TrafficLight::Red));
    }

    #[test]
    fn range_differences_and_lights() {
        // Seed table 20: 85-100 %, result 70 %: difference -15 to -30 %-point.
        let g = goal(Measure::Percent, Direction::Range);
        let r = row(Target::Range { low: 85.0, high: 100.0 }, Some(70.0));
        let a = assess_row(&g, &r, &AssessmentRules::default());
        assert_eq!(a.difference, Some(Difference::Range { to_low: -15.0, to_high: -30.0 }));
        assert_eq!(a.light, Some(TrafficLight::Red));
        let inside = row(Target::Range { low: 85.0, high: 100.0 }, Some(92.0));
        assert_eq!(light(&g, &inside), Some(TrafficLight::Green));
        let above = row(Target::Range { low: 85.0, high: 100.0 }, Some(103.0));
        assert_eq!(light(&g, &above), Some(TrafficLight::Yellow));
    }

    #[test]
    fn goal_tolerance_overrides_the_default() {
        let mut g = goal(Measure::Percent, Direction::HigherIsBetter);
        g.tolerance = Some(15.0);
        assert_eq!(light(&g, &row(value(95.0), Some(81.0))), Some(TrafficLight::Yellow));
    }

    #[test]
    fn manual_light_wins_and_computed_is_kept() {
        let g = goal(Measure::Percent, Direction::HigherIsBetter);
        let mut r = row(value(10.0), Some(4.5));
        r.manual_light =
            Some(ManualLight { light: TrafficLight::Yellow, reason: "Forventes nået".into(), cell: None });
        let a = assess_row(&g, &r, &AssessmentRules::default());
        assert_eq!(a.computed, Some(TrafficLight::Red));
        assert_eq!(a.light, Some(TrafficLight::Yellow));
        assert!(a.overridden);
    }

    #[test]
    fn a_manual_light_unlike_the_rules_is_warned_about_at_its_cell() {
        let bytes = include_bytes!("../inputs/halvaarsopfoelgning-2008.xlsx").to_vec();
        let book = crate::read::read_workbook_bytes("h.xlsx", bytes, &crate::read::LIMITS).unwrap();
        let (report, loading) = crate::normalise::normalise(&book).unwrap();
        assert!(loading.is_empty(), "loading no longer warns about lights: {loading}");
        let mut followup = assess(report);
        // The example's two hand-set lights differ from the rule's, on
        // purpose (table 12b is green by the seed's text).
        let found = warnings(&followup);
        assert_eq!(found.len(), 2, "{found}");
        for d in found.iter() {
            assert_eq!(d.code, "OF0310", "{found}");
            let at = d.location.clone().expect("a place");
            assert_eq!((at.file.as_str(), at.cell.is_some()), ("h.xlsx", true), "{at:?}");
        }
        // Set to the rule's own light, nothing is said; nor is it for a row
        // without a result, which the rule does not light.
        for (goal, assessed) in followup.report.goals.iter_mut().zip(&followup.assessments) {
            for (row, a) in goal.results.iter_mut().zip(&assessed.units) {
                if let Some(m) = &mut row.manual_light {
                    m.light = a.computed.unwrap_or(m.light);
                }
            }
        }
        let mut unmeasured = followup.report.goals[0].results[0].clone();
        unmeasured.result = None;
        unmeasured.manual_light =
            Some(ManualLight { light: TrafficLight::Red, reason: "r".into(), cell: None });
        followup.report.goals[0].results[0] = unmeasured;
        let followup = assess(followup.report);
        assert!(warnings(&followup).is_empty(), "{}", warnings(&followup));
    }

    #[test]
    fn a_goals_figures_print_in_one_form() {
        let with = |decimals, difference_decimals, figures: &[(f64, Option<f64>)]| Goal {
            decimals,
            difference_decimals,
            results: figures.iter().map(|&(t, r)| row(value(t), r)).collect(),
            ..goal(Measure::Days, Direction::LowerIsBetter)
        };
        // Seed table 16: «6» beside «5,5» is one column; both get a decimal.
        let g = with(None, None, &[(7.2, Some(6.0)), (4.3, Some(5.5))]);
        assert_eq!((g.shown_decimals(), g.shown_difference_decimals()), (1, 1));
        // Whole numbers stay whole; a third decimal is not shown.
        assert_eq!(with(None, None, &[(282.0, Some(281.0))]).shown_decimals(), 0);
        assert_eq!(with(None, None, &[(1.0, Some(0.125))]).shown_decimals(), 2);
        // Floating-point noise is not a decimal.
        assert_eq!(with(None, None, &[(0.1 + 0.2, None)]).shown_decimals(), 1);
        // The goal's own settings win; the difference follows the figures
        // unless it has its own (seed table 6: 59 % and - 11,2).
        assert_eq!(with(Some(0), None, &[(70.0, Some(58.8))]).shown_difference_decimals(), 0);
        let six = with(Some(0), Some(1), &[(70.0, Some(58.8))]);
        assert_eq!((six.shown_decimals(), six.shown_difference_decimals()), (0, 1));
        assert_eq!(with(None, None, &[]).shown_decimals(), 0);
        // A milestone is one of the goal's figures too.
        let mut g = with(None, None, &[(25.0, Some(24.0))]);
        g.results[0].period_target = Some(value(12.5));
        assert_eq!(g.shown_decimals(), 1);
    }

    fn half_year() -> AssessmentRules {
        AssessmentRules { period_share: 0.5, ..AssessmentRules::default() }
    }

    #[test]
    fn a_count_that_accumulates_is_judged_against_the_periods_share() {
        // Seed table 11: 281 of an annual 282 at mid-year is well ahead.
        let g = goal(Measure::Count, Direction::HigherIsBetter);
        assert_eq!(g.kind, GoalKind::Count);
        let a = assess_row(&g, &row(value(282.0), Some(281.0)), &half_year());
        assert_eq!(a.light, Some(TrafficLight::Green));
        assert_eq!(a.judged_against, Some(value(141.0)));
        // The difference printed is still against the annual target.
        assert_eq!(a.difference, Some(Difference::Value { value: -1.0 }));
        // 130 of 141 is within 10 %: yellow; 100 is not: red.
        assert_eq!(
            assess_row(&g, &row(value(282.0), Some(130.0)), &half_year()).light,
            Some(TrafficLight::Yellow)
        );
        assert_eq!(
            assess_row(&g, &row(value(282.0), Some(100.0)), &half_year()).light,
            Some(TrafficLight::Red)
        );
        // At the year's end the whole target counts.
        assert_eq!(light(&g, &row(value(282.0), Some(281.0))), Some(TrafficLight::Yellow));
    }

    #[test]
    fn a_rows_own_period_decides_its_share() {
        let g = goal(Measure::Count, Direction::HigherIsBetter);
        let mut r = row(value(400.0), Some(100.0));
        r.period = Some("1. kvartal 2008".into());
        let a = assess_row(&g, &r, &half_year());
        assert_eq!((a.light, a.judged_against), (Some(TrafficLight::Green), Some(value(100.0))));
    }

    #[test]
    fn a_rate_is_judged_as_it_stands_at_mid_year() {
        let g = goal(Measure::Percent, Direction::HigherIsBetter);
        let a = assess_row(&g, &row(value(70.0), Some(58.8)), &half_year());
        assert_eq!((a.light, a.judged_against), (Some(TrafficLight::Red), None));
    }

    #[test]
    fn a_level_is_judged_against_its_milestone_else_the_annual_target() {
        // Seed table 7: a reduction of 25 % by the year's end, 24 % at mid-year.
        let mut g = goal(Measure::Percent, Direction::HigherIsBetter);
        g.kind = GoalKind::Level;
        let mut r = row(value(25.0), Some(24.0));
        assert_eq!(assess_row(&g, &r, &half_year()).light, Some(TrafficLight::Yellow));
        r.period_target = Some(value(12.5));
        let a = assess_row(&g, &r, &half_year());
        assert_eq!((a.light, a.judged_against), (Some(TrafficLight::Green), Some(value(12.5))));
        // A milestone missed by more than the tolerance is red.
        r.result = Some(Outcome { value: 5.0, breakdown: None });
        assert_eq!(assess_row(&g, &r, &half_year()).light, Some(TrafficLight::Red));
    }

    #[test]
    fn a_period_target_wins_for_every_kind() {
        let g = goal(Measure::Percent, Direction::LowerIsBetter);
        let mut r = row(value(10.0), Some(12.0));
        r.period_target = Some(value(12.0));
        assert_eq!(assess_row(&g, &r, &half_year()).light, Some(TrafficLight::Green));
    }

    #[test]
    fn periods_are_read_as_shares_of_the_year() {
        assert_eq!(period_share("1. halvår 2008"), Some(0.5));
        assert_eq!(period_share("2. halvår"), Some(1.0));
        assert_eq!(period_share("3. kvartal 2009"), Some(0.75));
        assert_eq!(period_share("1.-3. kvartal"), Some(0.75));
        assert_eq!(period_share("Helår 2009"), Some(1.0));
        assert_eq!(period_share("5. kvartal"), None);
        assert_eq!(period_share("forår"), None);
    }

    fn unit(id: &str, scope: UnitScope) -> Unit {
        Unit { id: id.into(), name: id.into(), short_name: None, contract: Default::default(), scope }
    }

    fn group(members: &[&str]) -> UnitScope {
        UnitScope::Group { members: members.iter().map(|m| m.to_string()).collect() }
    }

    #[test]
    fn a_summary_is_not_counted_on_top_of_what_it_sums() {
        let units = vec![
            unit("JCM", UnitScope::Own),
            unit("JCN", UnitScope::Own),
            unit("CJF", UnitScope::Own),
            unit("JCK", group(&["JCM", "JCN"])),
            unit("JCK+CJF", group(&["JCK", "CJF"])),
            unit("BIF", UnitScope::Total),
        ];
        let mut g = goal(Measure::Days, Direction::LowerIsBetter);
        let rows = |ids: &[&str]| -> Vec<UnitResult> {
            ids.iter().map(|u| UnitResult { unit: u.to_string(), ..row(value(5.0), Some(6.0)) }).collect()
        };
        // Table 16: the groups' members have no rows, the total does sum them.
        g.results = rows(&["JCK", "CJF", "BIF"]);
        assert_eq!(counted_rows(&g, &units), [true, true, false]);
        // A group of a group: JCK+CJF sums JCM through JCK.
        g.results = rows(&["JCM", "JCK+CJF"]);
        assert_eq!(counted_rows(&g, &units), [true, false]);
        // A summary that is the goal's only row is what there is to count.
        g.results = rows(&["JCK+CJF"]);
        assert_eq!(counted_rows(&g, &units), [true]);
        g.results = rows(&["BIF"]);
        assert_eq!(counted_rows(&g, &units), [true]);
        // Ids are compared as the workbook compares them.
        g.results = rows(&["jcm", "jck"]);
        assert_eq!(counted_rows(&g, &units), [true, false]);
    }

    #[test]
    fn the_summary_counts_goals_and_units_and_leaves_summaries_out() {
        let report = half_year_example();
        let rows: usize = report.goals.iter().map(|g| g.results.len()).sum();
        let s = assess(report).summary;
        // BIF i alt in tables 16, 17 and 18 sums the rows above it.
        assert_eq!(s.summaries, 3);
        assert_eq!(s.green + s.yellow + s.red + s.not_assessed + s.summaries, rows);
        assert_eq!(s.goals, 24);
        // The ten decentral units: Jobcenter København's three and the
        // employment centres' three through their groups' rows.
        assert_eq!(s.units, 10);
    }

    #[test]
    fn a_group_that_contains_itself_ends() {
        let units = vec![unit("A", group(&["B"])), unit("B", group(&["A"]))];
        assert!(members_of(&units, "A").contains("a"));
    }

    #[test]
    fn a_group_that_names_the_total_contains_itself() {
        // The total sums every unit, the group among them: a circle through
        // the total, which would leave neither row counted.
        let units =
            vec![unit("A", UnitScope::Own), unit("G", group(&["A", "T"])), unit("T", UnitScope::Total)];
        assert!(members_of(&units, "G").contains("g"));
        assert!(members_of(&units, "T").contains("t"));
        assert!(!members_of(&units, "A").contains("a"));
    }

    #[test]
    fn two_totals_each_contain_themselves_and_one_does_not() {
        let own = || unit("A", UnitScope::Own);
        let two = vec![own(), unit("T", UnitScope::Total), unit("U", UnitScope::Total)];
        assert!(members_of(&two, "T").contains("t"));
        let one = vec![own(), unit("G", group(&["A"])), unit("T", UnitScope::Total)];
        assert!(!members_of(&one, "T").contains("t"));
        assert!(!members_of(&one, "G").contains("g"));
    }

    #[test]
    fn no_result_is_not_assessed() {
        let g = goal(Measure::Count, Direction::HigherIsBetter);
        let a = assess_row(&g, &row(value(282.0), None), &AssessmentRules::default());
        assert_eq!((a.difference, a.light), (None, None));
    }
}
