//! The follow-up model: what a workbook says, validated and normalised.
//!
//! These types are the contract between the stages. [`crate::normalise`] builds
//! a [`Report`] from a workbook, [`crate::assess`] adds differences and traffic
//! lights, and the renderers only ever see these types (through a view). They
//! serialise to JSON (`opfolg model`), so field names are part of the interface.

use serde::{Deserialize, Serialize};

/// A whole follow-up report: metadata, the things it talks about, and the
/// document's content in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Title block, dates and identifiers.
    pub meta: ReportMeta,
    /// The steering parameters (styringsparametre), in order.
    pub steering_parameters: Vec<SteeringParameter>,
    /// The units (centre, jobcentre or a group of them) that results are given for.
    pub units: Vec<Unit>,
    /// The tables of the report, in the order of their numbers.
    pub tables: Vec<Table>,
    /// Every goal with its per-unit targets and results.
    pub goals: Vec<Goal>,
    /// The document's text and the places of its tables, in reading order.
    pub content: Vec<Block>,
    /// How traffic lights are computed.
    pub rules: AssessmentRules,
}

/// Metadata of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportMeta {
    /// Title, e.g. "Halvårsopfølgning på resultatkontrakter".
    pub title: String,
    /// The contract year the report follows up.
    pub year: i32,
    /// The period covered, e.g. "1. halvår 2008".
    pub period: String,
    /// The administration issuing the report (shown in the page header).
    pub administration: String,
    /// The committee the report goes to.
    pub committee: Option<String>,
    /// Case number in the case-management system (sagsnr.).
    pub case_number: Option<String>,
    /// The document's date; also the PDF's date, so output never depends on the clock.
    pub date: Date,
    /// Which document the workbook makes.
    pub kind: DocumentKind,
    /// The item's number on the committee's agenda (committee cases: "3").
    pub agenda_item: Option<String>,
    /// Who signs for the administration (contracts, committee cases).
    pub signatory: Option<Signatory>,
    /// When the contracts are signed, as text ("primo april 2008").
    pub signing_date: Option<String>,
}

/// The kinds of document opfolg makes; a workbook names its kind in the
/// Rapport sheet (field «Dokumenttype»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Halvårsopfølgning: the half-year note with a table per goal group and traffic lights.
    HalfYear,
    /// Helårsopfølgning: a committee case on the full year, with the counts of
    /// met, nearly met and not met goals, and the status of every goal attached.
    FullYear,
    /// Kontrakter: one contract per unit.
    Contracts,
    /// Indstilling: a committee case (recommendation, problem, solution, ...).
    CommitteeCase,
    /// Bilag: the goals of the contracts grouped by steering parameter,
    /// shared and unit-specific goals, and topic.
    GoalOverview,
}

impl DocumentKind {
    /// Every kind, in the order they are documented.
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::HalfYear,
        DocumentKind::FullYear,
        DocumentKind::Contracts,
        DocumentKind::CommitteeCase,
        DocumentKind::GoalOverview,
    ];

    /// The word the workbook uses for the kind (and `opfolg init` takes).
    pub fn danish(self) -> &'static str {
        match self {
            DocumentKind::HalfYear => "halvårsopfølgning",
            DocumentKind::FullYear => "helårsopfølgning",
            DocumentKind::Contracts => "kontrakter",
            DocumentKind::CommitteeCase => "indstilling",
            DocumentKind::GoalOverview => "bilag",
        }
    }

    /// True for the kinds that follow up results against targets, where
    /// every goal needs a table and every unit row a target.
    pub fn is_follow_up(self) -> bool {
        matches!(self, DocumentKind::HalfYear | DocumentKind::FullYear)
    }
}

/// Someone who signs a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    /// Name, e.g. "Morten Binder".
    pub name: String,
    /// Title, e.g. "Administrerende direktør".
    pub title: String,
}

/// A calendar date without time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    /// Year, e.g. 2008.
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day of month, 1-31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the Gregorian calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date { year, month, day })
    }
}

/// One of the four steering parameters every contract is built on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SteeringParameter {
    /// Its number, 1-based.
    pub number: u32,
    /// Name, e.g. "Beskæftigelsesindsatsen".
    pub name: String,
    /// The paragraph that explains it.
    pub description: String,
    /// Contracts: the heading of its definition where it differs from the
    /// name (seed 003 defines «Kvaliteten af servicen» and heads the goals
    /// «Kvalitet i servicen»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_heading: Option<String>,
}

/// A unit results are reported for: one of the decentral units, or a group
/// of them ("Beskæftigelsescentrene", "BIF i alt").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Short identifier used in the workbook to refer to the unit.
    pub id: String,
    /// Full name.
    pub name: String,
    /// The name shown in tables, when shorter than the full name.
    pub short_name: Option<String>,
    /// What the unit's own contract says; empty outside contracts.
    #[serde(default)]
    pub contract: UnitContract,
    /// Whether its figures are its own or sum up other units'.
    #[serde(default, skip_serializing_if = "UnitScope::is_own")]
    pub scope: UnitScope,
}

/// What a unit's row stands for: one unit's own figures, or a summary of
/// others' (the workbook's column «Består af»). Counts of goals and lights
/// never count a summary on top of what it sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum UnitScope {
    /// One unit's own figures.
    #[default]
    Own,
    /// A group of units ("Beskæftigelsescentrene": CKB, CAB and CBSI).
    Group {
        /// The ids of the units (or groups) it sums.
        members: Vec<String>,
    },
    /// A total across all units ("BIF i alt").
    Total,
}

impl UnitScope {
    /// True for a unit's own figures.
    pub fn is_own(&self) -> bool {
        *self == UnitScope::Own
    }
}

/// The parts of a contract that belong to one unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitContract {
    /// Case number of the contract (sagsnr.).
    pub case_number: Option<String>,
    /// Document number of the contract (dok.nr.).
    pub document_number: Option<String>,
    /// The unit's head, who signs for it.
    pub leader: Option<Signatory>,
    /// Paragraphs on the unit's purpose.
    pub purpose: Vec<String>,
    /// The unit's tasks, one bullet each.
    pub tasks: Vec<String>,
    /// The unit's lead text for a steering parameter's goals.
    pub area_texts: Vec<AreaText>,
}

/// A paragraph a unit's contract prints before the goals of one steering parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaText {
    /// The steering parameter's number.
    pub steering_parameter: u32,
    /// The paragraph.
    pub text: String,
}

impl Unit {
    /// The name to print in a table.
    pub fn table_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

/// A numbered table of goals and results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The table number printed in "Tabel N.".
    pub number: u32,
    /// The caption after "Tabel N.".
    pub caption: String,
    /// The source line ("Kilde: ...") under the table.
    pub source: Option<String>,
    /// A note ("Note: ...") under the table.
    pub note: Option<String>,
    /// Further text printed under the table as it is (e.g. "* ... indgår ikke").
    pub remark: Option<String>,
}

/// The three kinds of goal in a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalType {
    /// Resultatmål: an effect to achieve.
    Result,
    /// Indsatsmål: an activity to deliver.
    Effort,
    /// Udviklingsmål: a development, often not numeric.
    Development,
}

impl GoalType {
    /// The Danish name, as printed.
    pub fn danish(self) -> &'static str {
        match self {
            GoalType::Result => "Resultatmål",
            GoalType::Effort => "Indsatsmål",
            GoalType::Development => "Udviklingsmål",
        }
    }
}

/// What a goal's figures measure; decides how they print and in which unit
/// a difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A share in percent; differences are in percentage points.
    Percent,
    /// A number of things (cases, placements).
    Count,
    /// A number of days (e.g. sick days per employee).
    Days,
    /// Points on a scale (a survey score, complaint points).
    Points,
    /// An amount of money in kroner.
    Amount,
}

/// Which way a goal is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The target is a minimum: a result at or above it meets the goal.
    HigherIsBetter,
    /// The target is a maximum: a result at or below it meets the goal.
    LowerIsBetter,
    /// The level is to be held: only a result equal to the target meets it,
    /// and the distance either way counts as a shortfall.
    HoldLevel,
    /// The target is a range: a result inside it meets the goal.
    Range,
}

/// How a goal's figure builds up over the year, which decides what a result
/// part-way through the year is judged against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// A rate, share or average («andel»): judged as it stands.
    #[default]
    Rate,
    /// A count that accumulates over the year («antal over året»): judged
    /// against the period's share of the annual target.
    Count,
    /// A stock or level to be reached by the year's end («niveau ved årets
    /// udgang»): judged against the milestone the workbook gives for the
    /// period, else against the annual target.
    Level,
}

impl GoalKind {
    /// The words the workbook uses (and `opfolg init` offers).
    pub fn danish(self) -> &'static str {
        match self {
            GoalKind::Rate => "andel",
            GoalKind::Count => "antal over året",
            GoalKind::Level => "niveau ved årets udgang",
        }
    }

    /// The kind a goal has when the workbook does not say: counts and
    /// amounts add up over the year, percentages, days and points are
    /// rates or averages.
    pub fn default_for(measure: Measure) -> GoalKind {
        match measure {
            Measure::Count | Measure::Amount => GoalKind::Count,
            Measure::Percent | Measure::Days | Measure::Points => GoalKind::Rate,
        }
    }
}

/// A goal of the contracts and its per-unit figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Identifier used in the workbook.
    pub id: String,
    /// Number of the table the goal is shown in (follow-ups).
    pub table: Option<u32>,
    /// Number of its steering parameter, when given.
    pub steering_parameter: Option<u32>,
    /// Result, effort or development goal.
    pub goal_type: GoalType,
    /// The goal as worded in the contracts.
    pub text: String,
    /// A topic the goal overview groups goals by ("Kontanthjælpsmodtagere").
    pub topic: Option<String>,
    /// What the figures measure.
    pub measure: Measure,
    /// Which way is good.
    pub direction: Direction,
    /// How the figure builds up over the year (judged at the period by it).
    #[serde(default)]
    pub kind: GoalKind,
    /// Fixed number of decimals for targets and results; `None` prints them as entered.
    pub decimals: Option<u8>,
    /// Fixed number of decimals for differences; `None` prints them as computed.
    pub difference_decimals: Option<u8>,
    /// How far short of the target is still yellow, in the difference's unit;
    /// `None` takes the report's default for the measure.
    pub tolerance: Option<f64>,
    /// One row per unit.
    pub results: Vec<UnitResult>,
}

impl Goal {
    /// The decimals its targets and results print with: the goal's own
    /// («Decimaler»), else as many as its figures need, at most two, so a
    /// column reads in one form («6,0» beside «5,5», never «6»).
    pub fn shown_decimals(&self) -> u8 {
        self.decimals.unwrap_or_else(|| {
            let targets = self.results.iter().flat_map(|r| r.target.into_iter().chain(r.period_target));
            let ends = targets.flat_map(|t| match t {
                Target::Value { value } => [value, value],
                Target::Range { low, high } => [low, high],
            });
            let results = self.results.iter().filter_map(|r| r.result.as_ref().map(|o| o.value));
            ends.chain(results).map(needed_decimals).max().unwrap_or(0)
        })
    }

    /// The decimals its differences print with: the goal's own for them
    /// («Decimaler forskel»), else its figures' ([`Goal::shown_decimals`]),
    /// so a difference of «0» never stands beside «0,0».
    pub fn shown_difference_decimals(&self) -> u8 {
        self.difference_decimals.unwrap_or_else(|| self.shown_decimals())
    }
}

/// How many decimals (at most two) a figure as typed needs.
fn needed_decimals(v: f64) -> u8 {
    (0..2u8)
        .find(|&d| {
            let scaled = v * 10f64.powi(i32::from(d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(2)
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

/// A goal's target and result for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    /// The unit's id.
    pub unit: String,
    /// The target (måltal); contracts may leave it out.
    pub target: Option<Target>,
    /// The goal as worded for this unit, when it differs from the goal's text
    /// (a figure of its own in place of the common text's "X").
    pub text: Option<String>,
    /// The result so far; `None` when not yet measured.
    pub result: Option<Outcome>,
    /// A mark printed after the unit's name (e.g. "*" pointing to a remark).
    pub mark: Option<String>,
    /// A traffic light set by hand, which wins over the computed one.
    pub manual_light: Option<ManualLight>,
    /// The target for the report's period (a milestone on the way to the
    /// annual target), when the workbook gives one; the result is judged
    /// against it instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_target: Option<Target>,
    /// The period the row's figures are for, when it is not the report's
    /// ("1. kvartal 2008" in a half-year note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// A target: one value or a range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Target {
    /// A single value.
    Value {
        /// The value, in the goal's measure (percent as 0-100).
        value: f64,
    },
    /// A range, both ends included.
    Range {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
}

/// A measured result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The value, in the goal's measure (percent as 0-100).
    pub value: f64,
    /// A breakdown shown beside the value, e.g. "131 virk. prak., 150 løntilskud".
    pub breakdown: Option<String>,
}

/// A traffic light set by the administration, with its reason.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManualLight {
    /// The light it sets.
    pub light: TrafficLight,
    /// Why the computed light was overridden; printed in the report.
    pub reason: String,
    /// Its cell, where the assessment warns when the light differs from
    /// the rule's (OF0310). Not part of the model: not in its JSON, and not
    /// compared (a row moved down sets the same light).
    #[serde(skip)]
    pub cell: Option<crate::diagnostics::Location>,
}

impl PartialEq for ManualLight {
    fn eq(&self, other: &Self) -> bool {
        (self.light, &self.reason) == (other.light, &other.reason)
    }
}

/// The red/yellow/green assessment of a goal for a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficLight {
    /// Met, or still expected to be met.
    Green,
    /// Short within the tolerance: at risk, needs more focus.
    Yellow,
    /// Beyond the tolerance: not expected to be met.
    Red,
}

impl TrafficLight {
    /// The Danish word, as printed.
    pub fn danish(self) -> &'static str {
        match self {
            TrafficLight::Green => "grøn",
            TrafficLight::Yellow => "gul",
            TrafficLight::Red => "rød",
        }
    }
}

/// The settings of the traffic-light rule that apply to the whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRules {
    /// Default tolerance for percent goals, in percentage points.
    pub percent_points: f64,
    /// Default tolerance for other goals, as a share of the target (0.1 = 10 %).
    pub relative: f64,
    /// How much of the year the report's period covers (0.5 for a half
    /// year): a count that accumulates is judged against this share of its
    /// annual target.
    #[serde(default = "whole_year")]
    pub period_share: f64,
}

fn whole_year() -> f64 {
    1.0
}

impl Default for AssessmentRules {
    fn default() -> Self {
        AssessmentRules { percent_points: 5.0, relative: 0.10, period_share: 1.0 }
    }
}

/// How much of the year a period covers, read from its name as the papers
/// write it: "1. halvår 2008" is 0.5, "3. kvartal" 0.75, "helår" 1. `None`
/// when the name says no part of the year.
pub fn period_share(period: &str) -> Option<f64> {
    let p = crate::format::fold(period);
    let ordinal = |word: &str| -> Option<f64> {
        // Folded, "1. halvår 2008" reads "1halvaar2008".
        let at = p.find(word)?;
        let digit = p[..at].chars().last()?.to_digit(10)?;
        Some(f64::from(digit))
    };
    if p.contains("helaar") || p.contains("heleaaret") || p.contains("aarsopgoerelse") {
        return Some(1.0);
    }
    if let Some(n) = ordinal("halvaar").filter(|n| (1.0..=2.0).contains(n)) {
        return Some(n / 2.0);
    }
    if let Some(n) = ordinal("kvartal").filter(|n| (1.0..=4.0).contains(n)) {
        return Some(n / 4.0);
    }
    None
}

/// One piece of the document's content, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Block {
    /// A numbered chapter heading ("1. Beskæftigelsesindsatsen").
    Chapter {
        /// The number, counted by the normaliser.
        number: String,
        /// The heading.
        text: String,
    },
    /// A numbered section heading ("1.2 Effekterne ...").
    Section {
        /// The number, counted by the normaliser.
        number: String,
        /// The heading.
        text: String,
    },
    /// An unnumbered heading at level 1-3.
    Heading {
        /// 1 is a chapter's level, 2 a section's, 3 below.
        level: u8,
        /// The heading.
        text: String,
    },
    /// A paragraph.
    Paragraph {
        /// The text.
        text: String,
        /// A footnote attached at its end.
        footnote: Option<String>,
    },
    /// A bullet point (the seeds quote each goal as one).
    Bullet {
        /// The text.
        text: String,
        /// A footnote attached at its end.
        footnote: Option<String>,
    },
    /// The table with this number goes here.
    Table {
        /// The table's number.
        number: u32,
    },
    /// The list of steering parameters with their descriptions.
    SteeringParameters,
    /// The explanation of the traffic lights.
    TrafficLightLegend,
    /// An item of a numbered list (recommendations, attachments).
    NumberedItem {
        /// The text.
        text: String,
    },
    /// Contracts: the unit's purpose and tasks.
    UnitPurpose,
    /// Contracts: one chapter per steering parameter with the unit's goals.
    UnitGoals {
        /// The first of the chapters' numbers; the others follow.
        first_chapter: u32,
    },
    /// Contracts: the signature block.
    Signatures,
    /// Full-year follow-up: the counts and shares of met, nearly met and not
    /// met goals, as a paragraph.
    GoalCounts,
    /// Full-year follow-up: every goal with its verdict per unit.
    GoalStatus,
    /// Committee case: examples of goals per steering parameter.
    GoalExamples,
    /// Goal overview: goals by steering parameter, shared or unit-specific, and topic.
    GoalOverview,
    /// What follows starts on a new page, in the PDF and in the Word document.
    PageBreak,
    /// Follow-ups: the overview of every goal's lights and charts here (a
    /// committee case has it in its attachment), not at the front.
    Overview,
    /// Contracts: a block only the contracts of these units have (a standard
    /// paragraph about Jobcenter København is not for Ydelsesservice).
    ForUnits {
        /// The units' ids.
        units: Vec<String>,
        /// The block.
        block: Box<Block>,
    },
}

/// The units (folded ids) a unit sums, through groups of groups; empty for a
/// unit's own figures. A total sums every unit but itself. A group that
/// (wrongly) contains itself is found in its own members, and the walk ends;
/// so is one that names a total (which sums the group), and a total beside
/// another total: a walk goes through totals as through groups.
pub fn members_of(units: &[Unit], id: &str) -> std::collections::HashSet<String> {
    let fold = crate::format::fold;
    let find = |id: &str| units.iter().find(|u| fold(&u.id) == fold(id));
    // What a unit names directly: a total names every unit but itself.
    let named = |id: &str| -> Vec<String> {
        match find(id).map(|u| &u.scope) {
            Some(UnitScope::Group { members }) => members.clone(),
            Some(UnitScope::Total) => {
                units.iter().map(|u| u.id.clone()).filter(|u| fold(u) != fold(id)).collect()
            }
            _ => vec![],
        }
    };
    let mut out: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut todo = named(id);
    while let Some(m) = todo.pop() {
        if out.insert(fold(&m)) {
            todo.extend(named(&m));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goals_kind_defaults_from_its_measure() {
        assert_eq!(GoalKind::default_for(Measure::Count), GoalKind::Count);
        assert_eq!(GoalKind::default_for(Measure::Amount), GoalKind::Count);
        assert_eq!(GoalKind::default_for(Measure::Percent), GoalKind::Rate);
        assert_eq!(GoalKind::default_for(Measure::Days), GoalKind::Rate);
    }
}
