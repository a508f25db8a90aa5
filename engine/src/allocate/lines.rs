//! The rules of state formulas, row by row: lines combined (a sum, the positive part of a
//! difference, the least, the greatest), a local share from wealth, a group's ratio, a choice
//! by cases, a waterfall's parts and a phase-in from last year — and conditions on lines.

use super::exact::{Columns, cell_error, product, row_name};
use super::per_school::SchoolInputs;
use super::result::ProgramResult;
use crate::error::{Error, Result};
use crate::formula::{Condition, Line, LineAmount, LineOp, Num, Part, PhaseIn, Program};
use crate::formula::{ProgramKind, Test};
use crate::num::{Exact, cents_dollars, dec, dollars, round_dp, to_cents};
use std::borrow::Cow;
use std::collections::HashMap;

/// The lines a rule reads: earlier programs' amounts and columns of dollars, in cents.
pub(super) struct Lines<'a> {
    pub(super) c: &'a crate::index::Computation,
    pub(super) cols: &'a Columns<'a>,
    pub(super) earlier: &'a [ProgramResult],
}

impl<'a> Lines<'a> {
    /// A line's cents per row (a column's empty cell counts as 0; dollars rounded to the cent).
    pub(super) fn cents(&self, l: &Line) -> Result<Cow<'a, [i64]>> {
        Ok(match l {
            Line::Program(i) => Cow::Borrowed(&self.earlier[*i].amounts),
            Line::Column(name) => {
                let col = self.cols.get(name)?;
                let mut out = Vec::with_capacity(col.len());
                for (r, x) in col.iter().enumerate() {
                    let d = x.unwrap_or_default();
                    out.push(to_cents(d, 1).ok_or_else(|| {
                        let message = format!("{d} dollars is beyond what seni holds");
                        cell_error(self.c, r, name, message, "check the cell")
                    })?);
                }
                Cow::Owned(out)
            }
        })
    }

    /// An amount per row: a line, or the same cents for every row.
    fn amount(&self, a: &LineAmount) -> Result<Cow<'a, [i64]>> {
        match a {
            LineAmount::Line(l) => self.cents(l),
            LineAmount::Cents(c) => Ok(Cow::Owned(vec![*c; self.c.len()])),
        }
    }

    /// A number a condition tests at every row, in dollars (None: missing).
    fn tested(&self, l: &Line) -> Result<Vec<Option<Exact>>> {
        Ok(match l {
            Line::Program(i) => {
                self.earlier[*i].amounts.iter().map(|c| Some(cents_dollars(*c))).collect()
            }
            Line::Column(name) => self.cols.get(name)?.to_vec(),
        })
    }

    /// Whether each row meets every condition (a missing value meets none).
    pub(super) fn all_hold(&self, conditions: &[Condition]) -> Result<Vec<bool>> {
        let n = self.c.len();
        let mut ok = vec![true; n];
        for cond in conditions {
            if let (Test::OneOf { .. }, Line::Column(col)) = (&cond.test, &cond.of) {
                let text = self.cols.text(col);
                for r in 0..n {
                    ok[r] &= cond.holds_text(&text[r]);
                }
                continue;
            }
            let x = self.tested(&cond.of)?;
            let den = cond.per.as_ref().map(|d| self.tested(d)).transpose()?;
            for r in 0..n {
                let v = match (&den, x[r]) {
                    (Some(d), Some(x)) => match d[r] {
                        Some(d) if d > Exact::ZERO => x.checked_div(d),
                        _ => None,
                    },
                    (None, x) => x,
                    (_, None) => None,
                };
                ok[r] &= v.is_some_and(|v| holds(cond, v));
            }
        }
        Ok(ok)
    }
}

/// Whether a number meets a condition's bounds, compared exactly.
fn holds(cond: &Condition, v: Exact) -> bool {
    let Test::Bounds { lower, upper } = &cond.test else { return false };
    let cmp = |b: f64| dec(b).map(|b| v.cmp(&b));
    let lo = lower.is_none_or(|(b, inc)| cmp(b).is_some_and(|o| o.is_gt() || (inc && o.is_eq())));
    let hi = upper.is_none_or(|(b, inc)| cmp(b).is_some_and(|o| o.is_lt() || (inc && o.is_eq())));
    lo && hi
}

/// Cents per row of a state-formula rule (0 for rows not eligible).
pub(super) fn line_cents(p: &Program, lines: &Lines, s: &SchoolInputs) -> Result<Vec<i64>> {
    let n = s.c.len();
    let amounts: Vec<i64> = match &p.kind {
        ProgramKind::Lines { op, of, minus } => combine(p, lines, *op, of, minus)?,
        ProgramKind::LocalShare { wealth, divide_by } => local_share(p, s, wealth, *divide_by)?,
        ProgramKind::GroupRatio { group, numerator, denominator, decimals, of } => {
            let (num, den, of) =
                (lines.cents(numerator)?, lines.cents(denominator)?, lines.cents(of)?);
            group_ratio(p, s, group, (&num, &den), *decimals, &of)?
        }
        ProgramKind::Choose { cases, otherwise } => {
            let mut out = lines.amount(otherwise)?.into_owned();
            let mut decided = vec![false; n];
            for (when, then) in cases {
                let ok = lines.all_hold(when)?;
                let then = lines.amount(then)?;
                for r in 0..n {
                    if ok[r] && !decided[r] {
                        out[r] = then[r];
                        decided[r] = true;
                    }
                }
            }
            out
        }
        ProgramKind::Part(part) => waterfall_part(p, lines, part)?,
        ProgramKind::PhaseIn(phase) => phase_in(p, lines, s, phase)?,
        _ => unreachable!("other programs are per school or pots"),
    };
    Ok(amounts.into_iter().zip(s.eligible).map(|(x, ok)| if *ok { x } else { 0 }).collect())
}

/// A total beyond 64-bit cents.
fn overflow(p: &Program, c: &crate::index::Computation, r: usize) -> Error {
    super::per_school::too_large(p, c, r)
}

fn combine(
    p: &Program,
    lines: &Lines,
    op: LineOp,
    of: &[Line],
    minus: &[Line],
) -> Result<Vec<i64>> {
    let n = lines.c.len();
    let of: Vec<Cow<[i64]>> = of.iter().map(|l| lines.cents(l)).collect::<Result<_>>()?;
    let minus: Vec<Cow<[i64]>> = minus.iter().map(|l| lines.cents(l)).collect::<Result<_>>()?;
    (0..n)
        .map(|r| {
            let values = of.iter().map(|l| l[r]);
            let x = match op {
                LineOp::Least => values.min(),
                LineOp::Greatest => values.max(),
                LineOp::Sum | LineOp::PositivePart => {
                    let added = values.map(i128::from).sum::<i128>();
                    let taken = minus.iter().map(|l| i128::from(l[r])).sum::<i128>();
                    let d = added - taken;
                    let d = if op == LineOp::PositivePart { d.max(0) } else { d };
                    i64::try_from(d).ok()
                }
            };
            x.ok_or_else(|| overflow(p, lines.c, r))
        })
        .collect()
}

/// `Σ round(wealth × rate ÷ divide_by)`, each part rounded to the unit; wealth must be given
/// and not negative.
fn local_share(
    p: &Program,
    s: &SchoolInputs,
    wealth: &[(String, Num)],
    divide_by: Num,
) -> Result<Vec<i64>> {
    let divisor = s.values.scalar(divide_by);
    if divisor <= Exact::ZERO {
        return Err(Error::infeasible(
            format!("program {}", p.id),
            format!("the local share is divided by {divisor}"),
            "divide by a number above 0 (a parameter held at 0?)",
        ));
    }
    let cols = wealth.iter().map(|(c, _)| s.cols.get(c)).collect::<Result<Vec<_>>>()?;
    let mut out = vec![0; s.c.len()];
    for (r, slot) in out.iter_mut().enumerate().filter(|(r, _)| s.eligible[*r]) {
        let mut total = 0i64;
        for ((name, rate), col) in wealth.iter().zip(&cols) {
            let Some(w) = col[r] else {
                let fix = "give the value (0 if there is none), or make the row ineligible \
                           for this program with eligible = [...]";
                let message = format!("no {name} for the local share of program {}", p.id);
                return Err(cell_error(s.c, r, name, message, fix));
            };
            if w < Exact::ZERO {
                let message = format!(
                    "{name} is {w}: a negative property value or income cannot make a local share"
                );
                let fix = "correct the cell: wealth is 0 or more";
                return Err(cell_error(s.c, r, name, message, fix));
            }
            let rate = s.values.num(*rate, r).unwrap_or_default();
            let part = product(&[w, rate]).and_then(|x| x.checked_div(divisor));
            total = total.checked_add(s.cents(p, r, part)?).ok_or_else(|| overflow(p, s.c, r))?;
        }
        *slot = total;
    }
    Ok(out)
}

/// `round(round(Σ numerator ÷ Σ denominator, decimals) × of)`, the sums over the rows of the
/// same group (a zero denominator gives no share).
fn group_ratio(
    p: &Program,
    s: &SchoolInputs,
    group: &str,
    (num, den): (&[i64], &[i64]),
    decimals: u32,
    of: &[i64],
) -> Result<Vec<i64>> {
    let groups = s.cols.text(group);
    let mut sums: HashMap<&str, (i128, i128)> = HashMap::new();
    for r in 0..s.c.len() {
        let e = sums.entry(groups[r].as_str()).or_default();
        e.0 += i128::from(num[r]);
        e.1 += i128::from(den[r]);
    }
    (0..s.c.len())
        .map(|r| {
            let (n, d) = sums[groups[r].as_str()];
            if d == 0 {
                return Ok(0);
            }
            let ratio =
                Exact::int(n).checked_div(Exact::int(d)).and_then(|x| round_dp(x, decimals));
            s.cents(p, r, ratio.and_then(|x| x.checked_mul(cents_dollars(of[r]))))
        })
        .collect()
}

/// A waterfall's part: the amount left after the parts before, kept between −most_taken and
/// most_added.
fn waterfall_part(p: &Program, lines: &Lines, part: &Part) -> Result<Vec<i64>> {
    let amount = lines.cents(&part.amount)?;
    let taken = lines.amount(&part.most_taken)?;
    let added = lines.amount(&part.most_added)?;
    (0..lines.c.len())
        .map(|r| {
            let before: i64 = part.before.iter().map(|&b| lines.earlier[b].amounts[r]).sum();
            let left = amount[r].checked_sub(before).ok_or_else(|| overflow(p, lines.c, r))?;
            Ok(left.clamp(-taken[r].max(0), added[r].max(0)))
        })
        .collect()
}

/// Last year's amount moved toward the formula amount: a share of the gap, the change capped
/// both ways (shares of last year) and raised to a minimum per pupil.
fn phase_in(p: &Program, lines: &Lines, s: &SchoolInputs, phase: &PhaseIn) -> Result<Vec<i64>> {
    let (from, to) = (lines.cents(&phase.from)?, lines.cents(&phase.to)?);
    let mut out = Vec::with_capacity(s.c.len());
    for r in 0..s.c.len() {
        let at = |x: Option<Exact>| s.cents(p, r, x);
        let last = cents_dollars(from[r]);
        let share = s.values.num(phase.share, r).unwrap_or_default();
        let mut change = at(product(&[cents_dollars(to[r] - from[r]), share]))?;
        let cap = phase
            .max_increase
            .map(|m| at(product(&[last, s.values.num(m, r).unwrap_or_default()])))
            .transpose()?;
        let floor = phase
            .max_decrease
            .map(|m| at(product(&[last, s.values.num(m, r).unwrap_or_default()])).map(|x| -x))
            .transpose()?;
        let least = phase
            .min_increase_per_pupil
            .map(|m| {
                let pupils = dec(s.pupils[r]).unwrap_or_default();
                at(product(&[pupils, s.values.num(m, r).unwrap_or_default()]))
            })
            .transpose()?;
        let lo = floor.into_iter().chain(least).max();
        if let (Some(lo), Some(hi)) = (lo, cap)
            && lo > hi
        {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!(
                    "{}: the least change, {}, is above the cap on the increase, {}",
                    row_name(s.c, r),
                    dollars(lo),
                    dollars(hi)
                ),
                "a cap below a floor: lower min_increase_per_pupil or raise max_increase",
            ));
        }
        change = lo.map_or(change, |lo| change.max(lo));
        change = cap.map_or(change, |hi| change.min(hi));
        out.push(from[r].checked_add(change).ok_or_else(|| overflow(p, s.c, r))?);
    }
    Ok(out)
}
