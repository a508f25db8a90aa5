//! Guessing a starter formula from column profiles: which columns identify, name, group and
//! count the schools, where they are, and which are need indicators — with a unit, a direction
//! and a domain for each, and the reason for every guess.

use super::profile::Profile;
use std::collections::HashSet;

/// A guessed role and why.
#[derive(Debug, Clone)]
pub(crate) struct Pick {
    pub(crate) column: String,
    pub(crate) why: String,
}

/// How an indicator's values read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Unit {
    Percent,
    Share,
    Percentile,
    /// A count, as a rate per 100 enrolled.
    CountPer100,
    Value,
}

/// A proposed indicator.
#[derive(Debug, Clone)]
pub(crate) struct Proposal {
    pub(crate) column: String,
    /// The column of its margin of error, when the table has one (survey estimates).
    pub(crate) moe: Option<String>,
    pub(crate) unit: Unit,
    pub(crate) lower_is_need: bool,
    pub(crate) domain: Domain,
    pub(crate) why: String,
}

/// Everything guessed about a file.
#[derive(Debug, Clone)]
pub(crate) struct Guess {
    pub(crate) id: Pick,
    /// The width numeric ids are zero-padded to, and why (ids of different lengths, or with
    /// leading zeros that another file may drop).
    pub(crate) id_width: Option<(usize, String)>,
    /// The period column of a panel (a row per school and year).
    pub(crate) period: Option<Pick>,
    /// What the user must know about a guess (an id-like column with duplicates).
    pub(crate) warnings: Vec<String>,
    pub(crate) name: Option<Pick>,
    pub(crate) group: Option<Pick>,
    pub(crate) enrolment: Option<Pick>,
    /// Every row has an enrolment (else it only divides counts).
    pub(crate) enrolment_complete: bool,
    pub(crate) coordinates: Option<(Pick, Pick)>,
    pub(crate) markers: Vec<String>,
    pub(crate) indicators: Vec<Proposal>,
    /// Columns left out, with the reason.
    pub(crate) skipped: Vec<(String, String)>,
    /// Race/ethnicity count columns (student groups for an audit).
    pub(crate) groups: Vec<String>,
}

const ID_WORDS: &[&str] = &[
    "id",
    "code",
    "cds",
    "fips",
    "geoid",
    "combokey",
    "ncessch",
    "sch_id",
    "school_id",
    "stcofips",
];
const NAME_WORDS: &[&str] =
    &["name", "school", "location", "county", "tract", "sch_name", "dist", "district", "lea_name"];
const GROUP_WORDS: &[&str] = &[
    "district",
    "dist_name",
    "lea_name",
    "state",
    "region",
    "county",
    "borough",
    "network",
    "level",
    "school_level",
];
const ENROL_WORDS: &[&str] = &[
    "enrollment",
    "enrolment",
    "enroll",
    "membership",
    "total_enr",
    "tot_enr",
    "students",
    "e_totpop",
    "totpop",
    "population",
    "children",
    "pupils",
];
const RACE_WORDS: &[&str] = &[
    "white",
    "black",
    "hispanic",
    "latino",
    "latinx",
    "asian",
    "aian",
    "nhpi",
    "pacific",
    "native",
    "two_or_more",
    "multiracial",
    "race",
];
const SKIP_WORDS: &[&str] = &[
    "year",
    "zip",
    "nces",
    "tract",
    "geoid",
    "lea",
    "leaid",
    "schid",
    "moe",
    "margin",
    "m_",
    "mp_",
    "grade",
    "latitude",
    "longitude",
    "centroid",
    "lat",
    "lon",
    "tested",
];

/// The first repeated key of some columns: its text (cells joined by " / ") and the two data
/// rows (1-based) that share it; None when the columns are unique together in every row.
pub(crate) type FirstRepeat<'a> = dyn Fn(&[&str]) -> Option<(String, usize, usize)> + 'a;

/// Why a column without a header name is left out.
const UNNAMED: &str =
    "no name in the header: a row index, as pandas' to_csv() and R's write.csv() write by default";

/// Guesses every role from the profiles (columns without a name are left out); an error when no column can be the id.
pub(crate) fn guess(all: &[Profile], repeat: &FirstRepeat) -> Result<Guess, String> {
    let (unnamed, named): (Vec<Profile>, Vec<Profile>) =
        all.iter().cloned().partition(|p| p.name.trim().is_empty());
    let profiles = named.as_slice();
    let rows = profiles.first().map_or(0, Profile::rows);
    let (id, period, warnings) = id_columns(profiles, rows, repeat)?;
    let used: HashSet<&str> = [&id].into_iter().chain(&period).map(|p| p.column.as_str()).collect();
    let name = name_column(profiles, rows, &used);
    let mut used_or_name = used.clone();
    used_or_name.extend(name.iter().map(|p| p.column.as_str()));
    let group = group_column(profiles, rows, &used_or_name);
    let (enrolment, enrolment_complete) = match enrolment_column(profiles) {
        Some((p, complete)) => (Some(p), complete),
        None => (None, false),
    };
    let coordinates = coordinates(profiles);
    let mut taken: HashSet<String> = used.iter().map(|s| s.to_string()).collect();
    for p in [&name, &group, &enrolment].into_iter().flatten() {
        taken.insert(p.column.clone());
    }
    if let Some((a, b)) = &coordinates {
        taken.extend([a.column.clone(), b.column.clone()]);
    }
    let mut g = Guess {
        id,
        id_width: None,
        period,
        warnings,
        name,
        group,
        enrolment,
        enrolment_complete,
        coordinates,
        markers: Vec::new(),
        indicators: Vec::new(),
        skipped: Vec::new(),
        groups: Vec::new(),
    };
    g.skipped.extend(
        unnamed.iter().map(|p| (format!("column {} (no name)", p.position), UNNAMED.into())),
    );
    indicators(profiles, &taken, &mut g);
    let read: HashSet<&str> = g
        .indicators
        .iter()
        .map(|i| i.column.as_str())
        .chain(g.enrolment.iter().map(|p| p.column.as_str()))
        .collect();
    g.markers = markers(profiles.iter().filter(|p| read.contains(p.name.as_str())));
    Ok(g)
}

/// The id: a unique column named like an id; else one named like an id that is unique with a
/// year column (a panel: that column becomes the period); else the first unique column, with a
/// warning naming the id-like column's first duplicate. An error when no column is unique.
fn id_columns(
    ps: &[Profile],
    rows: usize,
    repeat: &FirstRepeat,
) -> Result<(Pick, Option<Pick>, Vec<String>), String> {
    let unique = |p: &&Profile| p.empty == 0 && p.distinct == rows && rows > 0;
    if let Some(p) = ps.iter().filter(unique).find(|p| p.has(ID_WORDS)) {
        let why = "unique in every row, named like an id".into();
        return Ok((Pick { column: p.name.clone(), why }, None, Vec::new()));
    }
    let id_like: Vec<&Profile> = ps.iter().filter(|p| p.has(ID_WORDS) && p.empty == 0).collect();
    for p in &id_like {
        for y in ps.iter().filter(|y| y.has(&["year", "period", "school_year"])) {
            if repeat(&[&p.name, &y.name]).is_none() {
                let why = format!("repeated across {}, unique within each", y.name);
                let period = format!(
                    "a row per {} and {}: each {} is ranked on its own",
                    p.name, y.name, y.name
                );
                return Ok((
                    Pick { column: p.name.clone(), why },
                    Some(Pick { column: y.name.clone(), why: period }),
                    Vec::new(),
                ));
            }
        }
    }
    let duplicate = id_like.iter().find_map(|p| {
        let (v, a, b) = repeat(&[&p.name])?;
        Some((p.name.as_str(), format!("column '{}' repeats '{v}' (rows {a} and {b})", p.name)))
    });
    match (ps.iter().find(unique), duplicate) {
        (Some(p), dup) => {
            let why = "the first column unique in every row".to_string();
            let warnings = dup.map(|(col, d)| {
                format!(
                    "{d}, so '{}' is the id instead: if {col} is the id, make it unique",
                    p.name
                )
            });
            Ok((Pick { column: p.name.clone(), why }, None, warnings.into_iter().collect()))
        }
        (None, dup) => Err(format!(
            "no column is unique in every row, so none can be the id{}",
            dup.map(|(_, d)| format!(": {d}")).unwrap_or_default()
        )),
    }
}

/// A text column named like a school's name (repeated across the years of a panel), else a
/// nearly unique text column named like a place.
fn name_column(ps: &[Profile], rows: usize, used: &HashSet<&str>) -> Option<Pick> {
    let texty = |p: &&Profile| !p.numeric() && !used.contains(p.name.as_str());
    let named = ["school_name", "sch_name", "name"]
        .iter()
        .find_map(|w| ps.iter().filter(texty).find(|p| p.has(&[w]) && p.distinct * 20 >= rows));
    if let Some(p) = named {
        let why = format!("text with {} distinct values, named like a name", p.distinct);
        return Some(Pick { column: p.name.clone(), why });
    }
    let mostly_unique = |p: &&Profile| p.distinct * 10 >= rows * 9;
    ps.iter().filter(texty).filter(mostly_unique).find(|p| p.has(NAME_WORDS)).map(|p| Pick {
        column: p.name.clone(),
        why: "text, nearly unique, named like a place".into(),
    })
}

fn group_column(ps: &[Profile], rows: usize, used: &HashSet<&str>) -> Option<Pick> {
    let candidates = ps.iter().filter(|p| {
        !p.numeric() && !used.contains(p.name.as_str()) && p.distinct >= 2 && p.distinct * 3 <= rows
    });
    let candidates: Vec<&Profile> = candidates.collect();
    let named = GROUP_WORDS.iter().find_map(|w| candidates.iter().find(|p| p.has(&[w])));
    named.map(|p| Pick {
        column: p.name.clone(),
        why: format!("text with {} distinct values, named like a district or region", p.distinct),
    })
}

/// The enrolment column; `complete` is false when some rows have none (seni needs every
/// school's enrolment, so the formula then only divides counts by it).
fn enrolment_column(ps: &[Profile]) -> Option<(Pick, bool)> {
    ENROL_WORDS.iter().find_map(|w| {
        ps.iter()
            .find(|p| p.numeric() && p.whole && p.non_negative && enrolment_named(&p.lower, w))
            .map(|p| {
                let without = p.rows() - (p.numbers - p.reserve.as_ref().map_or(0, |r| r.1));
                let why = if without == 0 {
                    "whole numbers, named like an enrolment".to_string()
                } else {
                    format!("whole numbers, named like an enrolment, but {without} rows have none: fill them (or filter those rows out) to use it")
                };
                (Pick { column: p.name.clone(), why }, without == 0)
            })
    })
}

/// `enrollment`, `total_enrollment`, `enrollment_total`, `e_totpop` … but not
/// `nwea_percent_students_exceeding_growth_points`.
fn enrolment_named(name: &str, word: &str) -> bool {
    let rate = ["pct", "percent", "rate", "points", "weight", "per", "share"];
    if name.split(['_', ' ']).any(|part| rate.contains(&part)) {
        return false;
    }
    name == word
        || name.ends_with(&format!("_{word}"))
        || (word != "students" && name.starts_with(&format!("{word}_")))
}

fn coordinates(ps: &[Profile]) -> Option<(Pick, Pick)> {
    let find = |words: &[&str], limit: f64| {
        ps.iter().find(|p| {
            p.numeric() && words.contains(&p.lower.as_str()) && p.min >= -limit && p.max <= limit
        })
    };
    let lat = find(&["latitude", "lat", "intptlat", "y_lat"], 90.0)?;
    let lon = find(&["longitude", "lon", "lng", "long", "intptlong", "x_lon"], 180.0)?;
    let why = "numbers in degrees, named like coordinates".to_string();
    Some((
        Pick { column: lat.name.clone(), why: why.clone() },
        Pick { column: lon.name.clone(), why },
    ))
}

/// Texts that mark missing values in numeric columns (`*`, `NA`, `<10` …) and reserve codes.
fn markers<'a>(ps: impl Iterator<Item = &'a Profile>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in ps {
        for (t, _) in &p.texts {
            if !out.contains(t) {
                out.push(t.clone());
            }
        }
        if let Some((code, _)) = &p.reserve
            && !out.contains(code)
        {
            out.push(code.clone());
        }
    }
    out.sort();
    out
}

const PERCENT_WORDS: &[&str] =
    &["pct", "pct_", "percent", "ep_", "rate", "share", "prop", "per_100", "per100", "proportion"];
const COUNT_WORDS: &[&str] =
    &["n_", "count", "num_", "number", "e_", "students_", "events", "cohort", "instances"];
const MORE_IS_NEED: &[&str] = &[
    "low_income",
    "poverty",
    "pov",
    "unemploy",
    "disadv",
    "absen",
    "absent",
    "chronic",
    "dropout",
    "nohsdp",
    "no_hs",
    "uninsur",
    "burden",
    "isolation",
    "low_education",
];
const LESS_IS_NEED: &[&str] = &[
    "prof",
    "proficient",
    "proficiency",
    "grad",
    "graduation",
    "read",
    "math",
    "ela",
    "dfs",
    "score",
    "pass",
    "attend",
    "attendance",
    "college",
    "ag_",
    "a_g",
    "completion",
    "income",
    "pci",
    "experience",
    "masters",
    "ready",
    "achievement",
    "acctbly",
    "growth",
    "attainment",
    "survey",
    "rating",
    "points",
    "distinguished",
    "gifted",
    "opp",
    "opportunity",
    "status",
    "revenue",
    "per_child",
    "per_pupil",
    "funding",
    "expenditure",
    "spending",
];
/// The domains a starter formula groups indicators into, in the order it writes them; the id
/// is the variant's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum Domain {
    Students,
    Academic,
    Climate,
    Community,
    /// Every indicator whose name matches no other domain.
    Other,
}

impl Domain {
    /// The domain's id in the formula, e.g. `climate`.
    pub(crate) fn id(self) -> &'static str {
        self.into()
    }

    /// The domain's label for people.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Domain::Students => "Student need",
            Domain::Academic => "Academics",
            Domain::Climate => "School climate: discipline and police contact",
            Domain::Community => "Community and health",
            Domain::Other => "Other indicators",
        }
    }

    /// The words in a column's name that put it in the domain.
    fn words(self) -> &'static [&'static str] {
        match self {
            Domain::Students => STUDENTS_WORDS,
            Domain::Academic => ACADEMIC_WORDS,
            Domain::Climate => CLIMATE_WORDS,
            Domain::Community => COMMUNITY_WORDS,
            Domain::Other => &[],
        }
    }
}

/// The order a column's name is tried against the domains' words (the first that matches).
const MATCH_ORDER: [Domain; 4] =
    [Domain::Climate, Domain::Students, Domain::Academic, Domain::Community];

const CLIMATE_WORDS: &[&str] = &[
    "oss",
    "iss",
    "susp",
    "suspension",
    "expel",
    "expelled",
    "arrest",
    "arrests",
    "sro",
    "discipline",
    "removal",
    "restraint",
    "seclusion",
    "referral",
    "incident",
    "assault",
    "harassment",
    "weapons",
    "drugs",
    "corporal",
    "law",
    "behavior",
    "legal",
    "court",
    "charges",
];
const STUDENTS_WORDS: &[&str] = &[
    "frl",
    "frpl",
    "frpm",
    "lunch",
    "meal",
    "low_income",
    "econ",
    "disadv",
    "lep",
    "el",
    "ell",
    "english",
    "iep",
    "disab",
    "disability",
    "idea",
    "sped",
    "504",
    "sec504",
    "foster",
    "homeless",
    "migrant",
    "unduplicated",
    "direct_cert",
];
const ACADEMIC_WORDS: &[&str] = &[
    "prof",
    "proficient",
    "read",
    "math",
    "ela",
    "sci",
    "science",
    "grad",
    "graduation",
    "dfs",
    "score",
    "test",
    "tested",
    "ag",
    "a_g",
    "college",
    "attend",
    "attendance",
    "absen",
    "chronic",
    "ready",
    "achievement",
    "acctbly",
    "dropout",
    "growth",
    "attainment",
    "nwea",
    "distinguished",
    "act",
    "sat",
];
const COMMUNITY_WORDS: &[&str] = &[
    "asthma",
    "pollution",
    "pm25",
    "pm2",
    "diesel",
    "ozone",
    "tox",
    "birth",
    "tract",
    "housing",
    "unemploy",
    "unemployment",
    "poverty",
    "pov",
    "income",
    "crime",
    "health",
    "linguistic",
    "education",
    "burden",
    "ces",
    "uninsur",
    "noveh",
    "crowd",
    "mobile",
    "munit",
    "minrty",
    "age65",
    "age17",
    "sngpnt",
    "groupq",
    "limeng",
    "disabl",
    "water",
    "traffic",
    "pesticide",
    "cleanup",
    "haz",
    "solid",
    "cardio",
    "lead",
];

/// Proposes an indicator for every numeric column not taken by a role, or says why not.
fn indicators(ps: &[Profile], taken: &HashSet<String>, g: &mut Guess) {
    let enrolment = g.enrolment.as_ref().map(|e| e.column.as_str());
    let enrol_max = ps.iter().find(|p| Some(p.name.as_str()) == enrolment).map(|p| p.max);
    let names: HashSet<String> = ps.iter().map(|p| p.lower.clone()).collect();
    for p in ps.iter().filter(|p| !taken.contains(&p.name)) {
        match skip_reason(p, &names) {
            Some(why) if why.starts_with("race") => {
                g.groups.push(p.name.clone());
                g.skipped.push((p.name.clone(), why));
            }
            Some(why) => {
                if why.starts_with(PERCENT_SIGNS) {
                    g.warnings.push(format!("column '{}' is not used: {why}", p.name));
                }
                g.skipped.push((p.name.clone(), why));
            }
            None => g.indicators.push(proposal(p, enrol_max)),
        }
    }
    drop_counts_with_percents(g);
    let lower: Vec<(String, String)> =
        ps.iter().map(|p| (p.lower.clone(), p.name.clone())).collect();
    for ind in &mut g.indicators {
        ind.moe = margin_of(&ind.column.to_lowercase(), &lower);
    }
}

/// The margin-of-error column of an estimate: `pct_SP` → `SP_MOE`, `EP_POV` → `MP_POV`,
/// `pct_black` → `pct_black_moe`.
fn margin_of(column: &str, names: &[(String, String)]) -> Option<String> {
    let stem =
        ["pct_", "ep_", "p_", "e_"].iter().find_map(|p| column.strip_prefix(p)).unwrap_or(column);
    let candidates = [
        format!("{column}_moe"),
        format!("{stem}_moe"),
        format!("moe_{stem}"),
        format!("mp_{stem}"),
        format!("m_{stem}"),
    ];
    candidates.iter().find_map(|c| names.iter().find(|(l, _)| l == c).map(|(_, n)| n.clone()))
}

/// The start of the reason for a column of numbers written with percent signs.
const PERCENT_SIGNS: &str = "numbers written with a % sign";

fn skip_reason(p: &Profile, names: &HashSet<String>) -> Option<String> {
    if let Some(example) = p.percent_signs() {
        return Some(format!(
            "{PERCENT_SIGNS} ('{example}'), which seni does not read as numbers: remove the % signs (write {}) and run seni init again",
            example.trim_end_matches('%').trim()
        ));
    }
    if !p.numeric() {
        return Some("text".into());
    }
    if p.has(SKIP_WORDS) {
        return Some(
            "an identifier, year, code, coordinate, count tested or margin of error".into(),
        );
    }
    if ["rpl_", "spl_", "f_", "epl_", "rank"].iter().any(|w| p.lower.starts_with(w)) {
        return Some("looks like a published index output, not an input".into());
    }
    let output_words =
        ["ces", "svi", "index", "overall", "composite", "sqrp", "opportunity", "opp"];
    if p.has(&["score", "percentile", "rank", "rating", "class"]) && p.has(&output_words) {
        return Some("looks like a published index output, not an input".into());
    }
    if p.has(&["enrollment", "enrolment", "enroll", "membership", "population", "totpop"]) {
        return Some("another count of all students (not a need)".into());
    }
    let numbered = p.has(&["number", "num", "no"]) && p.has(&["school", "district", "sch", "dist"]);
    if numbered || p.has(ID_WORDS) || p.has(&["area", "sqmi", "st", "stcnty", "fips", "affgeoid"]) {
        return Some(
            "an identifier, year, code, coordinate, count tested or margin of error".into(),
        );
    }
    if p.has(&["denominator", "denom"]) {
        return Some("the denominator of another column".into());
    }
    if p.distinct <= 1 {
        return Some("the same value in every row".into());
    }
    if p.has(RACE_WORDS) {
        return Some(
            "race/ethnicity: a student group, not a need (see [audit] in formulas/README.md)"
                .into(),
        );
    }
    for suffix in ["_pctl", "_percentile", " pctl", "_pct"] {
        if let Some(stem) = p.lower.strip_suffix(suffix)
            && suffix != "_pct"
            && names.contains(stem)
        {
            return Some(format!("the percentile of {stem}, which is used instead"));
        }
    }
    let missing = p.missing_share();
    (missing > 0.5).then(|| format!("{:.0}% of rows have no value", 100.0 * missing))
}

fn proposal(p: &Profile, enrol_max: Option<f64>) -> Proposal {
    let (unit, unit_why) = unit(p, enrol_max);
    let lower_is_need = !p.has(MORE_IS_NEED) && p.has(LESS_IS_NEED);
    let domain = MATCH_ORDER.into_iter().find(|d| p.has(d.words())).unwrap_or(Domain::Other);
    let direction_why = if lower_is_need {
        "lower values mean more need (named like an achievement or resource)"
    } else {
        "higher values mean more need"
    };
    Proposal {
        column: p.name.clone(),
        moe: None,
        unit,
        lower_is_need,
        domain,
        why: format!("{unit_why}; {direction_why}"),
    }
}

/// The unit; a count of students (not above the largest enrolment) is taken per 100 enrolled.
fn unit(p: &Profile, enrol_max: Option<f64>) -> (Unit, String) {
    let range = format!("{}–{}", seni::format::human(p.min), seni::format::human(p.max));
    if p.has(&["percentile", "pctl", "epl_"]) {
        return (Unit::Percentile, format!("a percentile ({range})"));
    }
    // A few values out of range (data errors) do not make a percentage something else.
    let few = |n: usize| n * 100 <= p.numbers;
    if p.has(PERCENT_WORDS) && p.min >= 0.0 {
        if few(p.above_1) && p.max <= 1.5 {
            return (Unit::Share, format!("a share ({range})"));
        }
        if few(p.above_100) {
            return (Unit::Percent, format!("a percentage ({range})"));
        }
    }
    let a_rate = p.has(&["per", "ratio", "avg", "average", "mean", "median"]);
    let fits = enrol_max.is_some_and(|m| p.max <= m);
    if fits && p.whole && p.non_negative && p.has(COUNT_WORDS) && !a_rate {
        return (Unit::CountPer100, format!("a count ({range}), taken per 100 enrolled"));
    }
    (Unit::Value, format!("a value ({range})"))
}

/// A count with a percentage (or other measure) of the same thing (n_frl and pct_frl, E_PCI and
/// EP_PCI): keep the other.
fn drop_counts_with_percents(g: &mut Guess) {
    let stem = |s: &str| {
        let s = s.to_lowercase();
        let mut t = s.as_str();
        for pre in ["n_", "num_", "pct_", "percent_", "ep_", "e_"] {
            t = t.strip_prefix(pre).unwrap_or(t);
        }
        for suf in ["_count", "_n", "_pct", "_percent", "_rate"] {
            t = t.strip_suffix(suf).unwrap_or(t);
        }
        t.to_string()
    };
    let percents: HashSet<String> = g
        .indicators
        .iter()
        .filter(|i| i.unit != Unit::CountPer100)
        .map(|i| stem(&i.column))
        .collect();
    let (keep, dup): (Vec<Proposal>, Vec<Proposal>) = std::mem::take(&mut g.indicators)
        .into_iter()
        .partition(|i| i.unit != Unit::CountPer100 || !percents.contains(&stem(&i.column)));
    g.indicators = keep;
    for d in dup {
        g.skipped.push((d.column, "a count whose percentage is used instead".into()));
    }
}
