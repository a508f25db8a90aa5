//! The tree of aggregates: parents, cycles, children-before-parents order, each aggregate's
//! children and descendant indicators, and unique output columns.

use super::checker::Checker;
use crate::error::suggest;
use crate::formula::model::{Child, Domain, Indicator, MissingRule};
use crate::tiers::Tiers;
use std::collections::HashMap;

/// Domain positions in output of [`Checker::domain_order`]: `parent[d]` (the index is `n`),
/// `order` (children before parents) and `new_pos[d]` (position in the checked formula).
pub(super) struct DomainOrder {
    pub(super) parent: Vec<usize>,
    pub(super) order: Vec<usize>,
    pub(super) new_pos: Vec<usize>,
}

impl Checker<'_> {
    /// Position of a parent domain among `ids` (`ids.len()` = the index).
    pub(super) fn parent_pos(
        &mut self,
        parent: Option<&str>,
        ids: &[&str],
        path: &[&str],
    ) -> usize {
        match parent {
            None | Some("index") => ids.len(),
            Some(p) => match ids.iter().position(|d| *d == p) {
                Some(i) => i,
                None => {
                    let mut choices = ids.to_vec();
                    choices.push("index");
                    self.bad_refs += 1;
                    self.err(path, format!("unknown domain '{p}'"), suggest(p, &choices));
                    ids.len()
                }
            },
        }
    }

    /// Parents of the domains, checked for cycles, and their order (None after a cycle).
    pub(super) fn domain_order(&mut self) -> Option<DomainOrder> {
        let loaded = self.loaded;
        let spec = &loaded.spec;
        let n = spec.domains.len();
        let ids: Vec<&str> = spec.domains.keys().map(String::as_str).collect();
        let mut parent = Vec::with_capacity(n);
        for (id, d) in &spec.domains {
            if id == "index" {
                self.err(
                    &["domains", id],
                    "'index' is reserved for the root",
                    "rename the domain or use [index]",
                );
            }
            parent.push(self.parent_pos(d.parent.as_deref(), &ids, &["domains", id, "parent"]));
        }
        if spec.index.parent.is_some() {
            self.err(&["index", "parent"], "the index has no parent", "remove parent from [index]");
        }
        for (start, id) in ids.iter().enumerate() {
            if ancestors(&parent, start).is_none() {
                let message = format!("domain '{id}' is its own ancestor");
                self.err(
                    &["domains", id, "parent"],
                    message,
                    "make the parents form a tree ending at the index",
                );
                return None;
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&d| std::cmp::Reverse(ancestors(&parent, d).unwrap_or(0)));
        let mut new_pos = vec![0; n + 1];
        for (p, &d) in order.iter().enumerate() {
            new_pos[d] = p;
        }
        new_pos[n] = n;
        Some(DomainOrder { parent, order, new_pos })
    }

    /// Checks the coverage settings against the number of children and indicators.
    pub(super) fn coverage_settings(&mut self, d: &Domain) {
        let path: Vec<&str> =
            if d.id == "index" { vec!["index"] } else { vec!["domains", d.id.as_str()] };
        // An empty domain is often a consequence of a misspelt reference reported above.
        if d.children.is_empty() && self.bad_refs == 0 {
            self.err(
                &path,
                format!("{} has no indicators or domains", d.describe()),
                "point an indicator at it with domain = \"ID\" (or a domain with parent = \"ID\"), or remove it",
            );
        }
        let MissingRule::Drop { min_children, min_present, .. } = d.missing else { return };
        if min_children > d.children.len() && !d.children.is_empty() {
            let mut p = path.clone();
            p.push("min_children");
            let message = format!(
                "min_children = {min_children} but '{}' has only {} children",
                d.id,
                d.children.len()
            );
            self.err(&p, message, format!("set min_children to at most {}", d.children.len()));
        }
        if min_present > d.indicators.len() && !d.indicators.is_empty() {
            let mut p = path.clone();
            p.push("min_present");
            let message = format!(
                "min_present = {min_present} but '{}' has only {} indicators",
                d.id,
                d.indicators.len()
            );
            self.err(&p, message, format!("set min_present to at most {}", d.indicators.len()));
        }
    }

    /// Every output column is named once and none takes a reserved name.
    pub(super) fn unique_outputs(
        &mut self,
        indicators: &[Indicator],
        domains: &[Domain],
        tiers: Option<&Tiers>,
    ) {
        let seen = output_columns(indicators, domains, tiers);
        for reserved in ["id", "name", "group", "rank", "missing", "imputed", "reason"] {
            if let Some(paths) = seen.get(reserved) {
                let path: Vec<&str> = paths[0].split('.').collect();
                let message = format!("output column '{reserved}' is reserved");
                self.err(&path, message, "set output = \"...\" to another name");
            }
        }
        let mut dups: Vec<_> = seen.into_iter().filter(|(_, v)| v.len() > 1).collect();
        dups.sort();
        for (name, paths) in dups {
            let path: Vec<&str> = paths[1].split('.').collect();
            let message = format!("output column '{name}' is used twice ({})", paths.join(" and "));
            self.err(&path, message, "give each output a distinct name");
        }
    }
}

/// Number of steps from domain `d` up to the index (None when the parents loop).
fn ancestors(parent: &[usize], mut d: usize) -> Option<usize> {
    let n = parent.len();
    let mut k = 0;
    while d < n {
        d = parent[d];
        k += 1;
        if k > n {
            return None;
        }
    }
    Some(k)
}

/// Each output column with the key paths that name it.
fn output_columns(
    indicators: &[Indicator],
    domains: &[Domain],
    tiers: Option<&Tiers>,
) -> HashMap<String, Vec<String>> {
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    let mut add = |name: &str, path: String| seen.entry(name.to_string()).or_default().push(path);
    for i in indicators {
        add(&i.output, format!("indicators.{}", i.id));
        if let Some((_, f)) = &i.flag {
            add(f, format!("indicators.{}.flag", i.id));
        }
    }
    for d in domains {
        let base = if d.id == "index" { "index".to_string() } else { format!("domains.{}", d.id) };
        add(&d.output, base.clone());
        for name in d.normalised_output.iter().chain(&d.flags_output) {
            add(name, base.clone());
        }
        for e in &d.extra {
            add(&e.output, base.clone());
        }
        if let Some(c) = &d.classes {
            add(&c.output, base.clone());
            add(&c.number_output, base.clone());
        }
    }
    if let Some(t) = tiers {
        add(&t.output, "tiers".into());
        add(&t.number_output, "tiers".into());
    }
    seen
}

/// Links each aggregate to its children and its descendant indicators (sorted).
pub(super) fn link(indicators: &[Indicator], domains: &mut [Domain]) {
    for (i, ind) in indicators.iter().enumerate() {
        domains[ind.parent].children.push(Child::Indicator(i));
    }
    for d in 0..domains.len() - 1 {
        let p = domains[d].parent.expect("domains have parents");
        domains[p].children.push(Child::Domain(d));
    }
    for d in 0..domains.len() {
        let mut inds = Vec::new();
        collect_indicators(domains, d, &mut inds);
        inds.sort_unstable();
        domains[d].indicators = inds;
    }
}

fn collect_indicators(domains: &[Domain], d: usize, out: &mut Vec<usize>) {
    for c in &domains[d].children {
        match *c {
            Child::Indicator(i) => out.push(i),
            Child::Domain(dd) => collect_indicators(domains, dd, out),
        }
    }
}
