//! Two runs on the same district: who gains, who loses, which schools change tier.

use crate::allocate::AllocationResult;
use crate::export::{Cell, Sheet};
use crate::index::Computation;
use serde::Serialize;
use std::collections::HashMap;

/// One run: a computation, its allocation (if the formula allocates) and a label.
#[derive(Debug, Clone)]
pub struct Run {
    /// Label shown in outputs (formula name and scenarios).
    pub label: String,
    /// The index.
    pub computation: Computation,
    /// The money.
    pub allocation: Option<AllocationResult>,
}

impl Run {
    /// A label from a computation: formula name plus scenarios, or `formula (hash)`.
    pub fn label_of(c: &Computation) -> String {
        let f = &c.formula;
        if f.scenarios.is_empty() { format!("{} ({})", f.name, f.hash) } else { format!("{} + {} ({})", f.name, f.scenarios.join(" + "), f.hash) }
    }
}

/// One school under both runs.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolChange {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Pupils (run A).
    pub pupils: f64,
    /// Index in A.
    pub index_a: Option<f64>,
    /// Index in B.
    pub index_b: Option<f64>,
    /// Rank in A.
    pub rank_a: Option<usize>,
    /// Rank in B.
    pub rank_b: Option<usize>,
    /// Tier in A.
    pub tier_a: String,
    /// Tier in B.
    pub tier_b: String,
    /// Total cents in A.
    pub total_a: i64,
    /// Total cents in B.
    pub total_b: i64,
}

impl SchoolChange {
    /// B − A in cents.
    pub fn change(&self) -> i64 {
        self.total_b - self.total_a
    }
}

/// The comparison of two runs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Label of A.
    pub a: String,
    /// Label of B.
    pub b: String,
    /// Schools in both, biggest gain first (ties by id).
    pub schools: Vec<SchoolChange>,
    /// Ids only in A.
    pub only_a: Vec<String>,
    /// Ids only in B.
    pub only_b: Vec<String>,
    /// Tier names of A (rows of the cross-table), then "(no tier)".
    pub tiers_a: Vec<String>,
    /// Tier names of B (columns), then "(no tier)".
    pub tiers_b: Vec<String>,
    /// Schools by A tier × B tier.
    pub cross: Vec<Vec<usize>>,
    /// Totals and $/pupil by tier under A.
    pub by_tier_a: Option<Sheet>,
    /// Totals and $/pupil by tier under B.
    pub by_tier_b: Option<Sheet>,
}

fn tier_names(c: &Computation) -> Vec<String> {
    let mut v = c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
    v.push("(no tier)".into());
    v
}

/// A school's tier position and name, with `names` from [`tier_names`] (no tier = the last).
fn tier_of(c: &Computation, r: usize, names: &[String]) -> (usize, String) {
    let p = c.tiers.as_ref().and_then(|t| t[r]).unwrap_or(names.len() - 1);
    (p, names[p].clone())
}

/// Compares two runs school by school (matched by id).
pub fn compare(a: &Run, b: &Run) -> Comparison {
    let (ca, cb) = (&a.computation, &b.computation);
    let pos_b: HashMap<&str, usize> = cb.district.ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let pos_a: HashMap<&str, usize> = ca.district.ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let tiers_a = tier_names(ca);
    let tiers_b = tier_names(cb);
    let mut cross = vec![vec![0usize; tiers_b.len()]; tiers_a.len()];
    let mut schools = Vec::new();
    let mut only_a = Vec::new();
    let total = |run: &Run, r: usize| run.allocation.as_ref().map(|al| al.total[r]).unwrap_or(0);
    let pupils = |run: &Run, r: usize| run.allocation.as_ref().map(|al| al.pupils[r]).unwrap_or(f64::NAN);
    let opt = |x: f64| (!x.is_nan()).then_some(x);
    for (ra, id) in ca.district.ids.iter().enumerate() {
        let Some(&rb) = pos_b.get(id.as_str()) else {
            only_a.push(id.clone());
            continue;
        };
        let (pa, ta) = tier_of(ca, ra, &tiers_a);
        let (pb, tb) = tier_of(cb, rb, &tiers_b);
        cross[pa][pb] += 1;
        schools.push(SchoolChange {
            id: id.clone(),
            name: ca.district.names[ra].clone(),
            pupils: pupils(a, ra),
            index_a: opt(ca.index[ra]),
            index_b: opt(cb.index[rb]),
            rank_a: ca.rank[ra],
            rank_b: cb.rank[rb],
            tier_a: ta,
            tier_b: tb,
            total_a: total(a, ra),
            total_b: total(b, rb),
        });
    }
    let only_b = cb.district.ids.iter().filter(|id| !pos_a.contains_key(id.as_str())).cloned().collect();
    schools.sort_by(|x, y| y.change().cmp(&x.change()).then_with(|| x.id.cmp(&y.id)));
    Comparison {
        a: a.label.clone(),
        b: b.label.clone(),
        schools,
        only_a,
        only_b,
        tiers_a,
        tiers_b,
        cross,
        by_tier_a: a.allocation.as_ref().map(|al| crate::export::tier_summary(ca, al)),
        by_tier_b: b.allocation.as_ref().map(|al| crate::export::tier_summary(cb, al)),
    }
}

impl Comparison {
    /// Total cents under A and B over the matched schools.
    pub fn totals(&self) -> (i64, i64) {
        (self.schools.iter().map(|s| s.total_a).sum(), self.schools.iter().map(|s| s.total_b).sum())
    }

    /// Schools gaining, losing and unchanged.
    pub fn counts(&self) -> (usize, usize, usize) {
        let g = self.schools.iter().filter(|s| s.change() > 0).count();
        let l = self.schools.iter().filter(|s| s.change() < 0).count();
        (g, l, self.schools.len() - g - l)
    }

    /// Schools whose tier changed.
    pub fn tier_changes(&self) -> usize {
        self.schools.iter().filter(|s| s.tier_a != s.tier_b).count()
    }

    /// The per-school table (biggest gain first).
    pub fn sheet(&self) -> Sheet {
        let columns = [
            "id",
            "name",
            "pupils",
            "index_a",
            "index_b",
            "rank_a",
            "rank_b",
            "tier_a",
            "tier_b",
            "total_a",
            "total_b",
            "change",
            "change_per_pupil",
        ];
        let rows = self
            .schools
            .iter()
            .map(|s| {
                let o = |x: Option<f64>| x.map(Cell::num).unwrap_or(Cell::Missing);
                let r = |x: Option<usize>| x.map(|v| Cell::Int(v as i64)).unwrap_or(Cell::Missing);
                vec![
                    Cell::Text(s.id.clone()),
                    Cell::Text(s.name.clone()),
                    Cell::num(s.pupils),
                    o(s.index_a),
                    o(s.index_b),
                    r(s.rank_a),
                    r(s.rank_b),
                    Cell::Text(s.tier_a.clone()),
                    Cell::Text(s.tier_b.clone()),
                    Cell::Money(s.total_a),
                    Cell::Money(s.total_b),
                    Cell::Money(s.change()),
                    if s.pupils > 0.0 { Cell::Dollars(s.change() as f64 / 100.0 / s.pupils) } else { Cell::Missing },
                ]
            })
            .collect();
        Sheet { name: "changes".into(), columns: columns.iter().map(|c| c.to_string()).collect(), rows }
    }

    /// The tier cross-table (rows: A, columns: B), omitting empty "(no tier)" rows/columns.
    pub fn cross_sheet(&self) -> Sheet {
        let keep_b: Vec<usize> = (0..self.tiers_b.len()).filter(|&j| j + 1 < self.tiers_b.len() || self.cross.iter().any(|r| r[j] > 0)).collect();
        let mut columns = vec!["A \\ B".to_string()];
        columns.extend(keep_b.iter().map(|&j| self.tiers_b[j].clone()));
        let rows = (0..self.tiers_a.len())
            .filter(|&i| i + 1 < self.tiers_a.len() || self.cross[i].iter().any(|x| *x > 0))
            .map(|i| {
                let mut r = vec![Cell::Text(self.tiers_a[i].clone())];
                r.extend(keep_b.iter().map(|&j| Cell::Int(self.cross[i][j] as i64)));
                r
            })
            .collect();
        Sheet { name: "tier_changes".into(), columns, rows }
    }

    /// Plain-text summary.
    pub fn to_text(&self) -> String {
        use crate::allocate::dollars;
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "A: {}\nB: {}\n", self.a, self.b);
        if let (Some(a), Some(b)) = (&self.by_tier_a, &self.by_tier_b) {
            let _ = writeln!(s, "Under A:\n{}", crate::export::to_text(a));
            let _ = writeln!(s, "Under B:\n{}", crate::export::to_text(b));
        }
        let (ta, tb) = self.totals();
        let (g, l, u) = self.counts();
        let _ = writeln!(s, "total: {} → {} (change {})", dollars(ta), dollars(tb), dollars(tb - ta));
        let _ = writeln!(s, "{g} schools gain, {l} lose, {u} unchanged; {} change tier", self.tier_changes());
        if let Some(top) = self.schools.iter().max_by_key(|x| x.change().abs()) {
            let _ = writeln!(s, "largest single change: {} ({}) {}", top.name, top.id, dollars(top.change()));
        }
        let _ = writeln!(s, "\nBiggest winners:");
        for x in self.schools.iter().take(5).filter(|x| x.change() > 0) {
            let _ = writeln!(s, "  {:<44} {:>16}  {} → {}", x.name, dollars(x.change()), x.tier_a, x.tier_b);
        }
        let _ = writeln!(s, "Biggest losers:");
        for x in self.schools.iter().rev().take(5).filter(|x| x.change() < 0) {
            let _ = writeln!(s, "  {:<44} {:>16}  {} → {}", x.name, dollars(x.change()), x.tier_a, x.tier_b);
        }
        let _ = writeln!(s, "\nSchools by tier (rows: A, columns: B):\n{}", crate::export::to_text(&self.cross_sheet()));
        if !self.only_a.is_empty() || !self.only_b.is_empty() {
            let _ = writeln!(s, "{} schools only in A, {} only in B (not compared)", self.only_a.len(), self.only_b.len());
        }
        s
    }
}
