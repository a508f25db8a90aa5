//! Tiers of the index and classes of a domain: quantiles or cut-offs, names, order, floors.

use super::checker::{Checker, at};
use crate::formula::spec::{FloorSpec, TierSpec};
use crate::tiers::{Floor, TierOrder, TierRule, Tiers};

impl Checker<'_> {
    pub(super) fn tiers(
        &mut self,
        t: &TierSpec,
        path: &[&str],
        default_output: &str,
    ) -> Option<Tiers> {
        let options =
            [("high_to_low", TierOrder::HighToLow), ("low_to_high", TierOrder::LowToHigh)];
        let order =
            self.pick(&at(path, "order"), "order", t.order.as_deref(), "high_to_low", &options);
        let rule = self.tier_rule(t, path)?;
        let k = rule.count();
        if t.names.len() != k {
            let message = format!("{k} tiers need {k} names, got {}", t.names.len());
            self.err(&at(path, "names"), message, format!("give exactly {k} names"));
            return None;
        }
        let floors = self.floors(&t.floor, &t.names, path);
        if let Some(w) = &t.within {
            self.column(w, false, "tiers.within".into(), &at(path, "within"));
        }
        let output = t.output.clone().unwrap_or_else(|| default_output.to_string());
        Some(Tiers {
            rule,
            names: t.names.clone(),
            order,
            missing_name: t.missing_name.clone().unwrap_or_default(),
            number_output: t.number_output.clone().unwrap_or_else(|| format!("{output}_number")),
            output,
            within: t.within.clone(),
            floors,
        })
    }

    fn tier_rule(&mut self, t: &TierSpec, path: &[&str]) -> Option<TierRule> {
        let methods = [("quantile", true), ("cutoffs", false)];
        if self.pick_opt(&at(path, "method"), "value", Some(&t.method), "", &methods)? {
            let k = t.k.unwrap_or(t.names.len());
            if k < 2 {
                self.err(
                    &at(path, "k"),
                    format!("quantile tiers need k ≥ 2, got {k}"),
                    "e.g. k = 5",
                );
                return None;
            }
            return Some(TierRule::Quantile { k, rule: self.cut_rule(t.cuts.as_deref(), path)? });
        }
        let Some(c) = &t.cutoffs else {
            let fix = "e.g. cutoffs = [2.0, 3.0, 3.5, 4.0] (ascending)";
            self.err(path, "cutoff tiers need cutoffs", fix);
            return None;
        };
        if c.is_empty() || c.windows(2).any(|w| w[0] >= w[1]) || c.iter().any(|x| !x.is_finite()) {
            self.err(
                &at(path, "cutoffs"),
                "tier cutoffs must be finite and strictly increasing",
                "list them from lowest to highest, e.g. [2.0, 3.0, 3.5, 4.0]",
            );
            return None;
        }
        Some(TierRule::Cutoffs(c.clone()))
    }

    fn floors(&mut self, specs: &[FloorSpec], names: &[String], path: &[&str]) -> Vec<Floor> {
        let mut floors = Vec::new();
        for (i, f) in specs.iter().enumerate() {
            let idx = i.to_string();
            let mut p = path.to_vec();
            p.extend(["floor", idx.as_str()]);
            let Some(pos) = names.iter().position(|n| *n == f.tier) else {
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                let fix = crate::error::suggest(&f.tier, &refs);
                self.err(&p, format!("floor names unknown tier '{}'", f.tier), fix);
                continue;
            };
            if f.columns.is_empty() {
                let fix = "e.g. columns = [\"attainment_reading\", \"attainment_math\"]";
                self.err(&p, "floor has no columns", fix);
            }
            for c in &f.columns {
                self.column(c, true, "a tier floor".into(), &p);
            }
            floors.push(Floor { columns: f.columns.clone(), at_least: f.at_least, tier: pos });
        }
        floors
    }
}
