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
    pub first_draw: usize,
    /// Schools per draw.
    pub schools: usize,
    /// Index values (NaN: no index).
    pub index: &'a [f64],
    /// Ranks (1 = highest need; 0 = no rank).
    pub ranks: &'a [u32],
    /// Tier positions into [`Sensitivity::tier_names`] (`u8::MAX`: no tier).
    pub tiers: &'a [u8],
}

/// One school's results over the draws.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolBand {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Nominal index.
    pub index: Option<f64>,
    /// Nominal rank.
    pub rank: Option<usize>,
    /// Nominal tier position.
    pub tier: Option<usize>,
    /// Probability of each tier position (over draws).
    pub tier_probability: Vec<f64>,
    /// Probability of having no index.
    pub unranked_probability: f64,
    /// Median rank.
    pub rank_median: Option<u32>,
    /// 5th percentile of rank.
    pub rank_p05: Option<u32>,
    /// 95th percentile of rank.
    pub rank_p95: Option<u32>,
    /// Allocation 5th/50th/95th percentiles (dollars, before rounding and hold-harmless).
    pub allocation: Option<[f64; 3]>,
    /// Tier unchanged in at least 90% of draws.
    pub stable: bool,
}

/// Sobol indices of one uncertain input.
#[derive(Debug, Clone, Serialize)]
pub struct SobolLine {
    /// Input name.
    pub factor: String,
    /// First-order index on the mean absolute rank shift.
    pub s1_rank_shift: f64,
    /// Total-order index on the mean absolute rank shift.
    pub st_rank_shift: f64,
    /// First-order index on the chosen school's allocation.
    pub s1_allocation: f64,
    /// Total-order index on the chosen school's allocation.
    pub st_allocation: f64,
}

/// Sobol indices with how they were estimated.
#[derive(Debug, Clone, Serialize)]
pub struct SobolResult {
    /// Base samples.
    pub base: usize,
    /// Estimators, sample size and outputs, in words.
    pub method: String,
    /// One line per uncertain input.
    pub lines: Vec<SobolLine>,
}

/// Results of a sensitivity run.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// What a row is, in the singular and the plural (`[data] unit`).
    pub unit: (String, String),
    /// Draws made.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// Names of the uncertain inputs.
    pub factors: Vec<String>,
    /// Per school, in data order.
    pub schools: Vec<SchoolBand>,
    /// Tier names.
    pub tier_names: Vec<String>,
    /// Why allocation bands are missing, if they are.
    pub allocation_note: Option<String>,
    /// Why every draw ran the full index engine (the fast evaluator cannot follow the formula).
    pub general_engine: Option<String>,
    /// Sobol indices (when asked for).
    pub sobol: Option<SobolResult>,
}
