//! The contracts of 2008 (seed 003) as a workbook: one contract per unit.
//!
//! Jobcenter Sygedagpenge's contract is the seed's, word for word: its
//! purpose, tasks, lead texts and goals. The other nine units have the 2008
//! goals the half-year follow-up (seed 000) gives them, and the 2007 goals of
//! the goal overview (seed 002) where 2008 gives none; their purpose
//! paragraphs are short, written for the example, since no seed has them.
//! The text all contracts share is the seed's, with {enhed} and {år} where
//! the seed names the unit and the year.

use super::sheet::{SheetSpec, V, V::*, report};

/// The sheets of `inputs/kontrakter-2008.xlsx`.
pub fn sheets() -> Vec<SheetSpec<'static>> {
    vec![rapport(), styringsparametre(), enheder(), maal(), resultater(), kontrakttekster(), dokument()]
}

fn rapport() -> SheetSpec<'static> {
    report(
        &[26.0, 60.0],
        vec![
            ("Dokumenttype", S("kontrakter")),
            ("Titel", S("Kontrakt for")),
            ("År", N(2008.0)),
            ("Forvaltning", S("Beskæftigelses- og Integrationsforvaltningen")),
            ("Dato", D(2008, 2, 18)),
            ("Underskriver", S("Morten Binder")),
            ("Underskrivers titel", S("Administrerende direktør")),
            ("Underskriftsdato", S("primo april 2008")),
        ],
    )
}

fn styringsparametre() -> SheetSpec<'static> {
    let p = |n: f64, name, text| vec![N(n), S(name), S(text)];
    SheetSpec {
        name: "Styringsparametre",
        widths: &[6.0, 28.0, 100.0, 26.0],
        rows: vec![
            vec![S("Nr"), S("Navn"), S("Beskrivelse"), S("Områdeoverskrift")],
            p(
                1.0,
                "Beskæftigelsesindsatsen",
                "Ved beskæftigelsesindsatsen forstås den indsats, der skal leveres til jobcentrets målgrupper (borgere og virksomheder) og som sætter job, uddannelse og arbejdskraft i fokus. De konkrete mål, der fastsættes med denne kontrakt, skal sikre, at beskæftigelsesindsatsen udmøntes under hensyn til de overordnede målsætninger for indsatsen, som er formuleret i beskæftigelsesplanen, og for at understøtte overholdelse af centrale lovgivningsmæssige krav.",
            ),
            {
                // Seed 003 defines the area as «Kvaliteten af servicen».
                let mut row = p(
                    2.0,
                    "Kvalitet i servicen",
                    "Kvaliteten af servicen omhandler beskæftigelsesindsatsens udførelse overfor borgere og virksomheder. God kvalitet i centrets indsats kræver, at de overordnede krav og rammer for centrets indsats implementeres ud fra et grundlæggende hensyn til åbenhed, ansvarlighed, saglighed og ordentlighed i processen sammen med kvalificeret indsigt i borgernes behov.",
                );
                row.push(S("Kvaliteten af servicen"));
                row
            },
            p(
                3.0,
                "Personale og organisation",
                "Området personale og organisation skal bidrage til at fremme Beskæftigelses- og Integrationsforvaltningen som en attraktiv arbejdsplads og til at understøtte en effektiv opgavevaretagelse. De mål, der opstilles på personaleområdet, tager udgangspunkt i Beskæftigelses- og Integrationsforvaltningens ledelses- og personalepolitik. De fire bærende hjørnesten i denne politik er engagement, udvikling, trivsel og mangfoldighed, som skal ses i et helhedsperspektiv. Kontraktens mål på personaleområdet skal således understøtte opbygningen af en systematisk og målrettet personalepolitisk indsats på det enkelte center.",
            ),
            p(
                4.0,
                "Økonomi",
                "Indsatsområdet økonomi har fokus på den økonomiske styring af jobcentret og understøtter en effektiv opgavevaretagelse. Reglerne for refusion på de kommunale udgifter skaber behov for sikker dokumentation med henblik på at hjemtage den refusion, beskæftigelsesindsatsen berettiger til. Målene i resultatkontrakterne opstilles med udgangspunkt heri.",
            ),
        ],
    }
}

/// Id, name, name for file names and tables, case and document number, head.
const UNITS: [(&str, &str, &str, &str, &str, &str, &str); 10] = [
    (
        "JCN",
        "Jobcenter København Nyropsgade",
        "Jobcenter Nyropsgade",
        "2008-22851",
        "2008-94088",
        "Lone Hansen",
        "Jobcenterchef",
    ),
    (
        "JCM",
        "Jobcenter København Musvågevej",
        "Jobcenter Musvågevej",
        "2008-22852",
        "2008-94089",
        "Peter Holm",
        "Jobcenterchef",
    ),
    (
        "JCS",
        "Jobcenter København Skelbækgade",
        "Jobcenter Skelbækgade",
        "2008-22853",
        "2008-94090",
        "Anne Kjær",
        "Jobcenterchef",
    ),
    (
        "SDP",
        "Jobcenter København Sygedagpenge",
        "Jobcenter Sygedagpenge",
        "2008-22854",
        "2008-94091",
        "Bodil Vendel",
        "Jobcenterchef",
    ),
    (
        "JSV",
        "Center for Job på Særlige Vilkår",
        "Center for Job på Særlige Vilkår",
        "2008-22855",
        "2008-94092",
        "Jens Lund",
        "Centerchef",
    ),
    (
        "CJF",
        "Center for Job og Formidling",
        "Center for Job og Formidling",
        "2008-22856",
        "2008-94093",
        "Mette Berg",
        "Centerchef",
    ),
    (
        "YDS",
        "Ydelsesservice København",
        "Ydelsesservice",
        "2008-22857",
        "2008-94094",
        "Ole Dahl",
        "Chef for Ydelsesservice",
    ),
    (
        "CAB",
        "Center for Afklaring og Beskæftigelse",
        "Center for Afklaring og Beskæftigelse",
        "2008-22858",
        "2008-94095",
        "Karen Møller",
        "Centerchef",
    ),
    (
        "CKB",
        "Center for Kompetence og Beskæftigelse",
        "Center for Kompetence og Beskæftigelse",
        "2008-22859",
        "2008-94096",
        "Henrik Friis",
        "Centerchef",
    ),
    (
        "CBSI",
        "Center for Beskæftigelse, Sprog og Integration",
        "Center for Beskæftigelse, Sprog og Integration",
        "2008-22860",
        "2008-94097",
        "Susanne Juhl",
        "Centerchef",
    ),
];

fn enheder() -> SheetSpec<'static> {
    let mut rows = vec![vec![
        S("Id"),
        S("Navn"),
        S("Kort navn"),
        S("Sagsnummer"),
        S("Dokumentnummer"),
        S("Leder"),
        S("Leders titel"),
    ]];
    for (id, name, short, case, doc, head, title) in UNITS {
        rows.push(vec![S(id), S(name), S(short), S(case), S(doc), S(head), S(title)]);
    }
    SheetSpec { name: "Enheder", widths: &[8.0, 44.0, 36.0, 14.0, 16.0, 18.0, 24.0], rows }
}

const R: &str = "Resultatmål";
const I: &str = "Indsatsmål";
const U: &str = "Udviklingsmål";
const JC: &[&str] = &["JCN", "JCM", "JCS"];
const BC: &[&str] = &["CAB", "CKB", "CBSI"];
const NOT_SDP: &[&str] = &["JCN", "JCM", "JCS", "JSV", "CJF", "YDS", "CAB", "CKB", "CBSI"];

/// Id, steering parameter, goal type, text, the units it applies to.
type GoalRow = (&'static str, f64, &'static str, &'static str, &'static [&'static str]);

const GOALS: &[GoalRow] = &[
    // Jobcenter Sygedagpenge, as in the seed.
    (
        "S1",
        1.0,
        R,
        "Andel af sygedagpengemodtagere, der afsluttes til ordinært arbejde, være på mindst 70 pct.",
        &["SDP"],
    ),
    (
        "S2",
        1.0,
        R,
        "Antallet af sygedagpengesager på over 52 uger skal nedbringes Med 25 % i forhold til 2007.",
        &["SDP"],
    ),
    (
        "S3",
        1.0,
        R,
        "Minimum 70 % af de sygedagpengemodtagere, der befinder sig i Jobcenter Sygedagpenge i deres 8. uge skal være afsluttet inden 26 uger.",
        &["SDP"],
    ),
    (
        "S4",
        1.0,
        I,
        "I 95 % af alle sager – under 52 uger - skal den lovpligtige opfølgning være gennemført rettidigt.",
        &["SDP"],
    ),
    (
        "S5",
        1.0,
        I,
        "Opfølgningssamtalerne skal gennemføres rettidigt i overensstemmelse med lovgivningens krav og de personlige samtaler skal mindst udgøre 25 % af de afholdte opfølgningssamtaler månedvis.",
        &["SDP"],
    ),
    (
        "S6",
        1.0,
        U,
        "Som led i den tidlige forebyggende indsats i risikosager, skal der som minimum henvises 200 sygemeldte borgere, der opfylder inklusionskriterierne i KIAprojektet.",
        &["SDP"],
    ),
    (
        "S7",
        2.0,
        R,
        "Antallet af formalitetsklager til borgerrådgiver, borgmester eller direktør, hvor borgeren får medhold eller delvist medhold i deres klage, skal fastholdes på niveauet i 2007.",
        &["SDP"],
    ),
    (
        "S8",
        3.0,
        R,
        "Centrets sygefravær skal fastholdes i forhold til 2007, og centrets korttidssygefravær skal fastholdes i forhold til 2007.",
        &["SDP"],
    ),
    (
        "S9",
        3.0,
        R,
        "Scoren på spørgsmål 10 i Det Personalepolitiske Termometer \"Alt i alt oplever jeg min arbejdsplads som en attraktiv arbejdsplads\" forbedres med mindst 45 pct. i forhold til 2007.",
        &["SDP"],
    ),
    ("S10", 4.0, R, "Centret skal bruge højest 100 pct. af sit driftsbudget i 2008.", &["SDP"]),
    (
        "S11",
        4.0,
        R,
        "Centret skal bruge mindst 85 pct. og højest 100 pct. af sit købsbudget i 2008.",
        &["SDP"],
    ),
    (
        "S12",
        4.0,
        U,
        "Jobcenter Sygedagpenge skal i løbet af 2. kvartal 2008 sikre en gennemgang af centrets økonomistyringspraksis sammen med et konsulentfirma med henblik på at sikre hensigtsmæssige og tilstrækkelige procedurer for rammeoverholdelse. I relation hertil skal gennemgangen af centrets økonomistyringspraksis være gennemført og forbedringsforslagene implementeret i 2008.",
        &["SDP"],
    ),
    (
        "S13",
        4.0,
        U,
        "Der skal i 2008 udvikles et implementeringsklart koncept for en løbende brugertilfredshedsundersøgelse. Centralforvaltningen er tovholder",
        &["SDP"],
    ),
    // The job centres' shared goals (seed 000, tables 1-5).
    (
        "1",
        1.0,
        R,
        "Tilgangen til gruppen af kontanthjælpsmodtagere med mere end 12 mdrs. ledighed skal nedbringes med mindst 10 %.",
        JC,
    ),
    (
        "2",
        1.0,
        R,
        "Afgangsraten fra gruppen (med mindst 12 mdrs. kontanthjælp) skal fastholdes i 2008 i forhold til 2007.",
        JC,
    ),
    (
        "3",
        1.0,
        I,
        "Antallet af unge under 30 år med mere end 6 mdr.’s ledighed skal nedbringes med 15 % i forhold til 2007 (helårspersoner).",
        JC,
    ),
    ("4", 1.0, I, "Rettidigheden for kontaktforløb skal udgøre mindst 95 % i 2008.", JC),
    ("5", 1.0, I, "95 % af alle ret og pligt tilbud skal afgives rettidigt.", JC),
    // Center for Job på Særlige Vilkår (tables 8-9).
    (
        "8",
        1.0,
        R,
        "50 % af de, der afventer fleksjob, kommer i fleksjob indenfor hhv. de første 6 mdr. efter modtagelse i JSV.",
        &["JSV"],
    ),
    (
        "9",
        1.0,
        I,
        "Rettidigheden i kontaktforløb for dem, der afventer fleksjob, skal udgøre mindst 95 % i 2008.",
        &["JSV"],
    ),
    // The employment centres and CJF (tables 10-11).
    (
        "10a",
        1.0,
        R,
        "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør X % i 2008.",
        &["CAB", "CKB", "CBSI", "CJF"],
    ),
    (
        "11",
        1.0,
        R,
        "Der skal indgås aftaler om X nye virksomhedspraktikker og løntilskudspladser i 2008.",
        &["JCN", "JCM", "JCS", "CJF"],
    ),
    // Ydelsesservice (table 12).
    (
        "12a",
        1.0,
        R,
        "Mindst 95 % af alle løntilskudsudbetalinger til virksomheder skal være afsluttet senest en måned efter anmodningen fra virksomheden er modtaget.",
        &["YDS"],
    ),
    // Quality (tables 13-14; seed 002 for the answering of letters).
    (
        "13",
        2.0,
        R,
        "Antallet af formalitetsklager til borgerrådgiver, borgmester eller direktør, hvor borgeren får medhold eller delvist medhold i deres klage, skal nedbringes med mindst 50 % i forhold til 2007.",
        &["JCN", "JCM", "JCS", "YDS"],
    ),
    (
        "14",
        2.0,
        I,
        "Mindst 95 % af alle telefonhenvendelser, som indgår til centret, skal besvares af en medarbejder på centret.",
        NOT_SDP,
    ),
    ("14b", 2.0, I, "Alle henvendelser skal besvares inden 10 dage, jf. tilbagemeldingsgarantien.", BC),
    // Staff (tables 16-18).
    ("16", 3.0, R, "Centrets sygefravær skal reduceres med mindst 10 % i forhold til 2007.", NOT_SDP),
    (
        "18",
        3.0,
        R,
        "Scoren på spørgsmål 10 i Det Personalepolitiske Termometer \"Alt i alt oplever jeg min arbejdsplads som en attraktiv arbejdsplads\" forbedres med mindst 10 % i forhold til 2007.",
        NOT_SDP,
    ),
    // Economy (tables 19-21).
    (
        "19",
        4.0,
        R,
        "Centret skal bruge højest 100 % af sit driftsbudget i 2008.",
        &["JCN", "JCM", "JCS", "JSV", "CJF"],
    ),
    ("20", 4.0, R, "Centret skal bruge mindst 85 % og højest 100 % af sit købsbudget i 2008.", JC),
    ("21a", 4.0, R, "Ydelsesservice skal sikre, at enhedens samlede bevilling overholdes i 2008.", &["YDS"]),
    (
        "21b",
        4.0,
        R,
        "Beskæftigelsescentrene skal levere et driftsoverskud på den samlede drift svarende til ½ % af nettobudgettet i 2008.",
        BC,
    ),
];

fn maal() -> SheetSpec<'static> {
    let mut rows = vec![vec![
        S("Id"),
        S("Styringsparameter"),
        S("Måltype"),
        S("Måltekst"),
        S("Måleenhed"),
        S("Retning"),
    ]];
    for (id, param, kind, text, _) in GOALS {
        rows.push(vec![S(id), N(*param), S(kind), S(text), S("procent"), S("højere er bedre")]);
    }
    SheetSpec { name: "Mål", widths: &[8.0, 10.0, 14.0, 90.0, 12.0, 16.0], rows }
}

/// A unit's own wording of a goal whose common text has an X for its figure.
const OWN_TEXT: &[(&str, &str, &str)] = &[
    (
        "10a",
        "CAB",
        "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør 40 % i 2008.",
    ),
    (
        "10a",
        "CKB",
        "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør 42 % i 2008.",
    ),
    (
        "10a",
        "CBSI",
        "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør 43 % i 2008.",
    ),
    (
        "10a",
        "CJF",
        "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør 57 % i 2008.",
    ),
    ("11", "JCN", "Der skal indgås aftaler om 450 nye virksomhedspraktikker og løntilskudspladser i 2008."),
    ("11", "JCM", "Der skal indgås aftaler om 1.000 nye virksomhedspraktikker og løntilskudspladser i 2008."),
    ("11", "JCS", "Der skal indgås aftaler om 1.000 nye virksomhedspraktikker og løntilskudspladser i 2008."),
    ("11", "CJF", "Der skal indgås aftaler om 282 nye virksomhedspraktikker og løntilskudspladser i 2008."),
];

fn resultater() -> SheetSpec<'static> {
    let mut rows = vec![vec![S("Mål-id"), S("Enhed"), S("Måltal"), S("Måltekst for enheden")]];
    for (id, _, _, _, units) in GOALS {
        for unit in *units {
            let own =
                OWN_TEXT.iter().find(|(g, u, _)| g == id && u == unit).map(|(_, _, t)| S(t)).unwrap_or(E);
            rows.push(vec![S(id), S(unit), E, own]);
        }
    }
    SheetSpec { name: "Resultater", widths: &[8.0, 10.0, 10.0, 90.0], rows }
}

fn kontrakttekster() -> SheetSpec<'static> {
    let mut rows = vec![vec![S("Enhed"), S("Del"), S("Tekst")]];
    let t = |u, part, text| vec![S(u), S(part), S(text)];
    rows.extend([
        t("SDP", "formål", "Det overordnede formål med Jobcenter København er at levere kvalificeret arbejdsmarkedsservice til borgere og virksomheder i en kompetent og effektiv organisation, som har et målrettet fokus på at få sygemeldte borgere genplaceret på arbejdsmarkedet. Jobcenter København Sygedagpenge bidrager til at realisere dette gennem følgende formål:"),
        t("SDP", "formål", "Jobcenter Sygedagpenges skal bidrage til, at nysygemeldte borgere kommer hurtigt tilbage på arbejdspladsen samt at langtidssygemeldte borgere får mulighed for at vende tilbage til arbejdsmarkedet, eller på anden vis får et aktivt samfundsliv."),
        t("SDP", "formål", "I Jobcenter Sygedagpenge er der fokus på, at centrets arbejde har en høj kvalitet, og at fagligheden løbende udvikles. Jobcentret skal være fleksibelt og udviklingsorienteret og i stand til at fastholde og tiltrække velkvalificerede medarbejdere, og skal således fremstå som en attraktiv arbejdsplads."),
        t("SDP", "formål", "Jobcenter København Sygedagpenge har til formål:"),
        t("SDP", "opgave", "At varetage den lovpligtige opfølgning af sager, hvor borgeren modtager sygedagpenge."),
        t("SDP", "opgave", "At fastholde nysygemeldte på arbejdspladsen."),
        t("SDP", "opgave", "At nedbringe antallet af langvarige sygdomsforløb gennem en målrettet indsats med fokus på en tilbagevenden til arbejdsmarkedet, bl.a. via samarbejde med de faglige organisationer og andre samarbejdspartnere"),
        t("SDP", "opgave", "At vurdere og bevilge § 56 ansøgninger, der giver arbejdsgiveren ret til refusion fra 1. fraværsdag i forbindelse med lønmodtagerens sygdom."),
        t("SDP", "opgave", "At foretage en arbejdsevnevurdering af borgere, der modtager førtidspension, hvor denne er underlagt kontrol, eller hvor denne søges forhøjet."),
        t("SDP", "1", "Jobcentret skal sikre, at flest mulige sygedagpengemodtagere hurtigst muligt opnår eller fastholdes i job. Det indebærer også en sikring af, at så mange som muligt, der er i fare for arbejdsmarkedsudstødelse, kan bevare tilknytningen til arbejdsmarkedet."),
        t("SDP", "1", "Jobcentret skal sikre, at der sker en systematisk og kvalificeret vurdering af de sygemeldtes ressourcer og arbejdsdygtighed, og at der foretages en målrettet opfølgingsindsats overfor hver enkelt borger."),
        t("SDP", "1", "Jobcentret skal endvidere sikre, at der sker en systematisk og kvalificeret vurdering af de sygemeldtes ressourcer og arbejdsduelighed, og at der foretages en målrettet og rettidig opfølgingsindsats over for hver enkelt borger. En rettidig opfølgning forudsætter at jobcenter Sygedagpenge i gennemsnit pr. medarbejder gennemfører 12 opfølgninger pr. uge i 52 uger for sager med en varighed på mellem 9 og 52 uger."),
        t("SDP", "1", "Derfor vil beskæftigelsesindsatsen i 2008 være rettet mod følgende mål:"),
        t("SDP", "2", "Jobcenter København skal sikre en høj kvalitet i udførelsen af beskæftigelsesindsatsen. Udadtill skal jobcentret fremstå som en serviceenhed, hvor serviceniveau, rettidighed, åbenhed og imødekommenhed opleves ens for alle brugere af jobcentret. Derfor vil udviklingen af kvaliteten og servicen i jobcentret være rettet mod følgende mål i 2008:"),
        t("SDP", "3", "Jobcenter København skal være en attraktiv arbejdsplads, idet et godt arbejdsmiljø og en udviklende organisation er medvirkende til at yde en bedre service og indsats for borgere og virksomheder. Jobcentret skal derfor sikre, at de enkelte medarbejdere bliver en engageret del af de fælles opgaver og resultater, og føler sig engageret i arbejdspladsen, trives psykisk og fysisk, får tilbud om udvikling og har mulighed for at bidrage til skabelsen af et videns- og læringsmiljø på arbejdspladsen. I 2008 vil forbedringer i arbejdsmiljø og trivsel være rettet mod følgende overordnede mål:"),
        t("SDP", "4", "Jobcenter København har ansvar for at levere en sikker økonomistyring, som understøtter de øvrige mål for indsatsen, overholder lovgivningen og politiske aftaler mv., og som sikrer stabilitet i indsatsen henover året. Det er væsentligt, at jobcentret anvender og overholder både drifts- og købsbudgetter, og ikke laver fejl i sagsbehandlingen, der får refusionsmæssige konsekvenser. Derfor vil økonomistyringen i 2008 være rettet mod følgende mål:"),
    ]);
    // The other units: a purpose of their own and the same short lead texts.
    let purposes: [(&str, &str); 9] = [
        (
            "JCN",
            "{enhed} har til formål at bringe ledige kontanthjælpsmodtagere hurtigst muligt i job eller uddannelse og at betjene virksomhederne i sit område.",
        ),
        (
            "JCM",
            "{enhed} har til formål at bringe ledige kontanthjælpsmodtagere hurtigst muligt i job eller uddannelse, med særligt fokus på borgere i de udsatte boligområder.",
        ),
        (
            "JCS",
            "{enhed} har til formål at bringe ledige kontanthjælpsmodtagere hurtigst muligt i job eller uddannelse, med særligt fokus på unge.",
        ),
        (
            "JSV",
            "{enhed} har til formål at formidle fleksjob og job på særlige vilkår og at fastholde borgere med nedsat arbejdsevne på arbejdsmarkedet.",
        ),
        (
            "CJF",
            "{enhed} har til formål at afklare nyledige hurtigt og formidle dem til ordinært arbejde, løntilskud eller virksomhedspraktik.",
        ),
        (
            "YDS",
            "{enhed} har til formål at udbetale ydelser korrekt og rettidigt til borgere og virksomheder.",
        ),
        (
            "CAB",
            "{enhed} har til formål at afklare borgernes ressourcer og bringe dem nærmere arbejdsmarkedet gennem aktivering.",
        ),
        (
            "CKB",
            "{enhed} har til formål at styrke borgernes kompetencer, så de kan komme i job eller uddannelse.",
        ),
        (
            "CBSI",
            "{enhed} har til formål at bringe borgere med anden etnisk baggrund i job gennem sprog, integration og beskæftigelse.",
        ),
    ];
    for (u, p) in purposes {
        rows.push(t(u, "formål", p));
        // Each lead text says why before «derfor».
        rows.push(t(
            u,
            "1",
            "{enhed} skal bidrage til, at forvaltningens borgere hurtigst muligt kommer i job eller uddannelse eller bliver selvforsørgende. Derfor vil indsatsen i {år} være rettet mod følgende mål:",
        ));
        rows.push(t(
            u,
            "2",
            "{enhed} skal sikre en høj kvalitet i servicen over for borgere og virksomheder, med rettidighed, åbenhed og imødekommenhed. Derfor vil udviklingen af kvaliteten og servicen i centret være rettet mod følgende mål i {år}:",
        ));
        rows.push(t(
            u,
            "3",
            "I {år} vil forbedringer i arbejdsmiljø og trivsel være rettet mod følgende overordnede mål:",
        ));
        rows.push(t(
            u,
            "4",
            "{enhed} skal levere en sikker økonomistyring, som overholder budgettet og sikrer stabilitet i indsatsen henover året. Derfor vil økonomistyringen i {år} være rettet mod følgende mål:",
        ));
    }
    SheetSpec { name: "Kontrakttekster", widths: &[8.0, 12.0, 100.0], rows }
}

fn dokument() -> SheetSpec<'static> {
    let b = |kind, text| vec![S(kind), S(text)];
    let only = |mut row: Vec<V<'static>>, units| {
        row.push(S(units));
        row
    };
    SheetSpec {
        name: "Dokument",
        widths: &[18.0, 110.0, 24.0],
        rows: vec![
            vec![S("Type"), S("Tekst"), S("Enheder")],
            b("kapitel", "Indledning"),
            // The opening paragraph is about Jobcenter København: only its
            // units' contracts have it; the other centres and Ydelsesservice
            // open with their own.
            only(
                b(
                    "tekst",
                    "Jobcenter København bidrager til at gennemføre en aktiv beskæftigelsesindsats i Københavns Kommune og har bestemte opgaver i forhold til den beskæftigelsespolitiske servicering af borgere og virksomheder. I kontrakten beskrives de prioriterede mål for centrets samlede indsats, som centret skal indfri i {år}.",
                ),
                "JCN, JCM, JCS, SDP",
            ),
            only(
                b(
                    "tekst",
                    "{enhed} er et af Beskæftigelses- og Integrationsforvaltningens centre og bidrager til at gennemføre en aktiv beskæftigelsesindsats i Københavns Kommune for de borgere, centret modtager fra jobcentrene. I kontrakten beskrives de prioriterede mål for centrets samlede indsats, som centret skal indfri i {år}.",
                ),
                "JSV, CJF, CAB, CKB, CBSI",
            ),
            only(
                b(
                    "tekst",
                    "Ydelsesservice København udbetaler kontanthjælp, sygedagpenge og løntilskud til borgere og virksomheder i Københavns Kommune og understøtter dermed jobcentrenes beskæftigelsesindsats. I kontrakten beskrives de prioriterede mål for Ydelsesservice' samlede indsats i {år}.",
                ),
                "YDS",
            ),
            b("afsnit", "Aftalens parter"),
            b(
                "tekst",
                "Denne kontrakt indgås mellem {enhed}, og centralforvaltningen i Beskæftigelses- og Integrationsforvaltningen, Københavns Kommune som en gensidig bindende aftale om centrets aktiviteter i {år}.",
            ),
            b("afsnit", "Kontraktens formål"),
            b(
                "tekst",
                "Denne kontrakt har til formål at sikre en effektiv og balanceret resultatstyring af {enhed}. {enhed} er overordnet forpligtet til at udmønte de politisk prioriterede mål og indsatsområder, samt overholde de lovgivningsmæssige krav i centrets samlede indsats i {år}.",
            ),
            b(
                "tekst",
                "Derudover opstilles i denne kontrakt en række konkrete mål for fire overordnede styringsområder på centret: (1) Beskæftigelsesindsatsen, (2) Kvaliteten af servicen, (3) Personale og organisation samt (4) Økonomiområdet. Kontrakten forpligter {enhed} på de opstillede mål gennem en fokusering på centrets aktiviteter, ressourcer og organisation.",
            ),
            b("afsnit", "Rammerne for indsatsen i {år}"),
            b(
                "tekst",
                "Udgangspunktet for den service, der skal ydes på {enhed} er at leve op til de målsætninger og strategier, der er udmeldt i Beskæftigelsesplan {år}. Derudover opstiller lovgivningen en række redskaber og krav til processer mv., som skal anvendes og overholdes i sagsbehandlingen og serviceudøvelsen, ligesom jobcentrets budgetter fastsætter ressourcer og økonomiske mål for indsatsen.",
            ),
            b(
                "tekst",
                "Derudover har samtlige partier i Borgerrepræsentationen vedtaget en beskæftigesaftale for {år}, der bl.a. indebærer nye redskaber og visitationskriterier, som skal indarbejdes i indsatsen i {år}.",
            ),
            b(
                "tekst",
                "Tilsammen danner de målsætninger, krav og forudsætninger, der indgår i beskæftigelsesplan, lovgivning, budget mv. rammen for centrets indsats i {år}. I resultatkontrakten omsættes målsætningerne, kravene og forudsætningerne til konkrete mål for centrets indsats.",
            ),
            b("kapitel", "Centrets formål"),
            b("enhedens formål", ""),
            b("kapitel", "Definition af de 4 styringsområder"),
            b(
                "tekst",
                "Indsatsen på {enhed} skal gennemføres ud fra et balanceret fokus på fire overordnede styringsområder: Beskæftigelsesindsatsen, Kvaliteten af servicen, Personale og organisation samt Økonomi. Samlet set skal indsatsen på de fire områder bidrage til opfyldelsen af centrets formål gennem en række konkrete mål for indsatsen i {år}.",
            ),
            b("styringsparametre", ""),
            b("overskrift 3", "Resultat-, indsats og udviklingsmål"),
            b(
                "tekst",
                "Under hvert styringsområde er der opstillet resultat-, indsats- og udviklingsmål, som centret forpligter sig til at realisere og målrette indsatsen mod i {år}.",
            ),
            b(
                "punkt",
                "Resultatmål er specifikke krav til effekterne af den indsats, som centret forventes at levere.",
            ),
            b(
                "punkt",
                "Indsatsmål skal sikre, at centrets aktiviteter målrettes prioriterede områder og gældende lovgivning på området.",
            ),
            b(
                "punkt",
                "Udviklingsmål skal understøtte udviklingen af jobcentrets opgavevaretagelse med henblik på løbende at forbedre effekten og kvaliteten. Udviklingsmål kan være flerårige.",
            ),
            b(
                "tekst",
                "De opstillede resultat-, indsats-, og udviklingsmål inden for de 4 styringsområder skal tilsammen sikre en balanceret opgavevaretagelse i {år}.",
            ),
            b("enhedens mål", ""),
            b("kapitel", "Opfølgning på kontrakten"),
            b("overskrift 3", "Opfølgning på resultat-, indsats- og udviklingsmål"),
            b(
                "tekst",
                "Kontrakten indgås mellem parterne for 1 år ad gangen, og der følges op på kontrakten kvartalsvist. Opfølgningen sker på statusmøder mellem jobcentret og centralforvaltningen. Forud for hvert møde skal jobcentret, senest 1 uge før, fremsende en status på alle mål. Tallene kan hentes fra Ledelsesinformationssystemet eller skal produceres af centret selv, jf. opfølgningstilaget til kontrakten. Centret skal gøre bemærkninger til de mål, hvor status viser en afvigelse fra det fastsatte mål i kontrakten.",
            ),
            b(
                "tekst",
                "Hvert halvår vil det talmæssige grundlag for og drøftelserne på statusmøderne munde ud i en skriftlig rapport om målopfyldelsen på kontrakten, som udarbejdes for alle de decentrale enheder der er kontraktstyret i Beskæftigelses- og Integrationsforvaltningen. Rapporterne forelægges Beskæftigelses- og Integrationsudvalget som halvårs- og helårsopfølgning på kontrakterne for {år}.",
            ),
            b(
                "tekst",
                "I løbet af kontraktåret {år} kan der ske væsentlige ændringer i det grundlag, hvorpå kontrakten er indgået, fx ved indførelsen af nye politiske mål, ændrede lovkrav til indsatsen o.lign. I sådanne tilfælde kan kontrakten genforhandles. Det tilfalder Beskæftigelses- og Integrationsforvaltningens direktion at vurdere, hvornår der er tale om væsentlige ændringer i kontraktgrundlaget.",
            ),
            b("overskrift 3", "Økonomisk opfølgning"),
            b(
                "tekst",
                "Kvartalsopfølgningen skal også benyttes til økonomisk opfølgning. Der henvises til centrets budgetudmelding for de nærmere vilkår.",
            ),
            b(
                "tekst",
                "{enhed} har generelt en initiativforpligtelse i forhold til at gøre opmærksom på eventuelle tegn på budgetoverskridelse eller problemer med opfyldelse i resultatkravene fastsat i kontrakten. Det skal ligeledes ske i forbindelse med den kvartalsvise opfølgning, hvor centret også fremlægger en redegørelse for, hvordan der eventuelt kan rettes op på resultatet inden årets udgang.",
            ),
            b("kapitel", "Underskrift på kontrakten"),
            b(
                "tekst",
                "Kontrakten indgås mellem centralforvaltningen på den ene side, og {enhed} på den anden side. Det understreges, at kontrakten ikke er en kontrakt i den almindelige aftaleretlige betydning af ordet. Kontrakten skaber ikke andre rettigheder og forpligtelser i snæver juridisk forstand end dem, der i øvrigt er gældende mellem dem, der underskriver.",
            ),
            b(
                "tekst",
                "Med underskrift på kontrakten har jobcenterchefen forpligtet sig på de fastlagte mål gennem fokusering af centerets ressourcer, organisation og aktiviteter på kontraktopfyldelsen. Jobcenterchefen skal endvidere sikre sig, at centerets medarbejdere kender kontraktens indhold, og at kontrakten omsættes til operationelle mål for den enkelte medarbejder.",
            ),
            b("underskrifter", ""),
        ],
    }
}
