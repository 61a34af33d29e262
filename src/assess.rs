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
//! * a manual light wins, but the computed one is kept beside it.
//!
//! Differences are always result minus target, computed from the unrounded
//! values, so a printed difference may differ from the difference of the
//! printed (rounded) figures, as in the seeds.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{AssessmentRules, Direction, Goal, Measure, Report, Target, TrafficLight, UnitResult};

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
}

/// Result minus target, in the unit of the goal's difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Difference {
    /// Against a single target.
    Value {
        /// The difference.
        value: f64,
    },
    /// Against both ends of a range target.
    Range {
        /// Result minus the lower end.
        to_low: f64,
        /// Result minus the upper end.
        to_high: f64,
    },
}

/// How many goal rows got each light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Rows with a green light.
    pub green: usize,
    /// Rows with a yellow light.
    pub yellow: usize,
    /// Rows with a red light.
    pub red: usize,
    /// Rows without a result yet.
    pub not_assessed: usize,
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
    let assessments: Vec<GoalAssessment> = report
        .goals
        .iter()
        .map(|goal| {
            let units: Vec<Assessment> = goal
                .results
                .iter()
                .map(|row| {
                    let a = assess_row(goal, row, &report.rules);
                    match a.light {
                        Some(TrafficLight::Green) => summary.green += 1,
                        Some(TrafficLight::Yellow) => summary.yellow += 1,
                        Some(TrafficLight::Red) => summary.red += 1,
                        None => summary.not_assessed += 1,
                    }
                    a
                })
                .collect();
            let verdict = Verdict::of_goal(units.iter().map(|a| a.light));
            match verdict {
                Some(Verdict::Met) => summary.goals_met += 1,
                Some(Verdict::NearlyMet) => summary.goals_nearly_met += 1,
                Some(Verdict::NotMet) => summary.goals_not_met += 1,
                None => summary.goals_not_assessed += 1,
            }
            GoalAssessment { goal: goal.id.clone(), units, verdict }
        })
        .collect();
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
        };
    };
    let result = outcome.value;
    let difference = match target {
        Target::Value { value } => Difference::Value { value: result - value },
        Target::Range { low, high } => Difference::Range { to_low: result - low, to_high: result - high },
    };
    let shortfall = shortfall(goal.direction, target, result);
    let tolerance = tolerance(goal, target, rules);
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
    #[test]
    fn a_units_follow_up_keeps_only_its_rows() {
        let report = crate::normalise::normalise(
            // Unit tests run in the checkout.
            &crate::read::read_workbook(std::path::Path::new("inputs/halvaarsopfoelgning-2008.xlsx"))
                .unwrap(),
        )
        .unwrap()
        .0;
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
        // The example's one hand-set light differs from the rule's, on purpose.
        let found = warnings(&followup);
        let d = found.iter().next().expect("a warning");
        assert_eq!((found.len(), d.code), (1, "OF0310"), "{found}");
        let at = d.location.clone().expect("a place");
        assert_eq!((at.file.as_str(), at.cell.is_some()), ("h.xlsx", true), "{at:?}");
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
    fn no_result_is_not_assessed() {
        let g = goal(Measure::Count, Direction::HigherIsBetter);
        let a = assess_row(&g, &row(value(282.0), None), &AssessmentRules::default());
        assert_eq!((a.difference, a.light), (None, None));
    }
}
