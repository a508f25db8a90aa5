//! Every chart on the bundled district, the LAUSD table and the Kentucky table: the SVG keeps its
//! title, axis labels and the formula hash as text, and the PNG has marks in its plot area.

use crate::harness::*;
use seni::chart::{Chart, Look, Size};
use seni::export::Meta;
use seni::{Computation, Run, allocate, audit, compare, explain};

/// Every chart a run can draw (comparisons against `other`, a formula with a redirect or a
/// different budget).
fn charts_of(c: &Computation, other: &Computation) -> Vec<Chart> {
    let a = allocate(c).unwrap();
    let (rows, _) = seni::allocate::by_tier(c, &a);
    let au = audit(c, &a, &student_groups(c), None);
    let e = explain(c, Some(&a), c.top_school().unwrap());
    let ra = Run::of(c.clone()).unwrap();
    let rb = Run::of(other.clone()).unwrap();
    let cmp = compare(&ra, &rb);
    let mut charts = vec![
        Chart::allocation_by_tier(&rows),
        Chart::per_pupil_stacked(c, &a),
        Chart::index_distribution(c),
        Chart::per_pupil_by_quintile(au.quintiles()),
        Chart::concentration(&au),
        Chart::contributions(&e),
        Chart::before_after(&cmp),
        Chart::tier_heatmap(&cmp),
    ];
    charts.extend(Chart::school_position(c, &e));
    charts.extend(Chart::group_dots(&au));
    charts.extend(Chart::per_pupil_change(&cmp));
    charts.extend(Chart::change_vs_need(&cmp, &c.formula().index().label));
    charts.extend(Chart::money_moves(&rb));
    charts.extend(Chart::school_map(c));
    charts
}

/// Student groups: the audit's (Kentucky), else the `*_count` columns of the data file, read
/// here from the CSV (the library reads only the formula's columns).
fn student_groups(c: &Computation) -> Vec<seni::analysis::audit::Group> {
    if let Some(cfg) = &c.formula().audit() {
        return seni::analysis::audit::audit_groups(c, cfg);
    }
    let Some(path) = c.district().source().strip_suffix(" (bundled)") else { return Vec::new() };
    let table = published(&root().join(path));
    let ids = table.text(&c.formula().data().id[0]).unwrap();
    let at: std::collections::HashMap<&str, usize> =
        ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    ["black_count", "latino_count", "english_learner_count"]
        .iter()
        .filter_map(|col| {
            let cells = table.text(col).ok()?;
            let counts = c
                .district()
                .ids()
                .iter()
                .map(|id| parse(&cells[at[id.as_str()]]).unwrap_or(f64::NAN))
                .collect();
            Some(seni::analysis::audit::Group::new(seni::formula::group_label(col), *col, counts))
        })
        .collect()
}

/// Text lines of an SVG (plotters writes each text on its own line).
fn svg_text(svg: &str) -> String {
    svg.lines().filter(|l| !l.trim_start().starts_with('<')).collect::<Vec<_>>().join("\n")
}

/// Share of non-white pixels in the middle of a PNG (the plot area, away from titles and axes).
fn ink(png: &[u8]) -> f64 {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h, ch) = (info.width as usize, info.height as usize, info.color_type.samples());
    let (mut marked, mut all) = (0, 0);
    for y in h / 4..3 * h / 4 {
        for x in w / 5..4 * w / 5 {
            let p = &buf[(y * w + x) * ch..(y * w + x) * ch + 3];
            marked += usize::from(p.iter().any(|&v| v < 235));
            all += 1;
        }
    }
    marked as f64 / all as f64
}

fn check(charts: &[Chart], c: &Computation, what: &str) {
    let look = Look::of(&Meta::of(c), Size::Natural);
    for ch in charts {
        let svg = ch.svg_with(&look).unwrap();
        let text = svg_text(&svg);
        let title = ch.title();
        let first_words: String = title.chars().take(20).collect();
        assert!(text.contains(first_words.trim()), "{what} {}: title not in SVG text", ch.stem());
        assert!(text.contains(c.formula().hash()), "{what} {}: no formula hash", ch.stem());
        assert!(svg.matches("<text").count() >= 6, "{what} {}: axis labels missing", ch.stem());
        let share = ink(&ch.png(&look).unwrap());
        assert!(share > 0.01, "{what} {}: the plot area is blank ({share:.4})", ch.stem());
    }
}

#[test]
fn every_chart_draws_on_the_bundled_district() {
    let c = run(&formula("seni", &[]), &[]);
    let other = run(&seni_with_example("redirect-police.toml"), &[]);
    let charts = charts_of(&c, &other);
    let stems: Vec<String> = charts.iter().map(Chart::stem).collect();
    for s in [
        "per-pupil-change-by-tier",
        "change-vs-need",
        "money-moves",
        "concentration-curve",
        "per-pupil-by-group",
        "school-position",
    ] {
        assert!(stems.iter().any(|x| x == s), "no {s} chart: {stems:?}");
    }
    check(&charts, &c, "bundled");
}

#[test]
fn every_chart_draws_on_lausd_and_kentucky() {
    for name in ["seni-lausd-open", "ky-equity-2017"] {
        let c = run(&formula(name, &[]), &[]);
        let other = run(&formula(name, &["budget=50000000"]), &[]);
        let charts = charts_of(&c, &other);
        assert!(charts.iter().any(|ch| ch.stem() == "school-map"), "{name} has coordinates");
        check(&charts, &c, name);
    }
}

/// The redirect example: one picture says which tiers gain how much per pupil, highest need
/// first, with the finding in the title.
#[test]
fn the_redirect_shows_what_each_tier_gains_per_pupil() {
    let c = run(&formula("seni", &[]), &[]);
    let other = run(&seni_with_example("redirect-police.toml"), &[]);
    let cmp = compare(&Run::of(c.clone()).unwrap(), &Run::of(other.clone()).unwrap());
    let Some(Chart::PerPupilChangeByTier { title, bars, .. }) = Chart::per_pupil_change(&cmp)
    else {
        panic!("no per-pupil change chart")
    };
    let gains: Vec<f64> = bars.iter().map(|b| b.2 - b.1).collect();
    assert!(
        gains.windows(2).all(|w| w[0] >= w[1]),
        "the gain per pupil falls with need: {gains:?}"
    );
    assert!(title.starts_with("Highest need +$"), "{title}");
    let svg =
        Chart::PerPupilChangeByTier { title: title.clone(), bars, tier_count: 5 }.svg().unwrap();
    assert!(svg.contains("Highest need"));
}

/// Slides are 1920×1080 and the fonts grow with them.
#[test]
fn slide_size_scales_the_canvas_and_text() {
    let c = run(&formula("seni", &[]), &[]);
    let a = allocate(&c).unwrap();
    let ch = Chart::per_pupil_stacked(&c, &a);
    let natural = ch.svg_with(&Look::default()).unwrap();
    let slide = ch.svg_with(&Look { size: Size::Slide, footer: String::new() }).unwrap();
    assert!(slide.contains("width=\"1920\"") && slide.contains("height=\"1080\""));
    let size = |svg: &str| -> f64 {
        let at = svg.find("font-size=\"").unwrap() + 11;
        svg[at..].split('"').next().unwrap().parse().unwrap()
    };
    assert!(size(&slide) > 1.5 * size(&natural), "{} vs {}", size(&slide), size(&natural));
}
