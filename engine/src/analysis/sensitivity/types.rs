//! What a sensitivity run takes and gives.

use crate::formula::Uncertainty;
use serde::Serialize;

/// Options of a run (each overrides the formula's `[uncertainty]`).
#[derive(Debug, Clone, Default)]
pub struct SensitivityOptions {
    /// The uncertain inputs instead of the formula's (e.g. [`Uncertainty::none`]).
    pub uncertainty: Option<Uncertainty>,
    /// Override the formula's draws.
    pub draws: Option<usize>,
    /// Override the formula's seed.
    pub seed: Option<u64>,
    /// Base sample size for Sobol indices (None = skip).
    pub sobol: Option<usize>,
    /// School id for the Sobol allocation output.
    pub school: Option<String>,
    /// Hand every draw to [`Watch::samples`] as it is made (for `--samples`); nothing is kept.
    pub keep_samples: bool,
    /// Bytes of memory the run may take (None: no check). A run that would need more is refused
    /// before it starts, saying how many draws fit.
    pub memory_limit: Option<u64>,
}

/// What a caller sees of a run while it goes: called on the calling thread between blocks of
/// draws (a block takes well under a second), so a front end can show progress, write samples
/// and stop the run. `()` watches nothing.
pub trait Watch {
    /// `done` of `total` draws are finished; `false` stops the run, which then ends with an
    /// [`crate::error::ErrorKind::Interrupted`] error.
    fn progress(&mut self, done: usize, total: usize) -> bool {
        let _ = (done, total);
        true
    }

    /// A block of finished draws (only when [`SensitivityOptions::keep_samples`] is set).
    fn samples(&mut self, block: &SampleBlock) -> crate::error::Result<()> {
        let _ = block;
        Ok(())
    }
}

impl Watch for () {}

/// Consecutive draws, each a run of every school (draw-major: school `r` of the block's draw
/// `j` is at `j * schools + r`).
#[derive(Debug)]
pub struct SampleBlock<'a> {
    /// Number of the block's first draw (0-based).
    pub(crate) first_draw: usize,
    /// Schools per draw.
    pub(crate) schools: usize,
    /// Index values (NaN: no index).
    pub(crate) index: &'a [f64],
    /// Ranks (1 = highest need; 0 = no rank).
    pub(crate) ranks: &'a [u32],
    /// Tier positions into [`Sensitivity::tier_names`] (`u8::MAX`: no tier).
    pub(crate) tiers: &'a [u8],
}

impl<'a> SampleBlock<'a> {
    /// Number of the block's first draw (0-based).
    pub fn first_draw(&self) -> usize {
        self.first_draw
    }

    /// Schools per draw.
    pub fn schools(&self) -> usize {
        self.schools
    }

    /// Index values (NaN: no index).
    pub fn index(&self) -> &&'a [f64] {
        &self.index
    }

    /// Ranks (1 = highest need; 0 = no rank).
    pub fn ranks(&self) -> &&'a [u32] {
        &self.ranks
    }

    /// Tier positions into [`Sensitivity::tier_names`] (`u8::MAX`: no tier).
    pub fn tiers(&self) -> &&'a [u8] {
        &self.tiers
    }
}

/// One school's results over the draws.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolBand {
    /// Id.
    pub(crate) id: String,
    /// Name.
    pub(crate) name: String,
    /// Nominal index.
    pub(crate) index: Option<f64>,
    /// Nominal rank.
    pub(crate) rank: Option<usize>,
    /// Nominal tier position.
    pub(crate) tier: Option<usize>,
    /// Probability of each tier position (over draws).
    pub(crate) tier_probability: Vec<f64>,
    /// Probability of having no index.
    pub(crate) unranked_probability: f64,
    /// Median rank.
    pub(crate) rank_median: Option<u32>,
    /// 5th percentile of rank.
    pub(crate) rank_p05: Option<u32>,
    /// 95th percentile of rank.
    pub(crate) rank_p95: Option<u32>,
    /// Allocation 5th/50th/95th percentiles (dollars, before rounding and hold-harmless).
    pub(crate) allocation: Option<[f64; 3]>,
    /// Tier unchanged in at least 90% of draws.
    pub(crate) stable: bool,
}

impl SchoolBand {
    /// Id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Nominal index.
    pub fn index(&self) -> Option<f64> {
        self.index
    }

    /// Nominal rank.
    pub fn rank(&self) -> Option<usize> {
        self.rank
    }

    /// Nominal tier position.
    pub fn tier(&self) -> Option<usize> {
        self.tier
    }

    /// Probability of each tier position (over draws).
    pub fn tier_probability(&self) -> &[f64] {
        &self.tier_probability
    }

    /// Probability of having no index.
    pub fn unranked_probability(&self) -> f64 {
        self.unranked_probability
    }

    /// Median rank.
    pub fn rank_median(&self) -> Option<u32> {
        self.rank_median
    }

    /// 5th percentile of rank.
    pub fn rank_p05(&self) -> Option<u32> {
        self.rank_p05
    }

    /// 95th percentile of rank.
    pub fn rank_p95(&self) -> Option<u32> {
        self.rank_p95
    }

    /// Allocation 5th/50th/95th percentiles (dollars, before rounding and hold-harmless).
    pub fn allocation(&self) -> Option<&[f64; 3]> {
        self.allocation.as_ref()
    }

    /// Tier unchanged in at least 90% of draws.
    pub fn stable(&self) -> bool {
        self.stable
    }
}

/// Sobol indices of one uncertain input.
#[derive(Debug, Clone, Serialize)]
pub struct SobolLine {
    /// Input name.
    pub(crate) factor: String,
    /// First-order index on the mean absolute rank shift.
    pub(crate) s1_rank_shift: f64,
    /// Total-order index on the mean absolute rank shift.
    pub(crate) st_rank_shift: f64,
    /// First-order index on the chosen school's allocation.
    pub(crate) s1_allocation: f64,
    /// Total-order index on the chosen school's allocation.
    pub(crate) st_allocation: f64,
}

impl SobolLine {
    /// Input name.
    pub fn factor(&self) -> &str {
        &self.factor
    }

    /// First-order index on the mean absolute rank shift.
    pub fn s1_rank_shift(&self) -> f64 {
        self.s1_rank_shift
    }

    /// Total-order index on the mean absolute rank shift.
    pub fn st_rank_shift(&self) -> f64 {
        self.st_rank_shift
    }

    /// First-order index on the chosen school's allocation.
    pub fn s1_allocation(&self) -> f64 {
        self.s1_allocation
    }

    /// Total-order index on the chosen school's allocation.
    pub fn st_allocation(&self) -> f64 {
        self.st_allocation
    }
}

/// Sobol indices with how they were estimated.
#[derive(Debug, Clone, Serialize)]
pub struct SobolResult {
    /// Base samples.
    pub(crate) base: usize,
    /// Estimators, sample size and outputs, in words.
    pub(crate) method: String,
    /// One line per uncertain input.
    pub(crate) lines: Vec<SobolLine>,
}

impl SobolResult {
    /// Base samples.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Estimators, sample size and outputs, in words.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// One line per uncertain input.
    pub fn lines(&self) -> &[SobolLine] {
        &self.lines
    }
}

/// Results of a sensitivity run.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// What a row is, in the singular and the plural (`[data] unit`).
    pub(crate) unit: (String, String),
    /// Draws made.
    pub(crate) draws: usize,
    /// Seed.
    pub(crate) seed: u64,
    /// Names of the uncertain inputs.
    pub(crate) factors: Vec<String>,
    /// Per school, in data order.
    pub(crate) schools: Vec<SchoolBand>,
    /// Tier names.
    pub(crate) tier_names: Vec<String>,
    /// Why allocation bands are missing, if they are.
    pub(crate) allocation_note: Option<String>,
    /// Why every draw ran the full index engine (the fast evaluator cannot follow the formula).
    pub(crate) general_engine: Option<String>,
    /// Sobol indices (when asked for).
    pub(crate) sobol: Option<SobolResult>,
}

impl Sensitivity {
    /// What a row is, in the singular and the plural (`[data] unit`).
    pub fn unit(&self) -> &(String, String) {
        &self.unit
    }

    /// Draws made.
    pub fn draws(&self) -> usize {
        self.draws
    }

    /// Seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Names of the uncertain inputs.
    pub fn factors(&self) -> &[String] {
        &self.factors
    }

    /// Per school, in data order.
    pub fn schools(&self) -> &[SchoolBand] {
        &self.schools
    }

    /// Tier names.
    pub fn tier_names(&self) -> &[String] {
        &self.tier_names
    }

    /// Why allocation bands are missing, if they are.
    pub fn allocation_note(&self) -> Option<&str> {
        self.allocation_note.as_deref()
    }

    /// Why every draw ran the full index engine (the fast evaluator cannot follow the formula).
    pub fn general_engine(&self) -> Option<&str> {
        self.general_engine.as_deref()
    }

    /// Sobol indices (when asked for).
    pub fn sobol(&self) -> Option<&SobolResult> {
        self.sobol.as_ref()
    }
}
