//! Writes the example workbooks in `inputs/` from the data in `examples/inputs/`.
//!
//! Run with `cargo run --example make_inputs`. The test `tests/inputs.rs`
//! checks that the committed workbooks hold exactly what this writes.

#[path = "inputs/halvaarsopfoelgning_2008.rs"]
mod halvaarsopfoelgning_2008;
#[path = "inputs/helaarsopfoelgning_2009.rs"]
mod helaarsopfoelgning_2009;
#[path = "inputs/kontrakter_2008.rs"]
mod kontrakter_2008;
#[path = "inputs/maaloversigt_2007.rs"]
mod maaloversigt_2007;
#[path = "inputs/resultatkontrakter_2009.rs"]
mod resultatkontrakter_2009;
#[path = "inputs/sheet.rs"]
mod sheet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("halvaarsopfoelgning-2008.xlsx");
    sheet::write_workbook(
        &path,
        "Halvårsopfølgning på resultatkontrakter 2008",
        &halvaarsopfoelgning_2008::sheets(),
    )?;
    println!("skrev {}", path.display());
    let path = dir.join("kontrakter-2008.xlsx");
    sheet::write_workbook(&path, "Resultatkontrakter 2008", &kontrakter_2008::sheets())?;
    println!("skrev {}", path.display());
    let path = dir.join("helaarsopfoelgning-2009.xlsx");
    sheet::write_workbook(
        &path,
        "Helårsopfølgning på resultatkontrakter 2009",
        &helaarsopfoelgning_2009::sheets(),
    )?;
    println!("skrev {}", path.display());
    let path = dir.join("maaloversigt-2007.xlsx");
    sheet::write_workbook(&path, "Resultat- og indsatsmål 2007", &maaloversigt_2007::sheets())?;
    println!("skrev {}", path.display());
    let path = dir.join("resultatkontrakter-2009.xlsx");
    sheet::write_workbook(&path, "Resultatkontrakter 2009", &resultatkontrakter_2009::sheets())?;
    println!("skrev {}", path.display());
    Ok(())
}
