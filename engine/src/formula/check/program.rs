//! `[allocation.programs.ID]`: kind, rates or pot weights, eligibility, selection, bounds.

use super::allocation::key;
use super::checker::{Checker, at};
use crate::error::suggest;
use crate::formula::allocation::{
    Component, Condition, PotWeights, Program, ProgramKind, Rate, ShareFactor,
};
use crate::formula::spec::{ConditionSpec, ProgramSpec};
use crate::grammar::Dollars;
use crate::num::dollars;

/// The keys each program kind takes (others are mistakes, not silently ignored settings).
fn own_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "per_pupil" => {
            &["rate", "rates", "rate_by_score", "rate_steps", "components", "foundation"]
        }
        "pot" => &["budget", "weights", "tier_weights"],
        "share_of" => &["share_of", "share", "factor"],
        "fixed" => &["amount"],
        _ => &[],
    }
}

/// The kinds of program.
#[derive(Debug, Clone, Copy)]
enum Kind {
    PerPupil,
    Pot,
    ShareOf,
    Fixed,
}

const KINDS: &[(&str, Kind)] = &[
    ("per_pupil", Kind::PerPupil),
    ("pot", Kind::Pot),
    ("share_of", Kind::ShareOf),
    ("fixed", Kind::Fixed),
];

/// What a program's tiers, earlier programs and default pupils are.
struct ProgramContext<'a> {
    earlier: &'a [&'a str],
    tiers: &'a [String],
}

impl Checker<'_> {
    pub(super) fn program(
        &mut self,
        id: &str,
        p: &ProgramSpec,
        budget: Option<(&Dollars, &[&str])>,
        earlier: &[&str],
        tiers: &[String],
        pupils: Option<&str>,
    ) -> Option<Program> {
        let base = ["programs", id];
        let used = format!("program {id}");
        let prog_pupils = p.pupils.clone().or(pupils.map(str::to_string));
        if let Some(c) = &p.pupils {
            self.alloc_column(c, used.clone(), &at(&base, "pupils"));
        }
        self.keys_of_other_kinds(id, p);
        let needs_pupils = matches!(p.kind.as_str(), "per_pupil" | "pot") && p.components.is_none();
        if needs_pupils && prog_pupils.is_none() {
            let fix = "set enrolment under [data] or pupils under [allocation]";
            self.alloc_err(&at(&base, "kind"), format!("program '{id}' needs a pupil count"), fix);
        }
        let context = ProgramContext { earlier, tiers };
        let kind = self.program_kind(id, p, budget, &context)?;
        let eligible =
            p.eligible.iter().enumerate().map(|(i, c)| self.condition(id, i, c)).collect();
        let tier_positions = p.tiers.as_ref().map(|ts| self.eligible_tiers(id, ts, tiers));
        let select = p.select.as_ref().map(|s| {
            if s.top == 0 {
                self.alloc_err(
                    &at(&base, "select"),
                    "select.top must be at least 1",
                    "e.g. top = 100",
                );
            }
            (s.top, s.within.clone())
        });
        let (min, max) = self.bounds(id, p);
        Some(Program {
            id: id.to_string(),
            label: p.label.clone().unwrap_or_else(|| id.to_string()),
            kind,
            pupils: prog_pupils,
            eligible,
            tiers: tier_positions,
            select,
            min,
            max,
            min_per_pupil: p.min_per_pupil,
            max_per_pupil: p.max_per_pupil,
        })
    }

    fn keys_of_other_kinds(&mut self, id: &str, p: &ProgramSpec) {
        let own = own_keys(&p.kind);
        if own.is_empty() {
            return;
        }
        let specific: [(&str, bool); 12] = [
            ("rate", p.rate.is_some()),
            ("rates", p.rates.is_some()),
            ("rate_by_score", p.rate_by_score.is_some()),
            ("rate_steps", p.rate_steps.is_some()),
            ("components", p.components.is_some()),
            ("foundation", p.foundation.is_some()),
            ("budget", p.budget.is_some()),
            ("weights", p.weights.is_some()),
            ("tier_weights", p.tier_weights.is_some()),
            ("share_of", p.share_of.is_some()),
            ("share", p.share.is_some() || p.factor.is_some()),
            ("amount", p.amount.is_some()),
        ];
        for (k, set) in specific {
            if set && !own.contains(&k) {
                self.alloc_err(
                    &["programs", id, k],
                    format!("'{k}' does not apply to a {} program", p.kind),
                    format!("remove it (keys for {}: {})", p.kind, own.join(", ")),
                );
            }
        }
    }

    fn program_kind(
        &mut self,
        id: &str,
        p: &ProgramSpec,
        budget: Option<(&Dollars, &[&str])>,
        context: &ProgramContext,
    ) -> Option<ProgramKind> {
        let path = key(&["programs", id, "kind"]);
        match self.pick_opt(&path, "program kind", Some(&p.kind), "", KINDS)? {
            Kind::PerPupil => Some(self.per_pupil(id, p, context)),
            Kind::Pot => self.pot(id, p, budget, context),
            Kind::ShareOf => self.share_of(id, p, context),
            Kind::Fixed => {
                let Some(a) = &p.amount else {
                    let fix = "e.g. amount = 150000 (dollars per eligible school)";
                    self.alloc_err(&["programs", id], "fixed program needs amount", fix);
                    return None;
                };
                Some(ProgramKind::Fixed(self.alloc_money(&["programs", id, "amount"], a, "amount")))
            }
        }
    }

    fn per_pupil(&mut self, id: &str, p: &ProgramSpec, context: &ProgramContext) -> ProgramKind {
        let base = ["programs", id];
        let rate = self.rate_rule(id, p, context);
        if let Some(Rate::Flat(r)) = &rate
            && !(r.is_finite() && *r >= 0.0)
        {
            self.alloc_err(
                &at(&base, "rate"),
                format!("rate must be ≥ 0, got {r}"),
                "give dollars per pupil",
            );
        }
        let components = self.components(id, p);
        let foundation = p
            .foundation
            .as_ref()
            .map(|f| self.alloc_money(&at(&base, "foundation"), f, "foundation"))
            .unwrap_or(0);
        // With components, the flat rate applies through the components only.
        let rate = if components.is_empty() { rate } else { None };
        ProgramKind::PerPupil { rate, components, foundation }
    }

    fn rate_rule(&mut self, id: &str, p: &ProgramSpec, context: &ProgramContext) -> Option<Rate> {
        let base = ["programs", id];
        match (&p.rate, &p.rates, &p.rate_by_score, &p.rate_steps) {
            (Some(r), None, None, None) => Some(Rate::Flat(*r)),
            (None, Some(t), None, None) => {
                self.tier_values(&at(&base, "rates"), context.tiers, t).map(Rate::ByTier)
            }
            (None, None, Some(l), None) => {
                if l.from == l.to {
                    self.alloc_err(
                        &at(&base, "rate_by_score"),
                        "from and to must differ",
                        "e.g. from = 0.0, to = 1.0",
                    );
                }
                Some(Rate::Linear {
                    from: l.from,
                    to: l.to,
                    min_rate: l.min_rate,
                    max_rate: l.max_rate,
                })
            }
            (None, None, None, Some(s)) => {
                if s.windows(2).any(|w| w[0][0] <= w[1][0]) {
                    self.alloc_err(
                        &at(&base, "rate_steps"),
                        "step thresholds must be strictly decreasing",
                        "list [threshold, rate] pairs from the highest threshold down",
                    );
                }
                Some(Rate::Steps(s.iter().map(|x| (x[0], x[1])).collect()))
            }
            (None, None, None, None) if p.components.is_some() => None,
            _ => {
                self.alloc_err(
                    &base,
                    format!("program '{id}' needs exactly one rate rule"),
                    "give one of rate, rates (by tier), rate_by_score, rate_steps — or components",
                );
                None
            }
        }
    }

    fn components(&mut self, id: &str, p: &ProgramSpec) -> Vec<Component> {
        let mut components = Vec::new();
        for (i, c) in p.components.iter().flatten().enumerate() {
            let idx = i.to_string();
            let path = ["programs", id, "components", idx.as_str()];
            self.alloc_column(&c.pupils, format!("program {id}"), &path);
            let w = c.weight.unwrap_or(1.0);
            if !(w.is_finite() && w >= 0.0) {
                self.alloc_err(&path, format!("weight must be ≥ 0, got {w}"), "e.g. weight = 1.08");
            }
            match c.rate.or(p.rate) {
                Some(r) => {
                    let rate = r * w * (1.0 + c.uplift.unwrap_or(0.0));
                    components.push(Component { pupils: c.pupils.clone(), rate });
                }
                None => self.alloc_err(
                    &path,
                    "component has no rate and the program has no flat rate",
                    "give rate here or rate = ... on the program",
                ),
            }
        }
        components
    }

    fn pot(
        &mut self,
        id: &str,
        p: &ProgramSpec,
        budget: Option<(&Dollars, &[&str])>,
        context: &ProgramContext,
    ) -> Option<ProgramKind> {
        let base = ["programs", id];
        let Some((b, key)) = budget else {
            self.alloc_err(
                &at(&base, "kind"),
                format!("pot program '{id}' has no budget"),
                "set budget = ... on the program (or allocation.budget / --budget for the main program)",
            );
            return None;
        };
        if b.amount().is_err() {
            self.alloc_money(key, b, "the budget");
            return None;
        }
        let budget = self.alloc_money(key, b, "the budget");
        let weights = self.pot_weights(id, p, context)?;
        Some(ProgramKind::Pot { budget, weights })
    }

    fn pot_weights(
        &mut self,
        id: &str,
        p: &ProgramSpec,
        context: &ProgramContext,
    ) -> Option<PotWeights> {
        let base = ["programs", id];
        Some(match p.weights.as_deref() {
            None | Some("tier") if p.tier_weights.is_some() => {
                let given = p.tier_weights.as_ref().expect("checked");
                PotWeights::Tier(self.tier_values(
                    &at(&base, "tier_weights"),
                    context.tiers,
                    given,
                )?)
            }
            Some("tier") => {
                let fix = "add tier_weights = { \"Highest need\" = 3, ... }";
                self.alloc_err(&at(&base, "weights"), "weights = \"tier\" needs tier_weights", fix);
                return None;
            }
            Some("index" | "pupils") | None if p.tier_weights.is_some() => {
                let fix = "remove tier_weights or set weights = \"tier\"";
                self.alloc_err(
                    &at(&base, "tier_weights"),
                    "tier_weights only apply with weights = \"tier\"",
                    fix,
                );
                return None;
            }
            Some("index") => PotWeights::Index,
            None | Some("pupils") => PotWeights::Pupils,
            Some(other) => {
                let message = format!("unknown weights '{other}'");
                self.alloc_err(
                    &at(&base, "weights"),
                    message,
                    suggest(other, &["tier", "index", "pupils"]),
                );
                return None;
            }
        })
    }

    fn share_of(
        &mut self,
        id: &str,
        p: &ProgramSpec,
        context: &ProgramContext,
    ) -> Option<ProgramKind> {
        let base = ["programs", id];
        let Some(of) = &p.share_of else {
            self.alloc_err(
                &base,
                "share_of program needs share_of = \"program\"",
                "name an earlier program",
            );
            return None;
        };
        let Some(pos) = context.earlier.iter().position(|e| e == of) else {
            let message = format!("'{of}' is not a program defined before '{id}'");
            self.alloc_err(&at(&base, "share_of"), message, suggest(of, context.earlier));
            return None;
        };
        let share = p.share.unwrap_or(1.0);
        if !(share.is_finite() && share >= 0.0) {
            self.alloc_err(
                &at(&base, "share"),
                format!("share must be ≥ 0, got {share}"),
                "e.g. share = 0.20",
            );
        }
        let factor = p.factor.as_ref().map(|f| {
            self.alloc_column(&f.column, format!("program {id}"), &at(&base, "factor"));
            ShareFactor {
                column: f.column.clone(),
                minus: f.minus.unwrap_or(0.0),
                scale: f.scale.unwrap_or(1.0),
                min: f.min.unwrap_or(f64::NEG_INFINITY),
                max: f.max.unwrap_or(f64::INFINITY),
            }
        });
        Some(ProgramKind::ShareOf { program: pos, share, factor })
    }

    /// A value for every tier (rates or pot weights), by tier position: given by tier name
    /// (`{ "Highest need" = 5, … }`) or as a list in tier order (`[5, 4, 3, 2, 1]`).
    fn tier_values(
        &mut self,
        path: &[&str],
        names: &[String],
        given: &toml::Value,
    ) -> Option<Vec<f64>> {
        if names.is_empty() {
            self.alloc_err(
                path,
                "rates by tier need [tiers] in the formula",
                "add [tiers] or use a flat rate",
            );
            return None;
        }
        let pairs: Vec<(String, &toml::Value)> = match given {
            toml::Value::Table(t) => t.iter().map(|(k, v)| (k.clone(), v)).collect(),
            toml::Value::Array(a) if a.len() == names.len() => {
                names.iter().cloned().zip(a.iter()).collect()
            }
            toml::Value::Array(a) => {
                let message = format!("{} values for {} tiers", a.len(), names.len());
                self.alloc_err(path, message, "give one value per tier, highest need first");
                return None;
            }
            _ => {
                let fix =
                    "write { \"Highest need\" = 5, … } or a list in tier order, [5, 4, 3, 2, 1]";
                self.alloc_err(path, "not a value for each tier", fix);
                return None;
            }
        };
        Some(self.by_tier_name(path, names, &pairs))
    }

    /// Each tier's value from (tier name, value) pairs; unknown names, values that are not
    /// non-negative numbers and tiers without a value are problems.
    fn by_tier_name(
        &mut self,
        path: &[&str],
        names: &[String],
        pairs: &[(String, &toml::Value)],
    ) -> Vec<f64> {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut out = vec![f64::NAN; names.len()];
        for (k, raw) in pairs {
            let number = raw.as_float().or_else(|| raw.as_integer().map(|i| i as f64));
            let v = number.unwrap_or(f64::NAN);
            match names.iter().position(|n| n == k) {
                Some(i) => out[i] = v,
                None => self.alloc_err(path, format!("unknown tier '{k}'"), suggest(k, &refs)),
            }
            if !(v.is_finite() && v >= 0.0) {
                let shown = number.map_or_else(|| raw.to_string(), |x| x.to_string());
                let fix = "give dollars per pupil (or a weight) ≥ 0";
                self.alloc_err(
                    path,
                    format!("tier '{k}': {shown} is not a non-negative number"),
                    fix,
                );
            }
        }
        if let Some(i) = out.iter().position(|x| x.is_nan()) {
            let fix = "give a value for every tier (0 for none)";
            self.alloc_err(path, format!("no value for tier '{}'", names[i]), fix);
        }
        out
    }

    fn condition(&mut self, id: &str, i: usize, c: &ConditionSpec) -> Condition {
        let idx = i.to_string();
        let path = ["programs", id, "eligible", idx.as_str()];
        self.alloc_column(&c.column, format!("program {id}"), &path);
        if let Some(per) = &c.per {
            self.alloc_column(per, format!("program {id}"), &path);
        }
        let mut bound = |a: Option<f64>, b: Option<f64>, names: &str| match (a, b) {
            (Some(_), Some(_)) => {
                self.alloc_err(&path, format!("both {names}"), "keep one");
                None
            }
            (Some(x), None) => Some((x, false)),
            (None, Some(x)) => Some((x, true)),
            _ => None,
        };
        let lower = bound(c.above, c.at_least, "above and at_least");
        let upper = bound(c.below, c.at_most, "below and at_most");
        if lower.is_none() && upper.is_none() {
            self.alloc_err(
                &path,
                "condition has no bound",
                "add above, at_least, below or at_most",
            );
        }
        Condition { column: c.column.clone(), per: c.per.clone(), lower, upper }
    }

    fn eligible_tiers(&mut self, id: &str, given: &[String], tiers: &[String]) -> Vec<usize> {
        let refs: Vec<&str> = tiers.iter().map(String::as_str).collect();
        let path = key(&["programs", id, "tiers"]);
        given
            .iter()
            .filter_map(|t| match tiers.iter().position(|n| n == t) {
                Some(i) => Some(i),
                None => {
                    self.err(&path, format!("unknown tier '{t}'"), suggest(t, &refs));
                    None
                }
            })
            .collect()
    }

    /// Per-school floor and cap in cents, and per-pupil bounds checked.
    fn bounds(&mut self, id: &str, p: &ProgramSpec) -> (Option<i64>, Option<i64>) {
        let base = ["programs", id];
        let min = p.min.as_ref().map(|x| self.alloc_money(&at(&base, "min"), x, "min"));
        let max = p.max.as_ref().map(|x| self.alloc_money(&at(&base, "max"), x, "max"));
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            let message = format!("min {} is above max {}", dollars(a), dollars(b));
            self.alloc_err(&at(&base, "min"), message, "lower min or raise max");
        }
        for (k, v) in [("min_per_pupil", p.min_per_pupil), ("max_per_pupil", p.max_per_pupil)] {
            if let Some(x) = v
                && !(x.is_finite() && x >= 0.0)
            {
                self.alloc_err(
                    &at(&base, k),
                    format!("{k} must be ≥ 0, got {x}"),
                    "give dollars per pupil",
                );
            }
        }
        (min, max)
    }
}
