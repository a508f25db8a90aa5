//! Formulas and the sample district shipped inside the binary, so every command works anywhere.

/// Bundled formulas: (name, TOML text).
pub const FORMULAS: &[(&str, &str)] = &[
    ("seni", include_str!("../formulas/seni.toml")),
    ("seni-lausd-open", include_str!("../formulas/seni-lausd-open.toml")),
    ("cdc-svi-2016", include_str!("../formulas/cdc-svi-2016.toml")),
    ("cdc-svi-2018", include_str!("../formulas/cdc-svi-2018.toml")),
    ("cdc-svi-2020", include_str!("../formulas/cdc-svi-2020.toml")),
    ("psrc-opportunity-2018", include_str!("../formulas/psrc-opportunity-2018.toml")),
    ("lcff-2024-25", include_str!("../formulas/lcff-2024-25.toml")),
    ("nyc-fsf", include_str!("../formulas/nyc-fsf.toml")),
    ("calenviroscreen-4", include_str!("../formulas/calenviroscreen-4.toml")),
    ("cps-sqrp", include_str!("../formulas/cps-sqrp.toml")),
    ("cps-sqrp-cutoffs", include_str!("../formulas/cps-sqrp-cutoffs.toml")),
];

/// The bundled sample district (`data/district.csv`, made by `seni sample`).
pub const DISTRICT_CSV: &[u8] = include_bytes!("../data/district.csv");

/// The text of a bundled formula.
pub fn formula_text(name: &str) -> Option<&'static str> {
    FORMULAS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
