//! The end-to-end tests: the real pipeline on real workbooks, and the real
//! PDF and DOCX read back.
//!
//! They are modules of one test binary (not one binary per file) because every
//! binary links the whole Typst tree: seventeen of them took 14 GB of disk in
//! a debug build and most of CI's time in the linker.

mod common;

// The example workbooks' generators (examples/make_inputs.rs), so that tests
// can write variants of them.
#[path = "../examples/inputs/halvaarsopfoelgning_2008.rs"]
mod halvaarsopfoelgning_2008;
#[path = "../examples/inputs/helaarsopfoelgning_2009.rs"]
mod helaarsopfoelgning_2009;
#[path = "../examples/inputs/kontrakter_2008.rs"]
mod kontrakter_2008;
#[path = "../examples/inputs/maaloversigt_2007.rs"]
mod maaloversigt_2007;
#[path = "../examples/inputs/resultatkontrakter_2009.rs"]
mod resultatkontrakter_2009;
#[path = "../examples/inputs/sheet.rs"]
mod sheet;

mod adder;
mod agreement;
mod api;
mod archive;
mod archive_signatures;
mod bad_input;
mod catalogue;
mod cell_text_is_data;
mod corrections;
mod defaults;
mod determinism;
mod docx;
mod formats;
mod golden;
mod halvaarsopfoelgning;
mod hostile;
mod init;
mod inputs;
mod konti;
mod kontrakter;
mod lights;
mod mistyped;
mod overblik;
mod pagination;
mod papers;
mod printed;
mod review;
mod sager;
mod standards;
mod template_errors;
mod watch;
