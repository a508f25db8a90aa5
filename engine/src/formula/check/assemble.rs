//! Checking a whole formula: data, indicators, the tree of aggregates, tiers, allocation and
//! uncertainty, in the order the problems are reported.

use super::checker::Checker;
use super::tree::{DomainOrder, link};
use crate::error::{ErrorKind, Result};
use crate::formula::checked::Formula;
use crate::formula::layers::LoadedSpec;
use crate::formula::model::{Domain, Indicator};

/// Checks a merged spec; every problem found is reported at once.
pub(crate) fn check(loaded: LoadedSpec) -> Result<Formula> {
    let mut checker = Checker::new(&loaded);
    let formula = checker.formula();
    let Checker { problems, columns, .. } = checker;
    problems.check(ErrorKind::Formula)?;
    let mut formula = formula.expect("no problems means a formula");
    formula.columns = columns;
    formula.loaded = loaded;
    Ok(formula)
}

impl Checker<'_> {
    fn formula(&mut self) -> Option<Formula> {
        let loaded = self.loaded;
        let spec = &loaded.spec;
        if spec.formula.name.trim().is_empty() {
            self.err(
                &["formula", "name"],
                "the formula has no name",
                "set name = \"my-formula\" under [formula]",
            );
        }
        let data = self.data();
        let order = self.domain_order()?;
        let (indicators, domains) = self.parts(&order)?;
        let tiers = spec.tiers.as_ref().and_then(|t| self.tiers(t, &["tiers"], "tier"));
        self.unique_outputs(&indicators, &domains, tiers.as_ref());
        let allocation = spec.allocation.as_ref().and_then(|a| self.allocation(a));
        let uncertainty =
            spec.uncertainty.as_ref().and_then(|u| self.uncertainty(u, &domains, &indicators));
        let audit = spec.audit.as_ref().and_then(|a| self.audit(a));
        let equity = spec.equity.as_ref().and_then(|e| self.equity(e));
        if !self.problems.is_empty() {
            return None;
        }
        Some(Formula {
            name: spec.formula.name.clone(),
            title: spec.formula.title.clone(),
            description: spec.formula.description.clone(),
            source: spec.formula.source.clone(),
            notes: spec.formula.notes.clone(),
            hash: loaded.hash(),
            scenarios: loaded.scenarios.clone(),
            data,
            indicators,
            domains,
            tiers,
            missing_text: spec.output.missing.clone().unwrap_or_default(),
            write_raw: spec.output.raw.unwrap_or(false),
            columns: Vec::new(),
            allocation,
            uncertainty,
            audit,
            equity,
            loaded: loaded.clone(),
        })
    }

    /// The indicators and the aggregates (children before parents, the index last), linked.
    fn parts(&mut self, order: &DomainOrder) -> Option<(Vec<Indicator>, Vec<Domain>)> {
        let loaded = self.loaded;
        let spec = &loaded.spec;
        let ids: Vec<&str> = spec.domains.keys().map(String::as_str).collect();
        let mut indicators = Vec::new();
        for (id, ind) in &spec.indicators {
            let parent =
                self.parent_pos(ind.domain.as_deref(), &ids, &["indicators", id, "domain"]);
            if let Some(mut i) = self.indicator(id, ind) {
                i.parent = order.new_pos[parent];
                indicators.push(i);
            }
        }
        let mut domains: Vec<Domain> = Vec::new();
        for &d in &order.order {
            if let Some(mut dom) = self.domain(ids[d], &spec.domains[ids[d]], false) {
                dom.parent = Some(order.new_pos[order.parent[d]]);
                domains.push(dom);
            }
        }
        if let Some(dom) = self.domain("index", &spec.index, true) {
            domains.push(dom);
        }
        if domains.len() != ids.len() + 1 || indicators.len() != spec.indicators.len() {
            return None;
        }
        link(&indicators, &mut domains);
        for d in &domains {
            self.coverage_settings(d);
        }
        Some((indicators, domains))
    }
}
