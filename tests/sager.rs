//! Committee cases and attachments: the full-year follow-up (seed 004), whose
//! counts are computed from the goals, the case on the new contracts (seed
//! 001), and the goal overview (seed 002).

use crate::common;

use std::path::{Path, PathBuf};

use crate::{helaarsopfoelgning_2009, sheet};
use opfolg::render::{Formats, Renderer};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pdf_of(workbook: &Path, dir: &Path) -> String {
    let renderer = Renderer::new(&root().join("report_templates"), &root().join("fonts")).unwrap();
    let built = opfolg::build(workbook, dir, &renderer, Formats { pdf: true, docx: false })
        .unwrap_or_else(|d| panic!("{d}"));
    let text = common::unhyphenate(&common::pdf_text_in_order(&built.files[0]));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("not found (in order) after byte {at}: {n:?}\n\n{hay}"),
        }
    }
}

#[test]
fn the_full_year_case_states_the_counts_of_seed_004_and_lists_every_goal() {
    let dir = tempfile::tempdir().unwrap();
    let text = pdf_of(&root().join("inputs/helaarsopfoelgning-2009.xlsx"), dir.path());
    in_order(
        &text,
        &[
            "14. Helårsopfølgning på resultatkontrakter 2009 (2010-44065)",
            "INDSTILLING OG BESLUTNING",
            "1. at Beskæftigelses- og Integrationsudvalget tager forvaltningens helårsopfølgning",
            "PROBLEMSTILLING",
            "LØSNING",
            "Ud af de 32 resultatmål, der indgik i resultatkontrakterne – hvoraf 16 omfatter flere centre – er 18 mål blevet opfyldt, 10 er næsten opfyldt og 4 er ikke blevet opfyldt (jf. bilag 1). 56 pct. af målene er således fuldt ud opfyldt, og 88 pct. er fuldt ud eller næsten opfyldt.",
            // The count in the workbook's own text is opfolg's: {ikke opfyldt}.
            "De 4 mål, som ikke er blevet indfriet i 2009",
            "1. antallet af ledighedsberørte",
            "Klagesager",
            "BESKÆFTIGELSES- OG INTEGRATIONSUDVALGETS BESLUTNING",
            "Sagen blev udsat.",
            "BILAG 1: STATUS PÅ RESULTATMÅLENE",
            "Beskæftigelsesindsatsen",
            // A goal's number spans its rows, which keeps the goal on one
            // page; it is drawn (and so read by pdftotext) after them.
            "Antallet af sygedagpengesager på over 52 uger skal ultimo 2009 nedbringes til 1.170 sager.",
            "1. Samlet vurdering Ikke opfyldt",
            "Ressourcer",
            "Beskæftigelsescentrene skal hver levere et driftsoverskud",
            "32. Samlet vurdering Opfyldt",
            // The overview is part of the attachment, after the case (issue 18).
            "OVERBLIK",
        ],
    );
    assert!(
        text.find("INDSTILLING OG BESLUTNING") < text.find("OVERBLIK"),
        "the case opens with its recommendation, not the overview"
    );
    assert_eq!(text.matches("OVERBLIK").count(), 1, "{text}");
    assert_eq!(text.matches("Samlet vurdering Opfyldt").count(), 18, "{text}");
    assert_eq!(text.matches("Samlet vurdering Næsten opfyldt").count(), 10, "{text}");
    assert_eq!(text.matches("Samlet vurdering Ikke opfyldt").count(), 4, "{text}");
}

#[test]
fn the_status_attachment_starts_on_its_own_page() {
    // The workbook's row «ny side» before the attachment's heading.
    let dir = tempfile::tempdir().unwrap();
    let renderer = Renderer::new(&root().join("report_templates"), &root().join("fonts")).unwrap();
    let workbook = root().join("inputs/helaarsopfoelgning-2009.xlsx");
    let built = opfolg::build(&workbook, dir.path(), &renderer, Formats { pdf: true, docx: false })
        .unwrap_or_else(|d| panic!("{d}"));
    let text = common::pdf_text_in_order(&built.files[0]);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let at = pages.iter().position(|p| p.contains("BILAG 1: STATUS")).expect("the attachment");
    assert!(pages[at - 1].contains("Sagen blev udsat."), "{}", pages[at - 1]);
    assert!(!pages[at].contains("Sagen blev udsat."), "{}", pages[at]);
}

#[test]
fn the_counts_follow_the_figures() {
    // Raise the first goal's result (1.624 sygedagpengesager, not met) to
    // the target: one more goal met, one fewer not met, and new shares.
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = helaarsopfoelgning_2009::sheets();
    let results = sheets.iter_mut().find(|s| s.name == "Resultater").unwrap();
    results.rows[1][3] = sheet::V::N(1170.0);
    let wb = dir.path().join("rettet.xlsx");
    sheet::write_workbook(&wb, "test", &sheets).unwrap();
    let text = pdf_of(&wb, dir.path());
    assert!(
        text.contains("er 19 mål blevet opfyldt, 10 er næsten opfyldt og 3 er ikke blevet opfyldt (jf. bilag 1). 59 pct. af målene er således fuldt ud opfyldt, og 91 pct."),
        "{text}"
    );
    assert!(text.contains("De 3 mål, som ikke er blevet indfriet"), "{text}");
}

#[test]
fn the_case_on_the_new_contracts_is_seed_001() {
    let dir = tempfile::tempdir().unwrap();
    let text = pdf_of(&root().join("inputs/resultatkontrakter-2009.xlsx"), dir.path());
    in_order(
        &text,
        &[
            "3. Resultatkontrakter 2009 (2009-28104)",
            "INDSTILLING OG BESLUTNING",
            "1. At Beskæftigelses- og Integrationsudvalget tager orienteringen om resultatkontrakterne for 2009 til efterretning.",
            "PROBLEMSTILLING",
            "LØSNING",
            "Ønsket med denne proces har været at forbedre resultatkontrakternes værdi",
            "Valget er faldet på disse 4 områder",
            "Endelig er der i resultatkontrakterne for 2009 et styrket fokus på opnåelse af beskæftigelseseffekter.",
            "Styringsparameter Eksempler på mål",
            "Beskæftigelsesindsatsen Antallet af sygedagpengesager på over 52 uger skal ultimo 2009 nedbringes til 1.170 sager.",
            "Kvalitet i servicen Besvarelsesprocenten på telefonopkald til YDS-kontanthjælp udgør 90 pct. i 2009",
            "Økonomi Centret skal bruge mindst 85 pct. og højest 100 pct. af sit købsbudget i 2009.",
            "BIF's samlede sygefravær er reduceret fra 18,5 dage i 2008 til 15,2 dage i 2009",
            "ØKONOMI",
            "VIDERE PROCES",
            "BILAG",
            "1. Kontrakt for Jobcenter Skelbækgade 2009",
            "2. Handlingsplan for Jobcenter Skelbækgade 2009",
            // Signed under the attachments, before the committee's decision,
            // as seed 001 is: not as if the director signed the decision.
            "Morten Binder",
            "BESKÆFTIGELSES- OG INTEGRATIONSUDVALGETS BESLUTNING DEN 12.03.2009",
            "Indstillingen blev taget til efterretning.",
        ],
    );
    assert_eq!(text.matches("Morten Binder").count(), 1, "signed once: {text}");
}

#[test]
fn the_goal_overview_groups_goals_as_seed_002() {
    let dir = tempfile::tempdir().unwrap();
    let text = pdf_of(&root().join("inputs/maaloversigt-2007.xlsx"), dir.path());
    in_order(
        &text,
        &[
            "BILAG 1: Resultat- og indsatsmål i resultatkontrakterne for Jobcenter København",
            "Beskæftigelsesindsatsen",
            "Fælles mål for de 3 enheder – Jobcenter Nyropsgade, Jobcenter Skelbækgade og Jobcenter Musvågevej",
            "Kontanthjælpsmodtagere Tilgangen til gruppen af kontanthjælpsmodtagere med mere end 12 mdrs ledighed",
            "Det rummelige arbejdsmarked Andelen af gennemførte revalideringsforløb skal stige med mindst 10 %.",
            "[målet er mindst 95 % for Nyropsgade]",
            "Virksomhedsdelen",
            "Skelbækgade 1.000, Nyropsgade 450 og Musvågevej 1.000.",
            "Særlige mål for Jobcenter Skelbækgade",
            "Mindst 30 unge med kriminel baggrund",
            "Særlige mål for Jobcenter Musvågevej",
            "Særlige mål for Center for Job og Formidling",
            "CJF vil fremskaffe 750 jobordrer",
            "Særlige mål for Jobcenter Sygedagpenge",
            "Den gennemsnitlige varighed for sygedagpengesager skal nedbringes til 33 uger eller derunder.",
            "Særlige mål for Formidling af Job på Særlige Vilkår",
            "Arbejdsfastholdelsesindsatsen",
            "Kvalitet i servicen",
            "Fælles mål for alle centre",
            "Alle henvendelser skal besvares inden 10 dage",
            "Personale og organisation",
            "Medarbejderflowet begrænses til 3 %.",
            "Økonomi",
            "Fælles mål for alle centre",
            "må højst i 3% af sagerne indeholde fejl, som har refusionsmæssige konsekvenser.",
        ],
    );
}
