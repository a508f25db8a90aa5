//! Integration tests: one binary with a small harness.

// Index loops over schools read more plainly in tests than zipped iterators.
#![allow(clippy::needless_range_loop)]

mod allocation;
mod architecture;
mod bad_input;
mod charts;
mod cli;
mod edges;
mod engine;
mod equity;
mod explain_compare_audit;
mod formula_errors;
mod harness;
mod kentucky;
mod national;
mod periods;
mod properties;
mod reproduce_ces;
mod reproduce_cps;
mod reproduce_psrc;
mod reproduce_svi;
mod scenario;
mod seni_formula;
mod sensitivity;
mod snapshots;
mod trust;
