//! Group disparity: one group's rate of an event (e.g. out-of-school suspension) against a
//! reference group's, as a risk ratio or a risk difference, with the reason when there is none.

use crate::formula::{Disparity, Measure, ZeroEvents};
use crate::num::format_num;

/// One group's events and students (`NaN` = missing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupCounts {
    pub(crate) events: f64,
    pub(crate) population: f64,
}

/// Why a school (or an area) has no disparity value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NoValue {
    /// A count is missing or suppressed (the column named).
    Missing(String),
    /// A group has fewer students than the minimum (students, column, minimum).
    SmallGroup(f64, String, f64),
    /// Fewer events in both groups together than the minimum (events, minimum).
    FewEvents(f64, f64),
    /// A group has no events, so the ratio is undefined (the column named).
    ZeroEvents(String),
    /// A count is negative (the value and the column): it cannot be a count of students.
    Negative(f64, String),
}

impl std::fmt::Display for NoValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoValue::Missing(col) => write!(f, "{col} is missing or suppressed"),
            NoValue::SmallGroup(n, col, min) => write!(
                f,
                "{} students in {col}, fewer than the {} needed",
                format_num(*n),
                format_num(*min)
            ),
            NoValue::FewEvents(n, min) => write!(
                f,
                "{} events in both groups, fewer than the {} needed",
                format_num(*n),
                format_num(*min)
            ),
            NoValue::ZeroEvents(col) => {
                write!(f, "{col} is 0, so the ratio is undefined (zero = \"haldane\" corrects it)")
            }
            NoValue::Negative(x, col) => {
                write!(f, "{col} is {}: a count of students cannot be negative", format_num(*x))
            }
        }
    }
}

/// The disparity of `group` against `reference` under `d`'s rules, or why there is none.
pub(crate) fn disparity(
    d: &Disparity,
    group: GroupCounts,
    reference: GroupCounts,
) -> Result<f64, NoValue> {
    let cells = [
        (group.events, &d.events),
        (group.population, &d.population),
        (reference.events, &d.reference_events),
        (reference.population, &d.reference_population),
    ];
    if let Some((_, col)) = cells.iter().find(|(x, _)| x.is_nan()) {
        return Err(NoValue::Missing(col.to_string()));
    }
    if let Some((x, col)) = cells.iter().find(|(x, _)| *x < 0.0) {
        return Err(NoValue::Negative(*x, col.to_string()));
    }
    for (n, col) in
        [(group.population, &d.population), (reference.population, &d.reference_population)]
    {
        if n < d.min_population || n <= 0.0 {
            return Err(NoValue::SmallGroup(n, col.to_string(), d.min_population.max(1.0)));
        }
    }
    let events = group.events + reference.events;
    if events < d.min_events {
        return Err(NoValue::FewEvents(events, d.min_events));
    }
    match d.measure {
        Measure::Difference => {
            // a/b − c/e as one quotient: exact for whole counts (products below 2^53).
            let (a, b) = (group.events, group.population);
            let (c, e) = (reference.events, reference.population);
            Ok((a * e - c * b) / (b * e) * d.multiplier)
        }
        Measure::Ratio => risk_ratio(d, group, reference),
    }
}

/// The group's rate over the reference group's; a group without events has no ratio unless the
/// Haldane–Anscombe correction (0.5 added to every cell of the 2×2 table) is chosen.
fn risk_ratio(d: &Disparity, group: GroupCounts, reference: GroupCounts) -> Result<f64, NoValue> {
    let no_events = group.events == 0.0 || reference.events == 0.0;
    if no_events && d.zero == ZeroEvents::Missing {
        let col = if reference.events == 0.0 { &d.reference_events } else { &d.events };
        return Err(NoValue::ZeroEvents(col.to_string()));
    }
    // (a + k)/(b + 2k) over (c + k)/(e + 2k) as one quotient of products, rounded once (12 of
    // 40 against 5 of 100 is exactly 6); with the correction (k = 1/2) every count is doubled
    // first, so the products of whole counts stay whole.
    let (k, s) = if no_events { (1.0, 2.0) } else { (0.0, 1.0) };
    let (a, b) = (s * group.events + k, s * group.population + 2.0 * k);
    let (c, e) = (s * reference.events + k, s * reference.population + 2.0 * k);
    Ok(a * e / (b * c) * d.multiplier)
}

/// Every school's disparity and, where there is none, why.
pub(crate) fn disparity_column(
    d: &Disparity,
    columns: [&[f64]; 4],
) -> (Vec<f64>, Vec<Option<String>>) {
    let [e, n, re, rn] = columns;
    (0..e.len())
        .map(|r| {
            let group = GroupCounts { events: e[r], population: n[r] };
            let reference = GroupCounts { events: re[r], population: rn[r] };
            match disparity(d, group, reference) {
                Ok(v) => (v, None),
                Err(why) => (f64::NAN, Some(why.to_string())),
            }
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(measure: Measure, zero: ZeroEvents) -> Disparity {
        Disparity {
            events: "e".into(),
            population: "n".into(),
            reference_events: "re".into(),
            reference_population: "rn".into(),
            measure,
            min_population: 10.0,
            min_events: 1.0,
            zero,
            multiplier: if measure == Measure::Ratio { 1.0 } else { 100.0 },
            counts: Default::default(),
        }
    }

    fn g(events: f64, population: f64) -> GroupCounts {
        GroupCounts { events, population }
    }

    #[test]
    fn risk_ratio_and_difference_by_hand() {
        // 12 of 40 Black students (30 per 100) against 5 of 100 white students (5 per 100):
        // ratio 6, difference 25 per 100.
        let ratio = rule(Measure::Ratio, ZeroEvents::Missing);
        // Exactly: a ratio of whole counts is rounded once (was 5.999999999999999).
        assert_eq!(disparity(&ratio, g(12.0, 40.0), g(5.0, 100.0)).unwrap(), 6.0);
        assert_eq!(disparity(&ratio, g(3.0, 20.0), g(5.0, 100.0)).unwrap(), 3.0);
        let diff = rule(Measure::Difference, ZeroEvents::Missing);
        assert_eq!(disparity(&diff, g(12.0, 40.0), g(5.0, 100.0)).unwrap(), 25.0);
        // With the Haldane–Anscombe correction: (0.5/41) / (5.5/101), to the last bit.
        let haldane = rule(Measure::Ratio, ZeroEvents::Haldane);
        let expected =
            (2.0 * 0.0 + 1.0) * (2.0 * 100.0 + 2.0) / ((2.0 * 40.0 + 2.0) * (2.0 * 5.0 + 1.0));
        assert_eq!(disparity(&haldane, g(0.0, 40.0), g(5.0, 100.0)).unwrap(), expected);
    }

    #[test]
    fn a_negative_count_is_no_rate() {
        let ratio = rule(Measure::Ratio, ZeroEvents::Missing);
        let why = disparity(&ratio, g(-2.0, 40.0), g(5.0, 100.0)).unwrap_err();
        assert_eq!(why.to_string(), "e is -2: a count of students cannot be negative");
        let why = disparity(&ratio, g(2.0, 40.0), g(5.0, -100.0)).unwrap_err();
        assert!(why.to_string().starts_with("rn is -100"), "{why}");
    }

    #[test]
    fn no_events_in_the_reference_group() {
        let ratio = rule(Measure::Ratio, ZeroEvents::Missing);
        let e = disparity(&ratio, g(3.0, 20.0), g(0.0, 50.0)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "re is 0, so the ratio is undefined (zero = \"haldane\" corrects it)"
        );
        // Haldane: (3.5/21) / (0.5/51) = 17.0.
        let haldane = rule(Measure::Ratio, ZeroEvents::Haldane);
        assert!((disparity(&haldane, g(3.0, 20.0), g(0.0, 50.0)).unwrap() - 17.0).abs() < 1e-12);
        // A difference needs no correction: 15 − 0 per 100.
        let diff = rule(Measure::Difference, ZeroEvents::Missing);
        assert!((disparity(&diff, g(3.0, 20.0), g(0.0, 50.0)).unwrap() - 15.0).abs() < 1e-12);
    }

    #[test]
    fn small_groups_and_suppressed_counts_have_no_value() {
        let ratio = rule(Measure::Ratio, ZeroEvents::Missing);
        assert_eq!(
            disparity(&ratio, g(2.0, 9.0), g(5.0, 100.0)).unwrap_err().to_string(),
            "9 students in n, fewer than the 10 needed"
        );
        assert_eq!(
            disparity(&ratio, g(f64::NAN, 30.0), g(5.0, 100.0)).unwrap_err().to_string(),
            "e is missing or suppressed"
        );
        let mut strict = ratio.clone();
        strict.min_events = 10.0;
        assert_eq!(
            disparity(&strict, g(2.0, 30.0), g(5.0, 100.0)).unwrap_err().to_string(),
            "7 events in both groups, fewer than the 10 needed"
        );
    }
}
