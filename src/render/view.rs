//! The templates' view of a follow-up: everything already formatted the
//! Danish way, so templates only place text and never compute.
//!
//! Kept apart from the model so templates can change without touching the
//! model, and the model without breaking templates' field names silently
//! (a missing field is a template error).

use serde::Serialize;

use crate::assess::FollowUp;
use crate::format;
use crate::model::{Block, GoalType, TrafficLight};

/// The whole document as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Title block and identifiers.
    pub meta: MetaView,
    /// The steering parameters with their descriptions.
    pub steering_parameters: Vec<SteeringParameterView>,
    /// The content in reading order.
    pub blocks: Vec<BlockView>,
    /// How many rows got each light.
    pub summary: SummaryView,
    /// What this version corrects in the previous one, one line each; empty
    /// for a first version.
    pub corrections: Vec<String>,
}

/// Metadata, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    /// Title.
    pub title: String,
    /// Contract year.
    pub year: i32,
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
}

/// Counts of lights.
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
    SteeringParameters,
    /// The traffic-light legend.
    Legend,
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

/// Builds the view of a follow-up.
pub fn report_view(f: &FollowUp) -> ReportView {
    let r = &f.report;
    let meta = MetaView {
        title: r.meta.title.clone(),
        year: r.meta.year,
        period: r.meta.period.clone(),
        administration: r.meta.administration.clone(),
        committee: r.meta.committee.clone(),
        case_number: r.meta.case_number.clone(),
        date: format::date(r.meta.date),
        date_year: r.meta.date.year,
        date_month: r.meta.date.month,
        date_day: r.meta.date.day,
    };
    let blocks = r
        .content
        .iter()
        .map(|b| match b {
            Block::Chapter { number, text } => {
                BlockView::Chapter { number: number.clone(), text: text.clone() }
            }
            Block::Section { number, text } => {
                BlockView::Section { number: number.clone(), text: text.clone() }
            }
            Block::Heading { level, text } => BlockView::Heading { level: *level, text: text.clone() },
            Block::Paragraph { text, footnote } => {
                BlockView::Paragraph { text: text.clone(), footnote: footnote.clone() }
            }
            Block::Bullet { text, footnote } => {
                BlockView::Bullet { text: text.clone(), footnote: footnote.clone() }
            }
            Block::Table { number } => BlockView::Table(table_view(f, *number)),
            Block::SteeringParameters => BlockView::SteeringParameters,
            Block::TrafficLightLegend => BlockView::Legend,
        })
        .collect();
    ReportView {
        meta,
        steering_parameters: r
            .steering_parameters
            .iter()
            .map(|p| SteeringParameterView {
                number: p.number,
                name: p.name.clone(),
                description: p.description.clone(),
            })
            .collect(),
        blocks,
        summary: SummaryView {
            green: f.summary.green,
            yellow: f.summary.yellow,
            red: f.summary.red,
            not_assessed: f.summary.not_assessed,
        },
        corrections: Vec::new(),
    }
}

fn table_view(f: &FollowUp, number: u32) -> TableView {
    let r = &f.report;
    let table = r.tables.iter().find(|t| t.number == number).expect("normalise checked the table exists");
    let mut overrides = Vec::new();
    let mut goal_types: Vec<GoalType> = Vec::new();
    let goals = r
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.table == number)
        .map(|(gi, g)| {
            if !goal_types.contains(&g.goal_type) {
                goal_types.push(g.goal_type);
            }
            let rows = g
                .results
                .iter()
                .enumerate()
                .map(|(ri, row)| {
                    let a = f.assessment(gi, ri);
                    let unit =
                        r.units.iter().find(|u| u.id == row.unit).expect("normalise checked the unit exists");
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
                        target: format::target(row.target, g.measure, g.decimals),
                        result: row
                            .result
                            .as_ref()
                            .map(|o| format::value(o.value, g.measure, g.decimals))
                            .unwrap_or_default(),
                        breakdown: row.result.as_ref().and_then(|o| o.breakdown.clone()),
                        difference: a
                            .difference
                            .map(|d| format::difference(d, g.measure, g.difference_decimals))
                            .unwrap_or_default(),
                        light: a.light.map(light_key),
                        light_label: a.light.map(TrafficLight::danish).unwrap_or("ikke vurderet"),
                        override_number,
                    }
                })
                .collect();
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
    }
}
