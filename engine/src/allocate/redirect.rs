//! Redirects: money moved out of a budget line or a program's pot into a pot, before the split.

use super::result::BudgetLine;
use crate::error::{Error, Result};
use crate::formula::{Allocation, ProgramKind};
use crate::num::dollars;

/// Each program's pot after redirects (None for programs that are not pots), and the lines.
pub(super) fn apply_redirects(a: &Allocation) -> Result<(Vec<Option<i64>>, Vec<BudgetLine>)> {
    let mut pots: Vec<Option<i64>> = a
        .programs
        .iter()
        .map(|p| if let ProgramKind::Pot { budget, .. } = p.kind { Some(budget) } else { None })
        .collect();
    let mut lines: Vec<BudgetLine> = a
        .lines
        .iter()
        .map(|(n, v)| BudgetLine { name: n.clone(), before: *v, after: *v })
        .collect();
    for r in &a.redirects {
        let short = |what: &str, have: i64| {
            Error::infeasible(
                format!("redirect from {}", r.from),
                format!(
                    "cannot move {} out of {what} '{}', which has {}",
                    dollars(r.amount),
                    r.from,
                    dollars(have)
                ),
                format!("lower the redirect by {}", dollars(r.amount - have)),
            )
        };
        if let Some(l) = lines.iter_mut().find(|l| l.name == r.from) {
            if l.after < r.amount {
                return Err(short("line", l.after));
            }
            l.after -= r.amount;
        } else if let Some(pos) = a.programs.iter().position(|p| p.id == r.from) {
            let have = pots[pos].unwrap_or(0);
            if have < r.amount {
                return Err(short("program", have));
            }
            pots[pos] = Some(have - r.amount);
        }
        pots[r.to] = Some(pots[r.to].unwrap_or(0) + r.amount);
    }
    Ok((pots, lines))
}
