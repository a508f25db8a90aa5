//! The rules of state formulas as programs: lines combined (`sum`, `difference`, `least`,
//! `greatest`), a local share from wealth, a group's ratio, a choice by cases, a pool shared
//! out, a waterfall's parts and a phase-in from last year.

use super::checker::{Checker, at};
use crate::formula::allocation::{Amount, Condition, Line, LineOp, Part, PhaseIn, Program, Test};
use crate::formula::spec::{ConditionSpec, PartSpec, ProgramSpec};
use crate::formula::{Num, ProgramKind};

impl Checker<'_> {
    /// `sum`, `difference`, `least`, `greatest`: lines combined.
    pub(super) fn lines_kind(&mut self, id: &str, p: &ProgramSpec, op: LineOp) -> ProgramKind {
        let base = ["programs", id];
        let used = format!("program {id}");
        let of: Vec<String> = p.of.as_ref().map(|o| o.to_vec()).unwrap_or_default();
        if of.is_empty() {
            let fix = "name the programs or columns, e.g. of = [\"base\", \"supplement\"]";
            self.alloc_err(&at(&base, "of"), format!("program '{id}' combines nothing"), fix);
        }
        let of = of.iter().map(|n| self.line(&at(&base, "of"), n, &used)).collect();
        let minus = p.minus.iter().flatten().map(|n| self.line(&at(&base, "minus"), n, &used));
        let minus = minus.collect();
        let op = match op {
            LineOp::PositivePart if p.negative == Some(true) => LineOp::Sum,
            op => op,
        };
        ProgramKind::Lines { op, of, minus }
    }

    /// `local_share`: `Σ round(wealth × rate ÷ divide_by)`.
    pub(super) fn local_share(&mut self, id: &str, p: &ProgramSpec) -> Option<ProgramKind> {
        let base = ["programs", id];
        let Some(parts) = p.wealth.as_ref().filter(|w| !w.is_empty()) else {
            let fix = "e.g. wealth = [{ column = \"property_value\", rate = 0.0145 }]";
            self.alloc_err(&base, format!("local share '{id}' has no wealth"), fix);
            return None;
        };
        let mut wealth = Vec::new();
        for (i, w) in parts.iter().enumerate() {
            let idx = i.to_string();
            let path = ["programs", id, "wealth", idx.as_str()];
            self.alloc_column(&w.column, format!("program {id}"), &path);
            let rate = self.num(&at(&path, "rate"), &w.rate, false)?;
            wealth.push((w.column.clone(), rate));
        }
        let divide_by = match &p.divide_by {
            Some(d) => self.num(&at(&base, "divide_by"), d, false)?,
            None => Num::Value(1.0),
        };
        if let Num::Value(d) = divide_by
            && d <= 0.0
        {
            let fix = "divide by a positive number (e.g. 2 for half of each measure)";
            self.alloc_err(&at(&base, "divide_by"), format!("divide_by is {d}"), fix);
        }
        Some(ProgramKind::LocalShare { wealth, divide_by })
    }

    /// `group_ratio`: a group's ratio of two lines, rounded, times a line.
    pub(super) fn group_ratio(&mut self, id: &str, p: &ProgramSpec) -> Option<ProgramKind> {
        let base = ["programs", id];
        let used = format!("program {id}");
        let of = p.of.as_ref().map(|o| o.to_vec()).unwrap_or_default();
        let (Some(group), Some(num), Some(den), [of]) =
            (&p.group, &p.numerator, &p.denominator, of.as_slice())
        else {
            let fix = "give group = \"COLUMN\", numerator, denominator and of = \"LINE\"";
            self.alloc_err(&base, format!("group ratio '{id}' is incomplete"), fix);
            return None;
        };
        self.alloc_text(group, used.clone(), &at(&base, "group"));
        let decimals = match p.ratio_decimals {
            Some(d) if d <= 12 => d,
            Some(d) => {
                let fix = "use at most 12 decimals";
                self.alloc_err(&at(&base, "ratio_decimals"), format!("{d} decimals"), fix);
                return None;
            }
            None => {
                let fix = "say how the law rounds the ratio, e.g. ratio_decimals = 4";
                self.alloc_err(&base, "group ratio needs ratio_decimals", fix);
                return None;
            }
        };
        Some(ProgramKind::GroupRatio {
            group: group.clone(),
            numerator: self.line(&at(&base, "numerator"), num, &used),
            denominator: self.line(&at(&base, "denominator"), den, &used),
            decimals,
            of: self.line(&at(&base, "of"), of, &used),
        })
    }

    /// `choose`: cases, the first whose conditions all hold gives the amount.
    pub(super) fn choose(&mut self, id: &str, p: &ProgramSpec) -> Option<ProgramKind> {
        let used = format!("program {id}");
        let Some(given) = p.cases.as_ref().filter(|c| !c.is_empty()) else {
            let fix = "e.g. cases = [{ when = [{ column = \"sda\", at_least = 1 }], then = 0 }]";
            self.alloc_err(&["programs", id], format!("choice '{id}' has no cases"), fix);
            return None;
        };
        let mut cases = Vec::new();
        for (i, case) in given.iter().enumerate() {
            let idx = i.to_string();
            let path = ["programs", id, "cases", idx.as_str()];
            let when = case
                .when
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let j = j.to_string();
                    self.condition(&["programs", id, "cases", &idx, "when", &j], c, &used)
                })
                .collect();
            let then = self.amount(&at(&path, "then"), &case.then, &used)?;
            cases.push((when, then));
        }
        let otherwise = match &p.otherwise {
            Some(v) => self.amount(&["programs", id, "otherwise"], v, &used)?,
            None => Amount::Cents(0),
        };
        Some(ProgramKind::Choose { cases, otherwise })
    }

    /// `pool`: a total over every row shared in proportion to a line.
    pub(super) fn pool(&mut self, id: &str, p: &ProgramSpec) -> Option<ProgramKind> {
        let base = ["programs", id];
        let used = format!("program {id}");
        let (Some(pool), Some(shares)) = (&p.pool, &p.shares) else {
            let fix = "give pool = [\"LINE\", …] (its total is shared) and shares = \"LINE\"";
            self.alloc_err(&base, format!("pool '{id}' is incomplete"), fix);
            return None;
        };
        let pool = pool.iter().map(|n| self.line(&at(&base, "pool"), n, &used)).collect();
        let plus = match &p.plus {
            Some(v) => self.num(&at(&base, "plus"), v, false)?,
            None => Num::Value(0.0),
        };
        let share_decimals = p.share_decimals;
        if share_decimals.is_some_and(|d| d > 12) {
            let fix = "use at most 12 decimals";
            self.alloc_err(&at(&base, "share_decimals"), "too many decimals", fix);
        }
        let shares = self.line(&at(&base, "shares"), shares, &used);
        Some(ProgramKind::Pool { pool, plus, shares, share_decimals })
    }

    /// `phase_in`: last year's amount moved toward the formula, phased in and capped.
    pub(super) fn phase_in(&mut self, id: &str, p: &ProgramSpec) -> Option<ProgramKind> {
        let base = ["programs", id];
        let used = format!("program {id}");
        let (Some(from), Some(to)) = (&p.from, &p.to) else {
            let fix = "give from = \"LAST_YEAR\" and to = \"FORMULA_AMOUNT\" (programs or columns)";
            self.alloc_err(&base, format!("phase-in '{id}' is incomplete"), fix);
            return None;
        };
        let mut opt = |k: &str, v: &Option<toml::Value>| match v {
            Some(v) => self.num(&at(&base, k), v, false).map(Some),
            None => Some(None),
        };
        let share = opt("share", &p.share)?.unwrap_or(Num::Value(1.0));
        let max_increase = opt("max_increase", &p.max_increase)?;
        let max_decrease = opt("max_decrease", &p.max_decrease)?;
        let min_increase_per_pupil = opt("min_increase_per_pupil", &p.min_increase_per_pupil)?;
        let phase = PhaseIn {
            from: self.line(&at(&base, "from"), from, &used),
            to: self.line(&at(&base, "to"), to, &used),
            share,
            max_increase,
            max_decrease,
            min_increase_per_pupil,
        };
        for (k, n) in [("share", Some(share)), ("max_increase", max_increase)].into_iter().chain([
            ("max_decrease", max_decrease),
            ("min_increase_per_pupil", min_increase_per_pupil),
        ]) {
            if let Some(Num::Value(x)) = n
                && x < 0.0
            {
                self.alloc_err(&at(&base, k), format!("{k} is {x}"), "give a number ≥ 0");
            }
        }
        Some(ProgramKind::PhaseIn(phase))
    }

    /// A waterfall's parts, each its own program, then the waterfall (their sum).
    pub(super) fn waterfall(&mut self, id: &str, p: &ProgramSpec) -> Vec<Program> {
        let base = ["programs", id];
        let used = format!("program {id}");
        let of = p.of.as_ref().map(|o| o.to_vec()).unwrap_or_default();
        let (Some(parts), [amount]) = (p.parts.as_ref().filter(|x| !x.is_empty()), of.as_slice())
        else {
            let fix = "give of = \"LINE\" (the amount spread) and parts = [{ id = \"…\" }, …]";
            self.alloc_err(&base, format!("waterfall '{id}' is incomplete"), fix);
            return Vec::new();
        };
        let amount = self.line(&at(&base, "of"), amount, &used);
        let mut programs = Vec::new();
        let mut before = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let prog = self.part(id, i, part, &amount, &before);
            before.push(self.names.earlier.len());
            self.names.earlier.push(part.id.clone());
            programs.extend(prog);
        }
        let of = before.iter().map(|&b| Line::Program(b)).collect();
        programs.push(plain(id, p, ProgramKind::Lines { op: LineOp::Sum, of, minus: Vec::new() }));
        programs
    }

    fn part(
        &mut self,
        id: &str,
        i: usize,
        part: &PartSpec,
        amount: &Line,
        before: &[usize],
    ) -> Option<Program> {
        let idx = i.to_string();
        let path = ["programs", id, "parts", idx.as_str()];
        let used = format!("program {id}");
        let limit = |c: &mut Self, k: &str, v: &Option<toml::Value>| match v {
            Some(v) => c.amount(&at(&path, k), v, &used),
            None => Some(Amount::Cents(crate::num::MAX_CENTS)),
        };
        let most_taken = limit(self, "most_taken", &part.most_taken)?;
        let most_added = limit(self, "most_added", &part.most_added)?;
        let kind = ProgramKind::Part(Part {
            amount: amount.clone(),
            before: before.to_vec(),
            most_taken,
            most_added,
        });
        let mut prog = plain(&part.id, &ProgramSpec::default(), kind);
        prog.label = part.label.clone().unwrap_or_else(|| part.id.clone());
        Some(prog)
    }

    /// A condition on a number (a column or an earlier program, in dollars) or on a text
    /// column (one of some values).
    pub(super) fn condition(&mut self, path: &[&str], c: &ConditionSpec, used: &str) -> Condition {
        let bounds = [c.above, c.at_least, c.below, c.at_most];
        if let Some((values, not)) = match (&c.one_of, &c.not_one_of) {
            (Some(v), None) => Some((v, false)),
            (None, Some(v)) => Some((v, true)),
            (Some(_), Some(_)) => {
                self.alloc_err(path, "both one_of and not_one_of", "keep one");
                None
            }
            (None, None) => None,
        } {
            if bounds.iter().any(Option::is_some) || c.per.is_some() {
                let fix =
                    "a text test (one_of) and a number test (above …) are separate conditions";
                self.alloc_err(path, "a condition is on text or on a number, not both", fix);
            }
            self.alloc_text(&c.column, used.to_string(), path);
            let test = Test::OneOf { values: values.clone(), not };
            return Condition { of: Line::Column(c.column.clone()), per: None, test };
        }
        let of = self.line(path, &c.column, used);
        let per = c.per.as_ref().map(|d| self.line(path, d, used));
        let mut bound = |a: Option<f64>, b: Option<f64>, names: &str| match (a, b) {
            (Some(_), Some(_)) => {
                self.alloc_err(path, format!("both {names}"), "keep one");
                None
            }
            (Some(x), None) => Some((x, false)),
            (None, Some(x)) => Some((x, true)),
            _ => None,
        };
        let lower = bound(c.above, c.at_least, "above and at_least");
        let upper = bound(c.below, c.at_most, "below and at_most");
        if lower.is_none() && upper.is_none() {
            let fix = "add above, at_least, below or at_most (or one_of for a text column)";
            self.alloc_err(path, "condition has no bound", fix);
        }
        Condition { of, per, test: Test::Bounds { lower, upper } }
    }
}

/// A program with no eligibility rules, floors or caps.
fn plain(id: &str, p: &ProgramSpec, kind: ProgramKind) -> Program {
    Program {
        id: id.to_string(),
        label: p.label.clone().unwrap_or_else(|| id.to_string()),
        kind,
        pupils: None,
        eligible: Vec::new(),
        tiers: None,
        select: None,
        min: None,
        max: None,
        min_per_pupil: None,
        max_per_pupil: None,
    }
}
