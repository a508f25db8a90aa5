//! The per-school index table.

use crate::formula::ValueSource;
use crate::index::Computation;
use crate::table::{Cell, LazyTable, TableName};

/// [`index_table`] with each row made when it is written (a large district's table is never
/// held whole).
pub fn index_rows(c: &Computation) -> LazyTable<'_> {
    let keep: Vec<&[String]> = c.formula.data.keep.iter().map(|k| c.district.txt(k)).collect();
    let order = c.formula.domain_output_order();
    LazyTable::new(TableName::Schools, index_columns(c), c.len(), move |r| {
        index_row(c, r, &keep, &order)
    })
}

fn index_columns(c: &Computation) -> Vec<String> {
    let f = &c.formula;
    let mut columns: Vec<String> = vec!["id".into(), "name".into()];
    if f.data.group.is_some() {
        columns.push("group".into());
    }
    columns.extend(f.data.keep.iter().cloned());
    for ind in &f.indicators {
        if f.write_raw {
            columns.push(format!("{}_raw", ind.output));
        }
        columns.push(ind.output.clone());
        if let Some((_, fo)) = &ind.flag {
            columns.push(fo.clone());
        }
        if matches!(ind.source, ValueSource::Disparity(_)) {
            columns.push(format!("{}_note", ind.output));
        }
    }
    for d in f.domain_output_order() {
        let dom = &f.domains[d];
        columns.push(dom.output.clone());
        columns.extend(dom.normalised_output.iter().cloned());
        columns.extend(dom.flags_output.iter().cloned());
        columns.extend(dom.extra.iter().map(|e| e.output.clone()));
        if let Some(cls) = &dom.classes {
            columns.push(cls.number_output.clone());
            columns.push(cls.output.clone());
        }
    }
    columns.push("rank".into());
    if let Some(t) = &f.tiers {
        columns.push(t.number_output.clone());
        columns.push(t.output.clone());
    }
    columns.extend(["missing".to_string(), "imputed".to_string(), "reason".to_string()]);
    columns
}

fn index_row(c: &Computation, r: usize, keep: &[&[String]], order: &[usize]) -> Vec<Cell> {
    let f = &c.formula;
    let mut row =
        vec![Cell::Text(c.district.ids[r].clone()), Cell::Text(c.district.names[r].clone())];
    if let Some(g) = &c.district.groups {
        row.push(Cell::Text(g[r].clone()));
    }
    row.extend(keep.iter().map(|k| Cell::Text(k[r].clone())));
    for (ind, v) in f.indicators.iter().zip(&c.indicators) {
        if f.write_raw {
            row.push(Cell::num(v.raw[r]));
        }
        row.push(if v.applies(r) {
            Cell::rounded(v.value[r], ind.output_round)
        } else {
            Cell::Missing
        });
        if let Some(fl) = &v.flag {
            row.push(Cell::num(fl[r]));
        }
        if let Some(notes) = &v.notes {
            row.push(Cell::Text(notes[r].clone().unwrap_or_default()));
        }
    }
    for &d in order {
        let (dom, v) = (&f.domains[d], &c.domains[d]);
        row.push(Cell::rounded(v.score[r], dom.output_round));
        if let Some(nv) = &v.normalised {
            row.push(Cell::rounded(nv[r], dom.output_round));
        }
        if let Some(fl) = &v.flags {
            row.push(Cell::num(fl[r]));
        }
        row.extend(v.extra.iter().map(|e| Cell::rounded(e[r], dom.output_round)));
        if let (Some(cls), Some(pos)) = (&dom.classes, &v.classes) {
            row.push(Cell::count(pos[r].map(|p| p + 1)));
            row.push(Cell::Text(cls.name(pos[r]).to_string()));
        }
    }
    row.push(Cell::count(c.rank[r]));
    if f.tiers.is_some() {
        row.push(Cell::count(c.tier(r).map(|p| p + 1)));
        row.push(Cell::Text(c.tier_name(r).to_string()));
    }
    row.push(Cell::Int(c.missing[r] as i64));
    row.push(Cell::Int(c.imputed[r] as i64));
    row.push(Cell::Text(c.reason(r).unwrap_or("").to_string()));
    row
}
