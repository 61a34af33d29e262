//! Every diagnostic code opfolg gives, in one table: its category, whether
//! it is an error or a warning, the exit code it leads to and its Danish
//! title (the line `docs/workbook.md` lists it with).
//!
//! One code has one meaning, so a user (or a test) who sees a code knows
//! what happened without reading the message. The list in
//! `docs/workbook.md` is written from this table
//! (`OPFOLG_WRITE_DOCS=1 cargo test --lib code_list`), and a test fails when
//! the two differ or when a code used in `src/` is missing here.

use std::fmt;

use serde::Serialize;

/// What a code is about: the hundred it is numbered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// OF01xx: the file itself (unreadable, too large, protected, not a spreadsheet).
    File,
    /// OF02xx: sheets, columns and fields.
    Sheet,
    /// OF03xx: the value of a cell.
    Cell,
    /// OF04xx: references between sheets and ids.
    Reference,
    /// OF05xx: templates, fonts and the making of a document.
    Template,
    /// OF06xx: writing documents, watching folders.
    Output,
    /// OF07xx: the archive.
    Archive,
    /// OF08xx: the accounts of `opfolg serve --konti` (`opfolg konti`).
    Accounts,
}

impl Category {
    /// The category as the code list names it.
    pub fn danish(self) -> &'static str {
        match self {
            Category::File => "filen",
            Category::Sheet => "ark og kolonner",
            Category::Cell => "celler",
            Category::Reference => "henvisninger",
            Category::Template => "skabeloner og skrifttyper",
            Category::Output => "skrivning",
            Category::Archive => "arkivet",
            Category::Accounts => "konti",
        }
    }
}

/// Whether a code is an error, a warning, or either depending on what was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Always an error.
    Error,
    /// Always a warning.
    Warning,
    /// An error or a warning (a number written as text is a warning when it
    /// reads as a Danish number, an error when it does not).
    Both,
}

/// What the problem says about the run, and so the exit code an error of it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    /// What the user handed opfolg is wrong (a workbook, a PDF, a record
    /// number, a name already taken): exit code 1. Fixing the input fixes it.
    Input,
    /// opfolg's setting up is wrong (a template, the fonts, a folder that
    /// cannot be read or written) or opfolg itself is: exit code 2. No
    /// change to the workbook fixes it.
    Setup,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Input => 1,
            Exit::Setup => 2,
        }
    }
}

/// One code of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    /// `OF0301`.
    pub code: &'static str,
    /// What it is about.
    pub category: Category,
    /// Error, warning or either.
    pub kind: Kind,
    /// The exit code an error of this code gives.
    pub exit: Exit,
    /// What it means, in Danish, as `docs/workbook.md` lists it.
    pub title: &'static str,
    /// What gives it, for whoever carries the code on.
    pub doc: &'static str,
}

/// Declares the codes: each a variant of [`Code`] with its doc comment, and
/// a row of [`CODES`] carrying the same doc comment as text.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $code:ident: $category:ident, $kind:ident, $exit:ident, $title:literal;)+) => {
        /// Every diagnostic code, one per meaning. `Diagnostic::code` holds
        /// [`Code::as_str`]; this enum is the list to look codes up in.
        #[allow(non_camel_case_types, missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $code,)+
        }

        /// The table: every code in order, with its category, kind, exit and title.
        pub const CODES: &[CodeInfo] = &[
            $(CodeInfo {
                code: stringify!($code),
                category: Category::$category,
                kind: Kind::$kind,
                exit: Exit::$exit,
                title: $title,
                doc: concat!($($doc, "\n"),+),
            },)+
        ];

        impl Code {
            /// The code as diagnostics carry it, `"OF0301"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)+
                }
            }
        }
    };
}

codes! {
    /// The file cannot be read (missing, no access, a folder), or its bytes
    /// are not a spreadsheet opfolg reads (empty, text, truncated, damaged).
    OF0101: File, Error, Input, "filen kan ikke læses, eller den er ikke et regneark (tom, tekst, ufuldstændig eller beskadiget)";
    /// A sheet of an otherwise readable workbook cannot be read.
    OF0102: File, Error, Input, "et ark kan ikke læses";
    /// The file is larger than `read::LIMITS` allows.
    OF0103: File, Error, Input, "filen er større end grænsen";
    /// The file unpacks to more than the limit (a zip bomb).
    OF0104: File, Error, Input, "filen pakker sig ud til mere end grænsen (fx en \"zip-bombe\")";
    /// The workbook is encrypted with a password.
    OF0105: File, Error, Input, "projektmappen er beskyttet med adgangskode";
    /// A sheet has more rows, columns or cells than the limit.
    OF0106: File, Error, Input, "et ark har flere rækker, kolonner eller celler end grænsen";
    /// A cell's text is longer than the limit.
    OF0108: File, Error, Input, "en celle har længere tekst end grænsen";
    /// A PDF given to `diff` (or to be compared) cannot be parsed as a PDF.
    OF0109: File, Error, Input, "en PDF, der skal sammenlignes, kan ikke læses som PDF";
    /// A PDF given to `diff` has no workbook attached, and is no archived
    /// record whose workbook the archive keeps.
    OF0110: File, Error, Input, "en PDF, der skal sammenlignes, har ingen projektmappe vedhæftet, og arkivet gemmer ingen ved den";
    /// The workbook found for a PDF to compare (attached, or kept by the
    /// archive) is not the one the PDF's metadata names, or the PDF names none.
    OF0111: File, Error, Input, "projektmappen ved en PDF, der skal sammenlignes, er ikke den, PDF'ens metadata siger, den er lavet af";
    /// A sheet the document kind needs is missing.
    OF0201: Sheet, Error, Input, "et ark mangler";
    /// A sheet is empty, or Enheder or Mål has no rows.
    OF0202: Sheet, Error, Input, "et ark er tomt, eller arket Enheder eller Mål har ingen rækker (en udvalgssag må være uden)";
    /// A column is missing, also an optional one whose cells are filled under
    /// a header that looks like it.
    OF0203: Sheet, Error, Input, "en kolonne mangler (fejlen nævner de fundne kolonner og den, der ligner mest), også en valgfri kolonne, når en ukendt overskrift med udfyldte celler ligner den (`Lys` for Trafiklys)";
    /// A column header occurs twice.
    OF0204: Sheet, Error, Input, "en kolonne findes to gange";
    /// A column or a field of Rapport that opfolg does not know, and ignores.
    OF0205: Sheet, Warning, Input, "ukendt kolonne, eller ukendt felt i arket Rapport (bruges ikke)";
    /// A field of Rapport is missing, also an optional one an unknown field looks like.
    OF0206: Sheet, Error, Input, "et felt mangler i arket Rapport, også et valgfrit felt, når et ukendt felt ligner det (`Tolerence procentpoint`: ellers blev værdien stille ignoreret)";
    /// The sheet has merged cells.
    OF0207: Sheet, Error, Input, "arket har flettede celler";
    /// The sheet has hidden rows or columns; they are read.
    OF0208: Sheet, Warning, Input, "arket har skjulte rækker eller kolonner (de læses med)";
    /// A required cell is empty.
    OF0301: Cell, Error, Input, "en celle, der skal udfyldes, er tom";
    /// A number was expected; text that reads as a Danish number only warns.
    OF0302: Cell, Both, Input, "forventede et tal (tekst, der kan læses som et dansk tal, giver en advarsel)";
    /// A hand-set traffic light has no reason.
    OF0303: Cell, Error, Input, "et manuelt trafiklys mangler begrundelse";
    /// A target is a range but the direction is not «interval».
    OF0304: Cell, Warning, Input, "et måltal er et interval, men retningen er ikke «interval»";
    /// A section comes before the first chapter.
    OF0305: Cell, Error, Input, "et afsnit står før det første kapitel";
    /// The cell holds an Excel error value.
    OF0306: Cell, Error, Input, "cellen indeholder en Excel-fejl (`#DIV/0!`, `#REF!`, `#N/A` …)";
    /// A range whose lower bound is above its upper.
    OF0307: Cell, Error, Input, "et interval, hvis nedre grænse er større end den øvre";
    /// A date was expected, or the date is implausible.
    OF0308: Cell, Error, Input, "forventede en dato; også en dato før 1950 eller efter 2200, som et klokkeslæt, et årstal (2008 er Excels 30-06-1905) eller et tosifret år (`01-09-08`) giver";
    /// A value outside a fixed list (goal type, measure, direction, light, row type).
    OF0309: Cell, Error, Input, "ukendt værdi (måltype, måleenhed, retning, trafiklys, type)";
    /// A hand-set traffic light differs from the computed one.
    OF0310: Cell, Warning, Input, "et manuelt trafiklys afviger fra det beregnede";
    /// A percentage above 100 that is not an overspend under a ceiling.
    OF0311: Cell, Warning, Input, "et procenttal er over 100 (et resultat op til 200 % under et loft på højst 100 %, retning «lavere er bedre» eller «interval», er et overforbrug og ikke en advarsel)";
    /// Every percentage of a goal lies between -1 and 1: fractions, not percent?
    OF0312: Cell, Warning, Input, "alle procenttal for et mål ligger mellem -1 og 1 (brøker i stedet for procent?)";
    /// A row type of sheet Dokument that does not belong to the document kind.
    OF0313: Cell, Error, Input, "en type i arket Dokument, der ikke hører til dokumenttypen";
    /// A character the document's fonts do not have.
    OF0314: Cell, Error, Input, "et tegn findes ikke i dokumentets skrifttype (fx en emoji, arabisk eller hebraisk skrift); findes af både `check` og `build`, med cellen";
    /// A formula without a stored value.
    OF0315: Cell, Error, Input, "en formel uden gemt værdi";
    /// A cell formatted as percent where percentage points (warning) or a
    /// count, days, points, amount or whole number (error) belong.
    OF0316: Cell, Both, Input, "en celle formateret som procent, hvor der skal stå procentpoint (advarsel; læses som vist), eller et antal, dage, point, beløb eller helt tal (fejl); se «Celleformater»";
    /// The document's date is not from År, the year before or the year after.
    OF0317: Cell, Warning, Input, "dokumentets dato er ikke fra **År**, året før eller året efter (fx 2031 i et notat for 2008)";
    /// A text that goes into a paper holds a placeholder: a bare `X`/`x` for a
    /// figure, or a `{field}` opfolg does not fill in.
    OF0318: Cell, Warning, Input, "en tekst, der kommer med i et dokument, har en pladsholder: `X`/`x` for et tal eller et `{felt}`, som opfolg ikke udfylder";
    /// A goal text writes a figure of four or more digits without thousands
    /// separators (`1170`) where the tables write `1.170`.
    OF0319: Cell, Warning, Input, "en måltekst skriver et tal på fire eller flere cifre uden punktum mellem tusinderne (`1170`), som tabellerne skriver `1.170` (årstal tælles ikke med)";
    /// A number whose format shows it divided by a thousand or a million
    /// (`#,##0,`, an .ods display factor): the sheet and the paper would
    /// show different figures.
    OF0320: Cell, Error, Input, "et tal, hvis talformat viser det i tusinder eller millioner (`#.##0,`), så arket viser et andet tal end dokumentet ville skrive";
    /// A reference to a unit, goal, table or steering parameter that does not exist.
    OF0401: Reference, Error, Input, "en henvisning til noget, der ikke findes (enhed, mål, tabel, styringsparameter)";
    /// An id or number occurs twice.
    OF0402: Reference, Error, Input, "et id eller nummer findes to gange";
    /// A table of «Tabeller» has no row in «Dokument» that places it.
    OF0403: Reference, Error, Input, "en tabel uden plads i dokumentet (ingen række «tabel» i arket Dokument)";
    /// Two contracts would get the same file name.
    OF0404: Reference, Error, Input, "to kontrakter ville få samme filnavn (også fundet af `opfolg check`)";
    /// A group of units (column Består af) contains itself, directly or
    /// through another group.
    OF0405: Reference, Error, Input, "en gruppe af enheder (kolonnen Består af) består af sig selv, direkte, gennem en anden gruppe eller gennem summen over alle";
    /// Two workbooks of one year give a unit different targets for the same
    /// goal (`check` with several workbooks); said at both cells.
    OF0406: Reference, Error, Input, "to projektmapper for samme år har forskellige måltal for samme mål og enhed (`opfolg check` med flere projektmapper); nævnt ved begge celler";
    /// A table that no goal of «Mål» belongs to.
    OF0407: Reference, Error, Input, "en tabel uden mål (intet mål i arket Mål har tabellens nummer)";
    /// A goal without a row in «Resultater».
    OF0408: Reference, Error, Input, "et mål uden rækker i arket Resultater";
    /// A template cannot be read or filled in (a minijinja error), or the
    /// templates folder cannot be read.
    OF0501: Template, Error, Setup, "en skabelon kan ikke læses eller udfyldes";
    /// The fonts folder or a font cannot be read, or the folder has no fonts.
    OF0502: Template, Error, Setup, "skrifttypemappen eller en skrifttype kan ikke læses";
    /// Typst cannot compile the filled template.
    OF0503: Template, Error, Setup, "Typst kan ikke lave dokumentet af den udfyldte skabelon";
    /// Typst warns about the filled template.
    OF0504: Template, Warning, Setup, "Typst advarer om den udfyldte skabelon";
    /// The Word file cannot be made or packed.
    OF0505: Template, Error, Setup, "Word-filen kan ikke laves";
    /// The model cannot be written as JSON (to attach it to the PDF): a fault in opfolg.
    OF0506: Template, Error, Setup, "modellen kan ikke skrives som JSON (en fejl i opfolg)";
    /// An untagged PDF (the copy for signing) was asked to carry its sources:
    /// no PDF standard fits, so it is refused, never made to another.
    OF0507: Template, Error, Setup, "en PDF uden tilgængelighedsmærkning kan ikke bære sine kilder som bilag";
    /// opfolg's properties cannot be written into the PDF's XMP metadata: the
    /// PDF is not laid out as Typst writes it (a fault in opfolg).
    OF0508: Template, Error, Setup, "opfolgs oplysninger kan ikke skrives i PDF'ens XMP-metadata (en fejl i opfolg)";
    /// A document, or the folder for it, cannot be written.
    OF0601: Output, Error, Setup, "et dokument eller dets mappe kan ikke skrives";
    /// `opfolg init` refuses to overwrite an existing file; `opfolg
    /// skabeloner` one that is there and edited (then nothing is written).
    OF0602: Output, Error, Input, "`opfolg init`: filen findes allerede; `opfolg skabeloner`: en skabelon eller skrifttype findes allerede og er rettet (så skrives intet)";
    /// `opfolg watch` cannot watch the workbook's folder.
    OF0603: Output, Error, Setup, "`opfolg watch`: mappen kan ikke overvåges";
    /// The archive folder or its catalogue cannot be opened or read.
    OF0701: Archive, Error, Setup, "arkivmappen eller kataloget kan ikke åbnes eller læses";
    /// The file to archive cannot be read, or is not a PDF.
    OF0702: Archive, Error, Input, "filen kan ikke læses, eller den er ikke en PDF";
    /// The PDF was not made by opfolg.
    OF0703: Archive, Error, Input, "PDF'en er ikke lavet af opfolg";
    /// A signature or time stamp does not hold.
    OF0704: Archive, Error, Input, "en underskrift eller et tidsstempel holder ikke (filen er ændret efter underskriften, eller certifikatet er ikke egnet, gyldigt eller uspærret)";
    /// The file is already archived.
    OF0705: Archive, Error, Input, "filen er allerede arkiveret";
    /// The file cannot be placed in the archive folder, or an unknown file is at its place.
    OF0706: Archive, Error, Input, "filen kan ikke lægges i arkivmappen, eller en fil, kataloget ikke kender, ligger allerede på dens plads";
    /// The bag of `archive export` cannot be written.
    OF0707: Archive, Error, Setup, "`archive export`: pakken kan ikke skrives";
    /// A record number (`archive show NR`, `archive export --nr NR`) names no record.
    OF0708: Archive, Error, Input, "arkivet har ingen post med det nummer";
    /// The catalogue does not match the archive's head, or the head is missing.
    OF0709: Archive, Error, Input, "kataloget passer ikke med arkivets hoved (rullet tilbage, tømt eller ændret), eller hovedet mangler: intet tilføjes";
    /// There is no archive in the folder a reading command was given.
    OF0710: Archive, Error, Input, "der er intet arkiv i mappen";
    /// The destination of `archive export` exists already.
    OF0711: Archive, Error, Input, "`archive export`: der findes allerede en fil eller mappe med pakkens navn";
    /// `archive export` found the catalogue or a record not holding: nothing is exported.
    OF0712: Archive, Error, Input, "`archive export`: kataloget eller en post holder ikke; intet eksporteres";
    /// `archive verify`, `list` or `show` found the archive not holding: a
    /// file missing, changed, linked or unknown to the catalogue, or a record
    /// changed, inserted, deleted or rolled back (each names its record or file).
    OF0713: Archive, Error, Input, "arkivet holder ikke: en fil mangler, er ændret eller ukendt, eller en post i kataloget er ændret, indsat, slettet eller rullet tilbage";
    /// The paper's workbook was not given (`--projektmappe`), none given has
    /// the SHA-256 its metadata names, or it cannot be read.
    OF0714: Archive, Error, Input, "dokumentets projektmappe er ikke givet (`--projektmappe`), eller ingen af de givne har den SHA-256, dokumentets metadata angiver";
    /// The model made again from the workbook is not the one the paper
    /// shows (its SHA-256), or cannot be made.
    OF0715: Archive, Error, Input, "modellen, som projektmappen giver, er ikke den, dokumentet viser";
    /// The PDF's pages are not the ones its provenance names
    /// (`opfolg:pagesSHA256`), or it names none.
    OF0716: Archive, Error, Input, "PDF'ens sider er ikke dem, dens oplysninger om kilden hører til";
    /// A signed PDF's signatures cannot be validated (no python3 or pyHanko,
    /// or a trust anchor that is not a certificate).
    OF0720: Archive, Error, Input, "en underskrevet PDF's underskrifter kan ikke kontrolleres: `python3` eller pyHanko 0.38 mangler, eller mappen med betroede certifikater har en fil, der ikke er et certifikat";
    /// The accounts file (`--fil`, `serve --konti`) cannot be read: missing,
    /// no access, not text.
    OF0801: Accounts, Error, Setup, "kontofilen kan ikke læses";
    /// A line of the accounts file is not `NAVN:HASH` with a usable name
    /// and an argon2id PHC hash within the limits.
    OF0802: Accounts, Error, Input, "en linje i kontofilen er ikke NAVN:argon2id-hash, eller navnet eller hashen kan ikke bruges";
    /// `serve --konti`: the accounts file has no account.
    OF0803: Accounts, Error, Input, "`opfolg serve --konti`: kontofilen har ingen konti, så ingen kan logge ind";
    /// A name cannot be an account's (empty, too long, a control character,
    /// a colon, a space at an end, a leading #).
    OF0804: Accounts, Error, Input, "navnet kan ikke bruges til en konto";
    /// `konti tilfoej`: the name has an account already (names are told
    /// apart without regard to case); also a file with a name twice.
    OF0805: Accounts, Error, Input, "der er allerede en konto med det navn";
    /// `konti fjern` or `adgangskode`: no account has that name.
    OF0806: Accounts, Error, Input, "der er ingen konto med det navn";
    /// The password is refused: empty, too short or long, a control
    /// character, the name in it, the two typed differ, or none was given.
    OF0807: Accounts, Error, Input, "adgangskoden kan ikke bruges";
    /// The accounts file cannot be written.
    OF0808: Accounts, Error, Setup, "kontofilen kan ikke skrives";
    /// `serve --konti`: the accounts file may be written by others than its
    /// owner, read by anyone, or is owned by neither the server's user nor
    /// root (someone else could add an account, or guess at the hashes).
    OF0809: Accounts, Error, Setup, "`opfolg serve --konti`: andre end ejeren kan skrive i kontofilen, alle kan læse den, eller den ejes af en anden end serverens bruger eller root";
}

/// The row of `code`, if it is one opfolg knows.
pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

/// The exit code an error of `code` gives; a code missing from the table
/// (a test keeps that from happening) is taken for opfolg's own fault.
pub fn exit_of(code: &str) -> Exit {
    info(code).map_or(Exit::Setup, |c| c.exit)
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The code list as `docs/workbook.md` shows it: a Markdown table.
pub fn markdown_table() -> String {
    let mut out = String::from("| kode | hvad | fejl/advarsel | afslutningskode |\n|---|---|---|---|\n");
    for c in CODES {
        let kind = match c.kind {
            Kind::Error => "fejl",
            Kind::Warning => "advarsel",
            Kind::Both => "fejl/advarsel",
        };
        let exit = if c.kind == Kind::Warning { "-".to_string() } else { c.exit.code().to_string() };
        out += &format!("| {} | {} | {kind} | {exit} |\n", c.code, c.title);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the generated list stands in `docs/workbook.md`.
    const START: &str = "<!-- kodeliste: skrevet af src/diagnostics/codes.rs -->\n";
    const END: &str = "<!-- kodeliste slut -->";

    fn root() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn code_list_in_the_docs_is_the_table() {
        let path = root().join("docs/workbook.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let start = doc.find(START).expect("docs/workbook.md has the start marker") + START.len();
        let end = doc[start..].find(END).expect("docs/workbook.md has the end marker") + start;
        let table = markdown_table();
        if doc[start..end] != table {
            if std::env::var_os("OPFOLG_WRITE_DOCS").is_some() {
                std::fs::write(&path, format!("{}{table}{}", &doc[..start], &doc[end..])).unwrap();
            } else {
                panic!(
                    "docs/workbook.md's code list is not src/diagnostics/codes.rs's table; \
                     write it with OPFOLG_WRITE_DOCS=1 cargo test --lib code_list"
                );
            }
        }
    }

    /// Every `"OFxxxx"` string literal in the sources, with the file it is in.
    fn literals() -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut dirs = vec![root().join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (at, _) in text.match_indices("\"OF") {
                    let code = &text[at + 1..];
                    let digits = code[2..].chars().take_while(char::is_ascii_digit).count();
                    if digits == 4 && code[6..].starts_with('"') {
                        found.push((code[..6].to_string(), path.display().to_string()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_code_in_the_sources_is_in_the_table() {
        let found = literals();
        assert!(found.len() > 100, "the walk found the codes: {}", found.len());
        let missing: Vec<_> = found.iter().filter(|(code, _)| info(code).is_none()).collect();
        assert!(missing.is_empty(), "codes used but not in the table: {missing:?}");
    }

    #[test]
    fn codes_are_unique_ordered_and_in_their_hundred() {
        for pair in CODES.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} before {}", pair[0].code, pair[1].code);
        }
        for c in CODES {
            let hundred = &c.code[2..4];
            let category = match hundred {
                "01" => Category::File,
                "02" => Category::Sheet,
                "03" => Category::Cell,
                "04" => Category::Reference,
                "05" => Category::Template,
                "06" => Category::Output,
                "07" => Category::Archive,
                "08" => Category::Accounts,
                _ => panic!("{} is in no hundred", c.code),
            };
            assert_eq!(c.category, category, "{}", c.code);
            assert!(!c.doc.trim().is_empty() && !c.title.is_empty(), "{}", c.code);
            // A workbook problem is always the input's fault.
            if c.code < "OF05" {
                assert_eq!(c.exit, Exit::Input, "{}", c.code);
            }
        }
        assert_eq!(Code::OF0301.as_str(), "OF0301");
        assert_eq!(info("OF0301").unwrap().kind, Kind::Error);
        assert_eq!(info(concat!("OF", "9999")), None);
        assert_eq!(exit_of(concat!("OF", "9999")), Exit::Setup, "an unknown code is opfolg's fault");
    }

    #[test]
    fn the_archive_docs_list_the_archive_codes() {
        let doc = std::fs::read_to_string(root().join("docs/archive.md")).unwrap();
        let listed: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| "))
            .filter_map(|l| l.get(..6))
            .filter(|c| c.starts_with("OF07"))
            .collect();
        let table: Vec<&str> = CODES.iter().map(|c| c.code).filter(|c| c.starts_with("OF07")).collect();
        assert_eq!(listed, table, "docs/archive.md's error codes are the table's OF07xx rows");
    }

    #[test]
    fn every_code_in_the_table_is_used() {
        // Regression: OF0101 meant an unreadable file, an unparsable PDF and a
        // PDF without a workbook; OF0505 a DOCX packing error and a model JSON
        // error; OF0707 also a taken name and a damaged record. Each meaning
        // has its own row now, and a row nobody gives is a meaning lost.
        let used: std::collections::HashSet<String> = literals().into_iter().map(|(c, _)| c).collect();
        let unused: Vec<&str> = CODES.iter().map(|c| c.code).filter(|c| !used.contains(*c)).collect();
        assert!(unused.is_empty(), "codes in the table that nothing gives: {unused:?}");
    }
}
