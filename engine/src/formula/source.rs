//! Where a formula comes from: a bundled name or a file. Bundled formulas are compiled into the
//! binary, so every command works anywhere.

use crate::error::{Error, ErrorKind, Location, Result, did_you_mean};
use std::path::{Path, PathBuf};

/// Bundled formulas: (name, TOML text).
pub(crate) const BUNDLED: &[(&str, &str)] = &[
    ("seni", include_str!("../../../formulas/seni.toml")),
    ("seni-lausd-open", include_str!("../../../formulas/seni-lausd-open.toml")),
    ("cdc-svi-2016", include_str!("../../../formulas/cdc-svi-2016.toml")),
    ("cdc-svi-2018", include_str!("../../../formulas/cdc-svi-2018.toml")),
    ("cdc-svi-2020", include_str!("../../../formulas/cdc-svi-2020.toml")),
    ("psrc-opportunity-2018", include_str!("../../../formulas/psrc-opportunity-2018.toml")),
    ("lcff-2024-25", include_str!("../../../formulas/lcff-2024-25.toml")),
    ("nyc-fsf", include_str!("../../../formulas/nyc-fsf.toml")),
    ("calenviroscreen-4", include_str!("../../../formulas/calenviroscreen-4.toml")),
    ("cps-sqrp", include_str!("../../../formulas/cps-sqrp.toml")),
    ("cps-sqrp-cutoffs", include_str!("../../../formulas/cps-sqrp-cutoffs.toml")),
    ("ky-equity-2017", include_str!("../../../formulas/ky-equity-2017.toml")),
    ("us-districts-2018", include_str!("../../../formulas/us-districts-2018.toml")),
];

/// Data sets a formula can name with `[data] bundled`: (name, the files' paths; several are
/// joined by id onto the first).
pub(crate) const BUNDLED_DATA: &[(&str, &[&str])] = &[
    ("district", &["data/district.csv"]),
    ("lausd", &["data/lausd/schools.csv"]),
    ("ky-2016-17", &["data/kentucky/ky_schools_2016_17.csv"]),
    ("ky-panel", &["data/kentucky/ky_schools_panel_2012_2017.csv"]),
    (
        "us-districts",
        &[
            "data/us_districts/hh.csv",
            "data/us_districts/finance.csv",
            "data/us_districts/grad.csv",
            "data/us_districts/assess.csv",
            "data/us_districts/race.csv",
        ],
    ),
];

/// The files of a bundled data set with their bytes, when this build carries them (the
/// `bundled-data` feature: the command line and Python do; the what-if page is given its data).
#[cfg(feature = "bundled-data")]
pub fn bundled_files(name: &str) -> Option<Vec<(&'static str, &'static [u8])>> {
    macro_rules! file {
        ($p:literal) => {
            ($p, include_bytes!(concat!("../../../", $p)) as &'static [u8])
        };
    }
    Some(match name {
        "district" => vec![file!("data/district.csv")],
        "lausd" => vec![file!("data/lausd/schools.csv")],
        "ky-2016-17" => vec![file!("data/kentucky/ky_schools_2016_17.csv")],
        "ky-panel" => vec![file!("data/kentucky/ky_schools_panel_2012_2017.csv")],
        "us-districts" => vec![
            file!("data/us_districts/hh.csv"),
            file!("data/us_districts/finance.csv"),
            file!("data/us_districts/grad.csv"),
            file!("data/us_districts/assess.csv"),
            file!("data/us_districts/race.csv"),
        ],
        _ => return None,
    })
}

/// Without the `bundled-data` feature no data set is carried.
#[cfg(not(feature = "bundled-data"))]
pub fn bundled_files(_name: &str) -> Option<Vec<(&'static str, &'static [u8])>> {
    None
}

/// The text of a bundled formula.
pub(crate) fn bundled_text(name: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Where a formula comes from.
#[derive(Debug, Clone)]
pub enum FormulaSource {
    /// A bundled formula by name.
    Bundled(String),
    /// A file.
    Path(PathBuf),
    /// A formula's text, named in messages by `origin` (e.g. the file a page was given).
    Text {
        /// The name in messages.
        origin: String,
        /// The TOML text.
        text: String,
    },
}

impl FormulaSource {
    /// A bundled name when `s` names one and is not an existing file; otherwise a path. (A
    /// directory of the same name — a clone called `seni` beside the work — hides nothing.)
    pub fn parse(s: &str) -> Self {
        let p = Path::new(s);
        if bundled_text(s).is_some() && !p.is_file() {
            FormulaSource::Bundled(s.to_string())
        } else {
            FormulaSource::Path(p.to_path_buf())
        }
    }

    /// The source's text and display name.
    pub(crate) fn read(&self) -> Result<(String, String)> {
        match self {
            FormulaSource::Bundled(name) => match bundled_text(name) {
                Some(text) => Ok((text.to_string(), format!("formulas/{name}.toml"))),
                None => Err(not_found(name, name)),
            },
            FormulaSource::Text { origin, text } => Ok((text.clone(), origin.clone())),
            FormulaSource::Path(p) => {
                let shown = p.display().to_string();
                if !p.exists() {
                    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                    return Err(not_found(&shown, stem));
                }
                let text = std::fs::read_to_string(p).map_err(|e| {
                    Error::io(&shown, e, "check the path and that the file is UTF-8 text")
                })?;
                Ok((text, shown))
            }
        }
    }
}

/// "no such formula", suggesting the closest bundled name.
fn not_found(shown: &str, stem: &str) -> Error {
    let names: Vec<&str> = BUNDLED.iter().map(|f| f.0).collect();
    let hint = match did_you_mean(stem, names.iter().copied()) {
        Some(n) => format!("did you mean the bundled formula '{n}'?"),
        None => format!("give a path to a .toml file or a bundled name ({})", names.join(", ")),
    };
    Error::new(
        ErrorKind::Usage,
        Location::file(shown),
        "no such formula file or bundled formula",
        hint,
    )
}
