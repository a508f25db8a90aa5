//! Checking: the merged spec becomes a [`super::Formula`] that cannot hold an invalid state.
//! Every problem is collected (with the file and line that set the key) and reported at once.

mod allocation;
mod assemble;
mod audit;
mod checker;
mod data;
mod domain;
mod equity;
mod indicator;
mod kind;
mod lines;
mod normaliser;
mod program;
mod solve;
mod state;
mod tiers;
mod tree;
mod uncertainty;

pub(crate) use assemble::check;
