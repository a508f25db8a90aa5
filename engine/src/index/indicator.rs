//! One indicator for every school: raw values, applicability, imputation, transform,
//! normalisation and flag.

use super::computation::{IndicatorValues, RowWeights};
use super::disparity::disparity_column;
use crate::data::District;
use crate::error::{Error, ErrorKind, Location, Problems, Result, suggest};
use crate::formula::{Direction, Indicator, Rolling, ValueSource, Weight};
use crate::normalise::transform;
use crate::num::{Groups, percentile_inc};
use std::sync::Arc;

/// One indicator's values (with any warnings).
pub(crate) fn indicator_values(
    ind: &Indicator,
    district: &District,
    groups: &Groups,
    markers: &[String],
) -> Result<(IndicatorValues, Vec<String>)> {
    let mut warnings = Vec::new();
    let (mut raw, mut notes) = source_values(ind, district, markers, &mut warnings)?;
    if let Some(rolling) = &ind.rolling {
        raw = rolled(ind, rolling, district, markers, &raw)?.into();
        // A value averaged from earlier periods needs no reason for this period's gap.
        if let Some(n) = notes.as_mut() {
            n.iter_mut()
                .zip(raw.iter())
                .filter(|(_, v)| !v.is_nan())
                .for_each(|(why, _)| *why = None);
        }
    }
    let weight = weights(ind, district);
    // Not applicable (blank weight) is not missing: the value is dropped silently.
    let mut x: Vec<f64> = match &weight {
        RowWeights::Fixed(_) => raw.to_vec(),
        RowWeights::PerRow(w) => {
            raw.iter().zip(w.iter()).map(|(&v, &w)| if w.is_nan() { f64::NAN } else { v }).collect()
        }
    };
    let imputed = impute(ind, district, &weight, &mut x);
    uniformity_warnings(&x, &mut warnings);
    let imputed_input = imputed.iter().any(|b| *b).then(|| x.clone());
    if let Some(t) = ind.transform {
        x = groups.map(&x, |_, v| transform(v, t, &mut warnings));
    }
    let reflect = ind.direction == Direction::Lower;
    let value = groups.map(&x, |_, v| ind.normaliser.apply(v, reflect, ind.round, &mut warnings));
    if let Some(r) = value.iter().position(|x| x.is_infinite()) {
        return Err(Error::data(
            Location::file(&district.source).row(district.source_rows[r]),
            format!(
                "indicator '{}' is not a finite number for school {} after normalising: the values are too large to compute with",
                ind.id, district.ids[r]
            ),
            "check the data for values near ±1.8e308",
        ));
    }
    let flag = ind.flag.as_ref().map(|(t, _)| {
        value
            .iter()
            .map(|&v| if v.is_nan() { f64::NAN } else { f64::from(u8::from(v >= *t)) })
            .collect()
    });
    warnings.dedup();
    let (value, imputed) = (Arc::new(value), Arc::new(imputed));
    let (imputed_input, flag, notes) =
        (imputed_input.map(Arc::new), flag.map(Arc::new), notes.map(Arc::new));
    Ok((IndicatorValues { raw, value, weight, imputed_input, imputed, flag, notes }, warnings))
}

/// One period's raw values and, for a disparity, the reason each missing one is missing.
type SourceValues = (Arc<[f64]>, Option<Vec<Option<String>>>);

fn source_values(
    ind: &Indicator,
    district: &District,
    markers: &[String],
    warnings: &mut Vec<String>,
) -> Result<SourceValues> {
    Ok(match &ind.source {
        ValueSource::Disparity(d) => {
            let cols = [&d.events, &d.population, &d.reference_events, &d.reference_population];
            let (raw, why) = disparity_column(d, cols.map(|c| district.num(c)));
            (raw.into(), Some(why))
        }
        _ => (raw_values(ind, district, markers, warnings)?, None),
    })
}

/// The rolling average of each school's raw values over the window of periods ending with this
/// one: the periods in which the school has a value count (at least `min_periods` of them),
/// weighted by its enrolment in each when asked.
fn rolled(
    ind: &Indicator,
    rolling: &Rolling,
    district: &District,
    markers: &[String],
    current: &[f64],
) -> Result<Vec<f64>> {
    let enrol = |d: &District| d.numeric(rolling.enrolment.as_deref()?).map(<[f64]>::to_vec);
    let mut periods: Vec<(Vec<f64>, Option<Vec<f64>>)> = vec![(current.to_vec(), enrol(district))];
    let earlier = district.history.iter().rev().take(rolling.periods - 1);
    for past in earlier {
        let (values, _) = source_values(ind, past, markers, &mut Vec::new())?;
        let rows = past.rows_by_id();
        let at = |v: &[f64], id: &String| rows.get(id.as_str()).map_or(f64::NAN, |&r| v[r]);
        let aligned: Vec<f64> = district.ids.iter().map(|id| at(&values, id)).collect();
        let weights = enrol(past).map(|w| district.ids.iter().map(|id| at(&w, id)).collect());
        periods.push((aligned, weights));
    }
    Ok((0..district.len())
        .map(|r| {
            let (mut sum, mut weight, mut count) = (0.0, 0.0, 0);
            for (values, weights) in &periods {
                let w = if rolling.enrolment.is_some() {
                    weights.as_ref().map_or(f64::NAN, |w| w[r])
                } else {
                    1.0
                };
                if !values[r].is_nan() && !w.is_nan() {
                    sum += w * values[r];
                    weight += w;
                    count += 1;
                }
            }
            if count >= rolling.min_periods && weight > 0.0 { sum / weight } else { f64::NAN }
        })
        .collect())
}

/// Raw values: a column, a ratio of two columns, or text categories mapped to numbers.
fn raw_values(
    ind: &Indicator,
    district: &District,
    markers: &[String],
    warnings: &mut Vec<String>,
) -> Result<Arc<[f64]>> {
    Ok(match &ind.source {
        ValueSource::Column(c) => district.num_shared(c),
        ValueSource::Ratio { numerator, denominator, multiplier } => {
            let (a, b) = (district.num(numerator), district.num(denominator));
            let zero = b.iter().filter(|y| **y == 0.0).count();
            if zero > 0 {
                warnings
                    .push(format!("{zero} rows have {denominator} = 0; their ratio is missing"));
            }
            a.iter()
                .zip(b)
                .map(|(&x, &y)| if y == 0.0 { f64::NAN } else { x / y * multiplier })
                .collect()
        }
        ValueSource::Sum(columns) => {
            let mut sum = vec![0.0; district.len()];
            for c in columns {
                for (s, x) in sum.iter_mut().zip(district.num(c)) {
                    *s += x;
                }
            }
            sum.into()
        }
        ValueSource::Categories { column, map } => {
            categories(ind, district, column, map, markers)?.into()
        }
        ValueSource::Disparity(_) => unreachable!("disparities carry their reasons"),
    })
}

fn categories(
    ind: &Indicator,
    district: &District,
    column: &str,
    map: &[(String, f64)],
    markers: &[String],
) -> Result<Vec<f64>> {
    let mut problems = Problems::default();
    let known: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).collect();
    let values = district
        .txt(column)
        .iter()
        .enumerate()
        .map(|(r, s)| {
            if s.is_empty() || markers.iter().any(|m| m.trim() == s) {
                return f64::NAN;
            }
            match map.iter().find(|(k, _)| k == s) {
                Some((_, v)) => *v,
                None => {
                    problems.push(
                        Location::file(&district.source)
                            .row(district.source_rows[r])
                            .column(column),
                        format!("'{s}' is not one of the categories of indicator '{}'", ind.id),
                        format!(
                            "{}; or add '{s}' to missing_values under [data] if it means no value",
                            suggest(s, &known)
                        ),
                    );
                    f64::NAN
                }
            }
        })
        .collect();
    problems.check(ErrorKind::Data)?;
    Ok(values)
}

/// Per-row weights; `NaN` where the indicator does not apply.
fn weights(ind: &Indicator, district: &District) -> RowWeights {
    let mut weight: Vec<f64> = match (&ind.weight, &ind.applies) {
        (Weight::Fixed(w), None) => return RowWeights::Fixed(*w),
        (Weight::Fixed(w), Some(_)) => vec![*w; district.len()],
        (Weight::Column(c), _) => district.num(c).to_vec(),
    };
    if let Some(f) = &ind.applies {
        for (w, v) in weight.iter_mut().zip(district.txt(&f.column)) {
            if !f.matches(v) {
                *w = f64::NAN;
            }
        }
    }
    RowWeights::PerRow(Arc::new(weight))
}

/// Fills missing applicable values with the group mean or median; which rows were imputed.
fn impute(ind: &Indicator, district: &District, weight: &RowWeights, x: &mut [f64]) -> Vec<bool> {
    let mut imputed = vec![false; x.len()];
    let Some(im) = &ind.impute else { return imputed };
    let g = district.groups_by(im.within.as_ref());
    for rows in &g.members {
        let mut present: Vec<f64> = rows.iter().map(|&r| x[r]).filter(|v| !v.is_nan()).collect();
        if present.is_empty() {
            continue;
        }
        let fill = if im.median {
            present.sort_unstable_by(f64::total_cmp);
            percentile_inc(&present, 0.5)
        } else {
            present.iter().sum::<f64>() / present.len() as f64
        };
        for &r in rows {
            if x[r].is_nan() && !weight.at(r).is_nan() {
                x[r] = fill;
                imputed[r] = true;
            }
        }
    }
    imputed
}

/// An indicator no school has, or whose every value is the same, tells schools apart by nothing.
fn uniformity_warnings(x: &[f64], warnings: &mut Vec<String>) {
    let mut present = x.iter().filter(|v| !v.is_nan());
    match present.next() {
        None => warnings.push("no school has a value".into()),
        Some(first) => {
            if present.all(|v| v == first) {
                warnings.push(format!("every school has the same value ({first}): the indicator does not tell schools apart"));
            }
        }
    }
}
