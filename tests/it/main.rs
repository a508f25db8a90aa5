//! Integration tests: one binary with a small harness.

mod cli;
mod engine;
mod formula_errors;
mod harness;
mod reproduce_ces;
mod reproduce_cps;
mod reproduce_psrc;
mod reproduce_svi;
mod seni_formula;
