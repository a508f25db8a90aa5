//! `[allocation]`: unit, pupils, prior year, budget lines, redirects, hold-harmless and programs.

use super::checker::{Checker, named};
use super::kind::Kind;
use crate::error::suggest;
use crate::formula::allocation::{
    Allocation, Funding, HoldHarmless, Prior, Program, ProgramKind, Redirect,
};
use crate::formula::spec::{AllocationSpec, HoldHarmlessSpec};
use crate::grammar::Dollars;
use crate::num::{cents_text, dollars};

/// A key path under `[allocation]`.
pub(super) fn key<'a>(path: &[&'a str]) -> Vec<&'a str> {
    let mut p = vec!["allocation"];
    p.extend_from_slice(path);
    p
}

impl Checker<'_> {
    /// A problem at a key path under `[allocation]`.
    pub(super) fn alloc_err(
        &mut self,
        path: &[&str],
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.err(&key(path), message, fix);
    }

    /// A numeric column read by the allocation.
    pub(super) fn alloc_column(&mut self, column: &str, used_by: String, path: &[&str]) {
        self.column(column, true, used_by, &key(path));
    }

    /// A text column read by the allocation (categories, lists of values).
    pub(super) fn alloc_text(&mut self, column: &str, used_by: String, path: &[&str]) {
        self.column(column, false, used_by, &key(path));
    }

    /// Dollars to cents under `[allocation]`.
    pub(super) fn alloc_money(&mut self, path: &[&str], dollars: &Dollars, what: &str) -> i64 {
        self.money(&key(path), dollars, what)
    }

    /// Checks `[allocation]`; None when it has problems (they are recorded).
    pub(super) fn allocation(&mut self, spec: &AllocationSpec) -> Option<Allocation> {
        let before = self.problems.len();
        let loaded = self.loaded;
        let tier_names: Vec<String> =
            loaded.spec.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
        let units = [("dollar", 100), ("cent", 1)];
        let unit = self.pick(&key(&["unit"]), "unit", spec.unit.as_deref(), "dollar", &units);
        let pupils = spec.pupils.clone().or_else(|| loaded.spec.data.enrolment.clone());
        if let Some(p) = &spec.pupils {
            self.alloc_column(p, "allocation pupils".into(), &["pupils"]);
        }
        if let Some(p) = &spec.prior {
            self.alloc_column(p, "allocation prior".into(), &["prior"]);
        }
        if spec.programs.is_empty() {
            let fix = "add [allocation.programs.base] with kind = \"pot\" or \"per_pupil\" (a formula written by seni init has an [allocation] commented out near its end: remove the # signs); then --budget sets its pot";
            self.alloc_err(
                &[],
                "the allocation has no programs, so a budget has nothing to pay",
                fix,
            );
            return None;
        }
        let (parameters, schedules, counts) = self.state_names(spec);
        let ids: Vec<&str> = spec.programs.keys().map(String::as_str).collect();
        let main = self.main_program(spec, &ids);
        let (programs, mut pot_keys) = self.programs(spec, main, &tier_names, pupils.as_deref());
        if spec.budget.is_some() && spec.programs[main].budget.is_some() {
            let fix = "keep one (--budget sets allocation.budget)";
            self.alloc_err(&["budget"], "the budget is set both here and on the main program", fix);
        }
        let lines = spec
            .lines
            .iter()
            .map(|(name, amount)| {
                (name.clone(), self.alloc_money(&["lines", name], amount, "a budget line"))
            })
            .collect();
        let mut redirects = self.redirects(spec, &ids);
        for (i, r) in redirects.iter().enumerate() {
            pot_keys.push((r.amount, vec!["redirect".into(), i.to_string(), "amount".into()]));
        }
        for (amount, path) in &pot_keys {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            self.whole_units(&path, *amount, unit);
        }
        let mut hold_harmless =
            spec.hold_harmless.as_ref().and_then(|h| self.hold_harmless(spec, h, main, &ids));
        let in_total = self.in_total(spec, &programs);
        if let Some(by) = &spec.report_by {
            self.alloc_text(by, "allocation report_by".into(), &["report_by"]);
        }
        let solve = spec.solve.as_ref().and_then(|s| self.solve(s, &parameters));
        if self.problems.len() > before {
            return None;
        }
        let main = checked_positions(&programs, &ids, main, &mut redirects, &mut hold_harmless);
        let prior = self.prior(spec);
        Some(Allocation {
            unit,
            pupils,
            prior,
            lines,
            redirects,
            hold_harmless,
            main,
            programs,
            notes: spec.notes.clone(),
            in_total,
            total_label: spec.total_label.clone(),
            report_by: spec.report_by.clone(),
            parameters,
            schedules,
            counts,
            solve,
        })
    }

    /// Every program (a waterfall's parts before it), and the amounts pots split with the key
    /// that sets each.
    fn programs(
        &mut self,
        spec: &AllocationSpec,
        main: usize,
        tier_names: &[String],
        pupils: Option<&str>,
    ) -> (Vec<Program>, Vec<(i64, Vec<String>)>) {
        self.names.programs = spec
            .programs
            .iter()
            .flat_map(|(id, p)| {
                let parts =
                    p.parts.iter().flatten().filter(|_| Kind::of(p) == Some(Kind::Waterfall));
                parts.map(|part| part.id.clone()).chain(std::iter::once(id.clone()))
            })
            .collect();
        self.names.earlier.clear();
        let mut programs = Vec::new();
        let mut pot_keys = Vec::new();
        for (pos, (id, p)) in spec.programs.iter().enumerate() {
            if Kind::of(p) == Some(Kind::Waterfall) {
                self.keys_of_other_kinds(id, p);
                programs.extend(self.waterfall(id, p));
                self.names.earlier.push(id.clone());
                continue;
            }
            let own = p.budget.as_ref();
            let budget = if pos == main { own.or(spec.budget.as_ref()) } else { own };
            // A main pot's budget set by `allocation.budget` (or --budget) is located there.
            let budget_key: &[&str] = if pos == main && p.budget.is_none() && spec.budget.is_some()
            {
                &["budget"]
            } else {
                &["programs", id, "budget"]
            };
            let context = budget.map(|b| (b, budget_key));
            if let Some(prog) = self.program(id, p, context, tier_names, pupils) {
                if let ProgramKind::Pot { budget, .. } = prog.kind {
                    pot_keys.push((budget, budget_key.iter().map(|k| k.to_string()).collect()));
                }
                programs.push(prog);
            }
            self.names.earlier.push(id.clone());
        }
        (programs, pot_keys)
    }

    /// Which programs each row's total is the sum of: `total` names them (the others are
    /// lines of the calculation), or every program.
    fn in_total(&mut self, spec: &AllocationSpec, programs: &[Program]) -> Vec<bool> {
        let Some(names) = &spec.total else { return vec![true; programs.len()] };
        let ids: Vec<&str> = programs.iter().map(|p| p.id.as_str()).collect();
        for n in names {
            if !ids.contains(&n.as_str()) {
                self.alloc_err(&["total"], format!("unknown program '{n}'"), suggest(n, &ids));
            }
        }
        if names.is_empty() {
            let fix = "name the programs paid, e.g. total = [\"aid\"] (or leave total out)";
            self.alloc_err(&["total"], "total names no program", fix);
        }
        programs.iter().map(|p| names.contains(&p.id)).collect()
    }

    /// The prior amounts: a column, or the formula's own allocation in the previous period.
    fn prior(&mut self, spec: &AllocationSpec) -> Option<Prior> {
        match (&spec.prior, spec.prior_period == Some(true)) {
            (Some(_), true) => {
                let fix = "keep prior (a column) or prior_period = true, not both";
                self.alloc_err(&["prior_period"], "two sources of prior amounts", fix);
                None
            }
            (Some(c), false) => Some(Prior::Column(c.clone())),
            (None, true) => {
                if self.loaded.spec.data.period.is_none() {
                    let fix = "name the period column with period = \"COLUMN\" under [data]";
                    self.alloc_err(
                        &["prior_period"],
                        "prior_period needs periods in the data",
                        fix,
                    );
                }
                Some(Prior::PreviousPeriod)
            }
            (None, false) => None,
        }
    }

    /// An amount a pot splits must be a whole number of rounding units (dollars by default).
    fn whole_units(&mut self, path: &[&str], amount: i64, unit: i64) {
        if amount % unit == 0 {
            return;
        }
        let (down, up) = (amount / unit * unit, amount / unit * unit + unit);
        let message = format!(
            "{} is not a whole number of dollars, and this allocation pays whole dollars (unit = \"dollar\")",
            dollars(amount)
        );
        let fix = format!(
            "round it to {} or {}, or allocate to the cent with unit = \"cent\" under [allocation] (--set allocation.unit='\"cent\"')",
            cents_text(down).trim_end_matches(".00"),
            cents_text(up).trim_end_matches(".00")
        );
        self.alloc_err(path, message, fix);
    }

    fn main_program(&mut self, spec: &AllocationSpec, ids: &[&str]) -> usize {
        match &spec.main {
            None => 0,
            Some(m) => ids.iter().position(|i| i == m).unwrap_or_else(|| {
                self.alloc_err(&["main"], format!("unknown program '{m}'"), suggest(m, ids));
                0
            }),
        }
    }

    fn redirects(&mut self, spec: &AllocationSpec, ids: &[&str]) -> Vec<Redirect> {
        let mut redirects = Vec::new();
        for (i, r) in spec.redirect.iter().enumerate() {
            let idx = i.to_string();
            let amount = self.alloc_money(&["redirect", &idx, "amount"], &r.amount, "a redirect");
            if !spec.lines.contains_key(&r.from) && !spec.programs.contains_key(&r.from) {
                let mut choices: Vec<&str> = spec.lines.keys().map(String::as_str).collect();
                choices.extend(ids.iter().copied());
                let message = format!("unknown line or program '{}'", r.from);
                self.alloc_err(&["redirect", &idx, "from"], message, suggest(&r.from, &choices));
            }
            match ids.iter().position(|p| *p == r.to) {
                Some(to) if spec.programs[to].kind == "pot" => {
                    redirects.push(Redirect { from: r.from.clone(), to, amount })
                }
                Some(_) => self.alloc_err(
                    &["redirect", &idx, "to"],
                    format!("program '{}' is not a pot", r.to),
                    "redirect money into a kind = \"pot\" program",
                ),
                None => {
                    let message = format!("unknown program '{}'", r.to);
                    self.alloc_err(&["redirect", &idx, "to"], message, suggest(&r.to, ids));
                }
            }
        }
        redirects
    }

    fn hold_harmless(
        &mut self,
        spec: &AllocationSpec,
        h: &HoldHarmlessSpec,
        main: usize,
        ids: &[&str],
    ) -> Option<HoldHarmless> {
        if h.share == 0.0 {
            return None; // no school is guaranteed anything: hold-harmless is off
        }
        if !(h.share.is_finite() && h.share > 0.0 && h.share <= 1.0) {
            let message = format!("share must be in [0, 1] (0: off), got {}", h.share);
            self.alloc_err(
                &["hold_harmless", "share"],
                message,
                "e.g. share = 0.95 (95% of last year)",
            );
        }
        if spec.prior.is_none() && spec.prior_period != Some(true) {
            let fix = "set prior = \"prior_allocation\" (a column) or prior_period = true under [allocation]";
            self.alloc_err(&["hold_harmless"], "hold-harmless needs the prior-year amounts", fix);
        }
        let program = match &h.program {
            None => main,
            Some(p) => match ids.iter().position(|i| i == p) {
                Some(i) => i,
                None => {
                    self.alloc_err(
                        &["hold_harmless", "program"],
                        format!("unknown program '{p}'"),
                        suggest(p, ids),
                    );
                    return None;
                }
            },
        };
        let path = key(&["hold_harmless", "funding"]);
        let funding = self
            .pick_opt(&path, "funding", h.funding.as_deref(), "from_pot", &named::<Funding>())
            .unwrap_or(Funding::OnTop);
        let pot = Kind::of(&spec.programs[program]) == Some(Kind::Pot);
        if funding == Funding::FromPot && !pot {
            let fix = "use funding = \"on_top\" or guarantee a kind = \"pot\" program";
            self.alloc_err(&["hold_harmless", "funding"], "from_pot needs a pot program", fix);
        }
        Some(HoldHarmless { share: h.share, program, funding })
    }
}

/// Positions in the checked programs (a waterfall's parts come before it) of the main program,
/// each redirect's target and the program hold-harmless guarantees, given by position in `ids`.
fn checked_positions(
    programs: &[Program],
    ids: &[&str],
    main: usize,
    redirects: &mut [Redirect],
    hold_harmless: &mut Option<HoldHarmless>,
) -> usize {
    let position = |id: &str| programs.iter().position(|p| p.id == id).expect("checked");
    for r in redirects.iter_mut() {
        r.to = position(ids[r.to]);
    }
    if let Some(h) = hold_harmless {
        h.program = position(ids[h.program]);
    }
    position(ids[main])
}
