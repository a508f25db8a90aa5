//! Draws on the index engine itself, for formulas the fast evaluator cannot follow
//! (re-normalised or rounded aggregates, products, minimums, tiers within groups or with floors,
//! per-row weights): each draw is the formula with the draw's weights, normaliser, aggregation
//! and missing-data rule, computed in full. Slower, and exact by construction.

use super::model::{Model, alternative_normaliser, rule_under};
use super::params::Params;
use super::ranks::NO_TIER;
use crate::error::{Error, Result};
use crate::formula::{
    AggregationChoice, Child, Formula, MissingChoice, NormaliserChoice, UncertainInput, Weight,
};
use crate::index::{Computation, compute};
use crate::num::RadixScratch;

impl Model<'_> {
    /// A draw's index, ranks and tiers, on the fast evaluator or on the index engine.
    pub(super) fn draw_into(
        &self,
        p: &Params,
        index: &mut Vec<f64>,
        ranks: &mut [u32],
        tiers: &mut [u8],
        sort: &mut RadixScratch,
    ) {
        if self.general.is_none() {
            self.evaluate(p, index);
            self.rank_and_tier(index, ranks, tiers, sort);
            return;
        }
        // Every choice was computed once before the draws (`check_general`), so a draw with
        // other weights computes too; a school without an index has no rank and no tier.
        let run = self.engine(p).ok();
        index.clear();
        for r in 0..self.n {
            index.push(run.as_ref().map_or(f64::NAN, |c| c.index[r]));
            ranks[r] = run.as_ref().and_then(|c| c.rank[r]).map_or(0, |x| x as u32);
            tiers[r] = run.as_ref().and_then(|c| c.tier(r)).map_or(NO_TIER, |t| t as u8);
        }
    }

    /// Computes every combination of the alternative normalisers, aggregations and missing-data
    /// rules once with the nominal weights, so a choice the engine refuses is an error before
    /// any draw (general path only).
    pub(super) fn check_general(&self) -> Result<()> {
        if self.general.is_none() {
            return Ok(());
        }
        let count = |pick: fn(&UncertainInput) -> Option<usize>| {
            self.u.inputs.iter().find_map(pick).unwrap_or(1)
        };
        let normalisers = count(|x| match x {
            UncertainInput::Normaliser(v) => Some(v.len()),
            _ => None,
        });
        let aggregations = count(|x| match x {
            UncertainInput::Aggregation(v) => Some(v.len()),
            _ => None,
        });
        let missing = count(|x| match x {
            UncertainInput::Missing(v) => Some(v.len()),
            _ => None,
        });
        let geometric_of_z = self.u.inputs.iter().any(|x| {
            matches!(x, UncertainInput::Normaliser(v) if v.contains(&NormaliserChoice::ZScore))
        }) && self.u.inputs.iter().any(|x| {
            matches!(x, UncertainInput::Aggregation(v) if v.contains(&AggregationChoice::Geometric))
        });
        if geometric_of_z {
            return Err(Error::formula(
                self.c.formula.locate(&["uncertainty", "aggregations"]),
                format!(
                    "geometric means of z-scores cannot run on the full index engine, which this formula needs ({})",
                    self.general.as_deref().unwrap_or_default()
                ),
                "drop zscore from the normalisers or geometric from the aggregations",
            ));
        }
        for normaliser in 0..normalisers {
            for aggregation in 0..aggregations {
                for m in 0..missing {
                    let p = Params {
                        weights: self.nominal_weights.clone(),
                        normaliser,
                        aggregation,
                        missing: m,
                        budget: None,
                        estimates: None,
                    };
                    self.engine(&p)?;
                }
            }
        }
        Ok(())
    }

    /// The formula under a draw's inputs, computed by the index engine (on the draw's survey
    /// estimates, when they vary).
    fn engine(&self, p: &Params) -> Result<Computation> {
        let mut district = (*self.c.district).clone();
        if let (Some(u), Some(est)) = (p.estimates, &self.estimates) {
            for (e, drawn) in est.columns.iter().zip(est.drawn(u)) {
                district.numeric.insert(e.column.clone(), drawn.into());
            }
        }
        compute(&self.variant(p), district)
    }

    /// The formula with a draw's weights, normaliser, aggregations and missing-data rules.
    fn variant(&self, p: &Params) -> Formula {
        let mut f = self.c.formula.clone();
        let aggregations = self.aggregations(p);
        let normaliser = self.choice(p.normaliser, |x| match x {
            UncertainInput::Normaliser(v) => Some(v.clone()),
            _ => None,
        });
        let missing = self.choice(p.missing, |x| match x {
            UncertainInput::Missing(v) => Some(v.clone()),
            _ => None,
        });
        let children: Vec<Vec<Child>> = f.domains.iter().map(|d| d.children.clone()).collect();
        for (d, kids) in children.iter().enumerate() {
            for (k, child) in kids.iter().enumerate() {
                let w = p.weights[d][k];
                match *child {
                    // A per-row weight column stays as it is.
                    Child::Indicator(i) if matches!(f.indicators[i].weight, Weight::Fixed(_)) => {
                        f.indicators[i].weight = Weight::Fixed(w)
                    }
                    Child::Domain(c) => f.domains[c].weight = w,
                    Child::Indicator(_) => {}
                }
            }
        }
        for (dom, aggregation) in f.domains.iter_mut().zip(aggregations) {
            dom.aggregation = aggregation;
            dom.missing = rule_under(dom, missing.unwrap_or(MissingChoice::Own));
        }
        if let Some(n) = normaliser.and_then(alternative_normaliser) {
            f.indicators.iter_mut().for_each(|i| i.normaliser = n.clone());
        }
        f
    }

    /// The alternative a draw picked among the formula's choices of one kind, if it varies.
    fn choice<T: Copy>(
        &self,
        picked: usize,
        list: impl Fn(&UncertainInput) -> Option<Vec<T>>,
    ) -> Option<T> {
        self.u.inputs.iter().find_map(list).map(|v| v[picked])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sensitivity::params::uniforms;
    use crate::data::District;
    use crate::formula::FormulaSource;
    use crate::formula::{Change, Origin};

    /// On a formula the fast evaluator follows, the full engine gives the same index, ranks and
    /// tiers in every draw (the bundled formula's Dirichlet weights vary in each test).
    fn agree(sets: &[&str]) {
        // The bundled formula varies its weights, and z-scores and geometric means (which the
        // full engine refuses together): the alternatives are cleared, then set per test.
        let clear =
            ["normalisers", "aggregations", "missing"].map(|k| format!("uncertainty.{k}=[]"));
        let changes: Vec<Change> = clear
            .iter()
            .map(String::as_str)
            .chain(sets.iter().copied())
            .map(|s| Change::parse(s, Origin::Flag(format!("--set {s}"))).unwrap())
            .collect();
        let f = Formula::load(&FormulaSource::Bundled("seni".into()), &[], &changes).unwrap();
        let c = compute(&f, District::load(&[], &f).unwrap()).unwrap();
        let u = f.uncertainty.as_ref().unwrap();
        let fast = Model::new(&c, u).unwrap();
        let mut full = Model::new(&c, u).unwrap();
        full.general = Some("test".into());
        let n = c.len();
        let (mut worst, mut moved) = (0.0f64, 0);
        for j in 0..12 {
            let p = fast.params(&uniforms(7, j, u.inputs.len()));
            let mut out: Vec<(Vec<f64>, Vec<u32>, Vec<u8>)> =
                (0..2).map(|_| (Vec::new(), vec![0u32; n], vec![0u8; n])).collect();
            for (m, (index, ranks, tiers)) in [&fast, &full].into_iter().zip(out.iter_mut()) {
                m.draw_into(&p, index, ranks, tiers, &mut RadixScratch::default());
            }
            for r in 0..n {
                let (a, b) = (out[0].0[r], out[1].0[r]);
                assert_eq!(a.is_nan(), b.is_nan(), "draw {j} school {r}");
                if !a.is_nan() {
                    worst = worst.max((a - b).abs());
                }
                moved += usize::from(out[0].2[r] != out[1].2[r]);
            }
        }
        assert!(worst < 1e-9, "largest index difference {worst}");
        assert_eq!(moved, 0, "tiers differ in {moved} school-draws");
    }

    #[test]
    fn the_full_engine_agrees_on_weights() {
        agree(&["uncertainty.weights={ kind = \"range\", low = 0.2, high = 3 }"]);
    }

    #[test]
    fn the_full_engine_agrees_on_normalisers() {
        agree(&["uncertainty.normalisers=[\"zscore\", \"minmax\"]"]);
    }

    #[test]
    fn the_full_engine_agrees_on_missing_data_rules() {
        agree(&["uncertainty.missing=[\"drop\", \"propagate\"]"]);
    }

    #[test]
    fn the_full_engine_agrees_on_geometric_means() {
        agree(&["uncertainty.aggregations=[\"geometric\"]"]);
    }
}
