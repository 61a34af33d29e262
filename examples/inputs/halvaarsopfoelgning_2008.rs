//! The half-year follow-up 2008 (seed 000) as a workbook.
//!
//! Every table, unit, figure and paragraph of the seed. Two differences the
//! seed printed wrongly (table 13, Ydelsesservice; table 16, Sygedagpenge) are
//! not data: opfolg computes them from target and result. The seed's "4.3"
//! (table 16, BIF i alt) is entered as the number it meant, 4,3.

use super::sheet::{SheetSpec, V, V::*, report};

const KILDE_LIS: &str = "Beskæftigelses- og Integrationsforvaltningens Ledelsesinformationssystem";
const KILDE_LIS_LILLE: &str = "Beskæftigelses- og Integrationsforvaltningens ledelsesinformationssystem";
const KILDE_EGNE_BEREGNINGER: &str = "Beskæftigelses- og Integrationsforvaltningens egne beregninger";
const KILDE_EGNE_REG: &str = "Beskæftigelses- og Integrationsforvaltningens egne registreringer";
const KILDE_REGNSKAB: &str = "Halvårsregnskab 2008";
const UDEN_CENTRAL: &str = "* Centralforvaltningen indgår ikke i denne beregning.";

/// The sheets of `inputs/halvaarsopfoelgning-2008.xlsx`.
pub fn sheets() -> Vec<SheetSpec<'static>> {
    vec![rapport(), styringsparametre(), enheder(), tabeller(), maal(), resultater(), dokument()]
}

fn rapport() -> SheetSpec<'static> {
    report(
        &[26.0, 60.0],
        vec![
            ("Titel", S("Halvårsopfølgning på resultatkontrakter")),
            ("År", N(2008.0)),
            ("Periode", S("1. halvår 2008")),
            ("Forvaltning", S("Beskæftigelses- og Integrationsforvaltningen")),
            ("Udvalg", S("Beskæftigelses- og Integrationsudvalget")),
            ("Sagsnummer", E),
            ("Dato", D(2008, 9, 1)),
            ("Tolerance procentpoint", N(5.0)),
            ("Tolerance relativ", P(0.10)),
        ],
    )
}

fn styringsparametre() -> SheetSpec<'static> {
    SheetSpec {
        name: "Styringsparametre",
        widths: &[6.0, 28.0, 100.0],
        rows: vec![
            vec![S("Nr"), S("Navn"), S("Beskrivelse")],
            vec![
                N(1.0),
                S("Beskæftigelsesindsatsen"),
                S(
                    "Den indsats, der skal leveres til centrenes borgere og virksomheder. Centrenes varetagelse af indsatsen skal ske med udgangspunkt i de aktuelle behov på arbejdsmarkedet, lovgivningens krav og rammer og politisk prioriterede indsatsområder.",
                ),
            ],
            vec![
                N(2.0),
                S("Kvalitet i servicen"),
                S(
                    "Den måde hvorpå beskæftigelsesindsatsen udføres. Centrenes arbejde skal have en høj kvalitet og udføres ud fra grundlæggende hensyn til åbenhed, ansvarlighed, saglighed og ordentlighed i processerne.",
                ),
            ],
            vec![
                N(3.0),
                S("Personale og organisation"),
                S(
                    "Det skal sikres, at fagligheden i indsatsen løbende udvikles. Centrene skal være fleksible og udviklingsorienterede og i stand til at fastholde og tiltrække kvalificerede medarbejdere.",
                ),
            ],
            vec![
                N(4.0),
                S("Økonomi"),
                S(
                    "Der skal ske en optimal ressourceanvendelse i udførelsen af indsatsen. Derfor skal centrene levere en sikker økonomistyring, som sikrer effektivitet og stabilitet i indsatsen henover året.",
                ),
            ],
        ],
    }
}

fn enheder() -> SheetSpec<'static> {
    let unit = |id, name, short| vec![S(id), S(name), short];
    // The last four rows sum up others: they are marked, so that the counts
    // never count «BIF i alt» on top of the units it sums.
    let summary = |id, name, short, of| vec![S(id), S(name), short, S(of)];
    SheetSpec {
        name: "Enheder",
        widths: &[10.0, 44.0, 24.0, 20.0],
        rows: vec![
            vec![S("Id"), S("Navn"), S("Kort navn"), S("Består af")],
            unit("JCM", "Jobcenter Musvågevej", E),
            unit("JCN", "Jobcenter Nyropsgade", E),
            unit("JCS", "Jobcenter Skelbækgade", E),
            unit("SDP", "Jobcenter Sygedagpenge", E),
            unit("JSV", "Center for Job på Særlige Vilkår", S("JSV")),
            unit("CJF", "Center for Job og Formidling", S("CJF")),
            unit("YDS", "Ydelsesservice København", S("Ydelsesservice")),
            unit("CKB", "CKB", E),
            unit("CAB", "CAB", E),
            unit("CBSI", "CBSI", E),
            summary("JCK", "Jobcenter København", E, "JCM, JCN, JCS"),
            summary("BC", "Beskæftigelsescentrene", E, "CKB, CAB, CBSI"),
            summary("JCK+CJF", "Jobcenter København og CJF", E, "JCK, CJF"),
            summary("BIF", "Beskæftigelses- og Integrationsforvaltningen i alt", S("BIF i alt"), "alle"),
        ],
    }
}

fn tabeller() -> SheetSpec<'static> {
    let t = |n: f64, title, source, note: V<'static>, remark: V<'static>| {
        vec![N(n), S(title), S(source), note, remark]
    };
    SheetSpec {
        name: "Tabeller",
        widths: &[6.0, 60.0, 50.0, 30.0, 40.0],
        rows: vec![
            vec![S("Nr"), S("Titel"), S("Kilde"), S("Note"), S("Tekst under tabel")],
            t(
                1.0,
                "Status for tilgangen til gruppen af kontanthjælpsmodtagere med mere end 12 mdrs. ledighed",
                KILDE_LIS,
                E,
                E,
            ),
            t(2.0, "Afgangsraten for kontanthjælpsmodtagere med mere end 12 mdrs. ledighed", KILDE_LIS, E, E),
            t(3.0, "Antallet af unge under 30 år med mere end 6 mdr.’s ledighed", KILDE_LIS, E, E),
            t(4.0, "Rettidighed for kontaktforløb", KILDE_LIS, E, E),
            t(5.0, "Rettidighed for ret og pligt tilbud", KILDE_LIS, E, E),
            t(6.0, "Andelen af sygedagpengemodtagere, der afsluttes inden 26 uger", KILDE_LIS_LILLE, E, E),
            t(7.0, "Nedbringelse af de langvarige sager, 2008", KILDE_LIS_LILLE, E, E),
            t(8.0, "Fleksjob", KILDE_EGNE_BEREGNINGER, E, E),
            t(9.0, "Rettidighed i kontaktforløb i forbindelse med fleksjob", KILDE_EGNE_BEREGNINGER, E, E),
            t(
                10.0,
                "Beskæftigelseseffekter efter henholdsvis 3 og 6 måneder",
                "Beskæftigelses- og Integrationsforvaltningens ledelsesinformationssystem.",
                S("Effekter efter henholdsvis 3 og 6 måneder måles forskelligt"),
                E,
            ),
            t(11.0, "Virksomhedspraktik", KILDE_LIS_LILLE, E, E),
            t(
                12.0,
                "Andel af kontanthjælps- og sygedagpengesager, der er behandlet indenfor tidsfristerne 2008",
                "Beskæftigelses- og Integrationsforvaltningens egne registreringer og stikprøver",
                E,
                E,
            ),
            t(
                13.0,
                "Antallet af formalitetsklagesager med helt eller delvis medhold, 2. kvartal 2008",
                "BIFs Borgerklagestatistik",
                E,
                E,
            ),
            t(
                14.0,
                "Telefonstatistik",
                "Beskæftigelses- og Integrationsforvaltningens egne registreringer.",
                S("Simpelt gennemsnit"),
                E,
            ),
            t(
                16.0,
                "Samlet sygefravær i BIF fordelt på centre, 1. kvartal 2008",
                KILDE_EGNE_REG,
                E,
                S(UDEN_CENTRAL),
            ),
            t(
                17.0,
                "Korttidssygefravær i BIF fordelt på centre, 1. kvartal 2008",
                KILDE_EGNE_REG,
                E,
                S(UDEN_CENTRAL),
            ),
            t(
                18.0,
                "Det Personalepolitiske Termometer",
                "Beskæftigelses- og Integrationsforvaltningens egne registreringer.",
                E,
                S(UDEN_CENTRAL),
            ),
            t(19.0, "Anvendelse af den samlede bevilling", KILDE_REGNSKAB, E, E),
            t(20.0, "Anvendelse af det samlede købsbudget", KILDE_REGNSKAB, E, E),
            t(
                21.0,
                "Bevilling og forbrug for Ydelsesservice og Beskæftigelsescentrene",
                KILDE_REGNSKAB,
                E,
                E,
            ),
        ],
    }
}

#[allow(clippy::too_many_arguments)]
fn goal(
    id: &'static str,
    table: f64,
    param: f64,
    kind: &'static str,
    text: &'static str,
    measure: &'static str,
    direction: &'static str,
    decimals: V<'static>,
    diff_decimals: V<'static>,
) -> Vec<V<'static>> {
    vec![S(id), N(table), N(param), S(kind), S(text), S(measure), S(direction), decimals, diff_decimals, E]
}

fn maal() -> SheetSpec<'static> {
    let mut sheet = maal_uden_art();
    // Every goal says how it is judged at mid-year. Table 2's exit rate is to
    // be back at the 2007 level by the year's end (the seed speaks of «måltallet
    // for halvåret»), table 7's stock of long cases is to be a quarter lower by
    // the year's end with «the largest fall in the last quarter»: both levels
    // with a milestone for the half year (in «Resultater»). Table 11 counts
    // agreements made over the year.
    sheet.widths = &[8.0, 7.0, 10.0, 14.0, 70.0, 12.0, 16.0, 10.0, 10.0, 10.0, 22.0];
    for row in &mut sheet.rows {
        let kind = match (&row[0], &row[5]) {
            (S("Id"), _) => S("Målart"),
            (S("2" | "7"), _) => S("niveau ved årets udgang"),
            (_, S("antal" | "beløb")) => S("antal over året"),
            _ => S("andel"),
        };
        row.push(kind);
    }
    // An exit rate that is to be held at the 2007 level is met at or above it.
    let two = sheet.rows.iter_mut().find(|r| matches!(r[0], S("2"))).expect("goal 2");
    two[6] = S("højere er bedre");
    sheet
}

fn maal_uden_art() -> SheetSpec<'static> {
    const R: &str = "Resultatmål";
    const I: &str = "Indsatsmål";
    SheetSpec {
        name: "Mål",
        widths: &[8.0, 7.0, 10.0, 14.0, 70.0, 12.0, 16.0, 10.0, 10.0, 10.0],
        rows: vec![
            vec![
                S("Id"),
                S("Tabel"),
                S("Styringsparameter"),
                S("Måltype"),
                S("Måltekst"),
                S("Måleenhed"),
                S("Retning"),
                S("Decimaler"),
                S("Decimaler forskel"),
                S("Tolerance"),
            ],
            goal(
                "1",
                1.0,
                1.0,
                R,
                "Tilgangen til gruppen af kontanthjælpsmodtagere med mere end 12 mdrs. ledighed skal nedbringes med mindst 10 %.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "2",
                2.0,
                1.0,
                R,
                "Afgangsraten fra gruppen (med mindst 12 mdrs. kontanthjælp) skal fastholdes i 2008 i forhold til 2007.",
                "procent",
                "fasthold",
                E,
                E,
            ),
            goal(
                "3",
                3.0,
                1.0,
                I,
                "Antallet af unge under 30 år med mere end 6 mdr.’s ledighed skal nedbringes med 15 % i forhold til 2007 (helårspersoner).",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "4",
                4.0,
                1.0,
                I,
                "Rettidigheden for kontaktforløb skal udgøre mindst 95 % i 2008.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "5",
                5.0,
                1.0,
                I,
                "95 % af alle ret og pligt tilbud skal afgives rettidigt.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "6",
                6.0,
                1.0,
                R,
                "Minimum 70 % af de sygedagpengemodtagere, der befinder sig i deres 8. uge skal være afsluttet inden 26 uger.",
                "procent",
                "højere er bedre",
                N(0.0),
                N(1.0),
            ),
            goal(
                "7",
                7.0,
                1.0,
                R,
                "Antallet af sygedagpengesager på over 52 uger skal nedbringes med 25 % i forhold til 4. kvartal 2007.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "8",
                8.0,
                1.0,
                R,
                "50 % af de, der afventer fleksjob, kommer i fleksjob indenfor hhv. de første 6 mdr. efter modtagelse i JSV.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "9",
                9.0,
                1.0,
                I,
                "Rettidigheden i kontaktforløb for dem, der afventer fleksjob, skal udgøre mindst 95 % i 2008.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "10a",
                10.0,
                1.0,
                R,
                "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør mindst 41,7 % i 2008 for beskæftigelsescentrene samlet.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "10b",
                10.0,
                1.0,
                R,
                "Andelen af kontanthjælpsmodtagere, som påbegynder et aktiveringsforløb, og som 6 mdr. efter denne påbegyndelse er ude af kommunal forsørgelse udgør mindst 39 % for beskæftigelsescentrene og 57 % for CJF i 2008.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "11",
                11.0,
                1.0,
                R,
                "Der skal indgås aftaler om 282 nye virksomhedspraktikker og løntilskudspladser i 2008.",
                "antal",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "12a",
                12.0,
                1.0,
                R,
                "Mindst 50 % af alle nyansøgninger om kontanthjælp skal være afgjort på førstedagen (inden et døgn efter modtagelse).",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "12b",
                12.0,
                1.0,
                R,
                "Alle nye sager om ”fortsat syge”, skal inden 6 ugersdagen for 1. sygedag eller senest 2 hverdage efter modtaget anmeldelse være oversendt til Jobcenter København, Sygedagpenge.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "12c",
                12.0,
                1.0,
                R,
                "Mindst 95 % af alle løntilskudsudbetalinger til virksomheder skal være afsluttet senest en måned efter anmodningen fra virksomheden er modtaget.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "13",
                13.0,
                2.0,
                R,
                "Antallet af formalitetsklagesager – opgjort i point – skal nedbringes til mindst 10 pct. i 2008 (delvis medhold = 0,5 point og helt medhold = 1 point).",
                "point",
                "lavere er bedre",
                N(1.0),
                E,
            ),
            goal(
                "14",
                14.0,
                2.0,
                I,
                "Mindst 95 % af alle telefonhenvendelser, som indgår til centret, skal besvares af en medarbejder på centret.",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "16",
                16.0,
                3.0,
                I,
                "Centrets sygefravær reduceres i 2008 til højst det antal dage pr. medarbejder, der er aftalt i centrets kontrakt (dvs. bedre målopfyldelse, jo lavere tal for gns. sygefravær i dage).",
                "dage",
                "lavere er bedre",
                E,
                E,
            ),
            goal(
                "17",
                17.0,
                3.0,
                I,
                "Centrets korttidssygefravær (mindre end 15 dage) reduceres i 2008 til højst det antal dage pr. medarbejder, der er aftalt i centrets kontrakt (dvs. bedre målopfyldelse, jo lavere tal for gns. sygefravær i dage).",
                "dage",
                "lavere er bedre",
                N(1.0),
                E,
            ),
            goal(
                "18",
                18.0,
                3.0,
                I,
                "Scoren på spørgsmål 10 i Det Personalepolitiske Termometer ”Alt i alt oplever jeg min arbejdsplads som en attraktiv arbejdsplads” forbedres i 2008 til mindst det antal point, der er aftalt i centrets kontrakt (dvs. bedre målopfyldelse, jo højere point tallet er).",
                "point",
                "højere er bedre",
                E,
                E,
            ),
            goal(
                "19",
                19.0,
                4.0,
                R,
                "Centret skal bruge højest 100 % af sit driftsbudget i 2008.",
                "procent",
                "lavere er bedre",
                E,
                E,
            ),
            goal(
                "20",
                20.0,
                4.0,
                R,
                "Centret skal bruge mindst 85 % og højest 100 % af sit købsbudget i 2008.",
                "procent",
                "interval",
                E,
                E,
            ),
            goal(
                "21a",
                21.0,
                4.0,
                R,
                "Ydelsesservice skal sikre, at enhedens samlede bevilling overholdes i 2008.",
                "procent",
                "lavere er bedre",
                E,
                E,
            ),
            goal(
                "21b",
                21.0,
                4.0,
                R,
                "Beskæftigelsescentrene skal levere et driftsoverskud på den samlede drift svarende til ½ % af nettobudgettet i 2008 (måltallet for det vægtede driftsoverskud centrene imellem er sat til 100 %).",
                "procent",
                "højere er bedre",
                E,
                E,
            ),
        ],
    }
}

fn r(goal: &'static str, unit: &'static str, target: V<'static>, result: V<'static>) -> Vec<V<'static>> {
    vec![S(goal), S(unit), target, result]
}

fn resultater() -> SheetSpec<'static> {
    let mut rows = vec![
        vec![
            S("Mål-id"),
            S("Enhed"),
            S("Måltal"),
            S("Resultat"),
            S("Uddybning"),
            S("Mærke"),
            S("Trafiklys"),
            S("Begrundelse"),
        ],
        // Table 1 is entered as Excel percentages, as the management
        // information system exports them; the rest as plain numbers.
        vec![
            S("1"),
            S("JCK"),
            P(0.10),
            P(0.045),
            E,
            E,
            S("gul"),
            S(
                "Forventes nået på helårsbasis, da der er en nedadgående trend i tilgangen til langvarig ledighed.",
            ),
        ],
        r("2", "JCK", N(20.4), N(18.2)),
        r("3", "JCK", N(15.0), N(15.0)),
        r("4", "JCK", N(95.0), N(81.0)),
        r("5", "JCK", N(95.0), N(91.0)),
        // 58,8 % is printed as 59 % (no decimals) with the difference -11,2.
        r("6", "SDP", N(70.0), N(58.8)),
        r("7", "SDP", N(25.0), N(24.0)),
        r("8", "JSV", N(50.0), N(51.7)),
        r("9", "JSV", N(95.0), N(96.0)),
        r("10a", "BC", N(41.7), N(31.1)),
        r("10b", "BC", N(39.0), N(32.3)),
        r("10b", "CJF", N(57.0), N(55.0)),
        vec![S("11"), S("JCK+CJF"), N(282.0), N(281.0), S("131 virk. prak., 150 løntilskud")],
        r("12a", "YDS", N(50.0), N(57.0)),
        r("12b", "YDS", N(100.0), N(95.0)),
        r("12c", "YDS", N(95.0), N(95.0)),
        r("13", "JCK", N(34.1), N(62.0)),
        r("13", "CJF", N(0.0), N(0.0)),
        r("13", "JSV", N(0.0), N(0.0)),
        r("13", "SDP", N(10.5), N(29.0)),
        r("13", "YDS", N(10.4), N(19.5)),
        r("14", "JCK", N(95.0), N(94.0)),
    ];
    /// Unit, mark, then target and result of tables 16, 17 and 18.
    type SickLeaveRow = (&'static str, &'static str, f64, f64, f64, f64, f64, f64);
    let sick: [SickLeaveRow; 7] = [
        ("JCK", "", 7.2, 6.0, 3.0, 3.0, 56.8, 57.6),
        ("BC", "", 5.9, 5.2, 3.3, 3.5, 71.3, 59.7),
        ("SDP", "", 4.6, 4.8, 2.6, 3.0, 51.1, 59.0),
        ("YDS", "", 5.4, 5.6, 3.4, 3.2, 70.2, 72.0),
        ("JSV", "", 5.0, 4.3, 4.9, 3.1, 70.0, 88.0),
        ("CJF", "", 5.6, 7.5, 2.9, 5.2, 65.0, 69.0),
        ("BIF", "*", 4.3, 5.5, 2.4, 3.2, 64.0, 63.0),
    ];
    for (goal, pick) in [("16", 0usize), ("17", 1), ("18", 2)] {
        for (unit, mark, a, b, c, d, e, f) in sick {
            let (t, res) = [(a, b), (c, d), (e, f)][pick];
            let mark = if mark.is_empty() { E } else { S(mark) };
            rows.push(vec![S(goal), S(unit), N(t), N(res), E, mark]);
        }
    }
    rows.extend([
        r("19", "JCK", N(100.0), N(87.7)),
        r("20", "JCK", S("85-100"), N(70.0)),
        r("21a", "YDS", N(100.0), N(90.0)),
        r("21b", "BC", N(100.0), N(98.7)),
    ]);
    // The milestones of the two levels (see «Mål»), the hand-set light of
    // table 12's second row, and the periods of the rows that are not for the
    // half year (tables 13, 16 and 17).
    for row in &mut rows {
        row.resize(8, E);
        let (goal, unit) = (&row[0], &row[1]);
        let milestone = match (goal, unit) {
            (S("Mål-id"), _) => S("Periodemål"),
            (S("2"), S("JCK")) => N(18.0),
            (S("7"), S("SDP")) => N(12.0),
            _ => E,
        };
        let period = match goal {
            S("Mål-id") => S("Opgørelsesperiode"),
            S("13") => S("2. kvartal 2008"),
            S("16" | "17") => S("1. kvartal 2008"),
            _ => E,
        };
        if let (S("12b"), S("YDS")) = (goal, unit) {
            row[6] = S("grøn");
            row[7] = S(
                "Ydelsesservice opfylder fint sine resultatmål for første del af 2008, og der forventes fuld målopfyldelse på helårsniveau.",
            );
        }
        row.extend([milestone, period]);
    }
    SheetSpec {
        name: "Resultater",
        widths: &[8.0, 10.0, 10.0, 10.0, 30.0, 8.0, 10.0, 60.0, 12.0, 18.0],
        rows,
    }
}

fn dokument() -> SheetSpec<'static> {
    let mut rows: Vec<Vec<V<'static>>> = vec![vec![S("Type"), S("Tekst"), S("Fodnote")]];
    for (kind, text) in DOKUMENT {
        rows.push(vec![S(kind), S(text)]);
    }
    // The seed's one footnote, on the complaints goal of section 2.1.
    let at = rows
        .iter()
        .position(|r| matches!(r[1], S(t) if t.starts_with("Antallet af formalitetsklagesager skal")))
        .expect("bullet of 2.1");
    rows[at].push(S("Jobcenter Sygedagpenge skal dog fastholde samme niveau som i 2007."));
    SheetSpec { name: "Dokument", widths: &[18.0, 110.0, 40.0], rows }
}

/// The document in reading order: (type, text).
const DOKUMENT: &[(&str, &str)] = &[
    ("overskrift 1", "Indledning"),
    (
        "tekst",
        "I begyndelsen af 2008 indgik Beskæftigelses- og Integrationsforvaltningen resultatkontrakter med de 10 decentrale enheder i forvaltningen: Jobcenter Musvågevej, Jobcenter Nyropsgade og Jobcenter Skelbækgade, Jobcenter Sygedagpenge, Center for Job på Særlige Vilkår, Center for Job og Formidling, Ydelsesservice København og beskæftigelsescentrene CKB, CAB og CBSI.",
    ),
    ("tekst", "Nærværende notat er en halvårsstatus for 2008."),
    ("overskrift 2", "De fire styringsparametre"),
    (
        "tekst",
        "Alle decentrale enheder bliver med resultatkontrakterne styret ud fra fire overordnede parametre:",
    ),
    ("styringsparametre", ""),
    (
        "tekst",
        "Resultatkontrakterne er bygget op omkring de fire styringsparametre. Der er fastsat resultatmål, indsatsmål og udviklingsmål indenfor alle parametre. Sammen skaber de fire styringsparametre og de tre måltyper en balanceret styring af beskæftigelsesindsatsen.",
    ),
    ("overskrift 2", "Formålet med halvårsopfølgningen"),
    (
        "tekst",
        "Der har været afholdt 3 møder med samtlige 10 decentrale enheder i første halvår af 2008 med udgangspunkt i kontrakterne. Fokus har naturligt været på hvor indsatsen skulle forbedres for at opfylde kontrakternes mål ved årets udgang.",
    ),
    (
        "tekst",
        "Halvårsopfølgningen for 2008 sammenfatter de væsentligste resultat- og indsatsmål for de 10 udførende enheder, som indikerer hvordan den hidtidige beskæftigelsesindsats har været. Der er lagt vægt på at afrapportere i fht. de væsentligste fælles mål sat for alle enheder, og i fht. de væsentligste centerspecifikke mål. Forvaltningen har vurderet på målopfyldelsen og påpeget områder, hvor der skal rettes et ekstra fremadrettet fokus i den beskæftigelsespolitiske indsats i anden halvdel af 2008.",
    ),
    (
        "tekst",
        "For at gøre vurderingen af de opnåede resultater overskuelig er der indført et trafiklyssystem med farverne rød, gul, grøn i alle tabellerne.",
    ),
    ("trafiklys", ""),
    (
        "tekst",
        "I de følgende afsnit gennemgås målopfyldelsen ved halvårsstatus for de mest centrale resultat- og indsatsmål i kontrakterne for 2008.",
    ),
    // 1. Beskæftigelsesindsatsen
    ("kapitel", "Beskæftigelsesindsatsen"),
    (
        "tekst",
        "Beskæftigelsesindsatsen i Københavns Kommune skal sikre kontanthjælpsmodtagere den kortest mulige vej til arbejdsmarkedet og bidrage til at skabe et kvalificeret arbejdsudbud. Overordnet set skal der derfor ske en tidlig indsats overfor korttidsledige for at hindre langtidsledighed, og langtidsledige skal hjælpes tilbage på arbejdsmarkedet. Effekterne heraf bliver vurderet ud fra flere forskellige overordnede resultatmål, der relaterer sig til hhv. indsatsen for de korttidsledige og indsatsen for de langtidsledige. I det følgende præsenteres nogle af de mest centrale resultatmål.",
    ),
    ("afsnit", "Effekterne af den tidlige indsats"),
    ("tekst", "I kontrakterne med Jobcenter København er målet, at:"),
    (
        "punkt",
        "Tilgangen til gruppen af kontanthjælpsmodtagere med mere end 12 mdrs. ledighed skal nedbringes med mindst 10 % i 2008 i fht. 2007.",
    ),
    ("tabel", "1"),
    (
        "tekst",
        "Det er i løbet af de første 6 måneder af 2008 ikke fuldt ud lykkedes for Jobcenter København at nedbringe tilgangen af kontanthjælpsmodtagere med mere end 12 mdrs. ledighed i forhold til tilgangen i 2007. Resultatet ligger 5,5 procentpoint under resultatmålet. Det forventes dog nået på helårsbasis, da der er en nedadgående trend i tilgangen til langvarig ledighed.",
    ),
    (
        "tekst",
        "Dette billede understøttes af, at der fortsat er en generel nedadgående trend i det samlede antal kontanthjælpsmodtagere i København, det gælder både berørte af ledighed og helårskontanthjælpsmodtagere. Det betyder, at der generelt også bør være færre der kommer ind i gruppen af langvarigt ledige.",
    ),
    (
        "tekst",
        "På den baggrund forventes det, at Jobcenter København kan opfylde ovenstående målsætning på årsbasis ved at være særlig opmærksomme på indsatsen overfor de korttids- og arbejdsmarkedsparate ledige.",
    ),
    ("afsnit", "Effekterne af indsatsen overfor langtidsledige"),
    (
        "tekst",
        "Indsatsen på jobcentrene skal også have en effekt i forhold til at reducere antallet af langtidsledige. Dette måles i kontrakterne på:",
    ),
    (
        "punkt",
        "Afgangsraten fra gruppen (med mindst 12 mdrs. kontanthjælp) skal fastholdes i 2008 i forhold til 2007.",
    ),
    ("tabel", "2"),
    (
        "tekst",
        "Som det ses af tabel 2 er afgangsraten for Jobcenter København stort set på niveau med måltallet for halvåret 2008. Afgangen har været støt stigende henover første halvår, så det forventes at Jobcentret kan nå det fastsatte resultatmål på årsbasis.",
    ),
    ("afsnit", "Indsatsen for de unge"),
    (
        "tekst",
        "Et særligt resultatmål omhandler beskæftigelsesindsatsen for de unge. Det er ønsket at få de unge i arbejde hurtigst muligt, så denne gruppe ikke kommer til at udgøre nogen betragtelig andel af de ledige. I kontrakterne er der fastsat mål om, at:",
    ),
    (
        "punkt",
        "Antallet af unge under 30 år med mere end 6 mdr.’s ledighed skal nedbringes med 15 % i forhold til 2007.",
    ),
    ("tabel", "3"),
    (
        "tekst",
        "Som det ses af tabel 3, har Jobcenter København opfyldt deres resultatmål for første halvår 2008 fuldt ud.",
    ),
    (
        "tekst",
        "For at fastholde denne gode trend er det planen til efteråret at sætte særlig fokus på yderligere nedbringelse af denne målgruppes ledighed ved at afholde forskellige arrangementer rettet mod unge.",
    ),
    ("afsnit", "Kontaktforløb (jobsamtaler)"),
    (
        "tekst",
        "Omdrejningspunktet for indsatsen i Jobcenter København er jobsamtaler med de ledige borgere hver 3. måned. Her udarbejdes jobplaner, formidles job, afgives tilbud og afprøves rådighed mv.",
    ),
    ("tekst", "I kontrakterne er der fastsat mål om, at:"),
    ("punkt", "Rettidigheden for kontaktforløb skal udgøre mindst 95 % i 2008."),
    ("tabel", "4"),
    (
        "tekst",
        "Rettidigheden for kontaktforløbene i 2008, som ses af tabel 4, viser, at Jobcentrene samlet set ikke har nået målniveauet i første halvdel af året. I gennemsnit ligger det samlede Jobcenter København 14 procentpoint fra halvårsmåltallet. Resultatet dækker over en positiv tendens, hvor alle centre har en stigende kurve på rettidigheden.",
    ),
    (
        "tekst",
        "Denne udvikling har betydet, at man på jobcentrene har sat projekter i gang for at højne niveauet for rettidighed. Blandt andet har man optimeret relevante arbejdsgange ude i jobcentrene. Derfor er forventningen også, at rettidigheden vil stige i anden halvdel af 2008, om end det næppe bliver muligt at opnå et gennemsnit på 95 pct. for hele året.",
    ),
    ("afsnit", "Rettidighed i forhold til ret og pligt tilbud"),
    (
        "tekst",
        "I resultatkontrakterne indgår mål for jobcentrenes rettidighed i forbindelse med opfyldelsen af deres forpligtelse til at tilbyde kontanthjælpsmodtagere ret og pligt tilbud efter et lovfastsat tidsrum. I kontrakterne er dette formuleret som:",
    ),
    ("punkt", "95 % af alle ret og pligt tilbud skal afgives rettidigt."),
    ("tabel", "5"),
    (
        "tekst",
        "Af tabel 5 fremgår det, at Jobcenter København er 4 procentpoint fra rettidighedsmålet for første halvår af 2008.",
    ),
    (
        "tekst",
        "Der har generelt i år været fokus på rettidighed. Jobcenter København har haft forskellige projekter i gang for at forbedre sig på dette punkt. Blandt andet er der i løbet af sommeren blevet rettet op på en uhensigtsmæssig registrering af de ledige i jobcentret, hvilket har haft en positiv effekt på de månedlige tal for rettidigheden. Denne trend forventes at fortsætte resten af året.",
    ),
    ("afsnit", "Sygedagpengeindsatsen"),
    (
        "tekst",
        "Jobcenter Sygedagpenge skal sikre, at flest mulige sygedagpengemodtagere hurtigst muligt fastholdes i job. I resultatkontrakten med Jobcenter Sygedagpenge måles effekten af sygedagpengeindsatsen primært på følgende:",
    ),
    (
        "punkt",
        "Minimum 70 % af de sygedagpengemodtagere, der befinder sig i deres 8. uge skal være afsluttet inden 26 uger.",
    ),
    ("tabel", "6"),
    (
        "tekst",
        "Jobcenter Sygedagpenge lever i øjeblikket ikke op til sin målsætning om minimum 70 % afgang blandt sygedagpengemodtagerne. Centret ligger 11,2 procentpoint under målkravet. Det forventes, at niveauet løftes i 2. halvår, men der kan være risiko for, at måltallet samlet set ikke kan nås.",
    ),
    (
        "tekst",
        "Jobcenter Sygedagpenge arbejder på en mere målrettet opfølgning på de nye sager, så der kan bruges mere tid på de sager, der reelt har behov for en indsats. Dette sker i en nyetableret screeningsenhed.",
    ),
    ("overskrift 3", "Nedbringelse af de langvarige sager"),
    ("tekst", "I kontrakten for Jobcenter Sygedagpenge indgår målet:"),
    (
        "punkt",
        "Antallet af sygedagpengesager på over 52 uger skal nedbringes med 25 % i forhold til 4. kvartal 2007.",
    ),
    (
        "tekst",
        "Målet handler om nedbringelse af de langvarige sygedagpengesager. Der måles specifikt på, om det vil lykkes at reducere i den mængde af langvarige sager, der er ved årets start.",
    ),
    (
        "tekst",
        "Det er vigtigt at påpege, at der på dette område findes to måltal i forvaltningen. Det første er dette resultatkontraktsmål, som taler om en nedbringelse på 25 % på årsbasis. Det andet er en aftale mellem BIF og Økonomiforvaltningen, som går på en reduktion på kun 17 % i antallet af sygedagpengesager på over 52 uger på årsbasis.",
    ),
    (
        "tekst",
        "Begge mål forudsætter en accelererende udvikling i nedbringelsen af sygedagpengesager. Det vil sige, at det største fald forventes i årets sidste kvartal.",
    ),
    ("tabel", "7"),
    (
        "tekst",
        "Det fremgår af tabel 7, at Jobcenter Sygedagpenge fint lever op til reduktionen i sagsmængden i forhold til resultatkontraktsmålet for første halvdel af 2008.",
    ),
    (
        "tekst",
        "For at bevare det hidtidige faldende sagsniveau, samt sørge for, at niveauet falder endnu mere i sidste del af året, er der truffet beslutning om ekstern bistand til afslutning af de lange sygedagpengesager. Endvidere er der gennem 2008 overført midler til en styrkelse af opfølgning på sygedagpengesager ved en egentlig opnormering af sygedagpengecentret, ligesom der flyttes ikke-kerneopgaver, således at centret har flere ressourcer til sygedagpengeopfølgning.",
    ),
    ("afsnit", "Fleksjob"),
    ("tekst", "På fleksjobområdet er det centrale mål i kontrakten med Center for Job på Særlige Vilkår:"),
    (
        "punkt",
        "50 % af de, der afventer fleksjob, kommer i fleksjob indenfor hhv. de første 6 mdr. efter modtagelse i JSV.",
    ),
    ("tabel", "8"),
    (
        "tekst",
        "Rettidigheden indenfor kontaktforløb med personer, der afventer fleksjob, søges styrket i 2008 via følgende indsatsmål:",
    ),
    (
        "punkt",
        "Rettidigheden i kontaktforløb for dem, der afventer fleksjob, skal udgøre mindst 95 % i 2008.",
    ),
    ("tabel", "9"),
    (
        "tekst",
        "Som det fremgår af både tabel 8 og 9, så har Center for Job på Særlige Vilkår mere end opfyldt deres resultatmål for de første 6 måneder af 2008.",
    ),
    ("afsnit", "Beskæftigelsestilbuddene"),
    ("overskrift 3", "Udslusning fra beskæftigelsestilbud"),
    (
        "tekst",
        "I beskæftigelsescentrenes resultatkontrakter er der fastsat resultatmål for, hvor mange af dem, der afslutter et tilbud, også kommer ud i mere varig selvforsørgelse efter 3 og 6 måneder:",
    ),
    (
        "punkt",
        "Andelen af kontanthjælpsmodtagere, der efter endt aktivering på centret, er ude af kommunal forsørgelse i de følgende 3 mdr. udgør mindst 41,7 % i 2008 for beskæftigelsescentrene samlet.",
    ),
    (
        "punkt",
        "Andelen af kontanthjælpsmodtagere, som påbegynder et aktiveringsforløb, og som 6 mdr. efter denne påbegyndelse er ude af kommunal forsørgelse udgør mindst 39 % for beskæftigelsescentrene og 57 % for CJF i 2008.",
    ),
    ("tabel", "10"),
    (
        "tekst",
        "Det ses af ovenstående tabel 10, at beskæftigelsescentrene samlet set ikke opfylder målkravet for første halvår af 2008. Det samlede resultat dækker dog over en betydelig variation i både målopfyldelsen centrene imellem og store skift i udviklingen i de månedsbaserede tal.",
    ),
    (
        "tekst",
        "Målene gælder for indsatsen for arbejdsmarkedsparate ledige, hvor effekterne erfaringsmæssigt tidligere har været højere. Det er planen, at beskæftigelsescentrene vil iværksætte yderligere analyser af, hvorfor de ikke lever op til det fastsatte måltal. Der kan eventuelt være tale om, at målgruppen har udviklet sig, og at de modtagne borgere derfor har en længere vej til arbejdsmarkedet end tidligere.",
    ),
    (
        "tekst",
        "CJF modtager primært nystartede arbejdsmarkedsparate kontanthjælpsmodtagere, der skal have jobsøgningsstøtte. CJF har i sin kontrakt kun et resultatmål vedr. forsørgelsesstatus for kontanthjælpsmodtagere 6 måneder efter deres påbegyndelse af aktivering. Her lever centret næsten helt op til sin målsætning om, at mindst 57 % af disse kontanthjælpsmodtagere skal være ude af kommunal forsørgelse.",
    ),
    ("overskrift 3", "Virksomhedsplaceringer"),
    (
        "tekst",
        "I kontrakterne med beskæftigelsescentrene er der endvidere fastsat mål for antallet af virksomhedsplaceringer (dvs. virksomhedspraktik og løntilskud) i 2008.",
    ),
    (
        "tekst",
        "Desværre er status i øjeblikket, at tallene for første halvår 2008 ikke er fuldt valide. Der arbejdes målrettet på at lave mere valide og retvisende målinger, som kan bruges fremover.",
    ),
    (
        "tekst",
        "Halvårsstatus for virksomhedsplaceringer i Jobcenter København og Center for Job og Formidling præsenteres i nedenstående tabel 11.",
    ),
    ("tabel", "11"),
    (
        "tekst",
        "I tabel 11 kan man se, at Jobcenter København og Center for Job og Formidling til sammen fuldt ud opfylder resultatmålet for første halvdel af 2008.",
    ),
    (
        "tekst",
        "Det er planen i andet halvår af 2008 at have særlig fokus på at indgå virksomhedspraktikpladsaftaler med store virksomheder.",
    ),
    ("afsnit", "Ydelsesservice"),
    (
        "tekst",
        "I resultatkontrakten for Ydelsesservice er der sat en række mål for udviklingen af servicen overfor borgerne.",
    ),
    (
        "tekst",
        "De helt centrale mål for Ydelsesservice er ekspeditionen af ansøgninger om kontanthjælp og sygedagpengesager:",
    ),
    (
        "punkt",
        "Mindst 50 % af alle nyansøgninger om kontanthjælp skal være afgjort på førstedagen (inden et døgn efter modtagelse).",
    ),
    (
        "punkt",
        "Alle nye sager om ”fortsat syge”, skal inden 6 ugersdagen for 1. sygedag eller senest 2 hverdage efter modtaget anmeldelse være oversendt til Jobcenter København, Sygedagpenge.",
    ),
    (
        "punkt",
        "Mindst 95 % af alle løntilskudsudbetalinger til virksomheder skal være afsluttet senest en måned efter anmodningen fra virksomheden er modtaget.",
    ),
    ("tabel", "12"),
    (
        "tekst",
        "Det kan ses af tabel 12, at Ydelsesservice fint opfylder deres resultatmål for første del af 2008, og det forventes, at der på helårsniveau vil være fuld målopfyldelse.",
    ),
    (
        "tekst",
        "Da Ydelsesservices resultatmål hovedsageligt handler om betjening af eksterne virksomheder, er de gode resultater med til at give en positiv oplevelse af servicen i Beskæftigelses- og Integrationsforvaltningen.",
    ),
    // 2. Kvalitet i servicen
    ("kapitel", "Kvalitet i servicen"),
    (
        "tekst",
        "Alle decentrale enheder under Beskæftigelses- og Integrationsforvaltningen skal sikre en høj kvalitet i udførelsen af beskæftigelsesindsatsen. Både enhederne i Jobcenter København, beskæftigelsescentrene og Ydelsesservice København skal være kendetegnet ved åbenhed, imødekommenhed og korrekt sagsbehandling. I kontrakterne for 2008 blev der derfor opstillet en række mål for kvaliteten i servicen.",
    ),
    ("afsnit", "Klagesager"),
    ("tekst", "I resultatkontrakterne har alle enheder fastsat mål om, at:"),
    (
        "punkt",
        "Antallet af formalitetsklagesager skal nedbringes med mindst 10 procent i 2008 i forhold til 2007.",
    ),
    (
        "tekst",
        "Tabel 13 viser det samlede antal registrerede klager – omregnet til point – til borgmester, direktør eller Borgerrådgiver, hvor borgerne har fået helt eller delvis medhold.",
    ),
    (
        "tekst",
        "Mål- og resultattallene i tabellen er opgjort i point. Der gives 1 point for klager med helt medhold og 0,5 point for klager med delvis medhold. Målet for 2. kvartal 2008 er beregnet som resultatet i 2. kvartal 2007 reduceret med 10 pct. Det vil sige, hvis et center havde 10 point i 2. kvartal 2007, udgør målet for 2. kvartal 2008 9 point. Som det eneste center skal Jobcenter Sygedagpenge fastholde samme klageniveau som i 2007.",
    ),
    ("tabel", "13"),
    (
        "tekst",
        "Som det fremgår af tabel 13, er der stor forskel mellem de forskellige centres klageniveauer. Det kan bl.a. forklares med, at netop Jobcenter København og Jobcenter Sygedagpenge varetager opgaver, som har stor direkte betydning for borgeren. Det er her, der træffes afgørelse om ydelser og indsats.",
    ),
    (
        "tekst",
        "Alle tre centre, hvor der er registreret formalitetsklager i 2. kvartal 2008, er dog så langt fra deres resultatmål, at det er usandsynligt, at de når målet på årsbasis.",
    ),
    (
        "tekst",
        "I Jobcenter Sygedagpenge skyldes stigningen i klageniveauet primært den generelle stigning i antallet af afsluttede sygedagpengesager, som medfører en stigning i antallet af klager vedr. evt. procedurefejl, ikke mindst i de meget lange sager.",
    ),
    (
        "tekst",
        "Forvaltningen har opstartet initiativer, hvor man generelt arbejder med at styrke kvaliteten af klagesagsbehandlingen med henblik på at nedbringe antallet af formalitetsklager fremover.",
    ),
    ("afsnit", "Telefonbetjeningen"),
    ("tekst", "I alle tre jobcentres resultatkontrakter er der fastsat mål om, at:"),
    (
        "punkt",
        "Mindst 95 % af alle telefonhenvendelser, som indgår til centret, skal besvares af medarbejder på centret.",
    ),
    (
        "tekst",
        "Der er taget udgangspunkt i resultaterne fra call-centrets viderestillinger til jobcenterenhederne.",
    ),
    ("tabel", "14"),
    (
        "tekst",
        "Som det ses af ovenstående tabel 14, lever Jobcenter København stort set op til målniveauet for 2008, idet 94 % af telefonhenvendelserne er blevet besvaret af en medarbejder på centrene.",
    ),
    ("tekst", "Der arbejdes fortsat på at forbedre procedurerne omkring telefonhenvendelserne."),
    // 3. Personale
    ("kapitel", "Personale"),
    (
        "tekst",
        "Beskæftigelses- og Integrationsforvaltningen skal være en attraktiv arbejdsplads, hvor trivsel og engagement blandt medarbejderne er med til at understøtte en effektiv opgavevaretagelse. Derfor har der i alle resultatkontrakter været fastsat mål på det personale- og organisatoriske område.",
    ),
    ("afsnit", "Sygefravær"),
    (
        "tekst",
        "I resultatkontrakterne for alle 10 decentrale enheder er det et centralt mål, at sygefraværet nedbringes i 2008 i forhold til 2007. Alt efter hvor højt sygefraværet var i 2007, har enhederne sat mål om en reduktion på mellem 5 % og 29 % i 2008. Der har både været sat mål for en reduktion af det gennemsnitlige sygefravær og for korttidssygefraværet, hvor langtidssygemeldinger dermed ikke indgår.",
    ),
    (
        "tekst",
        "Desværre er der i øjeblikket ikke adgang til sygefraværet for 2. kvartal af 2008. Der arbejdes på at få skabt data hurtigst muligt. Nedenfor er vist sygefravær for første kvartal 2008.",
    ),
    (
        "tekst",
        "Der har generelt i alle 10 decentrale enheder været et stort fokus på nedbringelsen af sygefraværet og en øgning af medarbejdernes generelle trivsel. Der er flere steder igangsat nye initiativer, og gamle procedurer omkring sygefravær er blevet ændret. Alt dette har flyttet sygefraværet i den rigtige retning.",
    ),
    (
        "tekst",
        "I nedenstående tabeller er sygefraværet opgjort i antal gennemsnitlige sygefraværsdage, hvor måltallet er udtryk for det antal dage, som centrene mindst skal nedbringe deres sygefravær til.",
    ),
    ("tabel", "16"),
    ("tabel", "17"),
    (
        "tekst",
        "Af tabel 16 og 17 kan man se, at det går lidt bedre med at få nedbragt korttidssygefraværet sammenlignet med det samlede fravær. Men mange af centrene ligger meget tæt på deres resultatmål, så forventningerne til udviklingen er positive.",
    ),
    ("afsnit", "Det Personalepolitiske Termometer"),
    (
        "tekst",
        "I et forsøg på at sikre, at de enkelte medarbejdere i de 10 decentrale enheder oplever at blive en del af de fælles opgaver og resultater, at de føler sig engageret i arbejdspladsen samt trives psykisk og fysisk, er der i alle kontrakterne indskrevet følgende resultatmål:",
    ),
    (
        "punkt",
        "Scoren på spørgsmål 10 i Det Personalepolitiske Termometer ”Alt i alt oplever jeg min arbejdsplads som en attraktiv arbejdsplads” forbedres i 2008 til mindst det antal point, der er aftalt i centrets kontrakt.",
    ),
    ("tekst", "Resultatet af dette mål fremgår af nedenstående tabel."),
    ("tabel", "18"),
    (
        "tekst",
        "Af tabel 18 kan ses, at langt de fleste centre lever op til det fastsatte mål og dermed bliver opfattet som mere attraktive arbejdspladser af medarbejderne sammenlignet med sidste år.",
    ),
    (
        "tekst",
        "Der arbejdes målrettet i alle de 10 decentrale enheder med forbedringen af det fysiske og psykiske arbejdsmiljø, så forventningerne til udviklingen i dette resultatmål er positive.",
    ),
    // 4. Økonomi
    ("kapitel", "Økonomi"),
    (
        "tekst",
        "Alle enheder under Beskæftigelses- og Integrationsforvaltningen har ansvar for at levere en sikker økonomistyring, som understøtter målene for indsatsen, overholder lovgivningen og som sikrer stabilitet henover året. I kontrakterne er der derfor fastsat en række mål for økonomien i 2008.",
    ),
    (
        "tekst",
        "Budgetterne til de 10 decentrale enheder er givet under forskellige forudsætninger. I jobcentrene gives hhv. drifts- og købsbudgetter. I Ydelsesservice og beskæftigelsescentre gives driftsbudgetter, baseret på en grundbevilling og en taxameterbevilling, der giver mulighed for at justere budgetterne alt efter aktivitetsomfanget. Målene i kontrakterne på økonomiområdet er tilpasset disse forskelligheder i budgetterne.",
    ),
    ("afsnit", "Jobcentre"),
    ("tekst", "I resultatkontrakterne med jobcentrene er de væsentligste økonomiske mål, at:"),
    ("punkt", "Centret skal bruge højest 100 % af sit driftsbudget i 2008."),
    ("punkt", "Centret skal bruge mindst 85 % og højest 100 % af sit købsbudget i 2008."),
    ("tabel", "19"),
    ("tabel", "20"),
    (
        "tekst",
        "Jobcenter København har samlet set haft et mindreforbrug i det samlede budget på 12,3 procentpoint i forhold til halvårsbudgettet.",
    ),
    (
        "tekst",
        "Ligeledes har der været et betydeligt mindreforbrug på købsbudgettet i de første 6 måneder af 2008. Købsbudgettet dækker både køb af tilbud af eksterne leverandører og køb af flaskehalsindsatser. Købsbudgettet er dermed en indikator for centrenes samlede aktiveringsvolumen.",
    ),
    (
        "tekst",
        "Mindreforbruget på købsbudgettet kan forklares ved, at Jobcentret har udvist forsigtighed i sit køb af tilbud i de første måneder af året som følge af sidste efterårs opbremsning af tilbudskøb. Det har derfor taget for lang tid for centret at nå sit sædvanlige niveau for køb af aktiveringstilbud hos de eksterne leverandører.",
    ),
    (
        "tekst",
        "Der er henover sommeren effektueret en plan for at få flere i tilbud, hvilket indtil videre har betydet, at aktiveringsgraden er steget med et par procentpoint. Der vil i 2. halvår endvidere skulle arbejdes tæt sammen med de eksterne leverandører for at sikre, at så mange borgere som muligt får et relevant tilbud indenfor den økonomiske ramme.",
    ),
    ("afsnit", "Beskæftigelsescentrene og Ydelsesservice"),
    (
        "tekst",
        "I resultatkontrakterne for beskæftigelsescentrene og Ydelsesservice er det et mål for økonomien at:",
    ),
    ("punkt", "Ydelsesservice skal sikre, at enhedens samlede bevilling overholdes i 2008."),
    (
        "punkt",
        "Beskæftigelsescentrene skal levere et driftsoverskud på den samlede drift svarende til ½ % af nettobudgettet i 2008.",
    ),
    ("tabel", "21"),
    (
        "tekst",
        "Det ses af ovenstående tabel 21, at Ydelsesservice har et forbrug svarende til 90 % af den samlede bevilling for halvåret 2008, mens beskæftigelsescentrene stort set opfylder målet fuldt ud.",
    ),
    (
        "tekst",
        "Beskæftigelsescentrenes gennemsnit dækker over betydelige forskelle centrene imellem. Generelt forventes der ikke et driftsoverskud for beskæftigelsescentrene pga. den lave efterspørgsel efter tilbud til match 4 og 5. Beskæftigelsescentrene er leverandør på linje med en række andre leverandører, og jobcentrenes lave forbrug i 1. halvår medfører, at der forventes et merforbrug på beskæftigelsescentrene på 11 mio. kr.",
    ),
];
