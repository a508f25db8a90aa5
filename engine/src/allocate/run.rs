//! Allocating every program of a formula, in order, with redirects and hold-harmless — after
//! finding the parameters a solve leaves open.

use super::eligibility::{eligibility, empty_tiers};
use super::exact::{Columns, Values};
use super::lines::{Lines, line_cents};
use super::per_school::{SchoolInputs, ceil_unit, cents_per_school, clamp_each};
use super::pot::{Pot, split_pot};
use super::redirect::apply_redirects;
use super::result::{AllocationResult, Bound, BudgetLine, HoldHarmlessResult, ProgramResult};
use super::solve::{Evaluation, solve};
use crate::error::{Error, Location, Result};
use crate::formula::{
    Allocation, Funding, Line, Num, PotWeights, Prior, Program, ProgramKind, Solve, Target,
};
use crate::index::{Computation, compute};
use crate::num::{
    Exact, MAX_CENTS, cents, cents_dollars, dollars, round_dp, to_cents, total_cents, unit_scale,
};
use std::borrow::Cow;
use std::sync::Arc;

/// What every program of one allocation shares.
struct AllocationRun<'a> {
    c: &'a Computation,
    a: &'a Allocation,
    /// The allocation's pupil column, the district's own (zeros without one).
    pupils: Arc<[f64]>,
    prior: Option<Vec<Option<i64>>>,
    /// The computation's tiers, borrowed (no tier for anyone without tiers).
    tiers: Cow<'a, [Option<usize>]>,
    id_rank: Vec<u32>,
    cols: Columns<'a>,
}

/// One program's amounts, binding rules, eligibility and hold-harmless outcome.
struct Outcome {
    amounts: Vec<i64>,
    bound: Vec<Bound>,
    eligible: Vec<bool>,
    hold_harmless: Option<HoldHarmlessResult>,
    budget: Option<i64>,
}

/// Every program's result, the hold-harmless outcome and the budget lines after redirects.
struct Programs {
    results: Vec<ProgramResult>,
    hold_harmless: Option<HoldHarmlessResult>,
    lines: Vec<BudgetLine>,
}

/// Allocates money to the schools of a computation under the formula's allocation rules
/// (finding first the parameters its `[allocation.solve]` leaves open).
pub fn allocate(c: &Computation) -> Result<AllocationResult> {
    let Some(a) = &c.formula.allocation else {
        return Err(Error::usage(
            format!("formula '{}' has no [allocation]", c.formula.name),
            "add an [allocation] section to the formula (a formula written by seni init has one commented out near its end: remove the # signs), or use one that allocates (e.g. --formula seni)",
        ));
    };
    let n = c.len();
    let run = AllocationRun {
        c,
        a,
        pupils: match &a.pupils {
            Some(p) => c.district.num_shared(p),
            None => vec![0.0; n].into(),
        },
        prior: prior_amounts(c, a)?,
        tiers: match &c.tiers {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(vec![None; n]),
        },
        id_rank: id_ranks(&c.district.ids),
        cols: Columns::new(c),
    };
    let (params, solved) = match &a.solve {
        None => (Values::written(a), None),
        Some(s) => {
            let evaluate = |params: Vec<Exact>| run.evaluate(s, params);
            let (params, solved) = solve(&c.formula, a, s, &evaluate)?;
            (params, Some(solved))
        }
    };
    let values = Values::of(a, &run.cols, params)?;
    let mut result = run.result(&values)?;
    result.solved = solved;
    result.values = super::result::value_columns(a, &values);
    Ok(result)
}

impl AllocationRun<'_> {
    /// Every program under these values, then each school's total.
    fn result(&self, values: &Values) -> Result<AllocationResult> {
        let Programs { results, hold_harmless, lines } = self.programs(values)?;
        let n = self.c.len();
        let total = school_totals(&results, hold_harmless.as_ref(), n)?;
        let grand_total =
            total_cents(total.iter().copied()).ok_or_else(|| too_much("all programs"))?;
        Ok(AllocationResult {
            programs: results,
            hold_harmless,
            total,
            grand_total,
            pupils: Arc::clone(&self.pupils),
            prior: self.prior.clone(),
            lines,
            unit: self.a.unit,
            solved: None,
            values: Vec::new(),
        })
    }

    /// Every program, in order, under these values.
    fn programs(&self, values: &Values) -> Result<Programs> {
        let a = self.a;
        let (pots, lines) = apply_redirects(a)?;
        let mut results: Vec<ProgramResult> = Vec::new();
        let mut hold_harmless = None;
        for (pi, p) in a.programs.iter().enumerate() {
            let Outcome { amounts, bound, eligible, hold_harmless: held, budget } =
                self.program(pi, p, pots[pi], &results, values)?;
            hold_harmless = held.or(hold_harmless);
            let total = total_cents(amounts.iter().copied()).ok_or_else(|| too_much(&p.id))?;
            if let Some(b) = pots[pi]
                && total != b
            {
                return Err(Error::infeasible(
                    format!("program {}", p.id),
                    format!(
                        "internal check failed: allocated {} of a pot of {}",
                        dollars(total),
                        dollars(b)
                    ),
                    "please report this bug",
                ));
            }
            let funded = amounts.iter().filter(|x| **x > 0).count();
            results.push(ProgramResult {
                id: p.id.clone(),
                label: p.label.clone(),
                funded,
                budget: pots[pi].or(budget),
                total,
                amounts,
                eligible,
                bound,
                in_total: a.in_total[pi],
            });
        }
        Ok(Programs { results, hold_harmless, lines })
    }

    /// The total over every row of a line (cents).
    fn total_of(&self, line: &Line, results: &[ProgramResult]) -> Result<i128> {
        let lines = Lines { c: self.c, cols: &self.cols, earlier: results };
        Ok(lines.cents(line)?.iter().map(|x| i128::from(*x)).sum())
    }

    /// A solve's total and target under some parameter values.
    fn evaluate(&self, s: &Solve, params: Vec<Exact>) -> Result<Evaluation> {
        let values = Values::of(self.a, &self.cols, params)?;
        let programs = self.programs(&values)?;
        let total = self.total_of(&s.total, &programs.results)?;
        let target = match &s.target {
            Target::Dollars(t) => *t,
            Target::Share { share, of } => {
                share * self.total_of(of, &programs.results)? as f64 / 100.0
            }
        };
        Ok(Evaluation { total, target })
    }
}

/// Each school's prior amount in cents (None = none): a column of dollars (rounded to the cent),
/// or the school's total under this formula in the previous period of the data (schools new this
/// period, and every school in the first period, have none).
fn prior_amounts(c: &Computation, a: &Allocation) -> Result<Option<Vec<Option<i64>>>> {
    match &a.prior {
        None => Ok(None),
        Some(Prior::Column(col)) => prior_column(c, col).map(Some),
        Some(Prior::PreviousPeriod) => {
            let Some(prev) = c.district.history.last() else {
                return Ok(Some(vec![None; c.len()]));
            };
            let pc = compute(&c.formula, (**prev).clone())?;
            let pa = allocate(&pc)?;
            let rows = pc.district.rows_by_id();
            Ok(Some(
                c.district
                    .ids
                    .iter()
                    .map(|id| rows.get(id.as_str()).map(|&r| pa.total[r]))
                    .collect(),
            ))
        }
    }
}

/// A column of prior amounts in dollars, as cents; an amount beyond what seni holds is an error.
fn prior_column(c: &Computation, col: &str) -> Result<Vec<Option<i64>>> {
    let values = c.district.num(col);
    let mut out = Vec::with_capacity(values.len());
    for (r, &x) in values.iter().enumerate() {
        if x.is_nan() {
            out.push(None);
            continue;
        }
        let Some(v) = cents(x) else {
            let at = Location::file(&c.district.source).row(c.district.source_rows[r]).column(col);
            let fix = format!("a prior amount is at most {}", dollars(MAX_CENTS));
            return Err(Error::data(at, format!("{x} is beyond what seni holds"), fix));
        };
        out.push(Some(v));
    }
    Ok(out)
}

/// Rank of each school's id: ties in rounding go to the earlier id, so row order never matters.
fn id_ranks(ids: &[String]) -> Vec<u32> {
    assert!(ids.len() <= u32::MAX as usize, "rows are numbered in 32 bits");
    let mut by_id: Vec<u32> = (0..ids.len() as u32).collect();
    by_id.sort_by(|&x, &y| ids[x as usize].cmp(&ids[y as usize]));
    let mut id_rank = vec![0u32; ids.len()];
    for (k, &r) in by_id.iter().enumerate() {
        id_rank[r as usize] = k as u32;
    }
    id_rank
}

/// A total beyond what 64-bit cents hold.
fn too_much(what: &str) -> Error {
    Error::infeasible(
        what,
        format!("the total is above {}, the largest sum seni holds", dollars(i64::MAX)),
        "check the pupil counts (an implausible enrolment?) and the rates",
    )
}

/// Per school: every program plus hold-harmless paid on top (checked sums).
fn school_totals(
    results: &[ProgramResult],
    held: Option<&HoldHarmlessResult>,
    n: usize,
) -> Result<Vec<i64>> {
    (0..n)
        .map(|r| {
            let paid = results.iter().filter(|p| p.in_total).map(|p| p.amounts[r]);
            let parts = paid.chain(held.map(|h| h.extra[r]));
            total_cents(parts).ok_or_else(|| too_much("a school's total"))
        })
        .collect()
}

impl AllocationRun<'_> {
    /// One program: eligibility, then its amounts (a split pot, a pool, a rule row by row, or
    /// school by school), then the hold-harmless guarantee when it applies to this program.
    fn program(
        &self,
        pi: usize,
        p: &Program,
        pot: Option<i64>,
        earlier: &[ProgramResult],
        values: &Values,
    ) -> Result<Outcome> {
        let (c, a) = (self.c, self.a);
        let pupils: &[f64] = match &p.pupils {
            Some(col) => c.district.num(col),
            None => &self.pupils,
        };
        let lines = Lines { c, cols: &self.cols, earlier };
        let eligible = eligibility(&lines, p, &self.tiers)?;
        empty_tiers(c, p, &self.tiers)?;
        let inputs = SchoolInputs {
            c,
            tiers: &self.tiers,
            pupils,
            eligible: &eligible,
            unit: a.unit,
            cols: &self.cols,
            values,
        };
        let guarantee = self.guarantee(pi);
        let held_harmless = a.hold_harmless.as_ref().zip(guarantee.as_ref());
        let mut budget = None;
        let (amounts, bound, hold_harmless) = match (&p.kind, held_harmless) {
            (ProgramKind::Pot { weights, .. }, Some((h, g))) if h.funding == Funding::FromPot => {
                self.pot_held_harmless(p, pot.expect("pot"), weights, &inputs, h.share, g)?
            }
            (kind, held_harmless) => {
                let (amounts, mut bound) = match kind {
                    ProgramKind::Pot { weights, .. } => {
                        split_pot(&self.pot(p, pot.expect("pot"), weights, &inputs)?, None)?
                    }
                    ProgramKind::Pool { pool, plus, shares, share_decimals } => {
                        let (amounts, size) =
                            self.pool(p, (pool, *plus), shares, *share_decimals, &lines, &inputs)?;
                        budget = Some(size);
                        (amounts, vec![Bound::None; c.len()])
                    }
                    ProgramKind::PerPupil { .. }
                    | ProgramKind::ShareOf { .. }
                    | ProgramKind::Fixed(_) => {
                        clamp_each(p, cents_per_school(p, &inputs, earlier)?, &inputs, true)?
                    }
                    _ => clamp_each(p, line_cents(p, &lines, &inputs)?, &inputs, false)?,
                };
                let held = held_harmless.map(|(h, g)| on_top(p, h.share, g, &amounts, &mut bound));
                (amounts, bound, held)
            }
        };
        Ok(Outcome { amounts, bound, eligible, hold_harmless, budget })
    }

    /// A pool: the total over every row of some lines (plus dollars) shared in proportion to a
    /// line — each share rounded to `share_decimals` and paid rounded to the unit (the rest is
    /// not shared), or by largest remainder (the pool spent to the unit).
    fn pool(
        &self,
        p: &Program,
        (pool, plus): (&[Line], Num),
        shares: &Line,
        share_decimals: Option<u32>,
        lines: &Lines,
        s: &SchoolInputs,
    ) -> Result<(Vec<i64>, i64)> {
        let mut total = 0i128;
        for l in pool {
            total += lines.cents(l)?.iter().map(|x| i128::from(*x)).sum::<i128>();
        }
        let plus = s.values.scalar(plus);
        let size = Exact::scaled(total, 2)
            .and_then(|t| t.checked_add(plus))
            .and_then(|d| to_cents(d, self.a.unit))
            .filter(|x| *x >= 0)
            .ok_or_else(|| {
                Error::infeasible(
                    format!("program {}", p.id),
                    format!(
                        "the pool is {} dollars; it must be 0 or more",
                        total as f64 / 100.0 + plus.to_f64()
                    ),
                    "check the lines the pool adds up (a reduction written as a negative amount?)",
                )
            })?;
        let weight: Vec<i64> = lines
            .cents(shares)?
            .iter()
            .zip(s.eligible)
            .map(|(w, ok)| if *ok { (*w).max(0) } else { 0 })
            .collect();
        let sum: i128 = weight.iter().map(|w| i128::from(*w)).sum();
        let Some(d) = share_decimals else {
            let mut pot = self.pot_of(p, size, weight.iter().map(|w| *w as f64).collect(), s);
            if sum == 0 {
                pot.share = vec![0.0; weight.len()];
            }
            return Ok((split_pot(&pot, None)?.0, size));
        };
        let mut out = vec![0; weight.len()];
        for (r, w) in weight.iter().enumerate().filter(|(_, w)| **w > 0) {
            let share =
                Exact::int((*w).into()).checked_div(Exact::int(sum)).and_then(|x| round_dp(x, d));
            out[r] = s.cents(p, r, share.and_then(|x| x.checked_mul(cents_dollars(size))))?;
        }
        Ok((out, size))
    }

    /// Cents guaranteed to each school by hold-harmless, when it guarantees program `pi`.
    fn guarantee(&self, pi: usize) -> Option<Vec<i64>> {
        let (h, prior) = (self.a.hold_harmless.as_ref()?, self.prior.as_ref()?);
        if h.program != pi {
            return None;
        }
        let guaranteed = |p: Option<i64>| match p {
            Some(p) if p > 0 => {
                ceil_unit((p as f64 * h.share).round().min(MAX_CENTS as f64) as i64, self.a.unit)
            }
            _ => 0,
        };
        Some(prior.iter().map(|&p| guaranteed(p)).collect())
    }

    /// A pot to split: shares from pupils and weights.
    fn pot<'s>(
        &'s self,
        p: &'s Program,
        budget: i64,
        weights: &PotWeights,
        s: &'s SchoolInputs,
    ) -> Result<Pot<'s>> {
        if budget % self.a.unit != 0 {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!("the pot {} is not a whole number of rounding units", dollars(budget)),
                "use unit = \"cent\" under [allocation], or a budget in whole dollars",
            ));
        }
        Ok(self.pot_of(p, budget, pot_shares(self.c, weights, s), s))
    }

    /// A pot of `budget` cents split in proportion to `share`.
    fn pot_of<'s>(
        &'s self,
        p: &'s Program,
        budget: i64,
        share: Vec<f64>,
        s: &'s SchoolInputs,
    ) -> Pot<'s> {
        Pot {
            program: p,
            budget,
            share,
            pupils: s.pupils,
            eligible: s.eligible,
            unit: self.a.unit,
            id_rank: &self.id_rank,
            ids: &self.c.district.ids,
            need: &self.c.index,
        }
    }

    /// A pot with hold-harmless paid from it: guarantees first, the rest shared. The cost is what
    /// guaranteed schools get above their share without the guarantee (when that split is
    /// itself feasible).
    fn pot_held_harmless(
        &self,
        p: &Program,
        budget: i64,
        weights: &PotWeights,
        s: &SchoolInputs,
        share: f64,
        guarantee: &Vec<i64>,
    ) -> Result<(Vec<i64>, Vec<Bound>, Option<HoldHarmlessResult>)> {
        let pot = self.pot(p, budget, weights, s)?;
        let free = split_pot(&pot, None);
        let (amounts, bound) = split_pot(&pot, Some(guarantee))?;
        let n = amounts.len();
        let held = |r: &usize| bound[*r] == Bound::HoldHarmless;
        let cost = free
            .map(|(f, _)| (0..n).filter(held).map(|r| (amounts[r] - f[r]).max(0)).sum())
            .unwrap_or(0);
        let schools = (0..n).filter(held).count();
        let held_harmless = HoldHarmlessResult {
            program: p.id.clone(),
            share,
            funding: Funding::FromPot,
            cost,
            schools,
            extra: vec![0; n],
        };
        Ok((amounts, bound, Some(held_harmless)))
    }
}

/// Hold-harmless paid on top: each school is raised to its guarantee.
fn on_top(
    p: &Program,
    share: f64,
    guarantee: &[i64],
    amounts: &[i64],
    bound: &mut [Bound],
) -> HoldHarmlessResult {
    let extra: Vec<i64> = guarantee.iter().zip(amounts).map(|(g, a)| (g - a).max(0)).collect();
    for (b, e) in bound.iter_mut().zip(&extra) {
        if *e > 0 {
            *b = Bound::HoldHarmless;
        }
    }
    let (cost, schools) = (extra.iter().sum(), extra.iter().filter(|e| **e > 0).count());
    HoldHarmlessResult {
        program: p.id.clone(),
        share,
        funding: Funding::OnTop,
        cost,
        schools,
        extra,
    }
}

/// Each eligible school's share weight: pupils × (1, its index, or its tier's weight). Only the
/// shares matter, so tier weights are first scaled by a power of two near the largest (exactly):
/// weights of 5e304 … 1e304 split a pot as 5 … 1 do, never as infinities.
fn pot_shares(c: &Computation, weights: &PotWeights, s: &SchoolInputs) -> Vec<f64> {
    let scale = match weights {
        PotWeights::Tier(tw) => unit_scale(tw.iter().copied().fold(0.0, f64::max)),
        _ => 1.0,
    };
    (0..c.len())
        .map(|r| {
            if !s.eligible[r] {
                return 0.0;
            }
            let w = match weights {
                PotWeights::Pupils => 1.0,
                PotWeights::Index => c.index[r].max(0.0),
                PotWeights::Tier(tw) => s.tiers[r].map(|t| tw[t] * scale).unwrap_or(0.0),
            };
            let v = s.pupils[r] * w;
            if v.is_nan() { 0.0 } else { v }
        })
        .collect()
}
