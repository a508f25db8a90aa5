//! Drawing a chart as SVG text or a PNG file.

use super::bars::bar_chart;
use super::flow::{rank_history, tier_flow};
use super::histogram::histogram;
use super::map::school_map;
use super::model::Chart;
use super::rows::{hbars, rank_bands, stacked};
use super::scatter::scatter;
use super::strip::risk_strip;
use super::style::{FONT, plot_err, register_font};
use crate::error::{Error, Result};
use crate::export::write_atomic;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

impl Chart {
    /// SVG text.
    pub fn svg(&self) -> Result<String> {
        register_font();
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, self.size()).into_drawing_area();
            self.draw(&root)?;
            root.present().map_err(plot_err)?;
        }
        Ok(s)
    }

    /// Writes a PNG atomically (a temporary file in the same directory, then a rename).
    pub fn png(&self, path: &Path) -> Result<()> {
        register_font();
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".{}.tmp-{}.png", self.stem(), std::process::id()));
        {
            let root = BitMapBackend::new(&tmp, self.size()).into_drawing_area();
            self.draw(&root)?;
            root.present().map_err(plot_err)?;
        }
        std::fs::rename(&tmp, path).map_err(|e| {
            Error::io(path.display().to_string(), e, "check that the chart directory is writable")
        })
    }

    /// Writes `<stem>.svg` and `<stem>.png` into a directory.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let svg = dir.join(format!("{}.svg", self.stem()));
        write_atomic(&svg, self.svg()?.as_bytes())?;
        let png = dir.join(format!("{}.png", self.stem()));
        self.png(&png)?;
        Ok(vec![svg, png])
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_err)?;
        let title = self.title();
        let root = root.titled(&title, (FONT, 24)).map_err(plot_err)?;
        match self {
            Chart::AllocationByTier { totals, per_pupil } => {
                let (left, right) = root.split_horizontally(root.dim_in_pixel().0 / 2);
                bar_chart(&left, totals, "Total allocation", "dollars", true)?;
                bar_chart(&right, per_pupil, "Per pupil", "dollars per pupil", true)?;
            }
            Chart::PerPupilByQuintile { bars } => {
                bar_chart(&root, bars, "", "dollars per pupil", true)?
            }
            Chart::IndexDistribution { values, boundaries, label } => {
                histogram(&root, values, boundaries, label)?
            }
            Chart::BeforeAfter { points, a, b } => scatter(&root, points, a, b)?,
            Chart::Contributions { bars, .. } => hbars(&root, bars)?,
            Chart::RankBands { schools } => rank_bands(&root, schools)?,
            Chart::TierProbability { schools, tiers } => stacked(&root, schools, tiers)?,
            Chart::SchoolMap { points, tiers } => school_map(&root, points, tiers)?,
            Chart::TierFlow { periods, tiers, matrix } => {
                tier_flow(&root, (&periods.0, &periods.1), tiers, matrix)?
            }
            Chart::RankHistory { periods, ranks, ranked, .. } => {
                rank_history(&root, periods, ranks, *ranked)?
            }
            Chart::RiskRatios { what, rows, points } => {
                let x = format!("{what} risk ratio (rate of the group over the reference group's)");
                risk_strip(&root, rows, points, &x)?
            }
        }
        Ok(())
    }
}
