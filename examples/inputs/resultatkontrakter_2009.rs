//! The committee case "Resultatkontrakter 2009" (seed 001) as a workbook:
//! the case's text and its table of example goals per steering parameter.

use super::sheet::{SheetSpec, V::*, report, steering_names};

/// The sheets of `inputs/resultatkontrakter-2009.xlsx`.
pub fn sheets() -> Vec<SheetSpec<'static>> {
    vec![rapport(), styringsparametre(), maal(), dokument()]
}

fn rapport() -> SheetSpec<'static> {
    report(
        &[26.0, 60.0],
        vec![
            ("Dokumenttype", S("indstilling")),
            ("Titel", S("Resultatkontrakter 2009")),
            ("År", N(2009.0)),
            ("Forvaltning", S("Beskæftigelses- og Integrationsforvaltningen")),
            ("Udvalg", S("Beskæftigelses- og Integrationsudvalget")),
            ("Sagsnummer", S("2009-28104")),
            ("Punkt", S("3")),
            ("Dato", D(2009, 3, 12)),
            ("Underskriver", S("Morten Binder")),
            ("Underskrivers titel", S("/Thomas Thellersen Børner")),
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

const EXAMPLES: [(f64, &str); 13] = [
    (1.0, "Antallet af sygedagpengesager på over 52 uger skal ultimo 2009 nedbringes til 1.170 sager."),
    (
        1.0,
        "36 pct. er i job eller uddannelse i min. 3 måneder ud af en 7 måneders periode efter påbegyndt forløb i jobcentret.",
    ),
    (
        1.0,
        "Bl.a. ved brug af partnerskabsaftaler skal centret placere 650 kontanthjælpsmodtagere eller revalidender i nye virksomhedspraktikker og løntilskudspladser i 2009.",
    ),
    (
        1.0,
        "50 pct. af de, der afventer fleksjob, kommer i fleksjob inden for de første 6 mdr. efter modtagelse i JSV",
    ),
    (
        1.0,
        "Centret skal reducere sin bestand af kontanthjælpsmodtagere i de udsatte boligområder ultimo 2009 med 9,4 procent i forhold til antallet ultimo 2008.",
    ),
    (1.0, "Rettidigheden for kontaktførelser skal udgøre mindst 95 pct. i 2009."),
    (2.0, "Besvarelsesprocenten på telefonopkald til YDS-kontanthjælp udgør 90 pct. i 2009"),
    (
        2.0,
        "Antallet af formalitetsklager, hvor borgeren får medhold eller delvis medhold i deres klage, skal nedbringes med 15 pct. ift. 2008.",
    ),
    (
        3.0,
        "Centrets samlede sygefravær skal nedbringes fra 16,3 dage pr. medarbejder i 2008 til 13 dage i 2009.",
    ),
    (3.0, "Centret skal reducere elforbruget med 5 pct. i forhold til det samlede forbrug i 2008.."),
    (
        3.0,
        "Scoren på spørgsmål 10 i Det Personalepolitiske Termometer \"Alt i alt oplever jeg min arbejdsplads som en attraktiv arbejdsplads\" forbedres til mindst 65 pct.",
    ),
    (4.0, "Centret skal bruge mindst 85 pct. og højest 100 pct. af sit købsbudget i 2009."),
    (4.0, "Centret skal bruge højest 100 pct. af sit administrationsbudget i 2009."),
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
    for (i, (param, text)) in EXAMPLES.iter().enumerate() {
        rows.push(vec![
            N((i + 1) as f64),
            N(*param),
            S("Resultatmål"),
            S(text),
            S("procent"),
            S("højere er bedre"),
        ]);
    }
    SheetSpec { name: "Mål", widths: &[6.0, 10.0, 14.0, 90.0, 12.0, 16.0], rows }
}

fn dokument() -> SheetSpec<'static> {
    let b = |kind, text| vec![S(kind), S(text), E];
    let f = |kind, text, note| vec![S(kind), S(text), S(note)];
    SheetSpec {
        name: "Dokument",
        widths: &[18.0, 110.0, 40.0],
        rows: vec![
            vec![S("Type"), S("Tekst"), S("Fodnote")],
            b("overskrift 1", "Indstilling og beslutning"),
            b("tekst", "Beskæftigelses- og Integrationsforvaltningen indstiller,"),
            b(
                "nummereret punkt",
                "At Beskæftigelses- og Integrationsudvalget tager orienteringen om resultatkontrakterne for 2009 til efterretning.",
            ),
            b("overskrift 1", "Problemstilling"),
            f(
                "tekst",
                "Siden BIU's indgåelse af Beskæftigelses- og Integrationsaftalen, Beskæftigelsesplanen og Budgetaftalen for 2009 har forvaltningen arbejdet med at omsætte de politiske mål for 2009 til mål og handlinger for BIF's 10 decentrale enheder.",
                "Jobcenter Nyropsgade, Jobcenter Musvågevej, Jobcenter Skelbækgade, Jobcenter for Sygedagpenge, Center for Job på særlige vilkår, Center for Job og Formidling, Ydelsesservice, Center for afklaring og beskæftigelse, Center for kompetence og beskæftigelse og Center for Beskæftigelse, Sprog og Integration.",
            ),
            b(
                "tekst",
                "Med baggrund i denne proces ligger der nu 10 resultatkontrakter for 2009, som indeholder de væsentligste resultat- og indsatsmål for de enkelte enheder.",
            ),
            b("overskrift 1", "Løsning"),
            b(
                "tekst",
                "Kontraktprocessen op til kontraktindgåelse har denne gang i særlig grad været præget af et ønske om, at kontrakterne når længere ud i organisationen. Processen har således været tilrettelagt med en større inddragelse af centrene i formuleringen af mål og en bedre mulighed for, at de enkelte enheder i forvaltningen kunne tage en lokal drøftelse af de overordnede mål, centrenes bidrag til de overordnede mål og hvilket ambitionsniveau, der skal ligge i centrenes bidrag.",
            ),
            b(
                "tekst",
                "Ønsket med denne proces har været at forbedre resultatkontrakternes værdi som et formidlingsredskab i centrene, således at det med kontrakterne står klart, hvordan de mål, der arbejdes efter på enhederne, hænger sammen med de overordnede mål og prioriteringer. Det skal bidrage til forståelsen af, hvad den enkelte medarbejders rolle er ift. at opnå et bestemt resultat.",
            ),
            b("tekst", "Målfastsættelsen sker fortsat indenfor 4 styringsperspektiver:"),
            b("punkt", "Beskæftigelsesindsatsen"),
            b("punkt", "Kvalitet i servicen"),
            b("punkt", "Personale og organisation"),
            b("punkt", "Ressourcer"),
            b(
                "tekst",
                "Valget er faldet på disse 4 områder, da det vurderes at være fire væsentlige områder for at trække de gode resultater for organisationen, jf. kæden ovenfor. Her er det illustreret, hvordan der for at opnå resultater må sikres en prioritering af ressourcer, der kan understøtte den nødvendige forandringsproces i organisationen, lede til en udvikling af kvaliteten i det produkt, der leveres, og skabe bedre resultater.",
            ),
            b(
                "tekst",
                "Som led i den styrkede lokale inddragelse og forankring i år er enhederne blevet bedt om at lave handlingsplaner for alle deres fokusområder. I disse handlingsplaner forholder enhederne sig til hvilke indsatser, der skal igangsættes, hvilke ressourcer, der skal tilknyttes, og hvordan de vil sikre implementering og opfølgning på de konkrete indsatser. Dette er gjort med to formål; dels for at sikre et løbende dialoggrundlag for at vurdere, om der er taget tilstrækkelige eller rigtige initiativer til at nå målene og dels for at give enhederne værktøjerne til at planlægge indsatsen i 2009 så tidligt i forløbet som muligt, og synliggøre lokale strategier og målsætninger.",
            ),
            b(
                "tekst",
                "Kontrakterne indeholder generelt lidt færre mål end i 2008. Det er således forvaltningens erfaring, at der er behov for yderligere at skærpe overskueligheden for ledere og medarbejdere gennem endnu mere fokuserede kontrakter. Kontrakterne indeholder således ikke en totalliste over alle de mål, der skal nås i indsatsen. Der er snarere udvalgt mål af en overordnet karakter, som efter forvaltningens vurdering understøtter de samlede politiske målsætninger og prioriteringer.",
            ),
            b(
                "tekst",
                "En række af de konkrete mål fra beskæftigelsesplanen, beskæftigelsesaftalen og budgetaftalen for 2009 indgår dog direkte i resultatkontrakterne. Det gælder f.eks. målet om udsatte boligområder. Der følges dog op på dette og andre mål som led i opfølgningen på de konkrete aftaler og planer.",
            ),
            b(
                "tekst",
                "Endelig er der i resultatkontrakterne for 2009 et styrket fokus på opnåelse af beskæftigelseseffekter. Det sker med introduktion af nye resultatmål, hvor centrene måles på deres evne til hurtigt at få formidlet de ledige til varig beskæftigelse eller uddannelse. Med disse nye mål er intentionen at balancere det betydelige fokus i lovgivningen på aktivitetssiden med en øget fokusering på resultaterne.",
            ),
            f(
                "tekst",
                "Nedenfor er angivet eksempler på resultat- og indsatsmål på tværs af kontrakterne, dvs. at ikke alle nedenstående mål indgår i alle kontrakter:",
                "Der er tale om eksempler på målniveauer, som de er blevet aftalt for enkelte centre.",
            ),
            b("måleksempler", ""),
            b("tekst", "Et eksempel på en jobcenterkontrakt og handlingsplan er vedlagt som bilag."),
            b(
                "tekst",
                "Med opnåelse af de opstillede resultat- og indsatsmål vil BIF som organisation i 2009 som eksempler have opnået følgende:",
            ),
            b(
                "punkt",
                "Ca. 4.000 borgere har været i virksomhedspraktik eller løntilskud. Det svarer til 14 pct. af BIF's kontanthjælpsmodtagere.",
            ),
            b(
                "punkt",
                "Antallet af kontanthjælpsmodtagere i de udsatte boligområder er reduceret med 9,4 pct. svarende til, at bestanden reduceres med 196 personer.",
            ),
            b(
                "punkt",
                "Antallet af formalitetsklager hvor borgeren får helt eller delvist medhold, er nedbragt med 17 pct. ift. 2009",
            ),
            b("punkt", "BIF's samlede sygefravær er reduceret fra 18,5 dage i 2008 til 15,2 dage i 2009"),
            b("overskrift 1", "Økonomi"),
            b(
                "tekst",
                "Indgåelsen af resultatkontrakterne har ikke i sig selv økonomiske konsekvenser, men sikrer en fokuseret styring af indsatsen inden for rammerne af det vedtagne budget.",
            ),
            b("overskrift 1", "Videre proces"),
            b(
                "tekst",
                "BIU forelægges en halvårsstatus samt en årsopfølgning på resultatkontrakternes mål. Kontrakterne bliver endvidere fulgt løbende i forvaltningen via løbende statusmøder med de lokale centerledere. Udvalget vil som hidtil kunne følge nogle af de vigtigste mål i resultatkontrakterne i den månedlige resultatstatus, som for 2009 forelægges første gang på udvalgets møde d. 12. marts.",
            ),
            b("overskrift 1", "Bilag"),
            b("nummereret punkt", "Kontrakt for Jobcenter Skelbækgade 2009"),
            b("nummereret punkt", "Handlingsplan for Jobcenter Skelbækgade 2009"),
            // Signed by the administration under the attachments, before the
            // committee's decision, as seed 001 is.
            b("underskrifter", ""),
            b("overskrift 1", "Beskæftigelses- og Integrationsudvalgets beslutning den 12.03.2009"),
            b("tekst", "Indstillingen blev taget til efterretning."),
        ],
    }
}
