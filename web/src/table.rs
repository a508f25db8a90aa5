//! The engine's tables as the page shows them: each cell formatted by the engine
//! (`Cell::reading`, the one formatter) with the number it sorts by; a comparison's `_a` and
//! `_b` columns headed "as shipped" and "now".

use crate::contract::{PageCell, PageColumn, PageRow, PageTable};
use seni::table::{Tabular, column_label};

/// Which columns of a table a page shows, and how it reads them.
#[derive(Default, Clone, Copy)]
pub(crate) struct Shape<'a> {
    /// The columns shown, in order (all when empty).
    pub(crate) keep: &'a [&'a str],
    /// The column of a school's id, when a row is one school (a click explains it).
    pub(crate) id: Option<&'a str>,
    /// A comparison's table: its `_a` and `_b` columns are "as shipped" and "now".
    pub(crate) compared: bool,
}

/// Rows `rows` of a table, in a shape.
pub(crate) fn page_table(
    t: &dyn Tabular,
    shape: &Shape,
    rows: impl Iterator<Item = usize>,
) -> PageTable {
    let Shape { keep, id, compared } = *shape;
    let all = t.columns();
    let picked: Vec<usize> = if keep.is_empty() {
        (0..all.len()).collect()
    } else {
        keep.iter().filter_map(|k| all.iter().position(|c| c == k)).collect()
    };
    let id_col = id.and_then(|id| all.iter().position(|c| c == id));
    let rows = rows
        .map(|i| {
            let row = t.row(i);
            PageRow {
                id: id_col.map(|j| row[j].text("")),
                cells: picked
                    .iter()
                    .map(|&j| PageCell {
                        t: row[j].reading(),
                        v: row[j].sort_key().filter(|v| v.is_finite()),
                    })
                    .collect(),
            }
        })
        .collect();
    let columns = picked
        .iter()
        .map(|&j| PageColumn {
            name: all[j].clone(),
            label: if compared { heading(&all[j]) } else { column_label(&all[j]) },
            signed: all[j].starts_with("change"),
        })
        .collect();
    PageTable { name: t.name().to_string(), columns, rows, total: t.len() }
}

/// Every row of a table (at most `max`).
pub(crate) fn whole(t: &dyn Tabular, max: usize) -> PageTable {
    page_table(t, &Shape::default(), 0..t.len().min(max))
}

/// A column's heading: `per_pupil_a` → `per pupil as shipped`, `tier_b` → `tier now`.
fn heading(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("_a") {
        format!("{} as shipped", column_label(stem))
    } else if let Some(stem) = name.strip_suffix("_b") {
        format!("{} now", column_label(stem))
    } else {
        column_label(name)
    }
}
