//! Rows partitioned into groups (normalisation, tiers and selections happen within each group).

use std::collections::HashMap;

/// Rows partitioned into groups.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Groups {
    /// Group label for each group.
    pub(crate) labels: Vec<String>,
    /// Row indices of each group, ascending.
    pub(crate) members: Vec<Vec<usize>>,
}

impl Groups {
    /// One group holding every row.
    pub(crate) fn all(n: usize) -> Groups {
        Groups { labels: vec![String::new()], members: vec![(0..n).collect()] }
    }

    /// Groups by label, in order of first appearance.
    pub(crate) fn by_label(labels: &[String]) -> Groups {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut out = Groups { labels: Vec::new(), members: Vec::new() };
        for (row, l) in labels.iter().enumerate() {
            let g = *index.entry(l.as_str()).or_insert_with(|| {
                out.labels.push(l.clone());
                out.members.push(Vec::new());
                out.labels.len() - 1
            });
            out.members[g].push(row);
        }
        out
    }

    /// The members of the group holding `row`.
    pub(crate) fn members_of(&self, row: usize) -> &[usize] {
        self.members
            .iter()
            .find(|m| m.binary_search(&row).is_ok())
            .expect("every row is in a group")
    }

    /// Applies `f` to each group's values and scatters the results back into row order.
    pub(crate) fn map(
        &self,
        values: &[f64],
        mut f: impl FnMut(&str, &[f64]) -> Vec<f64>,
    ) -> Vec<f64> {
        if self.members.len() == 1 && self.members[0].len() == values.len() {
            return f(&self.labels[0], values);
        }
        let mut out = vec![f64::NAN; values.len()];
        let mut buf = Vec::new();
        for (label, rows) in self.labels.iter().zip(&self.members) {
            buf.clear();
            buf.extend(rows.iter().map(|&r| values[r]));
            let res = f(label, &buf);
            for (&r, v) in rows.iter().zip(res) {
                out[r] = v;
            }
        }
        out
    }
}
