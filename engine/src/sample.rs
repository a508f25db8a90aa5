//! A seeded generator of realistic sample districts (`seni sample`).
//!
//! Distributions are calibrated to the 731 non-charter schools of the real LAUSD table in
//! `data/lausd/schools.csv` (2019-20 demographics, 2018 Dashboard, CalEnviroScreen 4.0):
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
use std::collections::HashSet;
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

/// The columns of a generated district (after the id, name, level, region and optional state and
/// district columns).
const COLUMNS: &[&str] = &[
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
];

fn phi(x: f64) -> f64 {
    Normal::standard().cdf(x)
}

/// The random streams of a generated district: values, and (separately, so adding a column never
/// shifts the others) counts.
struct Generator {
    rng: ChaCha8Rng,
    counts: ChaCha8Rng,
    std: Normal,
    used_names: HashSet<String>,
}

/// One school's drawn values.
struct School {
    level: &'static str,
    region: &'static str,
    enrol: f64,
    counts: [f64; 8],
    rates: SchoolRates,
}

/// SchoolRates and scores of a school (before suppression).
struct SchoolRates {
    chronic: f64,
    ela: f64,
    math: f64,
    grad: f64,
    ag: f64,
    asthma: f64,
    pollution: f64,
    poverty: f64,
    nonstab: f64,
    prior: f64,
}

impl Generator {
    fn z(&mut self) -> f64 {
        self.std.sample(&mut self.rng)
    }

    fn poisson(&mut self, mean: f64) -> f64 {
        if mean <= 0.0 {
            0.0
        } else {
            Poisson::new(mean).expect("positive mean").sample(&mut self.counts)
        }
    }

    /// Level, region, enrolment, student counts and rates of one school.
    fn school(&mut self) -> School {
        let u = phi(self.z());
        let level = match u {
            u if u < 0.62 => "elementary",
            u if u < 0.73 => "middle",
            u if u < 0.92 => "high",
            _ => "span",
        };
        let median = match level {
            "elementary" => 464.0,
            "middle" => 899.0,
            "high" => 486.0,
            _ => 395.0,
        };
        let region = REGIONS[(phi(self.z()) * REGIONS.len() as f64) as usize % REGIONS.len()];
        let need = self.z(); // neighbourhood disadvantage
        let acad = self.z(); // school-level academic shock
        // About 4% of schools are very small (continuation, special education, community day).
        let enrol = if phi(self.z()) < 0.04 {
            (12.0 + 70.0 * phi(self.z())).round()
        } else {
            (median * (0.62 * self.z()).exp()).round().clamp(15.0, 4200.0)
        };
        let counts = self.counts(level, enrol, need);
        let rates = self.rates(level, enrol, need, acad);
        School { level, region, enrol, counts, rates }
    }

    /// English learners, low income, foster, homeless, unduplicated, Black, Latino, disability.
    fn counts(&mut self, level: &str, enrol: f64, need: f64) -> [f64; 8] {
        let pct_undup = 100.0 * sigmoid(2.45 + 1.25 * need + 0.45 * self.z());
        let pct_low = (pct_undup - 100.0 * 0.02 * phi(self.z())).max(0.0);
        let high = if level == "high" { 6.0 } else { 0.0 };
        let pct_el = (23.0 + 8.5 * need + 11.0 * self.z() - high).clamp(0.0, 95.0);
        let foster_rate = (0.0075f64.ln() + 0.15 * need + 0.55 * self.z()).exp();
        let homeless_rate = (0.0105f64.ln() + 0.3 * need + 0.6 * self.z()).exp();
        let el = self.poisson(enrol * pct_el / 100.0).min(enrol);
        let low = self.poisson(enrol * pct_low / 100.0).min(enrol);
        let foster = self.poisson(enrol * foster_rate).min(enrol);
        let homeless = self.poisson(enrol * homeless_rate).min(enrol);
        let undup = (enrol * pct_undup / 100.0).round().max(low.max(el)).min(enrol);
        let latino_share = sigmoid(1.05 + 0.9 * need + 0.8 * self.z());
        let black_share = (1.0 - latino_share) * sigmoid(-1.2 + 0.5 * need + 0.9 * self.z());
        let black = self.poisson(enrol * black_share).min(enrol);
        let latino = self.poisson(enrol * latino_share).min(enrol - black);
        let swd_share = (0.13 + 0.02 * self.z()).clamp(0.04, 0.6);
        let swd = self.poisson(enrol * swd_share).min(enrol);
        [el, low, foster, homeless, undup, black, latino, swd]
    }

    fn rates(&mut self, level: &str, enrol: f64, need: f64, acad: f64) -> SchoolRates {
        let base_abs = match level {
            "high" => 24.0,
            "middle" => 19.0,
            "span" => 22.0,
            _ => 16.0,
        };
        let chronic = (base_abs + 5.0 * need - 3.0 * acad + 4.0 * self.z()).clamp(1.0, 75.0);
        let ela = (-30.0 - 27.0 * need + 32.0 * acad + 10.0 * self.z()).clamp(-200.0, 150.0);
        let math = (-60.0 + 0.95 * (ela + 30.0) + 28.0 * self.z()).clamp(-270.0, 150.0);
        let grad = 100.0 * sigmoid(1.5 - 0.35 * need + 0.9 * acad + 0.5 * self.z());
        let ag = 100.0 * sigmoid(0.2 - 0.25 * need + 0.8 * acad + 0.4 * self.z());
        let asthma = 100.0 * phi(0.42 + 0.6 * need + 0.75 * self.z());
        let pollution = 100.0 * phi(0.8 + 0.3 * need + 0.75 * self.z());
        let poverty = 100.0 * phi(0.55 + 0.8 * need + 0.55 * self.z());
        let nonstab = (16.0 + 5.0 * need + 4.0 * self.z()).clamp(2.0, 60.0);
        // Last year's equity allocation: $1,050 per pupil on average, rising with last year's need.
        let prior = (enrol * 1050.0 * 2.0 * phi(0.9 * need + 0.45 * self.z())).round();
        SchoolRates { chronic, ela, math, grad, ag, asthma, pollution, poverty, nonstab, prior }
    }

    /// A name not used before ("Stem Street Suffix", numbered after 21 tries).
    fn name(&mut self, level: &str, i: usize) -> String {
        let suffix = match level {
            "elementary" => "Elementary",
            "middle" => "Middle School",
            "high" => "High School",
            _ => "Academy",
        };
        let mut name = String::new();
        for _ in 0..21 {
            name = self.stem_street(suffix);
            if self.used_names.insert(name.clone()) {
                return name;
            }
        }
        let name = format!("{name} {}", i + 1);
        self.used_names.insert(name.clone());
        name
    }

    fn stem_street(&mut self, suffix: &str) -> String {
        let stem = STEMS[(phi(self.z()) * STEMS.len() as f64) as usize % STEMS.len()];
        let street = STREETS[(phi(self.z()) * STREETS.len() as f64) as usize % STREETS.len()];
        format!("{stem}{street} {suffix}")
    }

    /// The CSV cells of school `i`.
    fn row(&mut self, i: usize, opts: &SampleOptions) -> Vec<String> {
        let s = self.school();
        let name = self.name(s.level, i);
        let mut row: Vec<String> =
            vec![format!("{}", 1_900_001 + i), name, s.level.to_string(), s.region.to_string()];
        if opts.states > 0 {
            row.push(format!(
                "ST{:02}",
                (phi(self.z()) * opts.states as f64) as usize % opts.states + 1
            ));
        }
        if opts.districts > 0 {
            row.push(format!(
                "D{:05}",
                (phi(self.z()) * opts.districts as f64) as usize % opts.districts + 1
            ));
        }
        // Suppression as in CDE files: rates for fewer than 30 students are '*'; Dashboard DFS is
        // blank for about 5% of schools (no tested grades); graduation only for high/span schools.
        let small = s.enrol < 30.0;
        let untested = phi(self.z()) < 0.05 || (s.level == "elementary" && s.enrol < 60.0);
        let is_hs = matches!(s.level, "high" | "span");
        let r = &s.rates;
        let blank_unless = |keep: bool, v: String| if keep { v } else { String::new() };
        row.push(format!("{}", s.enrol));
        row.extend(s.counts.iter().map(|c| format!("{c}")));
        row.extend([0, 1, 2, 3, 4].map(|k| r2(100.0 * s.counts[k] / s.enrol)));
        row.extend([
            if small { "*".into() } else { r1(r.chronic) },
            blank_unless(!untested, r1(r.ela)),
            blank_unless(!untested, r1(r.math)),
            blank_unless(is_hs && !small, r1(r.grad)),
            blank_unless(is_hs && !small, r1(r.ag)),
            r2(r.asthma),
            r2(r.pollution),
            r2(r.poverty),
            r1(r.nonstab),
            format!("{}", r.prior),
        ]);
        row
    }
}

/// Generates a district as CSV text. The same options always give the same bytes.
pub fn generate(opts: &SampleOptions) -> String {
    let mut g = Generator {
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        counts: ChaCha8Rng::seed_from_u64(opts.seed ^ 0x5EED_C0DE),
        std: Normal::standard(),
        used_names: HashSet::new(),
    };
    let mut header = vec!["school_id", "school_name", "school_level", "region"];
    if opts.states > 0 {
        header.push("state");
    }
    if opts.districts > 0 {
        header.push("district");
    }
    header.extend(COLUMNS);
    let mut out = header.join(",");
    out.push('\n');
    for i in 0..opts.schools {
        let row = g.row(i, opts);
        let escaped: Vec<String> = row
            .into_iter()
            .map(|c| {
                if c.contains(',') || c.contains('"') {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        let _ = writeln!(out, "{}", escaped.join(","));
    }
    out
}
