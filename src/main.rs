//! The `opfolg` command: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use opfolg::diagnostics::{Diagnostic, Diagnostics, Exit, Location};
use opfolg::format::visible;
use opfolg::print::{self, Printed, Style};
use opfolg::render::{Formats, Renderer};
use opfolg::watch::WatchEvent;

// Typst allocates and frees many small objects from several threads; the
// system allocator spent a seventh of a large batch's time on that
// (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// opfolg laver opfølgningen på resultatkontrakterne og kontraktårets andre
/// papirer (kontrakter, udvalgssager, bilag): fra en Excel-projektmappe til
/// færdige dokumenter som PDF og Word.
///
/// Kom i gang med en tom projektmappe: opfolg init halvaar min-mappe.xlsx.
/// Projektmappens ark og kolonner er beskrevet i docs/workbook.md.
#[derive(Parser)]
#[command(
    name = "opfolg",
    version,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_help_heading = "Kommandoer",
    subcommand_value_name = "KOMMANDO",
    help_template = HELP,
    after_help = print::EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Vis denne hjælp.
    #[arg(short, long, action = clap::ArgAction::Help, global = true, help_heading = "Valg")]
    help: Option<bool>,
    /// Vis versionen.
    #[arg(short = 'V', long, action = clap::ArgAction::Version, help_heading = "Valg")]
    version: Option<bool>,
}

/// The help layout, with Danish headings.
const HELP: &str = "{about-with-newline}\nBrug: {usage}\n\n{all-args}{after-help}";

#[derive(Subcommand)]
enum Command {
    /// Laver PDF og Word-dokument for hver projektmappe: UD/<projektmappens navn>.pdf og .docx.
    ///
    /// Projektmappens felt «Dokumenttype» afgør, hvad der laves. En
    /// kontraktprojektmappe giver én kontrakt pr. enhed
    /// (UD/kontrakt-<år>-<enhed>.pdf og .docx, og kontrakt-<år>-<enhed>-til-underskrift.pdf
    /// til underskrift med NemLog-in), lavet parallelt; en kontrakt, der
    /// ikke kan laves, nævnes med grunden, og de andre laves alligevel. PDF'erne
    /// har ingen vedhæftede filer (se --med-kilder).
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Build {
        /// Projektmapperne (.xlsx, .xls eller .ods).
        #[arg(required = true, value_name = "PROJEKTMAPPE", help_heading = "Argumenter")]
        workbooks: Vec<PathBuf>,
        /// Mappen, som dokumenterne skrives i [standard: out].
        #[arg(long, short, value_name = "UD", default_value = "out", hide_default_value = true)]
        out: PathBuf,
        /// En tidligere udgave af projektmappen, som denne retter: dokumenterne
        /// slutter med et afsnit «Rettelser», der nævner hver ændring.
        #[arg(long, value_name = "FORRIGE")]
        corrects: Option<PathBuf>,
        /// Hvilke filer der laves: pdf, docx eller begge [standard: begge].
        #[arg(long, value_name = "FORMAT", default_value = "begge", hide_default_value = true)]
        format: FormatArg,
        /// Udskrift som JSON: én post pr. projektmappe med dens dokumenter og problemer.
        #[arg(long)]
        json: bool,
        /// Vedhæft projektmappen og modellen til hver PDF: til interne
        /// arbejdskopier, ikke til offentliggørelse (skjulte rækker, alle enheders
        /// tal). Uden valget har en PDF ingen vedhæftede filer; hvor den kommer
        /// fra, står i dens metadata.
        #[arg(long)]
        med_kilder: bool,
        /// Lav også en kopi til underskrift med NemLog-in
        /// (<navn>-til-underskrift.pdf, PDF/A-2b uden opmærkning) af hvert
        /// dokument; kontrakter får den altid.
        #[arg(long)]
        til_underskrift: bool,
        #[command(flatten)]
        assets: Assets,
    },
    /// Kontrollerer projektmapperne uden at lave dokumenter.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Check {
        /// Projektmapperne.
        #[arg(required = true, value_name = "PROJEKTMAPPE", help_heading = "Argumenter")]
        workbooks: Vec<PathBuf>,
        /// Udskrift som tekst til mennesker eller JSON til programmer [standard: tekst].
        #[arg(long, value_name = "FORMAT", default_value = "tekst", hide_default_value = true)]
        format: ReportFormat,
        /// Udskrift som JSON (det samme som --format json).
        #[arg(long)]
        json: bool,
        // The fonts decide which characters a document can show, so check
        // uses the ones build would.
        #[command(flatten)]
        assets: Assets,
    },
    /// Viser, hvad der er ændret fra en udgave af en projektmappe til en anden:
    /// mål, resultater, forskelle, trafiklys og tekster. En udgave kan også være
    /// en PDF, som opfolg har lavet: dens vedhæftede projektmappe (--med-kilder)
    /// sammenlignes, eller for en post i arkivet den projektmappe, arkivet gemmer ved den.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Diff {
        /// Den forrige udgave.
        #[arg(value_name = "FORRIGE", help_heading = "Argumenter")]
        old: PathBuf,
        /// Den nye udgave.
        #[arg(value_name = "NY", help_heading = "Argumenter")]
        new: PathBuf,
        /// Udskrift som tekst eller JSON [standard: tekst].
        #[arg(long, value_name = "FORMAT", default_value = "tekst", hide_default_value = true)]
        format: ReportFormat,
        /// Udskrift som JSON (det samme som --format json).
        #[arg(long)]
        json: bool,
    },
    /// Skriver en tom projektmappe at begynde på: ark, kolonneoverskrifter,
    /// rullemenuer og en vejledning. Den overskriver aldrig en fil.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Init {
        /// Dokumenttypen: halvaar, helaar, kontrakter, indstilling eller bilag.
        #[arg(value_name = "TYPE", help_heading = "Argumenter")]
        kind: KindArg,
        /// Den nye projektmappe (.xlsx).
        #[arg(value_name = "FIL", help_heading = "Argumenter")]
        file: PathBuf,
    },
    /// Skriver opfolgs egne skabeloner og skrifttyper ud, så de kan rettes:
    /// MAPPE/report_templates og MAPPE/fonts.
    ///
    /// opfolg har sine skabeloner og skrifttyper indbygget og bruger dem, når
    /// der ikke er en mappe report_templates eller fonts, hvor opfolg køres.
    /// Skriv dem ud, ret skabelonerne, og kør opfolg i MAPPE: så bruges de
    /// rettede (andre steder: angiv dem med --templates og --fonts). En fil,
    /// der findes i forvejen og er rettet, overskrives aldrig; så skrives
    /// ingenting.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Skabeloner {
        /// Mappen, som de skrives i [standard: den aktuelle mappe].
        #[arg(
            value_name = "MAPPE",
            default_value = ".",
            hide_default_value = true,
            help_heading = "Argumenter"
        )]
        dir: PathBuf,
    },
    /// Laver dokumenterne og laver dem igen, hver gang projektmappen gemmes
    /// (også fra Excel og LibreOffice), og viser hvad der er ændret. Stop med Ctrl+C.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Watch {
        /// Projektmappen.
        #[arg(value_name = "PROJEKTMAPPE", help_heading = "Argumenter")]
        workbook: PathBuf,
        /// Mappen, som dokumenterne skrives i [standard: out].
        #[arg(long, short, value_name = "UD", default_value = "out", hide_default_value = true)]
        out: PathBuf,
        /// Hvilke filer der laves: pdf, docx eller begge [standard: begge].
        #[arg(long, value_name = "FORMAT", default_value = "begge", hide_default_value = true)]
        format: FormatArg,
        /// Udskrift som JSON: én linje pr. gang, projektmappen er lavet igen.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        assets: Assets,
    },
    /// Arkivet: endelige og underskrevne PDF'er som poster, der aldrig ændres,
    /// med et katalog (katalog.sqlite) i arkivmappen.
    ///
    /// Arkivmappen er --archive, ellers miljøvariablen OPFOLG_ARCHIVE, ellers
    /// mappen «arkiv» i den aktuelle mappe. Katalogets hoved ligger i
    /// katalog.hoved i arkivmappen, eller i den fil, miljøvariablen
    /// OPFOLG_ARCHIVE_HEAD angiver (fx på et drev, kun arkiveringen kan skrive på).
    #[command(help_template = HELP, next_help_heading = "Valg", subcommand_help_heading = "Kommandoer", subcommand_value_name = "KOMMANDO")]
    Archive {
        /// Arkivmappen [standard: $OPFOLG_ARCHIVE, ellers arkiv].
        #[arg(long, value_name = "MAPPE", global = true)]
        archive: Option<PathBuf>,
        #[command(subcommand)]
        action: ArchiveAction,
    },
    /// Åbner opfolg som en side i browseren: hent en tom projektmappe, tjek
    /// projektmapper, lav og se dokumenterne, sammenlign med forrige udgave.
    ///
    /// Siden svarer kun på denne maskine (127.0.0.1), medmindre --adresse
    /// siger andet. På et netværk skal brugerne logge ind: med konti fra en
    /// kontofil (--konti, se «opfolg konti») eller gennem en proxy, der kræver
    /// login (--proxy). Adgangskoder sendes i formularen: på et netværk skal
    /// siden nås gennem HTTPS (se docs/serve.md). Stop med Ctrl+C.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Serve {
        /// Porten [standard: 8700].
        #[arg(long, value_name = "PORT", default_value_t = 8700, hide_default_value = true)]
        port: u16,
        /// Adressen, der lyttes på [standard: 127.0.0.1]. En anden end
        /// maskinens egen kræver --konti, --proxy eller --uden-login.
        #[arg(long, value_name = "IP", default_value = "127.0.0.1", hide_default_value = true)]
        adresse: std::net::IpAddr,
        /// Et værtsnavn mere, siden svarer på (det, en proxy sender videre); kan gentages.
        #[arg(long = "vaert", value_name = "NAVN")]
        hosts: Vec<String>,
        /// Lyt på netværket uden login: kun bag en proxy, der kræver login.
        #[arg(long)]
        uden_login: bool,
        /// Bag en proxy med login på denne adresse: kun den får svar, og hver
        /// forespørgsel skal nævne brugeren i --proxy-header.
        #[arg(long, value_name = "IP")]
        proxy: Option<std::net::IpAddr>,
        /// Overskriften, proxyen nævner den indloggede bruger i [standard: X-Remote-User].
        #[arg(long, value_name = "NAVN", default_value = "X-Remote-User", hide_default_value = true)]
        proxy_header: String,
        /// Log ind med konti fra denne kontofil (lavet med «opfolg konti»):
        /// alle sider kræver login. Filen læses igen, når den ændres.
        #[arg(long, value_name = "FIL", conflicts_with_all = ["proxy", "uden_login"])]
        konti: Option<PathBuf>,
        /// Siden nås gennem HTTPS (en proxy med TLS foran): cookies sendes kun over HTTPS.
        #[arg(long)]
        https: bool,
        /// Arkivmappen [standard: $OPFOLG_ARCHIVE, ellers arkiv].
        #[arg(long, value_name = "MAPPE")]
        archive: Option<PathBuf>,
        #[command(flatten)]
        assets: Assets,
    },
    /// Konti til «opfolg serve --konti FIL»: opret, vis, fjern, og giv en ny
    /// adgangskode.
    ///
    /// Kontofilen har én konto pr. linje, NAVN:HASH, hvor hashen er argon2id
    /// med sit eget tilfældige salt; adgangskoden selv gemmes aldrig. Filen
    /// skrives på én gang (en ny fil, der omdøbes) og kan kun læses af
    /// ejeren. Adgangskoden spørges om to gange uden at blive vist, når
    /// opfolg køres i en terminal; ellers læses den som én linje fra
    /// standard input (til scripts). En server med filen ser ændringer ved
    /// næste forespørgsel: en fjernet konto eller en ny adgangskode logger
    /// kontoens sessioner ud.
    #[command(help_template = HELP, next_help_heading = "Valg", subcommand_help_heading = "Kommandoer", subcommand_value_name = "KOMMANDO")]
    Konti {
        /// Kontofilen (påkrævet).
        #[arg(long, value_name = "FIL", global = true)]
        fil: Option<PathBuf>,
        #[command(subcommand)]
        action: AccountAction,
    },
    /// Skriver den normaliserede og vurderede model som JSON.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Model {
        /// Projektmappen.
        #[arg(value_name = "PROJEKTMAPPE", help_heading = "Argumenter")]
        workbook: PathBuf,
    },
}

#[derive(Subcommand)]
enum ArchiveAction {
    /// Arkiverer PDF'er, som opfolg har lavet, eller den underskrevne udgave
    /// af dem. Underskrifter kontrolleres med pyHanko (kræver Python 3 og
    /// pyHanko 0.38); en fil, der er ændret efter underskriften, afvises. En
    /// underskriver er bekræftet, når certifikatet fører til et af
    /// certifikaterne i arkivmappens betroede-certifikater/. En rettet udgave
    /// bliver en ny version.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Add {
        /// PDF-filerne.
        #[arg(required = true, value_name = "PDF", help_heading = "Argumenter")]
        files: Vec<PathBuf>,
        /// Projektmappen, dokumenterne er lavet af (kan gentages). Arkivet gemmer
        /// den og modellen ved posten; dens SHA-256 skal være den, dokumentets
        /// metadata angiver. Unødvendig for en PDF lavet med --med-kilder, som har den med.
        #[arg(long = "projektmappe", alias = "arbejdsbog", value_name = "PROJEKTMAPPE")]
        workbooks: Vec<PathBuf>,
        /// Arkivér på vegne af en anden (fx den, der har underskrevet). Posten
        /// siger altid, hvilken konto i styresystemet der kørte opfolg; navnet
        /// står ved siden af, som et navn, der er angivet og ikke kontrolleret.
        #[arg(long = "paa-vegne-af", value_name = "NAVN", value_parser = given_name)]
        on_behalf_of: Option<String>,
    },
    /// Viser arkivets poster.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    List {
        /// Udskrift som tekst eller JSON [standard: tekst].
        #[arg(long, value_name = "FORMAT", default_value = "tekst", hide_default_value = true)]
        format: ReportFormat,
        /// Udskrift som JSON (det samme som --format json).
        #[arg(long)]
        json: bool,
    },
    /// Viser én post med alle oplysninger.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Show {
        /// Postens nummer (se «opfolg archive list»).
        #[arg(value_name = "NR", help_heading = "Argumenter")]
        id: i64,
        /// Udskrift som tekst eller JSON [standard: tekst].
        #[arg(long, value_name = "FORMAT", default_value = "tekst", hide_default_value = true)]
        format: ReportFormat,
        /// Udskrift som JSON (det samme som --format json).
        #[arg(long)]
        json: bool,
    },
    /// Kontrollerer hver arkiveret fil mod kataloget (SHA-256) og katalogets
    /// kæde af poster mod arkivets hoved. Afslutter med 1, hvis en fil mangler,
    /// er ændret eller er ukendt, eller en post er ændret, indsat, slettet
    /// eller rullet tilbage i kataloget. Ændrer intet (virker på en skrivebeskyttet kopi).
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Verify,
    /// Skriver arkivet som en BagIt-pakke (med SHA-256-manifester) til aflevering.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Export {
        /// Den nye pakkes mappe (må ikke findes).
        #[arg(value_name = "MAPPE", help_heading = "Argumenter")]
        dest: PathBuf,
        /// Kun disse poster (kan gentages) [standard: alle].
        #[arg(long = "nr", value_name = "NR")]
        only: Vec<i64>,
    },
}

#[derive(Subcommand)]
enum AccountAction {
    /// Opretter en konto. Navnet må ikke have kolon, styretegn eller
    /// mellemrum i enderne; store og små bogstaver skelnes ikke. Adgangskoden
    /// skal have mindst 10 tegn og må ikke indeholde navnet.
    #[command(help_template = HELP, next_help_heading = "Valg", visible_alias = "add")]
    Tilfoej {
        /// Kontoens navn (det, arkivet skriver ved det, kontoen arkiverer).
        #[arg(value_name = "NAVN", help_heading = "Argumenter")]
        name: String,
    },
    /// Viser kontienes navne.
    #[command(help_template = HELP, next_help_heading = "Valg", visible_alias = "list")]
    Vis,
    /// Fjerner en konto; dens sessioner logges ud.
    #[command(help_template = HELP, next_help_heading = "Valg", visible_alias = "remove")]
    Fjern {
        /// Kontoens navn.
        #[arg(value_name = "NAVN", help_heading = "Argumenter")]
        name: String,
    },
    /// Giver en konto en ny adgangskode; dens sessioner logges ud.
    #[command(help_template = HELP, next_help_heading = "Valg", visible_alias = "passwd")]
    Adgangskode {
        /// Kontoens navn.
        #[arg(value_name = "NAVN", help_heading = "Argumenter")]
        name: String,
    },
}

/// How `check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    /// Som en oversætters fejlmeddelelser.
    #[value(alias = "text")]
    Tekst,
    /// JSON: én post pr. projektmappe med dens problemer.
    Json,
}

/// The document kinds `init` can start.
#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    /// Halvårsopfølgning.
    #[value(alias = "halvårsopfølgning", alias = "halvaarsopfoelgning")]
    Halvaar,
    /// Helårsopfølgning (udvalgssag med optælling og status).
    #[value(alias = "helårsopfølgning", alias = "helaarsopfoelgning")]
    Helaar,
    /// Én kontrakt pr. enhed.
    Kontrakter,
    /// Udvalgssag.
    Indstilling,
    /// Bilag, fx måloversigt.
    Bilag,
}

impl From<KindArg> for opfolg::model::DocumentKind {
    fn from(k: KindArg) -> Self {
        use opfolg::model::DocumentKind::*;
        match k {
            KindArg::Halvaar => HalfYear,
            KindArg::Helaar => FullYear,
            KindArg::Kontrakter => Contracts,
            KindArg::Indstilling => CommitteeCase,
            KindArg::Bilag => GoalOverview,
        }
    }
}

/// The formats `build` can make.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// Kun PDF.
    Pdf,
    /// Kun Word (DOCX).
    Docx,
    /// PDF og DOCX.
    #[value(alias = "both")]
    Begge,
}

impl From<FormatArg> for Formats {
    fn from(f: FormatArg) -> Formats {
        match f {
            FormatArg::Pdf => Formats { pdf: true, docx: false },
            FormatArg::Docx => Formats { pdf: false, docx: true },
            FormatArg::Begge => Formats::BOTH,
        }
    }
}

#[derive(clap::Args)]
struct Assets {
    /// Mappen med skabelonerne [standard: ./report_templates, ellers opfolgs egen].
    #[arg(long, value_name = "MAPPE")]
    templates: Option<PathBuf>,
    /// Mappen med skrifttyperne [standard: ./fonts, ellers opfolgs egen].
    #[arg(long, value_name = "MAPPE")]
    fonts: Option<PathBuf>,
}

impl Assets {
    /// The renderer over these templates and fonts; a folder that cannot be
    /// read is the problem to print (exit code 2).
    fn renderer(self) -> Result<Renderer, Printed> {
        Renderer::find(self.templates.as_deref(), self.fonts.as_deref()).map_err(|d| print::problems(&d))
    }
}

/// The help clap shows for a command given without what it needs (`opfolg`).
fn is_help(e: &clap::Error) -> bool {
    matches!(e.kind(), clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand)
}

/// A usage mistake, said in Danish: clap's own messages are English. What
/// was wrong, a hint (the values allowed, or the command or option meant),
/// the usage line and where to read more.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    // What was typed may hold anything a file name can (a newline, an
    // escape sequence): it is quoted escaped, as every other printed field.
    let get = |kind| {
        let text = match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => {
                v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            }
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        visible(&text).into_owned()
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let problem = match e.kind() {
        ErrorKind::MissingRequiredArgument => format!("mangler {arg}"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} skal have en værdi"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("«{value}» kan ikke bruges til {arg}")
        }
        ErrorKind::UnknownArgument => format!("ukendt valg eller argument «{arg}»"),
        ErrorKind::InvalidSubcommand => format!("ukendt kommando «{}»", get(ContextKind::InvalidSubcommand)),
        ErrorKind::ArgumentConflict if get(ContextKind::PriorArg) == arg => {
            format!("{arg} er givet mere end én gang")
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} kan ikke bruges sammen med {}", get(ContextKind::PriorArg))
        }
        ErrorKind::MissingSubcommand => "mangler en kommando".to_string(),
        // Rare kinds keep clap's own words.
        _ => visible(e.render().to_string().lines().next().unwrap_or_default().trim_start_matches("error: "))
            .into_owned(),
    };
    let mut out = format!("fejl: {problem}\n");
    let valid = get(ContextKind::ValidValue);
    if !valid.is_empty() {
        out += &format!("  tip: mulige værdier: {valid}\n");
    }
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        let suggested = get(kind);
        if !suggested.is_empty() {
            out += &format!("  tip: mente du «{suggested}»?\n");
        }
    }
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim().replace("[OPTIONS]", "[VALG]");
    if !usage.is_empty() {
        out += &format!("\nBrug: {usage}\n");
    }
    out += &format!("Mere i: {} --help\n", command_given());
    out
}

/// The (sub)command named on the command line, "opfolg archive add", for
/// pointing to its help: the arguments that name subcommands, in turn.
fn command_given() -> String {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut path = vec!["opfolg".to_string()];
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with('-')) {
        let Some(sub) = command.find_subcommand(&arg).cloned() else { continue };
        path.push(arg);
        command = sub;
    }
    path.join(" ")
}

/// The message of the last panic, for the one-line internal-error report.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    // A panic is a bug in opfolg: report it in one line, not a backtrace. The
    // reader catches panics of the spreadsheet libraries itself; they must
    // not print either.
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => ExitCode::from(code),
        Err(_) => {
            let message = PANIC.lock().ok().and_then(|m| m.clone()).unwrap_or_default();
            // The reader of the help went away (`opfolg --help | head`):
            // stop quietly, as everything printed through `print::emit` does.
            if message.contains("failed printing to stdout") {
                return ExitCode::from(print::BROKEN_PIPE);
            }
            eprintln!("intern fejl i opfolg: {}", visible(&message));
            eprintln!(
                "  tip: det er en fejl i programmet, ikke i projektmappen; meld den med projektmappen vedlagt"
            );
            ExitCode::from(Exit::Setup.code())
        }
    }
}

/// Parses the arguments, runs the command, prints what it returns and gives
/// the exit code.
fn run() -> u8 {
    match parse() {
        Ok(cli) => print::emit(&command(cli)),
        Err(code) => code,
    }
}

/// The command line, or the exit code after help, the version or a usage
/// mistake was printed.
fn parse() -> Result<Cli, u8> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) if e.use_stderr() && !is_help(&e) => {
            eprint!("{}", usage_error(&e));
            Err(USAGE)
        }
        Err(e) => {
            // Help and version; clap names the options "[OPTIONS]" in the
            // usage line and heads a choice's values in English, and cannot
            // be told otherwise.
            let text = e
                .render()
                .to_string()
                .replace("[OPTIONS]", "[VALG]")
                .replace("Possible values:", "Mulige værdier:")
                .replace("[possible values:", "[mulige værdier:");
            if e.use_stderr() {
                eprint!("{text}");
                return Err(USAGE);
            }
            print!("{text}");
            Err(0)
        }
    }
}

/// The exit code of a usage mistake.
const USAGE: u8 = 2;

/// The name given with `archive add --paa-vegne-af`: not empty, at most
/// 200 characters. It is kept as given; printers escape what it holds.
fn given_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("angiv et navn".to_string());
    }
    if name.chars().count() > 200 {
        return Err("navnet er længere end 200 tegn".to_string());
    }
    Ok(name.to_string())
}

/// The style `--json` or `--format json` asks for.
fn style(json: bool, format: ReportFormat) -> Style {
    if json || format == ReportFormat::Json { Style::Json } else { Style::Text }
}

/// Calls the library for the command and gives what to print.
fn command(cli: Cli) -> Printed {
    match cli.command {
        Command::Build { workbooks, out, corrects, format, json, med_kilder, til_underskrift, assets } => {
            let request = opfolg::Request {
                workbooks: workbooks.clone(),
                out,
                formats: format.into(),
                corrects,
                templates: assets.templates,
                fonts: assets.fonts,
                papers: opfolg::Papers { sources: med_kilder, signing_copy: til_underskrift },
            };
            // Workbooks are made in parallel, as are the documents of one
            // workbook; what each reports is printed afterwards, in the
            // order given.
            let bar = print::ProgressBar::new();
            let results = match opfolg::build_all(&request, &|p| bar.update(p)) {
                Ok(results) => results,
                Err(d) => return print::problems(&d),
            };
            bar.finish();
            let results: Vec<_> = workbooks.iter().map(PathBuf::as_path).zip(results).collect();
            print::build(&results, style(json, ReportFormat::Tekst))
        }
        Command::Check { workbooks, format, json, assets } => {
            let renderer = match assets.renderer() {
                Ok(r) => r,
                Err(p) => return p,
            };
            let results: Vec<_> =
                workbooks.iter().map(|wb| (wb.as_path(), opfolg::load_for(wb, &renderer))).collect();
            // Workbooks of the same year (the contracts and a follow-up) must
            // give a unit the same target for a goal; said at both cells.
            let agreement = if workbooks.len() > 1 {
                let papers: Vec<_> = workbooks.iter().filter_map(|w| opfolg::load_paper(w)).collect();
                opfolg::agree::agreement(&papers)
            } else {
                Default::default()
            };
            print::check(&results, &agreement, style(json, format))
        }
        Command::Diff { old, new, format, json } => {
            match (opfolg::load_source(&old), opfolg::load_source(&new)) {
                (Ok((a, _)), Ok((b, _))) => print::diff(&opfolg::diff::diff(&a, &b), style(json, format)),
                (a, b) => {
                    let mut problems = Diagnostics::default();
                    for d in [a.err(), b.err()].into_iter().flatten() {
                        problems.extend(d);
                    }
                    print::problems(&problems)
                }
            }
        }
        Command::Watch { workbook, out, format, json, assets } => {
            let renderer = match assets.renderer() {
                Ok(r) => r,
                Err(p) => return p,
            };
            let style = style(json, ReportFormat::Tekst);
            if style == Style::Text {
                eprintln!("overvåger {}; stop med Ctrl+C", visible(&workbook.display().to_string()));
            }
            let result = opfolg::watch::watch(&workbook, &out, &renderer, format.into(), |event| {
                let printed = match event {
                    WatchEvent::Built { changes, built, took } => {
                        print::rebuilt(&workbook, &changes, &Ok(built), took, &out, style)
                    }
                    WatchEvent::Failed(d) => print::not_rebuilt(&d, style),
                };
                // Nobody reads any more: stop watching.
                print::emit(&printed) != print::BROKEN_PIPE
            });
            match result {
                Ok(()) => Printed::default(),
                Err(d) => print::problem(&d),
            }
        }
        Command::Skabeloner { dir } => match opfolg::init::write_defaults(&dir) {
            Ok(done) => print::defaults_written(&dir, done.written.len(), done.unchanged.len()),
            Err(d) => print::defaults_not_written(&d),
        },
        Command::Init { kind, file } => match opfolg::init::write_blank(kind.into(), &file) {
            Ok(path) => print::initialised(&path),
            Err(d) => print::problem(&d),
        },
        Command::Archive { archive, action } => {
            archive_command(&opfolg::archive::archive_dir(archive.as_deref()), action)
        }
        Command::Serve {
            port,
            adresse,
            hosts,
            uden_login,
            proxy,
            proxy_header,
            konti,
            https,
            archive,
            assets,
        } => {
            if !adresse.is_loopback() && !uden_login && proxy.is_none() && konti.is_none() {
                return print::refused(
                    "uden --konti eller --proxy har siden intet login, så den lytter kun på maskinens egen adresse (127.0.0.1)\n  tip: på et netværk skal brugerne logge ind: med konti (--konti FIL, se «opfolg konti») eller bag en proxy, der kræver login (--proxy IP); se docs/serve.md",
                );
            }
            // A server without login is never started in place of one with:
            // the accounts file must be there and sound.
            let accounts = match konti.as_deref().map(opfolg::serve::accounts::Store::open) {
                None => None,
                Some(Ok(store)) => Some(std::sync::Arc::new(store)),
                Some(Err(d)) => return print::problem(&d),
            };
            let proxy = match proxy.map(|address| (address, proxy_header.parse())) {
                None => None,
                Some((address, Ok(header))) => Some(opfolg::serve::Proxy { address, header }),
                Some((_, Err(_))) => {
                    return print::refused(&format!(
                        "«{}» kan ikke være navnet på en overskrift (--proxy-header)",
                        opfolg::format::visible(&proxy_header)
                    ));
                }
            };
            let renderer = match assets.renderer() {
                Ok(r) => r,
                Err(p) => return p,
            };
            let config = opfolg::serve::Config {
                proxy,
                accounts,
                https,
                address: adresse,
                hosts,
                archive: opfolg::archive::archive_dir(archive.as_deref()),
                ..opfolg::serve::Config::new(renderer, port)
            };
            match opfolg::serve::run(config) {
                Ok(()) => Printed::default(),
                Err(e) => print::refused(&opfolg::format::visible(&e.to_string())),
            }
        }
        Command::Konti { fil, action } => match fil {
            Some(file) => accounts_command(&file, action),
            None => print::refused("angiv kontofilen med --fil FIL"),
        },
        Command::Model { workbook } => match opfolg::load(&workbook) {
            Ok((f, warnings)) => print::model(&f, &warnings),
            Err(d) => print::problems(&d),
        },
    }
}

fn archive_command(dir: &Path, action: ArchiveAction) -> Printed {
    use opfolg::archive::{Archive, CATALOGUE};
    // Only `add` makes a new archive; the others read one that exists.
    if !matches!(action, ArchiveAction::Add { .. }) && !dir.join(CATALOGUE).exists() {
        return print::problem(
            &Diagnostic::error("OF0710", "der er intet arkiv her")
                .at(Location::file(dir.display().to_string()))
                .hint("angiv arkivmappen med --archive eller OPFOLG_ARCHIVE; et arkiv oprettes af «opfolg archive add»"),
        );
    }
    let opened = match action {
        ArchiveAction::Add { .. } => Archive::open(dir),
        // Reading changes nothing, so it works on a read-only copy.
        _ => Archive::open_read_only(dir),
    };
    let mut archive = match opened {
        Ok(a) => a,
        Err(d) => return print::problem(&d),
    };
    match action {
        ArchiveAction::Add { files, workbooks, on_behalf_of } => {
            let by = opfolg::archive::AddedBy::command_line(on_behalf_of);
            let results: Vec<_> =
                files.iter().map(|f| archive.add_with_workbooks(f, &workbooks, &by)).collect();
            let signed = results.iter().any(|r| r.as_ref().is_ok_and(|r| !r.signatures.is_empty()));
            let trust =
                if signed { opfolg::archive::signature::trust_summary(archive.dir()) } else { String::new() };
            print::archived(&results, &trust)
        }
        ArchiveAction::List { format, json } => match archive.list() {
            Ok(records) => print::archive_list(&records, archive.dir(), style(json, format))
                .then(print::catalogue(&archive.check_catalogue())),
            Err(d) => print::problem(&d),
        },
        ArchiveAction::Show { id, format, json } => match (archive.show(id), archive.replaced_by(id)) {
            (Ok(Some(r)), Ok(later)) => {
                let kept = matches!(archive.sources(r.id), Ok(Some(_)));
                print::archive_show(&r, later, kept, style(json, format))
                    .then(print::catalogue(&archive.check_catalogue()))
            }
            (Ok(None), _) => print::problem(
                &Diagnostic::error("OF0708", format!("arkivet har ingen post nr. {id}"))
                    .at(Location::file(dir.display().to_string()))
                    .hint("se numrene med «opfolg archive list»"),
            ),
            (Err(d), _) | (_, Err(d)) => print::problem(&d),
        },
        ArchiveAction::Verify => match archive.verify() {
            Ok(result) => print::verified(&result),
            Err(d) => print::problem(&d),
        },
        ArchiveAction::Export { dest, only } => match opfolg::archive::bag::export(&archive, &dest, &only) {
            Ok(e) => print::exported(&dest, &e),
            Err(d) => print::problem(&d),
        },
    }
}

/// `opfolg konti`: changes the accounts file and says what was done.
fn accounts_command(file: &Path, action: AccountAction) -> Printed {
    use opfolg::serve::accounts::{self, Account};
    let shown = visible(&file.display().to_string()).into_owned();
    let mut list = match accounts::read_or_none(file) {
        Ok(l) => l,
        Err(d) => return print::problem(&d),
    };
    let unknown = |name: &str| {
        Diagnostic::error("OF0806", format!("der er ingen konto «{}»", visible(name)))
            .at(Location::file(shown.clone()))
            .hint("se kontiene med «opfolg konti --fil FIL vis»")
    };
    let said = match action {
        AccountAction::Vis => {
            let mut lines: Vec<String> = list.iter().map(|a| visible(&a.name).into_owned()).collect();
            if lines.is_empty() {
                lines.push(format!("{shown} har ingen konti"));
            }
            return print::said(&lines);
        }
        AccountAction::Tilfoej { name } => {
            // Kept composed (NFC): «Åse» typed as A with a combining ring
            // is the «Åse» the page, its log and the archive show and find.
            let name = accounts::composed(&name);
            if let Some(problem) = accounts::name_problem(&name) {
                return print::problem(
                    &Diagnostic::error("OF0804", format!("navnet kan ikke bruges: {problem}"))
                        .found(visible(&name).into_owned()),
                );
            }
            if let Some(a) = accounts::find(&list, &name) {
                return print::problem(
                    &Diagnostic::error("OF0805", format!("der er allerede en konto «{}»", visible(&a.name)))
                        .at(Location::file(shown))
                        .hint("giv den en ny adgangskode med «opfolg konti adgangskode NAVN»"),
                );
            }
            let hash = match new_password(&name) {
                Ok(h) => h,
                Err(d) => return print::problem(&d),
            };
            list.push(Account { name: name.clone(), hash });
            format!("kontoen «{}» er oprettet i {shown}", visible(&name))
        }
        AccountAction::Fjern { name } => {
            let Some(at) = accounts::position(&list, &name) else {
                return print::problem(&unknown(&name));
            };
            let removed = list.remove(at);
            format!(
                "kontoen «{}» er fjernet fra {shown}; dens sessioner er logget ud",
                visible(&removed.name)
            )
        }
        AccountAction::Adgangskode { name } => {
            let Some(at) = accounts::position(&list, &name) else {
                return print::problem(&unknown(&name));
            };
            let hash = match new_password(&list[at].name) {
                Ok(h) => h,
                Err(d) => return print::problem(&d),
            };
            list[at].hash = hash;
            format!(
                "kontoen «{}» har fået en ny adgangskode; dens sessioner er logget ud",
                visible(&list[at].name)
            )
        }
    };
    match accounts::write(file, &list) {
        Ok(()) => print::said(&[said]),
        Err(d) => print::problem(&d),
    }
}

/// A new password for `name`, hashed: asked twice without echo on a
/// terminal, else one line of standard input.
fn new_password(name: &str) -> Result<String, Diagnostic> {
    use std::io::IsTerminal;
    let refused = |why: String| Diagnostic::error("OF0807", format!("adgangskoden kan ikke bruges: {why}"));
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Ny adgangskode til «{}»: ", visible(name)))
            .map_err(|e| refused(opfolg::diagnostics::io_reason(&e)))?;
        if let Some(why) = opfolg::serve::accounts::password_problem(name, &first) {
            return Err(refused(why));
        }
        let again = rpassword::prompt_password("Skriv den igen: ")
            .map_err(|e| refused(opfolg::diagnostics::io_reason(&e)))?;
        if again != first {
            return Err(refused("de to adgangskoder er ikke ens".into()));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| refused(opfolg::diagnostics::io_reason(&e)))?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        line.strip_suffix('\r').unwrap_or(line).to_string()
    };
    if let Some(why) = opfolg::serve::accounts::password_problem(name, &password) {
        return Err(refused(why).hint(format!(
            "giv en adgangskode på mindst {} tegn uden navnet i, i terminalen eller som én linje på standard input",
            opfolg::serve::accounts::MIN_PASSWORD
        )));
    }
    opfolg::serve::accounts::hash(&password).map_err(refused)
}
