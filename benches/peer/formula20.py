"""The indicators of benches/formula-20.toml, as every peer reads them: (column, denominator or
None, lower values mean more need), by domain. Graduation and A-G apply to high and span schools
only."""

STUDENTS = [
    ("pct_unduplicated", None, False), ("pct_english_learner", None, False), ("pct_foster", None, False),
    ("pct_homeless", None, False), ("pct_low_income", None, False), ("disability_count", "enrollment", False),
    ("nonstability_rate", None, False), ("english_learner_count", "enrollment", False), ("foster_count", "enrollment", False),
    ("homeless_count", "enrollment", False), ("unduplicated_count", "enrollment", False), ("low_income_count", "enrollment", False),
]
ACADEMIC = [("chronic_absence_rate", None, False), ("ela_dfs", None, True), ("math_dfs", None, True), ("grad_rate", None, True), ("ag_rate", None, True)]
COMMUNITY = [("asthma_percentile", None, False), ("pollution_burden_percentile", None, False), ("tract_poverty_percentile", None, False)]
HIGH_ONLY = {"grad_rate", "ag_rate"}
