//! One grammar per kind of input, at the bottom of the house: amounts of money, ids and formula
//! key paths are each read here into a typed value, once, by every front end (the command
//! line's flags and `--set`, formula and scenario files, Python's arguments, the page). A front
//! end never parses a number of dollars or compares two ids itself.

mod amount;
mod id;
mod key;

pub use amount::{AMOUNT_FIX, Amount, Dollars, Refusal};
pub use id::{IdRule, nfc};
pub use key::{key_path, split_assignment};
