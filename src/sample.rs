//! A seeded generator of realistic sample districts (`seni sample`).
//!
//! Distributions are calibrated to the 731 non-charter schools of the real LAUSD table in
//! `../shared/data/lausd/schools.csv` (2019-20 demographics, 2018 Dashboard, CalEnviroScreen 4.0):
//! median enrolment by level (elementary 464, middle 899, high 486, span 395), unduplicated
//! pupils (median 92%, 5th percentile 52%), English learners (mean 23%, sd 15), foster youth
//! (median 0.7%), homeless (median 1.0%), ELA distance from standard (mean −30, sd 45) and math
//! (mean −60, sd 54, r = 0.8 with ELA), graduation (median 82%) and A-G completion (median 55%)
//! for high schools, and tract percentiles for asthma (mean 65), pollution burden (mean 78) and
//! poverty (mean 69). One latent neighbourhood-disadvantage factor drives the correlations
//! (e.g. unduplicated vs ELA DFS r ≈ −0.6 in the real table). Chronic absence (not in the
//! table) is calibrated to LAUSD's published 2018-19 rate of about 19% (higher in high schools).
//! No real row is copied: every value is drawn from these distributions.

use rand::SeedableRng;
use rand::distr::Distribution;
use rand_chacha::ChaCha8Rng;
use statrs::distribution::{ContinuousCDF, Normal, Poisson};
use std::fmt::Write;

/// Options for a generated district.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// Number of schools.
    pub schools: usize,
    /// Random seed (same seed → byte-identical file).
    pub seed: u64,
    /// Number of states (0 = no state column).
    pub states: usize,
    /// Number of districts (0 = no district column).
    pub districts: usize,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { schools: 1000, seed: 2026, states: 0, districts: 0 }
    }
}

const STEMS: &[&str] = &[
    "Alvarado",
    "Bethune",
    "Cesar Chavez",
    "Dolores Huerta",
    "Roosevelt",
    "Lincoln",
    "Garfield",
    "Jefferson",
    "Madison",
    "Figueroa",
    "Vermont",
    "Hoover",
    "Budlong",
    "Manchester",
    "Florence",
    "Slauson",
    "Normandie",
    "Western",
    "Crenshaw",
    "La Brea",
    "Fairfax",
    "Sepulveda",
    "Van Nuys",
    "Reseda",
    "Tujunga",
    "Sylmar",
    "Pacoima",
    "Sunland",
    "Eagle Rock",
    "Highland Park",
    "El Sereno",
    "Boyle Heights",
    "Wilmington",
    "San Pedro",
    "Harbor City",
    "Watts",
    "Compton Avenue",
    "Main Street",
    "Broadway",
    "Hope Street",
    "Olympic",
    "Pico",
    "Venice",
    "Palms",
    "Westwood",
    "Canoga Park",
    "Winnetka",
    "Chatsworth",
    "Northridge",
    "Granada Hills",
    "Arleta",
    "Panorama City",
    "North Hollywood",
    "Valley Glen",
    "Atwater",
    "Glassell Park",
    "Cypress Park",
    "Lincoln Heights",
    "Echo Park",
    "Silver Lake",
    "Los Feliz",
    "Hollenbeck",
    "Ramona",
    "Toluca Lake",
    "Maya Angelou",
    "Sally Ride",
    "Ann Street",
    "Amelia Earhart",
    "Mary McLeod",
    "Thurgood Marshall",
    "Ralph Bunche",
    "Jackie Robinson",
    "Sonia Sotomayor",
    "Diego Rivera",
    "Frida Kahlo",
    "Octavia Butler",
    "Tom Bradley",
    "Biddy Mason",
    "Rosa Parks",
    "Cesar Castro",
];
const STREETS: &[&str] = &["", " Avenue", " Street", " Park", " Heights", " Boulevard"];
const REGIONS: &[&str] = &["Central", "East", "North", "Northeast", "Northwest", "South", "West"];

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn r1(x: f64) -> String {
    format!("{:.1}", (x * 10.0).round() / 10.0)
}

fn r2(x: f64) -> String {
    format!("{:.2}", (x * 100.0).round() / 100.0)
}

/// Generates a district as CSV text. The same options always give the same bytes.
pub fn generate(opts: &SampleOptions) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let std = Normal::standard();
    let mut z = || std.sample(&mut rng);
    let phi = |x: f64| Normal::standard().cdf(x);
    let mut out = String::new();
    let mut header = vec!["school_id", "school_name", "school_level", "region"];
    if opts.states > 0 {
        header.push("state");
    }
    if opts.districts > 0 {
        header.push("district");
    }
    header.extend([
        "enrollment",
        "english_learner_count",
        "low_income_count",
        "foster_count",
        "homeless_count",
        "unduplicated_count",
        "black_count",
        "latino_count",
        "disability_count",
        "pct_english_learner",
        "pct_low_income",
        "pct_foster",
        "pct_homeless",
        "pct_unduplicated",
        "chronic_absence_rate",
        "ela_dfs",
        "math_dfs",
        "grad_rate",
        "ag_rate",
        "asthma_percentile",
        "pollution_burden_percentile",
        "tract_poverty_percentile",
        "nonstability_rate",
        "prior_allocation",
    ]);
    out.push_str(&header.join(","));
    out.push('\n');
    let mut used_names = std::collections::HashSet::new();
    // Counts are drawn with a separate stream so adding a column never shifts the others.
    let mut count_rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x5EED_C0DE);
    let mut poisson = |mean: f64| -> f64 { if mean <= 0.0 { 0.0 } else { Poisson::new(mean).expect("positive mean").sample(&mut count_rng) } };
    for i in 0..opts.schools {
        let u = phi(z());
        let level = if u < 0.62 {
            "elementary"
        } else if u < 0.73 {
            "middle"
        } else if u < 0.92 {
            "high"
        } else {
            "span"
        };
        let (median, suffix) = match level {
            "elementary" => (464.0, "Elementary"),
            "middle" => (899.0, "Middle School"),
            "high" => (486.0, "High School"),
            _ => (395.0, "Academy"),
        };
        let region = REGIONS[(phi(z()) * REGIONS.len() as f64) as usize % REGIONS.len()];
        let need = z(); // neighbourhood disadvantage
        let acad = z(); // school-level academic shock
        // About 4% of schools are very small (continuation, special education, community day).
        let enrol = if phi(z()) < 0.04 { (12.0 + 70.0 * phi(z())).round() } else { (median * (0.62 * z()).exp()).round().clamp(15.0, 4200.0) };
        let pct_undup = 100.0 * sigmoid(2.45 + 1.25 * need + 0.45 * z());
        let pct_low = (pct_undup - 100.0 * 0.02 * phi(z())).max(0.0);
        let pct_el = (23.0 + 8.5 * need + 11.0 * z() - if level == "high" { 6.0 } else { 0.0 }).clamp(0.0, 95.0);
        let foster_rate = (0.0075f64.ln() + 0.15 * need + 0.55 * z()).exp();
        let homeless_rate = (0.0105f64.ln() + 0.3 * need + 0.6 * z()).exp();
        let el = poisson(enrol * pct_el / 100.0).min(enrol);
        let low = poisson(enrol * pct_low / 100.0).min(enrol);
        let foster = poisson(enrol * foster_rate).min(enrol);
        let homeless = poisson(enrol * homeless_rate).min(enrol);
        let undup = (enrol * pct_undup / 100.0).round().max(low.max(el)).min(enrol);
        let latino_share = sigmoid(1.05 + 0.9 * need + 0.8 * z());
        let black_share = (1.0 - latino_share) * sigmoid(-1.2 + 0.5 * need + 0.9 * z());
        let black = poisson(enrol * black_share).min(enrol);
        let latino = poisson(enrol * latino_share).min(enrol - black);
        let swd = poisson(enrol * (0.13 + 0.02 * z()).clamp(0.04, 0.6)).min(enrol);
        let base_abs = match level {
            "high" => 24.0,
            "middle" => 19.0,
            "span" => 22.0,
            _ => 16.0,
        };
        let chronic = (base_abs + 5.0 * need - 3.0 * acad + 4.0 * z()).clamp(1.0, 75.0);
        let ela = (-30.0 - 27.0 * need + 32.0 * acad + 10.0 * z()).clamp(-200.0, 150.0);
        let math = (-60.0 + 0.95 * (ela + 30.0) + 28.0 * z()).clamp(-270.0, 150.0);
        let is_hs = matches!(level, "high" | "span");
        let grad = 100.0 * sigmoid(1.5 - 0.35 * need + 0.9 * acad + 0.5 * z());
        let ag = 100.0 * sigmoid(0.2 - 0.25 * need + 0.8 * acad + 0.4 * z());
        let asthma = 100.0 * phi(0.42 + 0.6 * need + 0.75 * z());
        let pollution = 100.0 * phi(0.8 + 0.3 * need + 0.75 * z());
        let poverty = 100.0 * phi(0.55 + 0.8 * need + 0.55 * z());
        let nonstab = (16.0 + 5.0 * need + 4.0 * z()).clamp(2.0, 60.0);
        // Last year's equity allocation: $1,050 per pupil on average, rising with last year's need.
        let prior = (enrol * 1050.0 * 2.0 * phi(0.9 * need + 0.45 * z())).round();
        let mut name;
        let mut tries = 0;
        loop {
            let stem = STEMS[(phi(z()) * STEMS.len() as f64) as usize % STEMS.len()];
            let street = STREETS[(phi(z()) * STREETS.len() as f64) as usize % STREETS.len()];
            name = format!("{stem}{street} {suffix}");
            tries += 1;
            if used_names.insert(name.clone()) {
                break;
            }
            if tries > 20 {
                name = format!("{stem}{street} {suffix} {}", i + 1);
                used_names.insert(name.clone());
                break;
            }
        }
        let mut row: Vec<String> = vec![format!("{}", 1_900_001 + i), name, level.to_string(), region.to_string()];
        if opts.states > 0 {
            row.push(format!("ST{:02}", (phi(z()) * opts.states as f64) as usize % opts.states + 1));
        }
        if opts.districts > 0 {
            row.push(format!("D{:05}", (phi(z()) * opts.districts as f64) as usize % opts.districts + 1));
        }
        let pct = |c: f64| r2(100.0 * c / enrol);
        // Suppression as in CDE files: rates for fewer than 30 students are '*'; Dashboard DFS is
        // blank for about 5% of schools (no tested grades); graduation only for high/span schools.
        let small = enrol < 30.0;
        let untested = phi(z()) < 0.05 || (level == "elementary" && enrol < 60.0);
        row.extend([
            format!("{enrol}"),
            format!("{el}"),
            format!("{low}"),
            format!("{foster}"),
            format!("{homeless}"),
            format!("{undup}"),
            format!("{black}"),
            format!("{latino}"),
            format!("{swd}"),
            pct(el),
            pct(low),
            pct(foster),
            pct(homeless),
            pct(undup),
            if small { "*".into() } else { r1(chronic) },
            if untested { String::new() } else { r1(ela) },
            if untested { String::new() } else { r1(math) },
            if is_hs && !small { r1(grad) } else { String::new() },
            if is_hs && !small { r1(ag) } else { String::new() },
            r2(asthma),
            r2(pollution),
            r2(poverty),
            r1(nonstab),
            format!("{prior}"),
        ]);
        let escaped: Vec<String> =
            row.into_iter().map(|c| if c.contains(',') || c.contains('"') { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }).collect();
        let _ = writeln!(out, "{}", escaped.join(","));
    }
    out
}
