//! What the money rules of one allocation read, exactly: the data's columns as the decimals
//! they were written as (converted once per allocation, also across a solve's evaluations),
//! the parameters' values, and each schedule's and weighted count's number per row.

use crate::error::{Error, Location, Result};
use crate::formula::{Allocation, Count, Num, Schedule, ScheduleShape};
use crate::index::Computation;
use crate::num::{Exact, dec, round_dp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A column as decimals (None: an empty cell).
pub(super) type DecColumn = Rc<[Option<Exact>]>;

/// The data's numeric columns as decimals, converted when first read.
pub(super) struct Columns<'a> {
    c: &'a Computation,
    converted: RefCell<HashMap<String, DecColumn>>,
}

impl<'a> Columns<'a> {
    pub(super) fn new(c: &'a Computation) -> Columns<'a> {
        Columns { c, converted: RefCell::new(HashMap::new()) }
    }

    /// A numeric column as exact numbers; a value beyond 128 bits is an error at its cell.
    pub(super) fn get(&self, name: &str) -> Result<DecColumn> {
        if let Some(col) = self.converted.borrow().get(name) {
            return Ok(col.clone());
        }
        let raw = self.c.district.num(name);
        let mut col = Vec::with_capacity(raw.len());
        for (r, &x) in raw.iter().enumerate() {
            match dec(x) {
                None if !x.is_nan() => {
                    let message = format!("{x} is beyond the 38 digits money rules compute with");
                    return Err(cell_error(self.c, r, name, message, "check the cell"));
                }
                d => col.push(d),
            }
        }
        let col: DecColumn = col.into();
        self.converted.borrow_mut().insert(name.to_string(), col.clone());
        Ok(col)
    }

    /// A text column (categories).
    pub(super) fn text(&self, name: &str) -> &'a [String] {
        self.c.district.txt(name)
    }
}

/// A row named for messages: `district 01/0010 (ABSECON CITY)`.
pub(super) fn row_name(c: &Computation, r: usize) -> String {
    let (id, name) = (&c.district.ids[r], &c.district.names[r]);
    if name.is_empty() || name == id {
        format!("{} {id}", c.unit())
    } else {
        format!("{} {id} ({name})", c.unit())
    }
}

/// Where a row's cell is, for data errors.
pub(super) fn cell(c: &Computation, r: usize, column: &str) -> Location {
    Location::file(&c.district.source).row(c.district.source_rows[r]).column(column)
}

/// The numbers rules use under one set of parameter values.
pub(super) struct Values {
    /// Each parameter's value.
    pub(super) params: Vec<Exact>,
    /// Each schedule's number per row (None: the column's cell is empty).
    pub(super) schedules: Vec<Vec<Option<Exact>>>,
    /// Each weighted count per row.
    pub(super) counts: Vec<Vec<Exact>>,
}

impl Values {
    /// The parameters as the formula gives them.
    pub(super) fn written(a: &Allocation) -> Vec<Exact> {
        a.parameters.iter().map(|(_, v)| dec(*v).unwrap_or_default()).collect()
    }

    /// Schedules and counts under these parameter values.
    pub(super) fn of(a: &Allocation, cols: &Columns, params: Vec<Exact>) -> Result<Values> {
        let mut v = Values { params, schedules: Vec::new(), counts: Vec::new() };
        for s in &a.schedules {
            let values = schedule_values(s, cols, &v.params)?;
            v.schedules.push(values);
        }
        for k in &a.counts {
            let values = count_values(k, cols, &v)?;
            v.counts.push(values);
        }
        Ok(v)
    }

    /// A number at a row (None when a schedule's cell is empty).
    pub(super) fn num(&self, n: Num, r: usize) -> Option<Exact> {
        match n {
            Num::Value(x) => dec(x),
            Num::Parameter(i) => Some(self.params[i]),
            Num::Schedule(i) => self.schedules[i][r],
        }
    }

    /// A number the same for every row (a number or a parameter).
    pub(super) fn scalar(&self, n: Num) -> Exact {
        self.num(n, 0).unwrap_or_default()
    }
}

/// A schedule's number per row (None: the column's cell is empty).
fn schedule_values(s: &Schedule, cols: &Columns, params: &[Exact]) -> Result<Vec<Option<Exact>>> {
    let bound = |x: Option<f64>| x.and_then(dec);
    let (lo, hi) = (bound(s.min), bound(s.max));
    let finish = |x: Exact| -> Option<Exact> {
        let x = match s.decimals {
            Some(d) => round_dp(x, d)?,
            None => x,
        };
        let x = lo.map_or(x, |m| x.max(m));
        Some(hi.map_or(x, |m| x.min(m)))
    };
    let param = |n: Num| match n {
        Num::Value(x) => dec(x).unwrap_or_default(),
        Num::Parameter(i) => params[i],
        Num::Schedule(_) => unreachable!("a schedule's ends are numbers or parameters"),
    };
    let too_large = |r: usize| {
        let message =
            format!("{}: schedule {} is beyond what seni computes", row_name(cols.c, r), s.id);
        Error::infeasible(format!("schedule {}", s.id), message, "check its column and its numbers")
    };
    let values: Vec<Option<Option<Exact>>> = match &s.shape {
        ScheduleShape::Linear { from, to, low, high } => {
            let (from, to) = (dec(*from).unwrap_or_default(), dec(*to).unwrap_or_default());
            let (low, high) = (param(*low), param(*high));
            let slide = |x: Exact| -> Option<Exact> {
                let t = x.checked_sub(from)?.checked_div(to.checked_sub(from)?)?;
                low.checked_add(high.checked_sub(low)?.checked_mul(t)?)
            };
            let col = cols.get(&s.column)?;
            col.iter()
                .map(|x| {
                    x.map(|x| match x {
                        x if x <= from => finish(low),
                        x if x >= to => finish(high),
                        x => slide(x).and_then(finish),
                    })
                })
                .collect()
        }
        ScheduleShape::Categories { values, otherwise } => {
            let other = dec(*otherwise).unwrap_or_default();
            cols.text(&s.column)
                .iter()
                .map(|t| {
                    let v = values.iter().find(|(k, _)| k == t).map(|(_, v)| *v);
                    Some(finish(v.and_then(dec).unwrap_or(other)))
                })
                .collect()
        }
    };
    values
        .into_iter()
        .enumerate()
        .map(|(r, v)| match v {
            None => Ok(None),
            Some(Some(x)) => Ok(Some(x)),
            Some(None) => Err(too_large(r)),
        })
        .collect()
}

/// A weighted count per row: `Σ round(column × weight_j × weight)`, then `× factor`, rounded.
fn count_values(k: &Count, cols: &Columns, v: &Values) -> Result<Vec<Exact>> {
    let mut columns: Vec<(DecColumn, Exact)> = Vec::new();
    for (c, w) in &k.columns {
        columns.push((cols.get(c)?, dec(*w).unwrap_or_default()));
    }
    let n = cols.c.len();
    let round = |x: Exact| match k.decimals {
        Some(d) => round_dp(x, d),
        None => Some(x),
    };
    let one = |r: usize| -> Option<Exact> {
        let weight = k.weight.map_or(Some(Exact::ONE), |w| v.num(w, r)).unwrap_or_default();
        let mut sum = Exact::ZERO;
        for (col, w) in &columns {
            let term = product(&[col[r].unwrap_or_default(), *w, weight])?;
            sum = sum.checked_add(round(term)?)?;
        }
        match k.factor {
            Some(f) => round(sum.checked_mul(v.num(f, r).unwrap_or(Exact::ONE))?),
            None => Some(sum),
        }
    };
    (0..n)
        .map(|r| {
            one(r).ok_or_else(|| {
                let message =
                    format!("count {}: {} is beyond what seni computes", k.id, row_name(cols.c, r));
                Error::infeasible(format!("count {}", k.id), message, "check the pupil columns")
            })
        })
        .collect()
}

/// The product of exact numbers (None beyond 128 bits).
pub(super) fn product(factors: &[Exact]) -> Option<Exact> {
    factors.iter().try_fold(Exact::ONE, |acc, x| acc.checked_mul(*x))
}

/// A data error at a row's cell.
pub(super) fn cell_error(
    c: &Computation,
    r: usize,
    column: &str,
    message: String,
    fix: &str,
) -> Error {
    Error::data(cell(c, r, column), format!("{}: {message}", row_name(c, r)), fix)
}
