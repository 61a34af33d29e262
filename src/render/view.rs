//! The templates' view of a follow-up: everything already formatted the
//! Danish way, so templates only place text and never compute.
//!
//! Kept apart from the model so templates can change without touching the
//! model, and the model without breaking templates' field names silently
//! (a missing field is a template error).

use serde::Serialize;

use crate::assess::{FollowUp, Verdict};
use crate::format;
use crate::model::{Block, DocumentKind, Goal, GoalType, TrafficLight, Unit};

/// The whole document as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Title block and identifiers.
    pub meta: MetaView,
    /// The unit a contract is for; none for the other kinds.
    pub unit: Option<UnitView>,
    /// The steering parameters with their descriptions.
    pub steering_parameters: Vec<SteeringParameterView>,
    /// The content in reading order.
    pub blocks: Vec<BlockView>,
    /// How many rows got each light.
    pub summary: SummaryView,
    /// The traffic-light rule, for the legend to state.
    pub rules: RulesView,
    /// What this version corrects in the previous one, one line each; empty
    /// for a first version.
    pub corrections: Vec<String>,
    /// Follow-ups: the overview of every goal's lights and charts; none for
    /// the other kinds.
    pub overview: Option<OverviewView>,
    /// True when the sheet «Dokument» places the overview (a row
    /// «overblik»): then it is not put at the front.
    pub overview_in_blocks: bool,
    /// True when the sheet «Dokument» places the signatures (a row
    /// «underskrifter»): then a committee case is not signed at its end.
    pub signed_in_blocks: bool,
}

/// The overview at the front of a follow-up: a matrix of goals by unit with
/// their lights, the counts per colour, and a chart per goal.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    /// The units that have figures, in the order of the sheet «Enheder».
    pub units: Vec<String>,
    /// One row per goal, in the workbook's order.
    pub goals: Vec<OverviewGoalView>,
    /// Per colour (green, yellow, red), how many lights of it each unit has.
    pub totals: Vec<LightCountView>,
    /// The red rows, then the yellow ones, each with its figures: what is
    /// in trouble, first. Summary rows on top of the rows they sum are left
    /// out, as in the counts.
    pub attention: Vec<AttentionView>,
}

/// A red or yellow row, gathered at the top of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct AttentionView {
    /// The goal's label, as in the matrix.
    pub label: String,
    /// The number of its table, which the list refers to by page.
    pub table: Option<u32>,
    /// The goal's place in the workbook's order, from 1: its row in the
    /// full-year status is labelled «maal-3» by it, which the overview
    /// refers to by page where the goal has no table.
    pub goal: usize,
    /// The goal's table's title, else the goal's text.
    pub text: String,
    /// The unit's name.
    pub unit: String,
    /// Result, target and difference, as the tables print them.
    pub result: String,
    /// The target.
    pub target: String,
    /// The difference.
    pub difference: String,
    /// "red" or "yellow".
    pub light: &'static str,
    /// "rød" or "gul".
    pub light_label: &'static str,
}

/// A goal's label in the overview: its table («Tabel 12a» where the table
/// has several goals), else «Mål» and its id.
fn label(r: &crate::model::Report, gi: usize) -> String {
    let g = &r.goals[gi];
    let Some(t) = g.table else { return format!("Mål {}", g.id) };
    let same: Vec<usize> = (0..r.goals.len()).filter(|&i| r.goals[i].table == Some(t)).collect();
    match same.iter().position(|&i| i == gi) {
        Some(n) if same.len() > 1 => {
            format!("Tabel {t}{}", char::from_u32('a' as u32 + n as u32).unwrap_or('?'))
        }
        _ => format!("Tabel {t}"),
    }
}

/// How many lights of one colour each unit has in the overview.
#[derive(Debug, Clone, Serialize)]
pub struct LightCountView {
    /// The light: "green", "yellow" or "red".
    pub light: &'static str,
    /// One count per unit, in the order of [`OverviewView::units`].
    pub counts: Vec<usize>,
    /// All units together, without summary rows counted on top of the
    /// rows they sum (the headline's count).
    pub total: usize,
}

/// A goal in the overview.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewGoalView {
    /// "Tabel 13" in the half-year note («Tabel 12a», «12b» … where a table
    /// has several goals), else "Mål 3".
    pub label: String,
    /// What the row is about, never cut: the table's title (its short
    /// title) for a table of one goal, else the goal's text.
    pub text: String,
    /// The periods its figures are for, when not the paper's ("1. kvartal 2008").
    pub period: Option<String>,
    /// The number of its table, which the overview refers to by page.
    pub table: Option<u32>,
    /// The goal's place in the workbook's order, from 1: its row in the
    /// full-year status is labelled «maal-3» by it, which the overview
    /// refers to by page where the goal has no table.
    pub goal: usize,
    /// Per unit of [`OverviewView::units`]: "green", "yellow", "red", "none"
    /// (no result yet), or none when the goal does not apply to the unit.
    pub lights: Vec<Option<&'static str>>,
    /// Per unit: false for a light that is shown but not counted (a summary
    /// row's, which the matrix marks and the counts leave out), else true.
    pub counted: Vec<bool>,
    /// Result against target per unit.
    pub chart: ChartView,
}

/// A small bar chart: per unit a bar for the result and a mark (or a band,
/// for a range) for the target, on one scale from 0 to `max`.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// The scale's end, a little beyond the largest figure.
    pub max: f64,
    /// One row per unit.
    pub rows: Vec<ChartRowView>,
}

/// One unit's bar.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRowView {
    /// The unit's name.
    pub unit: String,
    /// The target's lower end (the target itself when it is one value).
    pub low: f64,
    /// The target's upper end.
    pub high: f64,
    /// The result; none when there is none yet.
    pub result: Option<f64>,
    /// The light's colour, or none.
    pub light: Option<&'static str>,
    /// "59 % / 70 %": result and target as printed in the tables.
    pub label: String,
}

/// Metadata, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    /// Title.
    pub title: String,
    /// Contract year.
    pub year: i32,
    /// The document kind, as in the workbook ("kontrakter").
    pub kind: &'static str,
    /// The item's number on the agenda, if any.
    pub agenda_item: Option<String>,
    /// Who signs for the administration, if anyone.
    pub signatory: Option<SignatoryView>,
    /// Period covered.
    pub period: String,
    /// The administration (page header).
    pub administration: String,
    /// The committee, if any.
    pub committee: Option<String>,
    /// Case number, if any.
    pub case_number: Option<String>,
    /// Date as Danish text ("30. juni 2008").
    pub date: String,
    /// Date parts, for Typst's `datetime(...)`.
    pub date_year: i32,
    /// Month 1-12.
    pub date_month: u8,
    /// Day 1-31.
    pub date_day: u8,
}

/// A steering parameter.
#[derive(Debug, Clone, Serialize)]
pub struct SteeringParameterView {
    /// Its number.
    pub number: u32,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The heading of its definition in a contract: its own, else its name.
    pub area_heading: String,
}

/// The rule the lights are computed by, as the legend states it.
#[derive(Debug, Clone, Serialize)]
pub struct RulesView {
    /// The default tolerance of percent goals: "5 procentpoint".
    pub percent_points: String,
    /// The default tolerance of other goals as a share of the target: "10 %".
    pub relative: String,
    /// The period's share of the year in words ("halvdelen"); none when
    /// the period is the whole year.
    pub period_share: Option<String>,
}

/// A period's share of the year as the legend says it.
fn share_words(share: f64) -> Option<String> {
    let near = |x: f64| (share - x).abs() < 1e-9;
    if share >= 1.0 - 1e-9 {
        None
    } else if near(0.5) {
        Some("halvdelen".into())
    } else if near(0.25) {
        Some("en fjerdedel".into())
    } else if near(0.75) {
        Some("tre fjerdedele".into())
    } else {
        Some(format!("{} %", format::number(share * 100.0, None)))
    }
}

/// Why a row's result was judged against something else than its target,
/// stated under the table.
#[derive(Debug, Clone, Serialize)]
pub struct JudgedView {
    /// The unit's name.
    pub unit: String,
    /// What the result was judged against, formatted as the target is.
    pub against: String,
    /// The annual target, formatted.
    pub target: String,
    /// The period's share of the year in words, when the result was judged
    /// against that share of an annual count; none for a period target the
    /// workbook gives.
    pub share: Option<String>,
}

/// Counts of goals, units and lights; a summary row (a group, a total) is
/// not counted on top of the rows it sums.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    /// Green rows.
    pub green: usize,
    /// Yellow rows.
    pub yellow: usize,
    /// Red rows.
    pub red: usize,
    /// Rows not assessed.
    pub not_assessed: usize,
    /// Summary rows left out of the counts.
    pub summaries: usize,
    /// Goals.
    pub goals: usize,
    /// Units with a counted row.
    pub units: usize,
    /// Goals met (the full-year verdict).
    pub goals_met: usize,
    /// Goals nearly met.
    pub goals_nearly_met: usize,
    /// Goals not met.
    pub goals_not_met: usize,
    /// Goals without a verdict yet.
    pub goals_not_assessed: usize,
}

/// One block of content; `kind` tells the template which fields are set.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    /// Numbered chapter.
    Chapter {
        /// "1".
        number: String,
        /// Heading.
        text: String,
    },
    /// Numbered section.
    Section {
        /// "1.2".
        number: String,
        /// Heading.
        text: String,
    },
    /// Unnumbered heading.
    Heading {
        /// 1-3.
        level: u8,
        /// Heading.
        text: String,
    },
    /// Paragraph.
    Paragraph {
        /// Text.
        text: String,
        /// Footnote, if any.
        footnote: Option<String>,
    },
    /// Bullet point.
    Bullet {
        /// Text.
        text: String,
        /// Footnote, if any.
        footnote: Option<String>,
    },
    /// A table.
    Table(TableView),
    /// The steering parameters.
    SteeringParameters {
        /// The level of a contract's area headings (see `nest_headings`).
        level: u8,
    },
    /// The traffic-light legend.
    Legend,
    /// An item of a numbered list.
    NumberedItem {
        /// Its number: items in a row count from 1.
        number: usize,
        /// Text.
        text: String,
    },
    /// A contract's unit: purpose and tasks.
    UnitPurpose {
        /// Paragraphs.
        purpose: Vec<String>,
        /// Tasks, one bullet each.
        tasks: Vec<String>,
    },
    /// A contract's goals: one chapter per steering parameter.
    UnitGoals {
        /// The chapters.
        chapters: Vec<AreaView>,
    },
    /// A contract's signatures.
    Signatures {
        /// When the contract is signed, as text; none when not given.
        date: Option<String>,
        /// The unit's head, then the administration's signatory.
        signatories: Vec<SignatoryView>,
    },
    /// The counts of met, nearly met and not met goals.
    GoalCounts(CountsView),
    /// Every goal with its verdict.
    GoalStatus {
        /// Goals by steering parameter.
        groups: Vec<StatusGroupView>,
        /// The level of the groups' headings (see `nest_headings`).
        level: u8,
    },
    /// Examples of goals per steering parameter.
    GoalExamples {
        /// One row per steering parameter that has goals.
        rows: Vec<ExampleRowView>,
    },
    /// Goals by steering parameter, shared or unit-specific, and topic.
    GoalOverview {
        /// One part per steering parameter that has goals.
        parameters: Vec<OverviewParameterView>,
        /// The level of the parameters' headings; their groups' are one below.
        level: u8,
    },
    /// A new page.
    PageBreak,
    /// The overview (the template includes `overblik.typ` here).
    Overview,
}

/// Someone who signs.
#[derive(Debug, Clone, Serialize)]
pub struct SignatoryView {
    /// Name.
    pub name: String,
    /// Title.
    pub title: String,
}

/// The unit a contract is for.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    /// Full name ("Jobcenter København Sygedagpenge").
    pub name: String,
    /// Case number of the contract.
    pub case_number: Option<String>,
    /// Document number of the contract.
    pub document_number: Option<String>,
}

/// One steering parameter's chapter in a contract.
#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    /// Chapter number.
    pub number: u32,
    /// The steering parameter's name.
    pub name: String,
    /// The unit's lead paragraphs for it.
    pub texts: Vec<String>,
    /// The unit's goals under it, numbered from 1.
    pub goals: Vec<ContractGoalView>,
}

/// A goal in a contract's table.
#[derive(Debug, Clone, Serialize)]
pub struct ContractGoalView {
    /// Number within the chapter.
    pub number: usize,
    /// "Resultatmål", ...
    pub goal_type: String,
    /// True on the first goal of each type, where the type is printed.
    pub first_of_type: bool,
    /// The goal as worded for the unit.
    pub text: String,
}

/// Counts and shares of the goals' verdicts.
#[derive(Debug, Clone, Serialize)]
pub struct CountsView {
    /// Goals with a verdict.
    pub total: usize,
    /// Met.
    pub met: usize,
    /// Nearly met.
    pub nearly_met: usize,
    /// Not met.
    pub not_met: usize,
    /// Share met, in whole percent.
    pub met_percent: i64,
    /// Share met or nearly met, in whole percent.
    pub met_or_nearly_percent: i64,
    /// "resultatmål" when every counted goal is a result goal, else "mål".
    pub goal_word: &'static str,
    /// Goals not counted because a unit has no result yet.
    pub not_assessed: usize,
    /// Counted goals that more than one unit has.
    pub shared: usize,
}

/// The status of the goals under one steering parameter.
#[derive(Debug, Clone, Serialize)]
pub struct StatusGroupView {
    /// The steering parameter's name; "Øvrige mål" for goals without one.
    pub name: String,
    /// Its goals.
    pub goals: Vec<StatusGoalView>,
}

/// A goal's status at the year's end.
#[derive(Debug, Clone, Serialize)]
pub struct StatusGoalView {
    /// Running number in the attachment.
    pub number: usize,
    /// The goal's place in the workbook's order, from 1: its row in the
    /// full-year status is labelled «maal-3» by it, which the overview
    /// refers to by page where the goal has no table.
    pub goal: usize,
    /// The goal.
    pub text: String,
    /// "opfyldt", "næsten opfyldt", "ikke opfyldt" or "ikke vurderet".
    pub verdict: &'static str,
    /// The verdict's colour: "green", "yellow", "red" or none.
    pub light: Option<&'static str>,
    /// The units' figures.
    pub rows: Vec<RowView>,
}

/// Examples of goals under a steering parameter.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleRowView {
    /// The steering parameter's name.
    pub name: String,
    /// The goals' texts.
    pub goals: Vec<String>,
}

/// The goal overview's part for one steering parameter.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewParameterView {
    /// The steering parameter's name.
    pub name: String,
    /// Shared goals first, then each unit's own.
    pub groups: Vec<OverviewGroupView>,
}

/// Goals shared by the same units, or special to one unit.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewGroupView {
    /// "Fælles mål for ..." or "Særlige mål for ...".
    pub heading: String,
    /// The goals by topic, topics in the order first met.
    pub topics: Vec<TopicView>,
}

/// Goals under one topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// The topic; empty when the goals have none.
    pub topic: String,
    /// The goals' texts; a unit-specific wording is added in brackets.
    pub goals: Vec<String>,
}

/// A table, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// "Tabel N."
    pub number: u32,
    /// Caption.
    pub caption: String,
    /// The first column's heading: the goal type when all goals share it.
    pub goal_type_header: String,
    /// True when goal types differ, so each goal shows its own.
    pub mixed_goal_types: bool,
    /// "Kilde: ..." line.
    pub source: Option<String>,
    /// "Note: ..." line.
    pub note: Option<String>,
    /// Text printed under the table as it is.
    pub remark: Option<String>,
    /// Goals in the table, each with its unit rows.
    pub goals: Vec<GoalView>,
    /// Manual lights with their reasons, listed under the table.
    pub overrides: Vec<OverrideView>,
    /// Rows judged against the period's target, listed under the table.
    pub judged: Vec<JudgedView>,
}

/// A goal in a table.
#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    /// The goal's text.
    pub text: String,
    /// "Resultatmål", "Indsatsmål" or "Udviklingsmål".
    pub goal_type: String,
    /// One row per unit.
    pub rows: Vec<RowView>,
}

/// One unit's figures for a goal.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// The unit's name, with its mark.
    pub unit: String,
    /// Target, formatted.
    pub target: String,
    /// Result, formatted; empty when there is none yet.
    pub result: String,
    /// Breakdown of the result, if any.
    pub breakdown: Option<String>,
    /// Difference, formatted; empty when there is no result.
    pub difference: String,
    /// "green", "yellow", "red", or none when not assessed.
    pub light: Option<&'static str>,
    /// The light in Danish ("grøn"), or "ikke vurderet".
    pub light_label: &'static str,
    /// The number of the override note under the table, when the light was set by hand.
    pub override_number: Option<usize>,
    /// The period the row's figures are for, when it is not the paper's.
    pub period: Option<String>,
}

/// A manual traffic light, explained under its table.
#[derive(Debug, Clone, Serialize)]
pub struct OverrideView {
    /// Its number within the table.
    pub number: usize,
    /// The unit's name.
    pub unit: String,
    /// The light set by hand, in Danish.
    pub light: &'static str,
    /// The light the rule gave, in Danish.
    pub computed: &'static str,
    /// Why.
    pub reason: String,
}

fn light_key(light: TrafficLight) -> &'static str {
    match light {
        TrafficLight::Green => "green",
        TrafficLight::Yellow => "yellow",
        TrafficLight::Red => "red",
    }
}

/// Builds the view of a document that is not about one unit.
pub fn report_view(f: &FollowUp) -> ReportView {
    document_view(f, None)
}

/// Builds the view of unit `unit`'s contract (an index into `report.units`).
pub fn contract_view(f: &FollowUp, unit: usize) -> ReportView {
    document_view(f, Some(&f.report.units[unit]))
}

fn document_view(f: &FollowUp, unit: Option<&Unit>) -> ReportView {
    let r = &f.report;
    let meta = MetaView {
        title: r.meta.title.clone(),
        year: r.meta.year,
        kind: r.meta.kind.danish(),
        agenda_item: r.meta.agenda_item.clone(),
        signatory: r.meta.signatory.as_ref().map(signatory),
        period: r.meta.period.clone(),
        administration: r.meta.administration.clone(),
        committee: r.meta.committee.clone(),
        case_number: r.meta.case_number.clone(),
        date: format::date(r.meta.date),
        date_year: r.meta.date.year,
        date_month: r.meta.date.month,
        date_day: r.meta.date.day,
    };
    // Text shared by all contracts names the unit and the year through
    // placeholders, and a follow-up's text may quote the counts of goals met
    // so they are never typed by hand; filled here, before escaping, so they
    // stay plain text.
    let c = counts(f);
    let fill = |text: &str| -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        let mut text = text.replace("{år}", &r.meta.year.to_string());
        for (field, n) in [
            ("{mål i alt}", c.total),
            ("{opfyldt}", c.met),
            ("{næsten opfyldt}", c.nearly_met),
            ("{ikke opfyldt}", c.not_met),
        ] {
            text = text.replace(field, &n.to_string());
        }
        match unit {
            Some(u) => text.replace("{enhed}", &u.name),
            None => text,
        }
    };
    // A block for some units only is in their contracts and no others.
    let mut blocks = r
        .content
        .iter()
        .filter_map(|b| for_unit(b, unit))
        .map(|b| match b {
            Block::Chapter { number, text } => {
                BlockView::Chapter { number: number.clone(), text: fill(text) }
            }
            Block::Section { number, text } => {
                BlockView::Section { number: number.clone(), text: fill(text) }
            }
            Block::Heading { level, text } => BlockView::Heading { level: *level, text: fill(text) },
            Block::Paragraph { text, footnote } => {
                BlockView::Paragraph { text: fill(text), footnote: footnote.as_deref().map(fill) }
            }
            Block::Bullet { text, footnote } => {
                BlockView::Bullet { text: fill(text), footnote: footnote.as_deref().map(fill) }
            }
            Block::Table { number } => BlockView::Table(table_view(f, *number)),
            Block::SteeringParameters => BlockView::SteeringParameters { level: 2 },
            Block::TrafficLightLegend => BlockView::Legend,
            Block::NumberedItem { text } => BlockView::NumberedItem { number: 0, text: fill(text) },
            Block::UnitPurpose => BlockView::UnitPurpose {
                purpose: unit
                    .map(|u| u.contract.purpose.iter().map(|t| fill(t)).collect())
                    .unwrap_or_default(),
                tasks: unit.map(|u| u.contract.tasks.iter().map(|t| fill(t)).collect()).unwrap_or_default(),
            },
            Block::UnitGoals { first_chapter } => BlockView::UnitGoals {
                chapters: unit
                    .map(|u| {
                        let mut chapters = areas(f, u, *first_chapter);
                        // The unit's lead texts name it and the year as the shared text does.
                        for t in chapters.iter_mut().flat_map(|c| c.texts.iter_mut()) {
                            *t = fill(t);
                        }
                        chapters
                    })
                    .unwrap_or_default(),
            },
            Block::Signatures => BlockView::Signatures {
                date: r.meta.signing_date.clone(),
                signatories: unit
                    .and_then(|u| u.contract.leader.as_ref())
                    .into_iter()
                    .chain(r.meta.signatory.as_ref())
                    .map(signatory)
                    .collect(),
            },
            Block::GoalCounts => BlockView::GoalCounts(counts(f)),
            Block::GoalStatus => BlockView::GoalStatus { groups: status(f), level: 2 },
            Block::GoalExamples => BlockView::GoalExamples { rows: examples(f) },
            Block::GoalOverview => BlockView::GoalOverview { parameters: overview(f), level: 2 },
            Block::PageBreak => BlockView::PageBreak,
            Block::Overview => BlockView::Overview,
            Block::ForUnits { .. } => unreachable!("for_unit unwraps every limited block"),
        })
        .collect::<Vec<_>>();
    number_items(&mut blocks);
    // The overview (follow-ups) ends in a level-2 heading before the blocks.
    nest_headings(&mut blocks, if r.meta.kind.is_follow_up() { 2 } else { 0 }, r.meta.kind);
    let overview_in_blocks = blocks.iter().any(|b| matches!(b, BlockView::Overview));
    let signed_in_blocks = blocks.iter().any(|b| matches!(b, BlockView::Signatures { .. }));
    ReportView {
        meta,
        unit: unit.map(|u| UnitView {
            name: u.name.clone(),
            case_number: u.contract.case_number.clone(),
            document_number: u.contract.document_number.clone(),
        }),
        steering_parameters: r
            .steering_parameters
            .iter()
            .map(|p| SteeringParameterView {
                number: p.number,
                name: p.name.clone(),
                description: fill(&p.description),
                area_heading: p.area_heading.clone().unwrap_or_else(|| p.name.clone()),
            })
            .collect(),
        blocks,
        rules: RulesView {
            percent_points: format!("{} procentpoint", format::number(r.rules.percent_points, None)),
            relative: format!("{} %", format::number(r.rules.relative * 100.0, None)),
            period_share: share_words(r.rules.period_share),
        },
        summary: SummaryView {
            green: f.summary.green,
            yellow: f.summary.yellow,
            red: f.summary.red,
            not_assessed: f.summary.not_assessed,
            summaries: f.summary.summaries,
            goals: f.summary.goals,
            units: f.summary.units,
            goals_met: f.summary.goals_met,
            goals_nearly_met: f.summary.goals_nearly_met,
            goals_not_met: f.summary.goals_not_met,
            goals_not_assessed: f.summary.goals_not_assessed,
        },
        corrections: Vec::new(),
        overview: r.meta.kind.is_follow_up().then(|| overview_view(f)),
        overview_in_blocks,
        signed_in_blocks,
    }
}

/// The block as the document of `unit` has it: a block limited to some
/// units (at any depth) unwrapped when `unit` is one of them or the document
/// is not a unit's, and none otherwise.
fn for_unit<'a>(b: &'a Block, unit: Option<&Unit>) -> Option<&'a Block> {
    match (b, unit) {
        (Block::ForUnits { units, block }, Some(u)) => {
            units.contains(&u.id).then(|| for_unit(block, unit)).flatten()
        }
        (Block::ForUnits { block, .. }, None) => for_unit(block, None),
        _ => Some(b),
    }
}

fn overview_view(f: &FollowUp) -> OverviewView {
    let r = &f.report;
    let units: Vec<&Unit> = r
        .units
        .iter()
        .filter(|u| r.goals.iter().any(|g| g.results.iter().any(|row| row.unit == u.id)))
        .collect();
    let mut goals: Vec<OverviewGoalView> = r
        .goals
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let lights = units
                .iter()
                .map(|u| {
                    let ri = g.results.iter().position(|row| row.unit == u.id)?;
                    Some(f.assessment(gi, ri).light.map(light_key).unwrap_or("none"))
                })
                .collect();
            let rows: Vec<ChartRowView> = g
                .results
                .iter()
                .enumerate()
                .map(|(ri, row)| {
                    let (low, high) = match row.target {
                        Some(crate::model::Target::Value { value }) => (value, value),
                        Some(crate::model::Target::Range { low, high }) => (low, high),
                        None => (0.0, 0.0),
                    };
                    let shown = row_view(f, gi, ri, &mut Vec::new());
                    let result = if shown.result.is_empty() { "–".to_string() } else { shown.result };
                    ChartRowView {
                        unit: shown.unit,
                        low,
                        high,
                        result: row.result.as_ref().map(|o| o.value),
                        light: shown.light,
                        label: format!("{result} / {}", shown.target),
                    }
                })
                .collect();
            let largest = rows.iter().flat_map(|c| [c.high, c.result.unwrap_or(0.0)]).fold(0.0_f64, f64::max);
            OverviewGoalView {
                label: label(r, gi),
                table: g.table,
                goal: gi + 1,
                text: match g.table.and_then(|t| r.tables.iter().find(|x| x.number == t)) {
                    Some(t) if r.goals.iter().filter(|x| x.table == Some(t.number)).count() == 1 => {
                        t.caption.clone()
                    }
                    _ => g.text.clone(),
                },
                period: {
                    let mut periods: Vec<&str> = Vec::new();
                    for p in g.results.iter().filter_map(|row| row.period.as_deref()) {
                        if !periods.contains(&p) {
                            periods.push(p);
                        }
                    }
                    (!periods.is_empty())
                        .then(|| and_list(&periods.iter().map(|p| p.to_string()).collect::<Vec<_>>()))
                },
                lights,
                counted: Vec::new(),
                chart: ChartView { max: if largest > 0.0 { largest * 1.1 } else { 1.0 }, rows },
            }
        })
        .collect();
    // Per goal and unit column: does the unit's row count (a summary row on
    // top of the rows it sums does not), so the totals are the headline's.
    let counted: Vec<Vec<bool>> = r
        .goals
        .iter()
        .map(|g| {
            let rows = crate::assess::counted_rows(g, &r.units);
            units.iter().map(|u| g.results.iter().zip(&rows).any(|(row, c)| *c && row.unit == u.id)).collect()
        })
        .collect();
    for (g, c) in goals.iter_mut().zip(&counted) {
        g.counted = c.iter().zip(&g.lights).map(|(c, l)| *c || l.is_none()).collect();
    }
    let totals = [TrafficLight::Green, TrafficLight::Yellow, TrafficLight::Red]
        .into_iter()
        .map(|light| {
            let key = light_key(light);
            // A column's count leaves out a summary's light as the total
            // does, so the row adds up to the number in its name.
            let counts: Vec<usize> = (0..units.len())
                .map(|ui| {
                    goals.iter().zip(&counted).filter(|(g, c)| c[ui] && g.lights[ui] == Some(key)).count()
                })
                .collect();
            let total = counts.iter().sum();
            LightCountView { light: key, total, counts }
        })
        .collect();
    let mut attention: Vec<AttentionView> = Vec::new();
    for light in [TrafficLight::Red, TrafficLight::Yellow] {
        for (gi, g) in r.goals.iter().enumerate() {
            let rows = crate::assess::counted_rows(g, &r.units);
            for (ri, counted) in rows.into_iter().enumerate() {
                if !counted || f.assessment(gi, ri).light != Some(light) {
                    continue;
                }
                let shown = row_view(f, gi, ri, &mut Vec::new());
                // The table's title says what the row is about in a line or
                // two; the goal's own words are in the matrix and the table.
                let title = g.table.and_then(|t| r.tables.iter().find(|x| x.number == t));
                attention.push(AttentionView {
                    label: goals[gi].label.clone(),
                    table: g.table,
                    goal: gi + 1,
                    text: title.map_or_else(|| goals[gi].text.clone(), |t| t.caption.clone()),
                    unit: shown.unit,
                    result: shown.result,
                    target: shown.target,
                    difference: shown.difference,
                    light: light_key(light),
                    light_label: light.danish(),
                });
            }
        }
    }
    OverviewView {
        units: units.iter().map(|u| u.table_name().to_string()).collect(),
        goals,
        totals,
        attention,
    }
}

/// Lowers a heading that skips a level ("overskrift 3" right under a
/// chapter, or a goal overview's level-2 headings with no chapter before) to
/// one below the heading it stands under: PDF/UA-1 and screen readers need
/// the levels to nest, starting at 1. Headings written at the same level
/// stay siblings. `before` is the level of the last heading before the
/// blocks (0: none); the blocks that print headings of their own (blokke.typ)
/// are given the level to print them at.
fn nest_headings(blocks: &mut [BlockView], before: u8, kind: DocumentKind) {
    // The open headings: (level as written, level given).
    let mut open: Vec<(u8, u8)> = if before > 0 { vec![(before, before)] } else { Vec::new() };
    let place = |written: u8, open: &mut Vec<(u8, u8)>| {
        while open.last().is_some_and(|&(w, _)| w >= written) {
            open.pop();
        }
        let given = written.min(open.last().map_or(1, |&(_, g)| g + 1));
        open.push((written, given));
        given
    };
    for b in blocks {
        match b {
            BlockView::Chapter { .. } => _ = place(1, &mut open),
            BlockView::Section { .. } => _ = place(2, &mut open),
            BlockView::Heading { level, .. } => *level = place(*level, &mut open),
            BlockView::GoalStatus { level, .. } | BlockView::GoalOverview { level, .. } => {
                *level = place(2, &mut open)
            }
            // Only a contract's steering parameters have headings (areas);
            // what follows them is no part of the last area, so it is not
            // nested under it.
            BlockView::SteeringParameters { level } if kind == DocumentKind::Contracts => {
                *level = place(2, &mut open);
                open.pop();
            }
            BlockView::UnitGoals { chapters } if !chapters.is_empty() => _ = place(1, &mut open),
            _ => {}
        }
    }
}

/// Numbers the items of each run of numbered items from 1.
fn number_items(blocks: &mut [BlockView]) {
    let mut n = 0;
    for b in blocks {
        match b {
            BlockView::NumberedItem { number, .. } => {
                n += 1;
                *number = n;
            }
            _ => n = 0,
        }
    }
}

fn signatory(s: &crate::model::Signatory) -> SignatoryView {
    SignatoryView { name: s.name.clone(), title: s.title.clone() }
}

/// The goal's wording for a unit: its own if it has one.
fn goal_text(g: &Goal, unit: &str) -> String {
    g.results.iter().find(|r| r.unit == unit).and_then(|r| r.text.clone()).unwrap_or_else(|| g.text.clone())
}

/// A contract's chapters: per steering parameter, the unit's lead texts and
/// the goals it has a row for, numbered from 1, result goals first.
fn areas(f: &FollowUp, unit: &Unit, first_chapter: u32) -> Vec<AreaView> {
    let r = &f.report;
    r.steering_parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut goals: Vec<&Goal> = r
                .goals
                .iter()
                .filter(|g| g.steering_parameter == Some(p.number))
                .filter(|g| g.results.iter().any(|row| row.unit == unit.id))
                .collect();
            goals.sort_by_key(|g| type_order(g.goal_type));
            let mut previous = None;
            let goals = goals
                .into_iter()
                .enumerate()
                .map(|(n, g)| {
                    let first_of_type = previous != Some(g.goal_type);
                    previous = Some(g.goal_type);
                    ContractGoalView {
                        number: n + 1,
                        goal_type: g.goal_type.danish().to_string(),
                        first_of_type,
                        text: goal_text(g, &unit.id),
                    }
                })
                .collect();
            AreaView {
                number: first_chapter + i as u32,
                name: p.name.clone(),
                texts: unit
                    .contract
                    .area_texts
                    .iter()
                    .filter(|a| a.steering_parameter == p.number)
                    .map(|a| a.text.clone())
                    .collect(),
                goals,
            }
        })
        .collect()
}

fn type_order(t: GoalType) -> u8 {
    match t {
        GoalType::Result => 0,
        GoalType::Effort => 1,
        GoalType::Development => 2,
    }
}

/// Whole percent, halves rounded up, as the seeds round (28 of 32 is 88 pct.).
fn percent(part: usize, whole: usize) -> i64 {
    if whole == 0 { 0 } else { ((part * 200 + whole) / (whole * 2)) as i64 }
}

fn counts(f: &FollowUp) -> CountsView {
    let s = &f.summary;
    let total = s.goals_met + s.goals_nearly_met + s.goals_not_met;
    let all_result_goals = f
        .report
        .goals
        .iter()
        .zip(&f.assessments)
        .filter(|(_, a)| a.verdict.is_some())
        .all(|(g, _)| g.goal_type == GoalType::Result);
    CountsView {
        total,
        met: s.goals_met,
        nearly_met: s.goals_nearly_met,
        not_met: s.goals_not_met,
        met_percent: percent(s.goals_met, total),
        met_or_nearly_percent: percent(s.goals_met + s.goals_nearly_met, total),
        goal_word: if all_result_goals { "resultatmål" } else { "mål" },
        not_assessed: s.goals_not_assessed,
        shared: f
            .report
            .goals
            .iter()
            .zip(&f.assessments)
            .filter(|(g, a)| a.verdict.is_some() && g.results.len() > 1)
            .count(),
    }
}

fn status(f: &FollowUp) -> Vec<StatusGroupView> {
    let r = &f.report;
    let mut groups: Vec<(Option<u32>, StatusGroupView)> = r
        .steering_parameters
        .iter()
        .map(|p| (Some(p.number), StatusGroupView { name: p.name.clone(), goals: vec![] }))
        .collect();
    groups.push((None, StatusGroupView { name: "Øvrige mål".into(), goals: vec![] }));
    for (gi, g) in r.goals.iter().enumerate() {
        let verdict = f.assessments[gi].verdict;
        let key = g.steering_parameter.filter(|n| r.steering_parameters.iter().any(|p| p.number == *n));
        let Some((_, group)) = groups.iter_mut().find(|(k, _)| *k == key) else { continue };
        group.goals.push(StatusGoalView {
            number: 0,
            goal: gi + 1,
            text: g.text.clone(),
            verdict: verdict.map(Verdict::danish).unwrap_or("ikke vurderet"),
            light: verdict.map(|v| match v {
                Verdict::Met => "green",
                Verdict::NearlyMet => "yellow",
                Verdict::NotMet => "red",
            }),
            rows: g.results.iter().enumerate().map(|(ri, _)| row_view(f, gi, ri, &mut Vec::new())).collect(),
        });
    }
    let mut n = 0;
    let mut out: Vec<StatusGroupView> =
        groups.into_iter().map(|(_, g)| g).filter(|g| !g.goals.is_empty()).collect();
    for g in out.iter_mut().flat_map(|g| g.goals.iter_mut()) {
        n += 1;
        g.number = n;
    }
    out
}

fn examples(f: &FollowUp) -> Vec<ExampleRowView> {
    let r = &f.report;
    r.steering_parameters
        .iter()
        .map(|p| ExampleRowView {
            name: p.name.clone(),
            goals: r
                .goals
                .iter()
                .filter(|g| g.steering_parameter == Some(p.number))
                .map(|g| g.text.clone())
                .collect(),
        })
        .filter(|row| !row.goals.is_empty())
        .collect()
}

/// Names a set of units the way the seeds do: "A, B og C".
fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} og {last}", rest.join(", ")),
    }
}

fn overview(f: &FollowUp) -> Vec<OverviewParameterView> {
    let r = &f.report;
    let name_of = |id: &str| {
        r.units.iter().find(|u| u.id == id).map(|u| u.table_name().to_string()).unwrap_or_else(|| id.into())
    };
    r.steering_parameters
        .iter()
        .filter_map(|p| {
            let goals: Vec<&Goal> =
                r.goals.iter().filter(|g| g.steering_parameter == Some(p.number)).collect();
            if goals.is_empty() {
                return None;
            }
            // Groups keyed by the set of units, in the units' sheet order;
            // shared goals (several units) come before unit-specific ones.
            let mut groups: Vec<(Vec<usize>, OverviewGroupView)> = Vec::new();
            for g in goals {
                let mut key: Vec<usize> = g
                    .results
                    .iter()
                    .filter_map(|row| r.units.iter().position(|u| u.id == row.unit))
                    .collect();
                key.sort_unstable();
                let names: Vec<String> = key.iter().map(|&i| name_of(&r.units[i].id)).collect();
                let index = match groups.iter().position(|(k, _)| *k == key) {
                    Some(i) => i,
                    None => {
                        let heading = match names.len() {
                            0 => "Mål uden enheder".to_string(),
                            1 => format!("Særlige mål for {}", names[0]),
                            n if n == r.units.len() => "Fælles mål for alle centre".to_string(),
                            n => format!("Fælles mål for de {n} enheder – {}", and_list(&names)),
                        };
                        groups.push((key.clone(), OverviewGroupView { heading, topics: vec![] }));
                        groups.len() - 1
                    }
                };
                let group = &mut groups[index].1;
                let topic = g.topic.clone().unwrap_or_default();
                let mut text = g.text.clone();
                // Units with a wording of their own get it in brackets.
                let own: Vec<String> = g
                    .results
                    .iter()
                    .filter_map(|row| row.text.as_ref().map(|t| format!("{}: {t}", name_of(&row.unit))))
                    .collect();
                if !own.is_empty() {
                    text = format!("{text} [{}]", own.join("; "));
                }
                match group.topics.iter_mut().find(|t| t.topic == topic) {
                    Some(t) => t.goals.push(text),
                    None => group.topics.push(TopicView { topic, goals: vec![text] }),
                }
            }
            groups.sort_by_key(|(k, _)| (k.len() <= 1, k.first().copied()));
            Some(OverviewParameterView {
                name: p.name.clone(),
                groups: groups.into_iter().map(|(_, g)| g).collect(),
            })
        })
        .collect()
}

fn table_view(f: &FollowUp, number: u32) -> TableView {
    let r = &f.report;
    let table = r.tables.iter().find(|t| t.number == number).expect("normalise checked the table exists");
    let mut overrides = Vec::new();
    let mut judged = Vec::new();
    let mut goal_types: Vec<GoalType> = Vec::new();
    let goals = r
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.table == Some(number))
        .map(|(gi, g)| {
            if !goal_types.contains(&g.goal_type) {
                goal_types.push(g.goal_type);
            }
            let mut rows: Vec<RowView> =
                (0..g.results.len()).map(|ri| row_view(f, gi, ri, &mut overrides)).collect();
            // A caption that names the period («…, 1. kvartal 2008») says it for every row.
            for row in &mut rows {
                if row.period.as_deref().is_some_and(|p| table.caption.contains(p)) {
                    row.period = None;
                }
            }
            for (ri, row) in rows.iter().enumerate() {
                let (result, a) = (&g.results[ri], f.assessment(gi, ri));
                let (Some(against), Some(target)) = (a.judged_against, result.target) else { continue };
                judged.push(JudgedView {
                    unit: row.unit.clone(),
                    against: format::target(against, g.measure, Some(g.shown_decimals())),
                    target: format::target(target, g.measure, Some(g.shown_decimals())),
                    share: match result.period_target {
                        Some(_) => None,
                        None => share_words(
                            result
                                .period
                                .as_deref()
                                .and_then(crate::model::period_share)
                                .unwrap_or(r.rules.period_share),
                        ),
                    },
                });
            }
            GoalView { text: g.text.clone(), goal_type: g.goal_type.danish().to_string(), rows }
        })
        .collect();
    let mixed = goal_types.len() > 1;
    TableView {
        number,
        caption: table.caption.clone(),
        goal_type_header: if mixed {
            "Mål".into()
        } else {
            goal_types.first().map(|t| t.danish()).unwrap_or("Mål").into()
        },
        mixed_goal_types: mixed,
        source: table.source.clone(),
        note: table.note.clone(),
        remark: table.remark.clone(),
        goals,
        overrides,
        judged,
    }
}

/// One unit's row of a goal; a hand-set light is added to `overrides` and
/// the row points to it.
fn row_view(f: &FollowUp, gi: usize, ri: usize, overrides: &mut Vec<OverrideView>) -> RowView {
    let r = &f.report;
    let g = &r.goals[gi];
    let row = &g.results[ri];
    let a = f.assessment(gi, ri);
    let unit = r.units.iter().find(|u| u.id == row.unit).expect("normalise checked the unit exists");
    let unit_name = format!("{}{}", unit.table_name(), row.mark.as_deref().unwrap_or(""));
    let override_number = row.manual_light.as_ref().map(|m| {
        overrides.push(OverrideView {
            number: overrides.len() + 1,
            unit: unit_name.clone(),
            light: m.light.danish(),
            computed: a.computed.map(TrafficLight::danish).unwrap_or("ikke vurderet"),
            reason: m.reason.clone(),
        });
        overrides.len()
    });
    RowView {
        unit: unit_name,
        // One form for the goal's every figure (issue 18): its decimals.
        target: row
            .target
            .map(|t| format::target(t, g.measure, Some(g.shown_decimals())))
            .unwrap_or_default(),
        result: row
            .result
            .as_ref()
            .map(|o| format::value(o.value, g.measure, Some(g.shown_decimals())))
            .unwrap_or_default(),
        breakdown: row.result.as_ref().and_then(|o| o.breakdown.clone()),
        difference: a
            .difference
            .map(|d| format::difference(d, g.measure, Some(g.shown_difference_decimals())))
            .unwrap_or_default(),
        light: a.light.map(light_key),
        light_label: a.light.map(TrafficLight::danish).unwrap_or("ikke vurderet"),
        override_number,
        period: row.period.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8) -> BlockView {
        BlockView::Heading { level, text: String::new() }
    }

    fn levels(blocks: &[BlockView]) -> Vec<u8> {
        blocks
            .iter()
            .filter_map(|b| match b {
                BlockView::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_that_skips_a_level_is_lowered_to_nest() {
        let chapter = || BlockView::Chapter { number: "1".into(), text: String::new() };
        // Two level-3 headings right under a chapter stay siblings; a
        // level-4 one under them nests one below.
        let mut blocks = vec![
            chapter(),
            heading(3),
            heading(4),
            heading(3),
            heading(2),
            heading(3),
            chapter(),
            heading(3),
        ];
        nest_headings(&mut blocks, 0, DocumentKind::HalfYear);
        assert_eq!(levels(&blocks), [2, 3, 2, 2, 3, 2]);
    }

    #[test]
    fn a_block_that_prints_its_own_headings_is_given_a_level_that_nests() {
        // A goal overview with no chapter before it prints its headings at
        // level 1 (PDF/UA-1: the first heading is of level 1); after a
        // chapter, at level 2.
        let overview = || BlockView::GoalOverview { parameters: Vec::new(), level: 9 };
        let chapter = BlockView::Chapter { number: "1".into(), text: String::new() };
        let mut blocks = vec![overview(), chapter, overview()];
        nest_headings(&mut blocks, 0, DocumentKind::GoalOverview);
        let given: Vec<u8> = blocks
            .iter()
            .filter_map(|b| match b {
                BlockView::GoalOverview { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(given, [1, 2]);
    }

    #[test]
    fn headings_that_nest_are_left_as_written() {
        let mut blocks = vec![heading(1), heading(2), heading(3), heading(3), heading(1), heading(2)];
        nest_headings(&mut blocks, 0, DocumentKind::HalfYear);
        assert_eq!(levels(&blocks), [1, 2, 3, 3, 1, 2]);
        // A document that opens with a level-3 heading starts at level 1,
        // or under the overview's level-2 heading at level 3.
        let mut blocks = vec![heading(3)];
        nest_headings(&mut blocks, 0, DocumentKind::HalfYear);
        assert_eq!(levels(&blocks), [1]);
        let mut blocks = vec![heading(3), heading(4)];
        nest_headings(&mut blocks, 2, DocumentKind::HalfYear);
        assert_eq!(levels(&blocks), [3, 4]);
    }
}
