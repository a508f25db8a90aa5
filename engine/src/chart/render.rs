//! Drawing a chart as SVG text or a PNG file.

use super::bars::bar_chart;
use super::change::{change_vs_need, per_pupil_change, tier_heatmap, waterfall};
use super::flow::{rank_history, tier_flow};
use super::histogram::histogram;
use super::look::Look;
use super::map::school_map;
use super::model::Chart;
use super::need::{concentration, group_dots, stacked_per_pupil};
use super::rows::{hbars, progressivity, rank_bands, stacked};
use super::scatter::scatter;
use super::strip::risk_strip;
use super::style::{GREY, font, plot_err, px, register_font, set_scale};
use crate::error::Result;
use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

impl Chart {
    /// SVG text at the chart's own size, without a footer.
    pub fn svg(&self) -> Result<String> {
        self.svg_with(&Look::default())
    }

    /// SVG text (text stays text: titles, labels and the footer are searchable).
    pub fn svg_with(&self, look: &Look) -> Result<String> {
        register_font();
        let mut s = String::new();
        {
            let size = look.size.pixels(self.size());
            let root = SVGBackend::with_string(&mut s, size).into_drawing_area();
            self.draw(&root, look)?;
            root.present().map_err(plot_err)?;
        }
        Ok(s)
    }

    /// The bytes of a PNG image.
    pub fn png(&self, look: &Look) -> Result<Vec<u8>> {
        register_font();
        let (w, h) = look.size.pixels(self.size());
        let mut pixels = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            self.draw(&root, look)?;
            root.present().map_err(plot_err)?;
        }
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&pixels, w, h, image::ColorType::Rgb8)
            .map_err(|e| plot_err(e.to_string()))?;
        Ok(png)
    }

    /// The files `<stem>.svg` and `<stem>.png` in a directory: their paths and bytes.
    pub fn files(&self, dir: &Path, look: &Look) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        let svg = self.svg_with(look)?.into_bytes();
        Ok(vec![
            (dir.join(format!("{}.svg", self.stem())), svg),
            (dir.join(format!("{}.png", self.stem())), self.png(look)?),
        ])
    }

    /// Title, body and footer, with lengths and fonts scaled to the canvas.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, look: &Look) -> Result<()> {
        let (natural, (w, h)) = (self.size(), root.dim_in_pixel());
        set_scale((f64::from(w) / f64::from(natural.0)).min(f64::from(h) / f64::from(natural.1)));
        root.fill(&WHITE).map_err(plot_err)?;
        let root = if look.footer.is_empty() {
            root.clone()
        } else {
            let (body, foot) = root.split_vertically(h.saturating_sub(px(24)));
            let style = TextStyle::from(font(12).into_font()).color(&GREY);
            foot.draw_text(&look.footer, &style, (px(10) as i32, px(4) as i32))
                .map_err(plot_err)?;
            body
        };
        let title = self.title();
        let root = root.titled(&title, font(22)).map_err(plot_err)?;
        self.body(&root)
    }

    fn body<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        match self {
            Chart::AllocationByTier { totals, per_pupil } => {
                let (left, right) = root.split_horizontally(root.dim_in_pixel().0 / 2);
                bar_chart(&left, totals, "Total allocation", "dollars", true)?;
                bar_chart(&right, per_pupil, "Per pupil", "dollars per pupil", true)?;
            }
            Chart::PerPupilByQuintile { bars } => {
                bar_chart(root, bars, "", "dollars per pupil", true)?
            }
            Chart::IndexDistribution { values, boundaries, label, unit } => {
                histogram(root, values, boundaries, (label, unit), None)?
            }
            Chart::BeforeAfter { points, a, b, .. } => scatter(root, points, a, b)?,
            Chart::Contributions { bars, .. } => {
                hbars(root, bars, ("contribution to the index (index points)", false))?
            }
            Chart::AreaShares { bars, tier, .. } => {
                hbars(root, bars, (&format!("% of pupils in the “{tier}” tier"), true))?
            }
            Chart::RankBands { schools } => rank_bands(root, schools)?,
            Chart::TierProbability { schools, tiers } => stacked(root, schools, tiers)?,
            Chart::PerPupilChangeByTier { bars, tier_count, .. } => {
                per_pupil_change(root, bars, *tier_count)?
            }
            Chart::ChangeVsNeed { points, tiers, label, .. } => {
                change_vs_need(root, points, tiers, label)?
            }
            Chart::TierMoves { rows, cols, cells, .. } => tier_heatmap(root, rows, cols, cells)?,
            Chart::MoneyMoves { steps, .. } => waterfall(root, steps)?,
            Chart::ConcentrationCurve { curve, .. } => concentration(root, curve)?,
            Chart::PerPupilByGroup { rows, all, .. } => group_dots(root, rows, *all)?,
            Chart::PerPupilByTier { tiers, parts, values, .. } => {
                stacked_per_pupil(root, tiers, parts, values)?
            }
            Chart::SchoolPosition { values, boundaries, school, label, unit, .. } => {
                histogram(root, values, boundaries, (label, unit), Some(school))?
            }
            Chart::SchoolMap { points, tiers, tier_count, .. } => {
                school_map(root, points, tiers, *tier_count)?
            }
            Chart::TierFlow { periods, tiers, matrix } => {
                tier_flow(root, (&periods.0, &periods.1), tiers, matrix)?
            }
            Chart::RankHistory { periods, ranks, ranked, .. } => {
                rank_history(root, periods, ranks, *ranked)?
            }
            Chart::Progressivity { group, rows, all, .. } => {
                progressivity(root, group, rows, *all)?
            }
            Chart::RiskRatios { what, rows, points, tier_count } => {
                let x = format!("{what} risk ratio (rate of the group over the reference group's)");
                risk_strip(root, rows, points, *tier_count, &x)?
            }
        }
        Ok(())
    }
}
