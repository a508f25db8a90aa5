//! Analyses of a computed (and allocated) district: one school explained, two runs compared,
//! the money audited, and how sure each school's tier is. Each returns plain data; the output
//! layer turns it into tables, text, charts and reports.

pub(crate) mod audit;
pub(crate) mod compare;
pub(crate) mod discipline;
pub(crate) mod explain;
pub(crate) mod sensitivity;
pub(crate) mod trend;
