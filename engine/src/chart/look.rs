//! How a chart is drawn: its size (the chart's own, a 1920×1080 slide, or a page) and the
//! provenance footer (formula, hash, data, seni version and date) that travels with a PNG.

use crate::export::Meta;

/// The canvas of a chart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Size {
    /// The chart's own size (about 1000 pixels wide).
    #[default]
    Natural,
    /// 1920×1080, for slides.
    Slide,
    /// 1500×1000, for a printed page.
    Page,
}

impl Size {
    /// The canvas in pixels for a chart whose own size is `natural`.
    #[cfg(feature = "charts")]
    pub(super) fn pixels(self, natural: (u32, u32)) -> (u32, u32) {
        match self {
            Size::Natural => natural,
            Size::Slide => (1920, 1080),
            Size::Page => (1500, 1000),
        }
    }
}

/// Size and footer of the charts of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Look {
    /// Canvas.
    pub size: Size,
    /// Provenance line at the bottom (empty: none).
    pub footer: String,
}

impl Look {
    /// The look of a run's charts: its formula, hash, data file, seni version and the date.
    pub fn of(meta: &Meta, size: Size) -> Look {
        // A comparison's meta already names both formulas with their hashes.
        let formula = if meta.compared {
            meta.formula.clone()
        } else if meta.scenarios.is_empty() {
            format!("formula {} ({})", meta.formula, meta.formula_hash)
        } else {
            format!(
                "formula {} + {} ({})",
                meta.formula,
                meta.scenarios.join(" + "),
                meta.formula_hash
            )
        };
        // The file's name, not its path: a chart reads the same on every machine, and the hash
        // identifies the exact contents.
        let data = std::path::Path::new(&meta.data)
            .file_name()
            .map_or(meta.data.clone(), |n| n.to_string_lossy().into_owned());
        let footer = format!(
            "{formula} · data {} ({}) · seni {} · {}",
            data,
            meta.data_hash,
            meta.version,
            today()
        );
        Look { size, footer }
    }
}

/// Today's date (UTC), or the date of `SOURCE_DATE_EPOCH` when it is set (reproducible output).
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(secs.div_euclid(86_400))
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn dates_from_day_counts() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(20_514), "2026-03-02"); // after a non-leap February
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}
