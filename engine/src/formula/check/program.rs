//! `[allocation.programs.ID]`: kind, rates or pot weights, eligibility, selection, bounds.

use super::allocation::key;
use super::checker::{Checker, at, named};
use super::kind::Kind;
use crate::error::suggest;
use crate::formula::allocation::{
    Component, CostIndexOn, LineOp, Num, PotWeights, Program, ProgramKind, Pupils, Rate,
    ShareFactor,
};
use crate::formula::spec::{ComponentSpec, ProgramSpec};
use crate::grammar::Dollars;
use crate::num::dollars;

/// What a program's tiers are.
struct ProgramContext<'a> {
    tiers: &'a [String],
}

impl Checker<'_> {
    pub(super) fn program(
        &mut self,
        id: &str,
        p: &ProgramSpec,
        budget: Option<(&Dollars, &[&str])>,
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
        let needs_pupils =
            matches!(Kind::of(p), Some(Kind::PerPupil | Kind::Pot)) && p.components.is_none();
        if needs_pupils && prog_pupils.is_none() {
            let fix = "set enrolment under [data] or pupils under [allocation]";
            self.alloc_err(&at(&base, "kind"), format!("program '{id}' needs a pupil count"), fix);
        }
        let context = ProgramContext { tiers };
        let kind = self.program_kind(id, p, budget, &context)?;
        let eligible = p
            .eligible
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let i = i.to_string();
                self.condition(&["programs", id, "eligible", &i], c, &used)
            })
            .collect();
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

    pub(super) fn keys_of_other_kinds(&mut self, id: &str, p: &ProgramSpec) {
        let Some(kind) = Kind::of(p) else { return };
        let own = kind.own_keys();
        self.unbounded_kinds(id, p);
        let specific: [(&str, bool); 37] = [
            ("rate", p.rate.is_some()),
            ("rates", p.rates.is_some()),
            ("rate_by_score", p.rate_by_score.is_some()),
            ("rate_steps", p.rate_steps.is_some()),
            ("components", p.components.is_some()),
            ("foundation", p.foundation.is_some()),
            ("cost_index", p.cost_index.is_some()),
            ("cost_index_on", p.cost_index_on.is_some()),
            ("round", p.round.is_some()),
            ("budget", p.budget.is_some()),
            ("weights", p.weights.is_some()),
            ("tier_weights", p.tier_weights.is_some()),
            ("share_of", p.share_of.is_some()),
            ("share", p.share.is_some()),
            ("factor", p.factor.is_some()),
            ("amount", p.amount.is_some()),
            ("of", p.of.is_some()),
            ("minus", p.minus.is_some()),
            ("negative", p.negative.is_some()),
            ("wealth", p.wealth.is_some()),
            ("divide_by", p.divide_by.is_some()),
            ("group", p.group.is_some()),
            ("numerator", p.numerator.is_some()),
            ("denominator", p.denominator.is_some()),
            ("ratio_decimals", p.ratio_decimals.is_some()),
            ("cases", p.cases.is_some()),
            ("otherwise", p.otherwise.is_some()),
            ("pool", p.pool.is_some()),
            ("plus", p.plus.is_some()),
            ("shares", p.shares.is_some()),
            ("share_decimals", p.share_decimals.is_some()),
            ("parts", p.parts.is_some()),
            ("from", p.from.is_some()),
            ("to", p.to.is_some()),
            ("max_increase", p.max_increase.is_some()),
            ("max_decrease", p.max_decrease.is_some()),
            ("min_increase_per_pupil", p.min_increase_per_pupil.is_some()),
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
        match self.pick_opt(&path, "program kind", Some(&p.kind), "", &named::<Kind>())? {
            Kind::PerPupil => Some(self.per_pupil(id, p, context)),
            Kind::Pot => self.pot(id, p, budget, context),
            Kind::ShareOf => self.share_of(id, p),
            Kind::Sum => Some(self.lines_kind(id, p, LineOp::Sum)),
            Kind::Difference => Some(self.lines_kind(id, p, LineOp::PositivePart)),
            Kind::Least => Some(self.lines_kind(id, p, LineOp::Least)),
            Kind::Greatest => Some(self.lines_kind(id, p, LineOp::Greatest)),
            Kind::LocalShare => self.local_share(id, p),
            Kind::GroupRatio => self.group_ratio(id, p),
            Kind::Choose => self.choose(id, p),
            Kind::Pool => self.pool(id, p),
            Kind::PhaseIn => self.phase_in(id, p),
            // A waterfall is checked by its parts (`Checker::waterfall`), never here.
            Kind::Fixed | Kind::Waterfall => {
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
        if let Some(Rate::Flat(Num::Value(r))) = &rate
            && *r < 0.0
        {
            self.alloc_err(
                &at(&base, "rate"),
                format!("rate must be ≥ 0, got {r}"),
                "give dollars per pupil",
            );
        }
        let flat = match &rate {
            Some(Rate::Flat(r)) => Some(*r),
            _ => None,
        };
        let components = self.components(id, p, flat);
        let foundation = p
            .foundation
            .as_ref()
            .map(|f| self.alloc_money(&at(&base, "foundation"), f, "foundation"))
            .unwrap_or(0);
        let cost_index = p.cost_index.as_ref().map(|col| {
            self.alloc_column(col, format!("program {id}"), &at(&base, "cost_index"));
            let options = [("each", CostIndexOn::Each), ("sum", CostIndexOn::Sum)];
            let on = p.cost_index_on.as_deref();
            (
                col.clone(),
                self.pick(&key(&at(&base, "cost_index_on")), "cost_index_on", on, "each", &options),
            )
        });
        let options = [("each", true), ("sum", false)];
        let round_each =
            self.pick(&key(&at(&base, "round")), "round", p.round.as_deref(), "sum", &options);
        // With components, the flat rate applies through the components only.
        let rate = if components.is_empty() { rate } else { None };
        ProgramKind::PerPupil { rate, components, foundation, cost_index, round_each }
    }

    fn rate_rule(&mut self, id: &str, p: &ProgramSpec, context: &ProgramContext) -> Option<Rate> {
        let base = ["programs", id];
        match (&p.rate, &p.rates, &p.rate_by_score, &p.rate_steps) {
            (Some(r), None, None, None) => self.num(&at(&base, "rate"), r, false).map(Rate::Flat),
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

    fn components(&mut self, id: &str, p: &ProgramSpec, flat: Option<Num>) -> Vec<Component> {
        let mut components = Vec::new();
        for (i, c) in p.components.iter().flatten().enumerate() {
            let idx = i.to_string();
            let path = ["programs", id, "components", idx.as_str()];
            if let Some(comp) = self.component(id, &path, c, flat) {
                components.push(comp);
            }
        }
        components
    }

    /// One component: pupils (a column or a count), rate, weight, uplift, times, divide_by.
    fn component(
        &mut self,
        id: &str,
        path: &[&str],
        c: &ComponentSpec,
        flat: Option<Num>,
    ) -> Option<Component> {
        let used = format!("program {id}");
        let pupils = match self.names.counts.iter().position(|n| *n == c.pupils) {
            Some(i) => Pupils::Count(i),
            None => {
                self.alloc_column(&c.pupils, used.clone(), path);
                Pupils::Column(c.pupils.clone())
            }
        };
        let weight = match &c.weight {
            Some(w) => self.num(&at(path, "weight"), w, true)?,
            None => Num::Value(1.0),
        };
        if let Num::Value(w) = weight
            && w < 0.0
        {
            self.alloc_err(path, format!("weight must be ≥ 0, got {w}"), "e.g. weight = 1.08");
        }
        let rate = match (&c.rate, flat) {
            (Some(r), _) => self.num(&at(path, "rate"), r, true)?,
            (None, Some(r)) => r,
            (None, None) => {
                self.alloc_err(
                    path,
                    "component has no rate and the program has no flat rate",
                    "give rate here or rate = ... on the program",
                );
                return None;
            }
        };
        if let Some(t) = &c.times {
            self.alloc_column(t, used.clone(), &at(path, "times"));
        }
        let divide_by = match &c.divide_by {
            Some(d) => Some(self.num(&at(path, "divide_by"), d, false)?),
            None => None,
        };
        if let Some(Num::Value(d)) = divide_by
            && d <= 0.0
        {
            self.alloc_err(
                &at(path, "divide_by"),
                format!("divide_by is {d}"),
                "give a number > 0",
            );
        }
        Some(Component {
            pupils,
            rate,
            weight,
            uplift: c.uplift.unwrap_or(0.0),
            times: c.times.clone(),
            divide_by,
        })
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

    fn share_of(&mut self, id: &str, p: &ProgramSpec) -> Option<ProgramKind> {
        let base = ["programs", id];
        let Some(of) = &p.share_of else {
            self.alloc_err(
                &base,
                "share_of program needs share_of = \"program\"",
                "name an earlier program",
            );
            return None;
        };
        let Some(pos) = self.names.earlier.iter().position(|e| e == of) else {
            let message = format!("'{of}' is not a program defined before '{id}'");
            let earlier: Vec<&str> = self.names.earlier.iter().map(String::as_str).collect();
            let fix = suggest(of, &earlier);
            self.alloc_err(&at(&base, "share_of"), message, fix);
            return None;
        };
        let share = match &p.share {
            Some(v) => self.num(&at(&base, "share"), v, false)?,
            None => Num::Value(1.0),
        };
        if let Num::Value(x) = share
            && x < 0.0
        {
            self.alloc_err(
                &at(&base, "share"),
                format!("share must be ≥ 0, got {x}"),
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

    /// A waterfall (whose parts are bounded by their own limits) takes no eligibility, floor or
    /// cap; a pool (whose shares follow its line) no floor or cap.
    fn unbounded_kinds(&mut self, id: &str, p: &ProgramSpec) {
        let bounds = [
            ("min", p.min.is_some()),
            ("max", p.max.is_some()),
            ("min_per_pupil", p.min_per_pupil.is_some()),
            ("max_per_pupil", p.max_per_pupil.is_some()),
        ];
        let choice = [
            ("eligible", !p.eligible.is_empty()),
            ("tiers", p.tiers.is_some()),
            ("select", p.select.is_some()),
        ];
        let waterfall = Kind::of(p) == Some(Kind::Waterfall);
        let refused: Vec<&str> = match Kind::of(p) {
            Some(Kind::Waterfall) => {
                bounds.iter().chain(&choice).filter(|(_, set)| *set).map(|(k, _)| *k).collect()
            }
            Some(Kind::Pool) => bounds.iter().filter(|(_, set)| *set).map(|(k, _)| *k).collect(),
            _ => Vec::new(),
        };
        for k in refused {
            let fix = if waterfall {
                "limit each part with most_taken and most_added instead"
            } else {
                "remove it (a pool shares its total in proportion to its line)"
            };
            let message = format!("'{k}' does not apply to a {} program", p.kind);
            self.alloc_err(&["programs", id, k], message, fix);
        }
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
