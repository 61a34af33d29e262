//! The goal overview of the 2007 contracts (seed 002, "BILAG 1") as a workbook.
//!
//! Every goal of the seed, with its steering parameter, topic and the units it
//! applies to; opfolg groups them into shared goals and goals special to one
//! unit. Figures given per unit stay in the goal's text, as in the seed.

use super::sheet::{SheetSpec, V::*, report, steering_names};

/// The sheets of `inputs/maaloversigt-2007.xlsx`.
pub fn sheets() -> Vec<SheetSpec<'static>> {
    vec![rapport(), styringsparametre(), enheder(), maal(), resultater(), dokument()]
}

fn rapport() -> SheetSpec<'static> {
    report(
        &[26.0, 80.0],
        vec![
            ("Dokumenttype", S("bilag")),
            ("Titel", S("BILAG 1: Resultat- og indsatsmål i resultatkontrakterne for Jobcenter København")),
            ("År", N(2007.0)),
            ("Forvaltning", S("Beskæftigelses- og Integrationsforvaltningen")),
            ("Dato", D(2007, 3, 1)),
        ],
    )
}

fn styringsparametre() -> SheetSpec<'static> {
    steering_names(&[
        "Beskæftigelsesindsatsen",
        "Kvalitet i servicen",
        "Personale og organisation",
        "Økonomi",
    ])
}

/// The units, in the order the seed takes them.
const UNITS: [(&str, &str); 6] = [
    ("JCN", "Jobcenter Nyropsgade"),
    ("JCS", "Jobcenter Skelbækgade"),
    ("JCM", "Jobcenter Musvågevej"),
    ("CJF", "Center for Job og Formidling"),
    ("SDP", "Jobcenter Sygedagpenge"),
    ("JSV", "Formidling af Job på Særlige Vilkår"),
];

fn enheder() -> SheetSpec<'static> {
    let mut rows = vec![vec![S("Id"), S("Navn")]];
    rows.extend(UNITS.iter().map(|(id, name)| vec![S(id), S(name)]));
    SheetSpec { name: "Enheder", widths: &[8.0, 44.0], rows }
}

const JC3: &[&str] = &["JCN", "JCS", "JCM"];
const ALL: &[&str] = &["JCN", "JCS", "JCM", "CJF", "SDP", "JSV"];
const JCS: &[&str] = &["JCS"];
const JCM: &[&str] = &["JCM"];
const CJF: &[&str] = &["CJF"];
const SDP: &[&str] = &["SDP"];
const JSV: &[&str] = &["JSV"];

/// Steering parameter, the units, topic, goal.
type GoalRow = (f64, &'static [&'static str], &'static str, &'static str);

const GOALS: &[GoalRow] = &[
    (
        1.0,
        JC3,
        "Kontanthjælpsmodtagere",
        "Tilgangen til gruppen af kontanthjælpsmodtagere med mere end 12 mdrs ledighed skal nedbringes med mindst 10 %",
    ),
    (
        1.0,
        JC3,
        "Kontanthjælpsmodtagere",
        "Den gennemsnitlige varighed (i året) for kontanthjælpsmodtagere med mere end 12 mdrs ledighed skal nedbringes med mindst 10 %.",
    ),
    (
        1.0,
        JC3,
        "Kontanthjælpsmodtagere",
        "Gruppen af personer, som varsles i fht. 300 timers reglen, skal reduceres med mindst 30 % inden varslingsperiodens udløb.",
    ),
    (1.0, JC3, "Kontanthjælpsmodtagere", "Kontaktforløbsgraden skal være på mindst 95 %."),
    (
        1.0,
        JC3,
        "Kontanthjælpsmodtagere",
        "Der skal være udarbejdet jobplaner i mindst 75 % af de sager, som vedrører personer, der har været på kontanthjælp i mere end 12 måneder, svarende til Ny Chance målgruppen.",
    ),
    (
        1.0,
        JC3,
        "Kontanthjælpsmodtagere",
        "Mindst 90 % af den gruppe, som rammes af 300 timers reglen, skal i løbet af 2007 have modtaget et tilbud om job og/eller opkvalificering/sprogundervisning.",
    ),
    (
        1.0,
        JC3,
        "Det rummelige arbejdsmarked",
        "Andelen af gennemførte revalideringsforløb skal stige med mindst 10 %.",
    ),
    (
        1.0,
        JC3,
        "Det rummelige arbejdsmarked",
        "Mindst 90 % af sager vedr. revalidender og førtidspension skal være under relevant sagsbehandling inden for de fastsatte sagsbehandlingsfrister herfor.",
    ),
    (
        1.0,
        JC3,
        "Det rummelige arbejdsmarked",
        "Mindst 90 % af alle beslutninger ved visitation til revalidering og førtidspension skal være truffet på korrekt dokumentationsgrundlag. [målet er mindst 95 % for Nyropsgade]",
    ),
    (
        1.0,
        JC3,
        "Virksomhedsdelen",
        "Antallet af personer med mere end 12 mdrs ledighed, som virksomhedsplaceres i enten ordinært arbejde, løntilskud eller virksomhedspraktik, skal stige med mindst 10 % i løbet af 2007.",
    ),
    (
        1.0,
        JC3,
        "Virksomhedsdelen",
        "Der skal fremskaffes mindst 2.450 jobordrer (ordinære job, løntilskud, virksomhedspraktikker) til den fælles jobbank: Skelbækgade 1.000, Nyropsgade 450 og Musvågevej 1.000.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Mindst 70 % af alle kontanthjælpsmodtagere er 3 mdr. efter, at de ved 1. henvendelse på jobcentret blev formidlet til ordinært arbejde, eller ordinær uddannelse, ude af kontanthjælp.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Mindst 50 % af alle unge, der varsles i risiko for at frafalde en erhvervsuddannelse, fastholdes i uddannelsen eller påbegynder en ny uddannelse.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Mindst 30 unge med kriminel baggrund skal i løbet af 2007 være kommet i job eller uddannelse, som led i 2 særlige projekter på området.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Alle unge, der varsles på vej ud af en uddannelse, skal tilbydes en vejledningssamtale, som understøtter fastholdelse i uddannelse.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Der skal i løbet af 2007 gennemføres mindst 50 uddannelsesforberedende forløb for unge indvandrere med en svag uddannelsesmæssig baggrund.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Der skal i løbet af 2007 iværksættes mindst 80 mentorforløb for unge med behov herfor.",
    ),
    (
        1.0,
        JCS,
        "Kontanthjælpsmodtagere",
        "Jobcentret vil iværksætte/visitere til tilbud indenfor de flaskehalsområder, der fremgår af det regionale beskæftigelsesråd's bevillingsliste, og som er indenfor jobcentrets fagområdeansvar.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "Andelen af kontanthjælpsmodtagere, der alene modtager sprogundervisning, skal nedbringes med mindst 25 % i løbet af 2007.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "33 % af personerne i målgruppen for familieforsørgede indvandrere, der tager imod tilbuddet om danskundervisning, skal gennemføre uddannelsen.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "30 % af alle integrationslovsudlændinge skal påbegynde 6 måneders sammenhængende ordinær beskæftigelse inden udløbet af den 3-årige introduktionsperiode.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "Mindst 90 % af kontanthjælpsmodtagerne i de udsatte boligområder, der ikke kommer i job, skal have en jobplan.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "Mindst 80 % af udlændinge omfattet af Integrationsloven deltager i introduktionsprogrammet i mere end 6 mdr.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "Mindst 50 % af de kontanthjælpsmodtagere i de udsatte boligområder, der har fået en jobplan, skal have påbegyndt/afsluttet et tilbud ved udgangen af 2007.",
    ),
    (
        1.0,
        JCM,
        "Kontanthjælpsmodtagere",
        "Alle personer i målgruppen for familieforsørgede indvandrere skal tilbydes sprogundervisning i løbet af 2007.",
    ),
    (1.0, CJF, "Kontanthjælpsmodtagere", "80 % af de, der visiteres til CJF, afsluttes til selvforsørgelse."),
    (
        1.0,
        CJF,
        "Kontanthjælpsmodtagere",
        "10 % af de, der visiteres til CJF, arbejdsmarkedsplaceres i enten løntilskud eller virksomhedspraktik.",
    ),
    (
        1.0,
        CJF,
        "Kontanthjælpsmodtagere",
        "CJF vil fremskaffe 750 jobordrer (ordinære job, løntilskud samt virksomhedspraktikker) til den fælles jobbank.",
    ),
    (1.0, CJF, "Kontanthjælpsmodtagere", "Alle, der visiteres til CJF, afklares indenfor 14 dage."),
    (
        1.0,
        CJF,
        "Kontanthjælpsmodtagere",
        "Alle, der deltager i jobsøgningstilbud i CJF, opnår mindst et konkret tilbud om ordinært arbejde.",
    ),
    (1.0, SDP, "", "Andel af sygedagpengemodtagere, der afsluttes til ordinært arbejde, skal være på 75 %."),
    (
        1.0,
        SDP,
        "",
        "Andelen af sygedagpengesager med en varighed over 52 uger skal nedbringes fra 28% til 22% i 2007.",
    ),
    (
        1.0,
        SDP,
        "",
        "Den gennemsnitlige varighed for sygedagpengesager skal nedbringes til 33 uger eller derunder.",
    ),
    (
        1.0,
        SDP,
        "",
        "Antallet af sygedagpengesager på over 52 uger skal nedbringes med 40 % (ca. 450 sager) i forhold til 2006",
    ),
    (
        1.0,
        SDP,
        "",
        "I alle sager under 52 uger, skal den lovpligtige opfølgning være gennemført i mindst 95 % af sagerne.",
    ),
    (
        1.0,
        SDP,
        "",
        "Der skal inden 26 uger være etableret et samarbejde med virksomheden i 25 % af alle sager i kategori 2 + 3, hvor der fortsat ydes arbejdsgiverrefusion.",
    ),
    (
        1.0,
        SDP,
        "",
        "Der skal inden 26 uger være etableret et samarbejde med den faglige organisation og A-kassen i 25 % af alle sager, hvor borgeren er sygemeldt i forbindelse med ledighed.",
    ),
    (
        1.0,
        SDP,
        "",
        "I alle sager over 52 uger, skal ajourføringsgraden på ansøgninger om revalidering, fleksjob og førtidspension være 95 %.",
    ),
    (
        1.0,
        SDP,
        "",
        "I alle sager om kontrol af førtidspension og ansøgninger om forhøjelse af førtidspension skal ajourføringsgraden være 95 %.",
    ),
    (
        1.0,
        JSV,
        "Fleksjob og FØP området",
        "Andelen af borgere, der er visiteret til fleksjob i JSV, og som kommer i fleksjob, skal stige med 7 % i løbet af 2007.",
    ),
    (
        1.0,
        JSV,
        "Fleksjob og FØP området",
        "Den gennemsnitlige periode, hvori personer afventer fleksjob, skal nedbringes med 10 %.",
    ),
    (
        1.0,
        JSV,
        "Fleksjob og FØP området",
        "Alle lovpligtige opfølgningssamtaler for personer i fleksjob gennemføres til tiden.",
    ),
    (
        1.0,
        JSV,
        "Fleksjob og FØP området",
        "Alle lovpligtige opfølgningssamtaler for førtidspensionister i løntilskud gennemføres til tiden.",
    ),
    (
        1.0,
        JSV,
        "Fleksjob og FØP området",
        "Omfanget af rettidigt gennemførte kontaktforløb for de personer, der afventer fleksjob, er 100 %.",
    ),
    (
        1.0,
        JSV,
        "Arbejdsfastholdelsesindsatsen",
        "10 % af arbejdsfastholdelsessager for borgere i beskæftigelse, resulterer i arbejdsfastholdelse på ordinære vilkår.",
    ),
    (
        1.0,
        JSV,
        "Arbejdsfastholdelsesindsatsen",
        "20 % af arbejdsfastholdelsessager for sygemeldte borgere, som JSV er involveret i, resulterer i arbejdsfastholdelse på ordinære vilkår.",
    ),
    (
        1.0,
        JSV,
        "Arbejdsfastholdelsesindsatsen",
        "JSV's indsats i forbindelse med arbejdsfastholdelse skal gennemføres på max. 6 måneder.",
    ),
    (
        2.0,
        ALL,
        "",
        "Antallet af formalitetsklagesager skal nedbringes med mindst 50 %. [Sygedagpenge skal reducere med 25 %] [ikke mål for JSV og CJF]",
    ),
    (
        2.0,
        ALL,
        "",
        "Mindst 90 % af alle telefonhenvendelser, som indgår til centret, skal besvares af medarbejder på centret.",
    ),
    (2.0, ALL, "", "Alle henvendelser skal besvares inden 10 dage, jf. tilbagemeldingsgarantien."),
    (2.0, CJF, "", "Brugertilfredshedsmålingen på 3 dags-jobsøgningsforløbet skal i gennem 2007 være 80 %."),
    (
        2.0,
        JSV,
        "",
        "JSV skal sikre, at registreringsprocedurerne på centret er i orden, således at der kan sikres valide data.",
    ),
    (
        2.0,
        SDP,
        "",
        "Alle nytilmeldte skal inden 8 uger fra 1. fraværdsdag have været til 1. opfølgningssamtale.",
    ),
    (
        3.0,
        ALL,
        "",
        "Centrets sygefravær i 2007 reduceres med mindst 10 % i forhold til 2006. Sygedagpenge: 30 % JSV: 12 % CJF: 25 %",
    ),
    (
        3.0,
        ALL,
        "",
        "Centrets korttidssygefravær (mindre end 15 dage) reduceres i 2007 med mindst 10 % i forhold til 2006. Sygedagpenge: 1 dag JSV: 10 % CJF: 33 %",
    ),
    (3.0, CJF, "", "Medarbejderflowet begrænses til 3 %."),
    (3.0, SDP, "", "Personaleomsætningen skal reduceres med mindst 50 % i fht. 2006."),
    (
        3.0,
        SDP,
        "",
        "Alle medarbejdere, der opsiger sit arbejde i centret, skal fra 1.1.2007 tilbydes en ophørssamtale med den nærmeste leder, alternativt en medarbejder fra centrets human ressource- og udviklingsenhed",
    ),
    (
        4.0,
        ALL,
        "",
        "Jobcenteret anvender min 85 % og max 100 % af den samlede bevilling, ekskl. købsbudgettet. [ikke mål for CJF og JSV]",
    ),
    (4.0, ALL, "", "Jobcentret anvender min 95 % og max 100 % af købsbudgettet. [Ikke mål for CJF og JSV]"),
    (
        4.0,
        ALL,
        "",
        "Ved halvårsstatus (1. juli 2007) skal der være brugt min 45 % og max 65 % af købsbudgettet.",
    ),
    (
        4.0,
        ALL,
        "",
        "Resultatet af de årlige stikprøveanalyser af lovopfyldelse i sagsbehandlingen må højst i 3% af sagerne indeholde fejl, som har refusionsmæssige konsekvenser.",
    ),
];

fn maal() -> SheetSpec<'static> {
    let mut rows = vec![vec![S("Id"), S("Styringsparameter"), S("Emne"), S("Måltype"), S("Måltekst")]];
    for (i, (param, _, topic, text)) in GOALS.iter().enumerate() {
        let topic = if topic.is_empty() { E } else { S(topic) };
        rows.push(vec![N((i + 1) as f64), N(*param), topic, S("Resultatmål"), S(text)]);
    }
    SheetSpec { name: "Mål", widths: &[6.0, 10.0, 26.0, 14.0, 90.0], rows }
}

fn resultater() -> SheetSpec<'static> {
    let mut rows = vec![vec![S("Mål-id"), S("Enhed")]];
    for (i, (_, units, _, _)) in GOALS.iter().enumerate() {
        rows.extend(units.iter().map(|u| vec![N((i + 1) as f64), S(u)]));
    }
    SheetSpec { name: "Resultater", widths: &[8.0, 10.0], rows }
}

fn dokument() -> SheetSpec<'static> {
    SheetSpec {
        name: "Dokument",
        widths: &[18.0, 80.0],
        rows: vec![
            vec![S("Type"), S("Tekst")],
            vec![S("overskrift 1"), S("Resultatkontrakternes resultat- og indsatsmål")],
            vec![S("måloversigt"), E],
        ],
    }
}
