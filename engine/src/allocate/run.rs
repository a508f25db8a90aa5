//! Allocating every program of a formula, in order, with redirects and hold-harmless.

use super::eligibility::{eligibility, empty_tiers};
use super::per_school::{SchoolInputs, ceil_unit, clamp_each, dollars_per_school};
use super::pot::{Pot, split_pot};
use super::redirect::apply_redirects;
use super::result::{AllocationResult, Bound, HoldHarmlessResult, ProgramResult};
use crate::error::{Error, Location, Result};
use crate::formula::{Allocation, Funding, PotWeights, Prior, Program, ProgramKind};
use crate::index::{Computation, compute};
use crate::num::{MAX_CENTS, cents, dollars, total_cents, unit_scale};

/// What every program of one allocation shares.
struct AllocationRun<'a> {
    c: &'a Computation,
    a: &'a Allocation,
    pupils: Vec<f64>,
    prior: Option<Vec<Option<i64>>>,
    tiers: Vec<Option<usize>>,
    id_rank: Vec<usize>,
}

/// One program's amounts, binding rules, eligibility and hold-harmless outcome.
struct Outcome {
    amounts: Vec<i64>,
    bound: Vec<Bound>,
    eligible: Vec<bool>,
    hold_harmless: Option<HoldHarmlessResult>,
}

/// Allocates money to the schools of a computation under the formula's allocation rules.
pub fn allocate(c: &Computation) -> Result<AllocationResult> {
    let Some(a) = &c.formula.allocation else {
        return Err(Error::usage(
            format!("formula '{}' has no [allocation]", c.formula.name),
            "add an [allocation] section to the formula (a formula written by seni init has one commented out near its end: remove the # signs), or use one that allocates (e.g. --formula seni)",
        ));
    };
    let n = c.len();
    let context = AllocationRun {
        c,
        a,
        pupils: a
            .pupils
            .as_ref()
            .map(|p| c.district.num(p).to_vec())
            .unwrap_or_else(|| vec![0.0; n]),
        prior: prior_amounts(c, a)?,
        tiers: c.tiers.clone().unwrap_or_else(|| vec![None; n]),
        id_rank: id_ranks(&c.district.ids),
    };
    let (pots, lines) = apply_redirects(a)?;
    let mut results: Vec<ProgramResult> = Vec::new();
    let mut hold_harmless = None;
    for (pi, p) in a.programs.iter().enumerate() {
        let Outcome { amounts, bound, eligible, hold_harmless: held } =
            context.program(pi, p, pots[pi], &results)?;
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
            budget: pots[pi],
            total,
            amounts,
            eligible,
            bound,
        });
    }
    let total = school_totals(&results, hold_harmless.as_ref(), n)?;
    let grand_total = total_cents(total.iter().copied()).ok_or_else(|| too_much("all programs"))?;
    let prior = context.prior;
    Ok(AllocationResult {
        programs: results,
        hold_harmless,
        total,
        grand_total,
        pupils: context.pupils,
        prior,
        lines,
        unit: a.unit,
    })
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
fn id_ranks(ids: &[String]) -> Vec<usize> {
    let mut by_id: Vec<usize> = (0..ids.len()).collect();
    by_id.sort_by(|&x, &y| ids[x].cmp(&ids[y]));
    let mut id_rank = vec![0usize; ids.len()];
    for (k, &r) in by_id.iter().enumerate() {
        id_rank[r] = k;
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
            let parts = results.iter().map(|p| p.amounts[r]).chain(held.map(|h| h.extra[r]));
            total_cents(parts).ok_or_else(|| too_much("a school's total"))
        })
        .collect()
}

impl AllocationRun<'_> {
    /// One program: eligibility, then its amounts (a split pot, or school by school), then the
    /// hold-harmless guarantee when it applies to this program.
    fn program(
        &self,
        pi: usize,
        p: &Program,
        pot: Option<i64>,
        earlier: &[ProgramResult],
    ) -> Result<Outcome> {
        let (c, a) = (self.c, self.a);
        let pupils: Vec<f64> = p
            .pupils
            .as_ref()
            .map(|col| c.district.num(col).to_vec())
            .unwrap_or_else(|| self.pupils.clone());
        let eligible = eligibility(c, p, &self.tiers)?;
        empty_tiers(c, p, &self.tiers)?;
        let inputs = SchoolInputs {
            c,
            tiers: &self.tiers,
            pupils: &pupils,
            eligible: &eligible,
            unit: a.unit,
        };
        let guarantee = self.guarantee(pi);
        let held_harmless = a.hold_harmless.as_ref().zip(guarantee.as_ref());
        let (amounts, bound, hold_harmless) = match (&p.kind, held_harmless) {
            (ProgramKind::Pot { weights, .. }, Some((h, g))) if h.funding == Funding::FromPot => {
                self.pot_held_harmless(p, pot.expect("pot"), weights, &inputs, h.share, g)?
            }
            (kind, held_harmless) => {
                let (amounts, mut bound) = match kind {
                    ProgramKind::Pot { weights, .. } => {
                        split_pot(&self.pot(p, pot.expect("pot"), weights, &inputs)?, None)?
                    }
                    _ => clamp_each(p, &dollars_per_school(p, &inputs, earlier), &inputs)?,
                };
                let held = held_harmless.map(|(h, g)| on_top(p, h.share, g, &amounts, &mut bound));
                (amounts, bound, held)
            }
        };
        Ok(Outcome { amounts, bound, eligible, hold_harmless })
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
        let (c, a) = (self.c, self.a);
        if budget % a.unit != 0 {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!("the pot {} is not a whole number of rounding units", dollars(budget)),
                "use unit = \"cent\" under [allocation], or a budget in whole dollars",
            ));
        }
        Ok(Pot {
            program: p,
            budget,
            share: pot_shares(c, weights, s),
            pupils: s.pupils,
            eligible: s.eligible,
            unit: a.unit,
            id_rank: &self.id_rank,
            ids: &c.district.ids,
            need: &c.index,
        })
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
