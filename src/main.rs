//! The `opfolg` command: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use opfolg::diagnostics::{Diagnostics, Severity};
use opfolg::render::{Formats, Renderer};

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
    after_help = "Afslutningskoder: 0 alt er lavet, 1 fejl i en projektmappe, 2 forkert brug eller fejl i skabelon eller program."
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
    /// (UD/kontrakt-<år>-<enhed>.pdf og .docx), lavet parallelt; en kontrakt, der
    /// ikke kan laves, nævnes med grunden, og de andre laves alligevel.
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
        // The fonts decide which characters a document can show, so check
        // uses the ones build would.
        #[command(flatten)]
        assets: Assets,
    },
    /// Viser, hvad der er ændret fra en udgave af en projektmappe til en anden:
    /// mål, resultater, forskelle, trafiklys og tekster. En udgave kan også være
    /// en PDF, som opfolg har lavet (fx et arkiveret dokument): dens vedhæftede
    /// projektmappe sammenlignes.
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
    /// siger andet. Den har ingen login: på et netværk skal den stå bag en
    /// proxy, der kræver login (se docs/serve.md). Stop med Ctrl+C.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    Serve {
        /// Porten [standard: 8700].
        #[arg(long, value_name = "PORT", default_value_t = 8700, hide_default_value = true)]
        port: u16,
        /// Adressen, der lyttes på [standard: 127.0.0.1]. En anden end
        /// maskinens egen kræver --proxy eller --uden-login.
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
        /// Arkivmappen [standard: $OPFOLG_ARCHIVE, ellers arkiv].
        #[arg(long, value_name = "MAPPE")]
        archive: Option<PathBuf>,
        #[command(flatten)]
        assets: Assets,
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
    },
    /// Viser arkivets poster.
    #[command(help_template = HELP, next_help_heading = "Valg")]
    List {
        /// Udskrift som tekst eller JSON [standard: tekst].
        #[arg(long, value_name = "FORMAT", default_value = "tekst", hide_default_value = true)]
        format: ReportFormat,
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
    /// read is said, and is exit code 2.
    fn renderer(self) -> Result<Renderer, ExitCode> {
        Renderer::find(self.templates.as_deref(), self.fonts.as_deref()).map_err(|d| {
            print(&d);
            ExitCode::from(INTERNAL)
        })
    }
}

/// What `check` says about a workbook in order, by its kind.
fn check_summary(f: &opfolg::assess::FollowUp) -> String {
    use opfolg::model::DocumentKind;
    let s = &f.summary;
    let r = &f.report;
    match r.meta.kind {
        DocumentKind::Contracts => {
            format!("{} kontrakter med i alt {} mål", r.units.len(), r.goals.len())
        }
        DocumentKind::HalfYear => format!(
            "{} mål-rækker: {} grønne, {} gule, {} røde, {} ikke vurderet",
            s.green + s.yellow + s.red + s.not_assessed,
            s.green,
            s.yellow,
            s.red,
            s.not_assessed
        ),
        DocumentKind::FullYear => format!(
            "{} mål: {} opfyldt, {} næsten opfyldt, {} ikke opfyldt, {} ikke vurderet",
            r.goals.len(),
            s.goals_met,
            s.goals_nearly_met,
            s.goals_not_met,
            s.goals_not_assessed
        ),
        DocumentKind::CommitteeCase | DocumentKind::GoalOverview => {
            format!("{} med {} mål", r.meta.kind.danish(), r.goals.len())
        }
    }
}

/// A progress bar over every document of a command, drawn only on a
/// terminal and only when there is more than one document; on a pipe it
/// stays silent.
struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl ProgressBar {
    fn new() -> ProgressBar {
        // A length to grow (a bar made with `hidden()` has none, and then
        // `inc_length` leaves it without one and it was never shown).
        let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("[{bar:30}] {pos}/{len} dokumenter {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        ProgressBar { bar }
    }

    fn update(&self, p: opfolg::Progress) {
        match p {
            opfolg::Progress::Planned(n) => {
                self.bar.inc_length(n as u64);
                if self.bar.length().unwrap_or(0) > 1
                    && self.bar.is_hidden()
                    && std::io::IsTerminal::is_terminal(&std::io::stderr())
                {
                    self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
            }
            opfolg::Progress::Done { label, .. } => {
                self.bar.set_message(label.to_string());
                self.bar.inc(1);
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Exit codes: 0 everything made, 1 invalid input, 2 usage, template or
/// internal error.
const INVALID_INPUT: u8 = 1;
const INTERNAL: u8 = 2;

fn print(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}");
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
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
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
        _ => e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
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
        Ok(code) => code,
        Err(_) => {
            let message = PANIC.lock().ok().and_then(|m| m.clone()).unwrap_or_default();
            // The reader of our output went away (`opfolg archive list | head`):
            // stop quietly, as a program killed by SIGPIPE does. Whatever was
            // done so far is whole (documents and records are written atomically).
            if message.contains("failed printing to stdout") {
                return ExitCode::from(141);
            }
            eprintln!("intern fejl i opfolg: {message}");
            eprintln!(
                "  tip: det er en fejl i programmet, ikke i projektmappen; meld den med projektmappen vedlagt"
            );
            ExitCode::from(INTERNAL)
        }
    }
}

fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() && !is_help(&e) => {
            eprint!("{}", usage_error(&e));
            return ExitCode::from(INTERNAL);
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
                return ExitCode::from(INTERNAL);
            }
            print!("{text}");
            return ExitCode::SUCCESS;
        }
    };
    match cli.command {
        Command::Build { workbooks, out, corrects, format, assets } => {
            let request = opfolg::Request {
                workbooks: workbooks.clone(),
                out: out.clone(),
                formats: format.into(),
                corrects,
                templates: assets.templates,
                fonts: assets.fonts,
            };
            let (mut failed, mut broken_setup) = (0, false);
            // Workbooks are made in parallel, as are the documents of one
            // workbook; what each reports is printed afterwards, in the
            // order given.
            let bar = ProgressBar::new();
            let results = match opfolg::build_all(&request, &|p| bar.update(p)) {
                Ok(results) => results,
                Err(d) => {
                    print(&d);
                    return ExitCode::from(INTERNAL);
                }
            };
            bar.finish();
            for (wb, result) in workbooks.iter().zip(results) {
                match result {
                    Ok(built) => {
                        print(&built.warnings);
                        // One line per document: what it is and its files.
                        for d in &built.documents {
                            let files: Vec<String> =
                                d.files.iter().map(|f| f.display().to_string()).collect();
                            println!("{}: {}", d.label, files.join(", "));
                        }
                        // Each document that failed, with its reasons; the
                        // others are written.
                        // A template error fails every contract alike: say it once.
                        let mut said: Vec<&opfolg::diagnostics::Diagnostic> = Vec::new();
                        for f in &built.failures {
                            for d in f.diagnostics.iter() {
                                if !said.contains(&d) {
                                    eprintln!("{d}");
                                    said.push(d);
                                }
                            }
                            eprintln!("{}: {} blev ikke lavet", wb.display(), f.label);
                            broken_setup |= !f.diagnostics.errors_concern_workbook();
                        }
                        if !built.failures.is_empty() {
                            eprintln!(
                                "{}: {} dokumenter lavet, {} fejlede",
                                wb.display(),
                                built.documents.len(),
                                built.failures.len()
                            );
                            failed += 1;
                        } else if built.documents.len() > 1 {
                            println!("{}: {} dokumenter lavet", wb.display(), built.documents.len());
                        }
                    }
                    Err(d) => {
                        print(&d);
                        eprintln!("{}: ingen dokumenter lavet", wb.display());
                        failed += 1;
                        broken_setup |= !d.errors_concern_workbook();
                    }
                }
            }
            if failed > 0 {
                eprintln!("{failed} af {} projektmapper blev ikke lavet helt", workbooks.len());
                // A broken template or an unwritable folder is not the workbook's fault.
                ExitCode::from(if broken_setup { INTERNAL } else { INVALID_INPUT })
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Check { workbooks, format, assets } => {
            let renderer = match assets.renderer() {
                Ok(r) => r,
                Err(code) => return code,
            };
            let mut failed = 0;
            let mut records = Vec::new();
            for wb in &workbooks {
                let (ok, diags, summary) = match opfolg::load_for(wb, &renderer) {
                    // Errors that stop only one unit's contract still fail the check.
                    Ok((f, diags)) => (!diags.has_errors(), diags, Some((check_summary(&f), f.summary))),
                    Err(d) => (false, d, None),
                };
                failed += usize::from(!ok);
                if format == ReportFormat::Json {
                    records.push(serde_json::json!({
                        "workbook": wb.display().to_string(),
                        "ok": ok,
                        "summary": summary.map(|(_, s)| s),
                        "diagnostics": diags,
                    }));
                    continue;
                }
                print(&diags);
                match summary.filter(|_| ok) {
                    Some((s, _)) => println!("{}: i orden; {s}", wb.display()),
                    None => {
                        let errors = diags.iter().filter(|x| x.severity == Severity::Error).count();
                        eprintln!("{}: {errors} fejl", wb.display());
                    }
                }
            }
            if format == ReportFormat::Json {
                println!("{}", serde_json::to_string_pretty(&records).unwrap_or_default());
            }
            if failed > 0 { ExitCode::from(INVALID_INPUT) } else { ExitCode::SUCCESS }
        }
        Command::Diff { old, new, format } => {
            let (a, b) = match (opfolg::load_source(&old), opfolg::load_source(&new)) {
                (Ok((a, _)), Ok((b, _))) => (a, b),
                (a, b) => {
                    for d in [a.err(), b.err()].into_iter().flatten() {
                        print(&d);
                    }
                    return ExitCode::from(INVALID_INPUT);
                }
            };
            let changes = opfolg::diff::diff(&a, &b);
            if format == ReportFormat::Json {
                println!("{}", serde_json::to_string_pretty(&changes).unwrap_or_default());
            } else if changes.is_empty() {
                println!("ingen ændringer");
            } else {
                for c in &changes {
                    println!("{c}");
                }
                println!("{}", opfolg::diff::count_text(changes.len()));
            }
            ExitCode::SUCCESS
        }
        Command::Watch { workbook, out, format, assets } => {
            let renderer = match assets.renderer() {
                Ok(r) => r,
                Err(code) => return code,
            };
            eprintln!("overvåger {}; stop med Ctrl+C", workbook.display());
            let result = opfolg::watch::watch(&workbook, &out, &renderer, format.into(), |event| {
                match event {
                    opfolg::watch::WatchEvent::Built { changes, built, took } => {
                        print(&built.warnings);
                        for c in &changes {
                            println!("{c}");
                        }
                        for f in &built.failures {
                            print(&f.diagnostics);
                            eprintln!("{} blev ikke lavet", f.label);
                        }
                        let took = opfolg::format::number(took.as_secs_f64(), Some(2));
                        if built.documents.len() > 1 {
                            // A batch (contracts): the count and the folder,
                            // not a line of twenty file names.
                            println!(
                                "lavet på {took} s: {} i {}",
                                opfolg::format::count(built.documents.len(), "dokument", "dokumenter"),
                                out.display()
                            );
                        } else {
                            let files: Vec<String> =
                                built.files.iter().map(|f| f.display().to_string()).collect();
                            println!("lavet på {took} s: {}", files.join(", "));
                        }
                    }
                    opfolg::watch::WatchEvent::Failed(d) => {
                        print(&d);
                        eprintln!("dokumenterne er ikke lavet igen; ret projektmappen og gem den");
                    }
                }
                true
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::from(INTERNAL)
                }
            }
        }
        Command::Skabeloner { dir } => match opfolg::init::write_defaults(&dir) {
            Ok(done) => {
                let templates = dir.join(opfolg::render::assets::TEMPLATES_FOLDER);
                let fonts = dir.join(opfolg::render::assets::FONTS_FOLDER);
                println!(
                    "skrev {} i {} og {}",
                    opfolg::format::count(done.written.len(), "fil", "filer"),
                    templates.display(),
                    fonts.display()
                );
                if !done.unchanged.is_empty() {
                    println!(
                        "  {} fandtes allerede og blev ikke rørt",
                        opfolg::format::count(done.unchanged.len(), "fil", "filer")
                    );
                }
                println!(
                    "  ret skabelonerne; opfolg bruger dem, når den køres i {}, ellers med --templates {} --fonts {}",
                    dir.display(),
                    templates.display(),
                    fonts.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                print(&d);
                eprintln!("intet er skrevet");
                ExitCode::from(INTERNAL)
            }
        },
        Command::Init { kind, file } => match opfolg::init::write_blank(kind.into(), &file) {
            Ok(path) => {
                println!("skrev {}", path.display());
                println!("  udfyld den, og kontrollér den med: opfolg check {}", path.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(INVALID_INPUT)
            }
        },
        Command::Archive { archive, action } => {
            run_archive(&opfolg::archive::archive_dir(archive.as_deref()), action)
        }
        Command::Serve { port, adresse, hosts, uden_login, proxy, proxy_header, archive, assets } => {
            if !adresse.is_loopback() && !uden_login && proxy.is_none() {
                eprintln!(
                    "fejl: siden har ingen login, så den lytter kun på maskinens egen adresse (127.0.0.1)\n  tip: på et netværk skal den stå bag en proxy, der kræver login: angiv den med --proxy IP (se docs/serve.md)"
                );
                return ExitCode::from(INTERNAL);
            }
            let proxy = match proxy.map(|address| (address, proxy_header.parse())) {
                None => None,
                Some((address, Ok(header))) => Some(opfolg::serve::Proxy { address, header }),
                Some((_, Err(_))) => {
                    eprintln!(
                        "fejl: «{proxy_header}» kan ikke være navnet på en overskrift (--proxy-header)"
                    );
                    return ExitCode::from(INTERNAL);
                }
            };
            let renderer = match assets.renderer() {
                Ok(r) => r,
                Err(code) => return code,
            };
            let config = opfolg::serve::Config {
                proxy,
                address: adresse,
                hosts,
                archive: opfolg::archive::archive_dir(archive.as_deref()),
                ..opfolg::serve::Config::new(renderer, port)
            };
            match opfolg::serve::run(config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("fejl: {e}");
                    ExitCode::from(INTERNAL)
                }
            }
        }
        Command::Model { workbook } => match opfolg::load(&workbook) {
            Ok((f, warnings)) => {
                print(&warnings);
                match serde_json::to_string_pretty(&f) {
                    Ok(json) => {
                        println!("{json}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("intern fejl: {e}");
                        ExitCode::from(INTERNAL)
                    }
                }
            }
            Err(d) => {
                print(&d);
                ExitCode::from(INVALID_INPUT)
            }
        },
    }
}

fn run_archive(dir: &Path, action: ArchiveAction) -> ExitCode {
    use opfolg::archive::{Archive, CATALOGUE, Record};
    use opfolg::format::visible;
    // Only `add` makes a new archive; the others read one that exists.
    if !matches!(action, ArchiveAction::Add { .. }) && !dir.join(CATALOGUE).exists() {
        eprintln!("fejl[OF0701]: {}: der er intet arkiv her", visible(&dir.display().to_string()));
        eprintln!(
            "  tip: angiv arkivmappen med --archive eller OPFOLG_ARCHIVE; et arkiv oprettes af «opfolg archive add»"
        );
        return ExitCode::from(INVALID_INPUT);
    }
    let opened = match action {
        ArchiveAction::Add { .. } => Archive::open(dir),
        // Reading changes nothing, so it works on a read-only copy.
        _ => Archive::open_read_only(dir),
    };
    let mut archive = match opened {
        Ok(a) => a,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(INTERNAL);
        }
    };
    // Every field printed below comes from a PDF or the catalogue, not from
    // opfolg: each goes through `visible`, so no control character, escape
    // sequence or bidi override reaches the terminal (a title must not be
    // able to print a line "underskrevet af ..." of its own).
    let v = |text: &str| visible(text).into_owned();
    let line = |r: &Record| {
        let signed = v(&opfolg::archive::signature::list_summary(&r.signatures));
        format!("nr. {}: {} (version {}{signed}) {}", r.id, v(&r.provenance.title), r.version, v(&r.file))
    };
    // `list` and `show` print what the catalogue says; when its chain or
    // head does not hold they say so too, and exit with 1: a signature or a
    // record inserted by hand must not pass for one.
    fn catalogue_holds(archive: &Archive) -> ExitCode {
        match archive.check_catalogue() {
            Ok(check) if check.problems.is_empty() => ExitCode::SUCCESS,
            Ok(check) => {
                for problem in &check.problems {
                    eprintln!("fejl: {}", visible(problem));
                }
                eprintln!(
                    "  tip: kataloget er ændret uden om opfolg; stol ikke på det viste, og kør «opfolg archive verify»"
                );
                ExitCode::from(INVALID_INPUT)
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(INTERNAL)
            }
        }
    }
    fn json(value: &impl serde::Serialize) -> String {
        opfolg::format::visible_json(&serde_json::to_string_pretty(value).unwrap_or_default())
    }
    match action {
        ArchiveAction::Add { files } => {
            let mut failed = 0;
            for file in &files {
                match archive.add(file) {
                    Ok(r) => {
                        let replaces =
                            r.replaces.map(|id| format!("; erstatter nr. {id}")).unwrap_or_default();
                        println!("arkiverede {}{replaces}", line(&r));
                        if !r.signatures.is_empty() {
                            println!("  {}", opfolg::archive::signature::trust_summary(archive.dir()));
                        }
                    }
                    Err(d) => {
                        failed += 1;
                        eprintln!("{d}");
                    }
                }
            }
            if failed > 0 { ExitCode::from(INVALID_INPUT) } else { ExitCode::SUCCESS }
        }
        ArchiveAction::List { format } => match archive.list() {
            Ok(records) if format == ReportFormat::Json => {
                println!("{}", json(&records));
                catalogue_holds(&archive)
            }
            Ok(records) => {
                for r in &records {
                    println!("{}", line(r));
                }
                println!(
                    "{} i arkivet {}",
                    opfolg::format::count(records.len(), "post", "poster"),
                    v(&archive.dir().display().to_string())
                );
                catalogue_holds(&archive)
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(INTERNAL)
            }
        },
        ArchiveAction::Show { id, format } => match (archive.show(id), archive.replaced_by(id)) {
            (Ok(Some(r)), Ok(later)) => {
                if format == ReportFormat::Json {
                    println!("{}", json(&r));
                    return catalogue_holds(&archive);
                }
                println!("nr. {}: {}", r.id, v(&r.provenance.title));
                for (label, value) in r.show_fields(later) {
                    println!("  {label:<15} {}", v(&value));
                }
                for (label, value) in opfolg::archive::signature::show_lines(&r.signatures) {
                    println!("  {label:<15} {}", v(&value));
                }
                catalogue_holds(&archive)
            }
            (Ok(None), _) => {
                eprintln!("fejl: arkivet har ingen post nr. {id}");
                ExitCode::from(INVALID_INPUT)
            }
            (Err(d), _) | (_, Err(d)) => {
                eprintln!("{d}");
                ExitCode::from(INTERNAL)
            }
        },
        ArchiveAction::Verify => match archive.verify() {
            Ok(result) => {
                for p in &result.problems {
                    eprintln!("fejl: {}", v(p));
                }
                for n in &result.notes {
                    eprintln!("bemærk: {}", v(n));
                }
                let checked = opfolg::format::count(result.checked, "post", "poster");
                if result.problems.is_empty() {
                    println!("{checked} kontrolleret: alle i orden");
                    let records = usize::try_from(result.head.0).unwrap_or(0);
                    println!(
                        "kædens hoved: {}, {}",
                        opfolg::format::count(records, "post", "poster"),
                        result.head.1
                    );
                    ExitCode::SUCCESS
                } else {
                    eprintln!("{checked} kontrolleret: {} fejl", result.problems.len());
                    ExitCode::from(INVALID_INPUT)
                }
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(INTERNAL)
            }
        },
        ArchiveAction::Export { dest, only } => match opfolg::archive::bag::export(&archive, &dest, &only) {
            Ok(e) => {
                println!(
                    "skrev {} med {} ({} bytes)",
                    visible(&dest.display().to_string()),
                    opfolg::format::count(e.records, "post", "poster"),
                    e.bytes
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(INVALID_INPUT)
            }
        },
    }
}
