//! Large synthetic workbooks for the benchmarks: a contract workbook with
//! many units, and a half-year follow-up with many result rows.
//!
//! The figures are made up; the structure is the examples'. Written with
//! rust_xlsxwriter directly, since the sizes make the row-by-row data of
//! `sheet.rs` unwieldy.

// Each user of this file takes what it needs.
#![allow(dead_code)]

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Workbook, Worksheet, XlsxError};

fn header(ws: &mut Worksheet, names: &[&str]) -> Result<(), XlsxError> {
    for (c, n) in names.iter().enumerate() {
        ws.write_string(0, c as u16, *n)?;
    }
    Ok(())
}

fn report(book: &mut Workbook, fields: &[(&str, &str)], year: u16) -> Result<(), XlsxError> {
    let ws = book.add_worksheet().set_name("Rapport")?;
    header(ws, &["Felt", "Værdi"])?;
    for (r, (k, v)) in fields.iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, *k)?;
        ws.write_string(r as u32 + 1, 1, *v)?;
    }
    let r = fields.len() as u32 + 1;
    ws.write_string(r, 0, "År")?;
    ws.write_number(r, 1, year as f64)?;
    ws.write_string(r + 1, 0, "Dato")?;
    ws.write_datetime(r + 1, 1, ExcelDateTime::from_ymd(year, 2, 1)?)?;
    Ok(())
}

fn steering(book: &mut Workbook) -> Result<(), XlsxError> {
    let ws = book.add_worksheet().set_name("Styringsparametre")?;
    header(ws, &["Nr", "Navn", "Beskrivelse"])?;
    for (i, n) in ["Beskæftigelsesindsatsen", "Kvalitet i servicen", "Personale og organisation", "Økonomi"]
        .iter()
        .enumerate()
    {
        ws.write_number(i as u32 + 1, 0, (i + 1) as f64)?;
        ws.write_string(i as u32 + 1, 1, *n)?;
        ws.write_string(i as u32 + 1, 2, "Beskrivelse af styringsparameteren.")?;
    }
    Ok(())
}

/// A contract workbook with `units` units, each with eight goals (two per
/// steering parameter) and a purpose and a task of its own.
pub fn contracts(path: &Path, units: usize) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    report(
        &mut book,
        &[
            ("Dokumenttype", "kontrakter"),
            ("Titel", "Kontrakt for"),
            ("Forvaltning", "Beskæftigelses- og Integrationsforvaltningen"),
            ("Underskriver", "Morten Binder"),
            ("Underskrivers titel", "Administrerende direktør"),
        ],
        2010,
    )?;
    steering(&mut book)?;
    let ws = book.add_worksheet().set_name("Enheder")?;
    header(ws, &["Id", "Navn", "Sagsnummer", "Dokumentnummer", "Leder", "Leders titel"])?;
    for u in 0..units {
        let r = u as u32 + 1;
        ws.write_string(r, 0, format!("E{u:04}"))?;
        ws.write_string(r, 1, format!("Jobcenter nummer {u:04}"))?;
        ws.write_string(r, 2, format!("2010-{:05}", 10000 + u))?;
        ws.write_string(r, 3, format!("2010-{:05}", 50000 + u))?;
        ws.write_string(r, 4, "Lone Hansen")?;
        ws.write_string(r, 5, "Centerchef")?;
    }
    let ws = book.add_worksheet().set_name("Mål")?;
    header(ws, &["Id", "Styringsparameter", "Måltype", "Måltekst"])?;
    let goals = [
        (1, "Resultatmål", "Andelen af ledige, der kommer i job eller uddannelse, skal være mindst 40 pct."),
        (1, "Indsatsmål", "Rettidigheden for kontaktforløb skal udgøre mindst 95 pct."),
        (2, "Resultatmål", "Antallet af formalitetsklager skal nedbringes med 15 pct."),
        (2, "Indsatsmål", "Mindst 90 pct. af telefonopkaldene skal besvares."),
        (3, "Resultatmål", "Sygefraværet skal nedbringes til 13 dage pr. medarbejder."),
        (3, "Udviklingsmål", "Centret skal udvikle en plan for kompetenceudvikling."),
        (4, "Resultatmål", "Centret skal bruge højest 100 pct. af sit driftsbudget."),
        (4, "Resultatmål", "Centret skal bruge mindst 85 pct. og højest 100 pct. af sit købsbudget."),
    ];
    for (g, (p, t, x)) in goals.iter().enumerate() {
        let r = g as u32 + 1;
        ws.write_number(r, 0, (g + 1) as f64)?;
        ws.write_number(r, 1, *p as f64)?;
        ws.write_string(r, 2, *t)?;
        ws.write_string(r, 3, *x)?;
    }
    let ws = book.add_worksheet().set_name("Resultater")?;
    header(ws, &["Mål-id", "Enhed"])?;
    let mut r = 1;
    for u in 0..units {
        for g in 0..goals.len() {
            ws.write_number(r, 0, (g + 1) as f64)?;
            ws.write_string(r, 1, format!("E{u:04}"))?;
            r += 1;
        }
    }
    let ws = book.add_worksheet().set_name("Kontrakttekster")?;
    header(ws, &["Enhed", "Del", "Tekst"])?;
    for u in 0..units {
        let r = 2 * u as u32 + 1;
        ws.write_string(r, 0, format!("E{u:04}"))?;
        ws.write_string(r, 1, "formål")?;
        ws.write_string(r, 2, "{enhed} skal bringe ledige i job eller uddannelse.")?;
        ws.write_string(r + 1, 0, format!("E{u:04}"))?;
        ws.write_string(r + 1, 1, "opgave")?;
        ws.write_string(r + 1, 2, "At betjene borgere og virksomheder.")?;
    }
    let ws = book.add_worksheet().set_name("Dokument")?;
    header(ws, &["Type", "Tekst"])?;
    let rows = [
        ("kapitel", "Indledning"),
        ("tekst", "Denne kontrakt indgås mellem {enhed} og forvaltningen for {år}."),
        ("kapitel", "Centrets formål"),
        ("enhedens formål", ""),
        ("kapitel", "Styringsområderne"),
        ("styringsparametre", ""),
        ("enhedens mål", ""),
        ("kapitel", "Underskrift"),
        ("underskrifter", ""),
    ];
    for (i, (t, x)) in rows.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, *t)?;
        if !x.is_empty() {
            ws.write_string(i as u32 + 1, 1, *x)?;
        }
    }
    book.save(path)
}

/// A half-year follow-up with `goals` goals for each of `units` units
/// (`goals * units` result rows), ten goals to a table.
pub fn half_year(path: &Path, units: usize, goals: usize) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    report(
        &mut book,
        &[
            ("Titel", "Halvårsopfølgning på resultatkontrakter"),
            ("Periode", "1. halvår 2010"),
            ("Forvaltning", "Beskæftigelses- og Integrationsforvaltningen"),
        ],
        2010,
    )?;
    steering(&mut book)?;
    let ws = book.add_worksheet().set_name("Enheder")?;
    header(ws, &["Id", "Navn"])?;
    for u in 0..units {
        ws.write_string(u as u32 + 1, 0, format!("E{u:04}"))?;
        ws.write_string(u as u32 + 1, 1, format!("Center {u:04}"))?;
    }
    let tables = goals.div_ceil(10);
    let ws = book.add_worksheet().set_name("Tabeller")?;
    header(ws, &["Nr", "Titel", "Kilde"])?;
    for t in 0..tables {
        ws.write_number(t as u32 + 1, 0, (t + 1) as f64)?;
        ws.write_string(t as u32 + 1, 1, format!("Mål {}-{}", 10 * t + 1, 10 * t + 10))?;
        ws.write_string(t as u32 + 1, 2, "Ledelsesinformationssystemet")?;
    }
    let ws = book.add_worksheet().set_name("Mål")?;
    header(ws, &["Id", "Tabel", "Styringsparameter", "Måltype", "Måltekst", "Måleenhed", "Retning"])?;
    for g in 0..goals {
        let r = g as u32 + 1;
        ws.write_number(r, 0, (g + 1) as f64)?;
        ws.write_number(r, 1, (g / 10 + 1) as f64)?;
        ws.write_number(r, 2, (g % 4 + 1) as f64)?;
        ws.write_string(r, 3, "Resultatmål")?;
        ws.write_string(r, 4, format!("Mål nummer {} skal nås i 2010.", g + 1))?;
        ws.write_string(r, 5, "procent")?;
        ws.write_string(r, 6, "højere er bedre")?;
    }
    let ws = book.add_worksheet().set_name("Resultater")?;
    header(ws, &["Mål-id", "Enhed", "Måltal", "Resultat"])?;
    let mut r = 1;
    for g in 0..goals {
        for u in 0..units {
            ws.write_number(r, 0, (g + 1) as f64)?;
            ws.write_string(r, 1, format!("E{u:04}"))?;
            ws.write_number(r, 2, 50.0)?;
            // Spread over green, yellow and red.
            ws.write_number(r, 3, 40.0 + ((g * 7 + u * 3) % 20) as f64)?;
            r += 1;
        }
    }
    let ws = book.add_worksheet().set_name("Dokument")?;
    header(ws, &["Type", "Tekst"])?;
    ws.write_string(1, 0, "trafiklys")?;
    for t in 0..tables {
        ws.write_string(t as u32 + 2, 0, "tabel")?;
        ws.write_number(t as u32 + 2, 1, (t + 1) as f64)?;
    }
    book.save(path)
}
