//! What the rules of an allocation refer to by name: a number (as written, a parameter or a
//! schedule), a line of money (an earlier program or a column of dollars) and an amount.

/// A number a rule uses: written in the formula, a named parameter (`[allocation.parameters]`,
/// which a solve may find), or a schedule (one number per row, `[allocation.schedules]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A number as written.
    Value(f64),
    /// A parameter, by position in `Allocation::parameters`.
    Parameter(usize),
    /// A schedule, by position in `Allocation::schedules`.
    Schedule(usize),
}

/// A line of money a rule reads: an earlier program's amounts, or a data column of dollars.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// An earlier program, by position.
    Program(usize),
    /// A data column in dollars (an empty cell counts as 0).
    Column(String),
}

/// An amount a rule gives: a line, or a number of dollars (as cents).
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// A line of money.
    Line(Line),
    /// A fixed amount in cents.
    Cents(i64),
}
