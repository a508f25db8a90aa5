//! The bad-input matrix: every case gives the documented exit code, a message naming the file,
//! row/line and column with the fix, and leaves no output created or truncated. Accepted-with-
//! warning cases count the warning in the output metadata. Fixtures: tests/fixtures/bad/.

use crate::cli::seni;
use crate::harness::root;
use std::path::{Path, PathBuf};

/// What a case expects.
enum Expect {
    /// Fails with this exit code and these texts in the error.
    Fails(i32, &'static [&'static str]),
    /// Succeeds; the JSON metadata's warnings contain these texts (may be empty).
    Warns(&'static [&'static str]),
    /// Succeeds with the formula hash and the tables of these other arguments: one value
    /// however it is written.
    Same(&'static [&'static str]),
    /// Succeeds; standard output contains these texts.
    Prints(&'static [&'static str]),
    /// Succeeds with the tables of these other arguments (a formula that differs, as it is
    /// written, from one that computes the same).
    SameTables(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    /// Arguments; `{fx}` is the fixtures folder, `{out}` the output file.
    args: &'static [&'static str],
    expect: Expect,
}

use Expect::*;

const CASES: &[Case] = &[
    // ---- data: columns and cells
    Case {
        name: "missing column",
        args: &["compute", "-d", "{fx}/missing_column.csv"],
        expect: Fails(
            4,
            &["column 'pct_foster' (read by indicator foster) is not in", "formulas/seni.toml:"],
        ),
    },
    Case {
        name: "renamed column",
        args: &["compute", "-d", "{fx}/renamed_column.csv"],
        expect: Fails(4, &["did you mean 'Chronic_Absence_Rate'?"]),
    },
    Case {
        name: "non-numeric cell",
        args: &["compute", "-d", "{fx}/non_numeric.csv"],
        expect: Fails(
            4,
            &["non_numeric.csv, row 1, column 'ela_dfs': 'about -20' is not a number"],
        ),
    },
    Case {
        name: "suppressed marker listed",
        args: &["compute", "-d", "{fx}/suppressed_listed.csv"],
        expect: Warns(&["column 'chronic_absence_rate': 2 marked cells treated as missing"]),
    },
    Case {
        name: "suppressed '<10' not listed",
        args: &["compute", "-d", "{fx}/suppressed_lt10.csv"],
        expect: Fails(
            4,
            &["column 'pct_foster': '<10' is not a number", "add it to missing_values"],
        ),
    },
    Case {
        name: "percent sign",
        args: &["compute", "-d", "{fx}/percent_sign.csv"],
        expect: Fails(4, &["'4.5%' is not a number", "remove the % sign"]),
    },
    Case {
        name: "fractions where percentages are expected",
        args: &["compute", "-d", "{fx}/fractions_not_percent.csv"],
        expect: Warns(&["looks like fractions (0.45) rather than percentages (45)"]),
    },
    Case {
        name: "negative enrolment",
        args: &["compute", "-d", "{fx}/negative_enrolment.csv"],
        expect: Fails(4, &["row 1, column 'enrollment': enrolment is negative (-12)"]),
    },
    Case {
        name: "zero enrolment",
        args: &["allocate", "-d", "{fx}/zero_enrolment.csv"],
        expect: Warns(&["1 schools have zero enrolment"]),
    },
    Case {
        name: "duplicate ids",
        args: &["compute", "-d", "{fx}/duplicate_ids.csv"],
        expect: Fails(4, &["row 31, column 'school_id': id '1900005' is also on row 5"]),
    },
    Case {
        name: "totals row at the bottom",
        args: &["compute", "-d", "{fx}/totals_row.csv"],
        expect: Fails(4, &["row 31", "looks like a totals row", "delete totals"]),
    },
    Case {
        name: "empty file",
        args: &["compute", "-d", "{fx}/empty.csv"],
        expect: Fails(4, &["empty.csv: the file is empty"]),
    },
    Case {
        name: "header only",
        args: &["compute", "-d", "{fx}/header_only.csv"],
        expect: Fails(4, &["header but no data rows"]),
    },
    Case {
        name: "UTF-8 byte-order mark",
        args: &["compute", "-d", "{fx}/bom.csv"],
        expect: Warns(&[]),
    },
    Case { name: "CRLF line ends", args: &["compute", "-d", "{fx}/crlf.csv"], expect: Warns(&[]) },
    Case {
        name: "semicolon-delimited",
        args: &["compute", "-d", "{fx}/semicolon.csv"],
        expect: Warns(&["delimiter ';' detected"]),
    },
    Case {
        name: "Latin-1 bytes",
        args: &["compute", "-d", "{fx}/latin1.csv"],
        expect: Warns(&["not UTF-8 (first bad byte on line 2); read as Latin-1"]),
    },
    Case {
        name: "quoted newline in a name",
        args: &["compute", "-d", "{fx}/quoted_newline.csv"],
        expect: Warns(&[]),
    },
    Case {
        name: "NaN cell",
        args: &["compute", "-d", "{fx}/nan_cell.csv"],
        expect: Fails(4, &["column 'math_dfs': 'NaN' is not a number", "finite number"]),
    },
    Case {
        name: "Inf cell",
        args: &["compute", "-d", "{fx}/inf_cell.csv"],
        expect: Fails(4, &["'inf' is not a number"]),
    },
    Case {
        name: "all values missing in an indicator",
        args: &["compute", "-d", "{fx}/all_missing_indicator.csv"],
        expect: Warns(&["indicator 'homeless': no school has a value"]),
    },
    Case {
        name: "zero-variance indicator",
        args: &["compute", "-d", "{fx}/zero_variance.csv"],
        expect: Warns(&["indicator 'foster': every school has the same value (1)"]),
    },
    Case {
        name: "row with an extra field",
        args: &["compute", "-d", "{fx}/ragged_row.csv"],
        expect: Fails(4, &["ragged_row.csv, row 3: row has 29 fields but the header has 28"]),
    },
    Case {
        name: "row with missing fields",
        args: &["compute", "-d", "{fx}/short_row.csv"],
        expect: Fails(4, &["short_row.csv, row 29: row has 25 fields but the header has 28"]),
    },
    Case {
        name: "missing id",
        args: &["compute", "-d", "{fx}/missing_id.csv"],
        expect: Fails(4, &["row 1, column 'school_id': the id is empty"]),
    },
    Case {
        name: "binary garbage",
        args: &["compute", "-d", "{fx}/binary.csv"],
        expect: Fails(4, &["binary.csv"]),
    },
    Case {
        name: "duplicate header",
        args: &["compute", "-d", "{fx}/duplicate_header.csv"],
        expect: Fails(4, &["the header has column 'enrollment' twice"]),
    },
    Case {
        name: "thousands separator",
        args: &["compute", "-d", "{fx}/thousands_separator.csv"],
        expect: Warns(&[]),
    },
    Case {
        name: "whitespace-only cells",
        args: &["compute", "-d", "{fx}/whitespace_cells.csv"],
        expect: Warns(&[]),
    },
    Case {
        name: "data file missing",
        args: &["compute", "-d", "{fx}/nope.csv"],
        expect: Fails(6, &["nope.csv: No such file", "check the path"]),
    },
    Case {
        name: "data path is a directory",
        args: &["compute", "-d", "{fx}"],
        expect: Fails(6, &["this is a directory"]),
    },
    // ---- ids: one rule (trimmed, NFC, padded to id_width) everywhere
    Case {
        name: "joined ids that differ only in leading zeros, without id_width (issue 29, case 2)",
        args: &[
            "compute",
            "-f",
            "{fx}/join.toml",
            "-d",
            "{fx}/join_a.csv",
            "-d",
            "{fx}/join_b.csv",
        ],
        expect: Fails(
            4,
            &[
                "join_b.csv, column 'leaid': only 2 of 5 ids of",
                "but 3 more would be if numeric ids were padded alike: '0100005' in",
                "is '100005' here",
                "set id_width = 7 under [data]",
            ],
        ),
    },
    Case {
        name: "the same join with id_width (case 2)",
        args: &[
            "compute",
            "-f",
            "{fx}/join.toml",
            "-d",
            "{fx}/join_a.csv",
            "-d",
            "{fx}/join_b.csv",
            "--set",
            "data.id_width=7",
        ],
        expect: Warns(&["join_b.csv joined by id: 5 of 5 matched"]),
    },
    Case {
        name: "explain an id typed without its leading zero (case 13)",
        args: &["explain", "100007", "-f", "us-districts-2018"],
        expect: Same(&["explain", "0100007", "-f", "us-districts-2018"]),
    },
    Case {
        name: "an --affected list with a byte-order mark (case 13)",
        args: &["audit", "--affected", "{fx}/affected_bom.txt"],
        expect: Warns(&[]),
    },
    Case {
        name: "an --affected list with lines ended by a carriage return alone (new case)",
        args: &["audit", "--affected", "{fx}/affected_cr.txt"],
        expect: Same(&["audit", "--affected", "{fx}/affected_bom.txt"]),
    },
    Case {
        name: "an --affected list typed without leading zeros, with a byte-order mark (case 13)",
        args: &["audit", "-f", "us-districts-2018", "--affected", "{fx}/affected_unpadded.txt"],
        expect: Same(&[
            "audit",
            "-f",
            "us-districts-2018",
            "--affected",
            "{fx}/affected_padded.txt",
        ]),
    },
    Case {
        name: "explain an unknown id says the unit (case 17)",
        args: &["explain", "99", "-f", "us-districts-2018"],
        expect: Fails(2, &["no district with id '99'"]),
    },
    // ---- reading a file: the first hour
    Case {
        name: "a header cell with a quoted line break (issue 29, case 14)",
        args: &["compute", "-d", "{fx}/header_newline.csv"],
        expect: Same(&["compute", "-d", "{fx}/ok.csv"]),
    },
    Case {
        name: "blank lines at the end of the file (case 20)",
        args: &["compute", "-d", "{fx}/trailing_blank.csv"],
        expect: Same(&["compute", "-d", "{fx}/ok.csv"]),
    },
    Case {
        name: "lines ended by a carriage return alone, an old Mac CSV (issue 29, new case)",
        args: &["compute", "-d", "{fx}/cr_only.csv"],
        expect: Same(&["compute", "-d", "{fx}/ok.csv"]),
    },
    Case {
        name: "a quote inside an unquoted cell, in two rows (new case; was two rows made one)",
        args: &["compute", "-d", "{fx}/mid_quote.csv"],
        expect: Warns(&[]),
    },
    Case {
        name: "an Excel workbook given as CSV (case 20)",
        args: &["compute", "-d", "{fx}/workbook.xlsx"],
        expect: Fails(
            4,
            &["workbook.xlsx: the file is a zip archive (an Excel .xlsx", "save it as CSV"],
        ),
    },
    Case {
        name: "row numbers are said to be data rows (case 20)",
        args: &["compute", "-d", "{fx}/non_numeric.csv"],
        expect: Fails(4, &["row 1,", "rows are data rows", "(row 1 is row 2 in Excel)"]),
    },
    Case {
        name: "a column of 64.8% cells: one problem, not one per cell (case 19)",
        args: &["validate", "-d", "{fx}/percent_column.csv"],
        expect: Fails(
            4,
            &[
                "column 'pct_foster': '0.66%' is not a number, and so are 29 more cells of this column (rows 2, 3,",
                "remove the % sign",
            ],
        ),
    },
    Case {
        name: "init on a column of 64.8% cells says why it is not used (case 19)",
        args: &["init", "-d", "{fx}/own_table.csv", "--out", "{out}", "--force"],
        expect: Prints(&[
            "warning: column 'Pct Low Income' is not used: numbers written with a % sign",
            "remove the % signs (write",
        ]),
    },
    Case {
        name: "the default formula on one's own table (case 21)",
        args: &["compute", "-d", "{fx}/own_table.csv"],
        expect: Fails(
            4,
            &["18 of the 18 columns formula 'seni' reads are not in the data", "seni init --data"],
        ),
    },
    Case {
        name: "allocate with a formula written by init (case 21)",
        args: &["allocate", "-f", "{fx}/own_table.toml", "-d", "{fx}/own_table.csv"],
        expect: Fails(2, &["formula 'own-table' has no [allocation]", "remove the # signs"]),
    },
    Case {
        name: "--budget with a formula written by init (case 21)",
        args: &[
            "allocate",
            "-f",
            "{fx}/own_table.toml",
            "-d",
            "{fx}/own_table.csv",
            "--budget",
            "1M",
        ],
        expect: Fails(3, &["no programs, so a budget has nothing to pay", "remove the # signs"]),
    },
    Case {
        name: "a bad cell in a joined file names that file and its row (case 12)",
        args: &[
            "compute",
            "-f",
            "{fx}/join.toml",
            "-d",
            "{fx}/join_a.csv",
            "-d",
            "{fx}/join_b_bad_cell.csv",
            "--set",
            "data.id_width=7",
        ],
        expect: Fails(
            4,
            &["join_b_bad_cell.csv, row 4, column 'grad_rate': 'about 91' is not a number"],
        ),
    },
    // ---- formulas and scenarios
    Case {
        name: "unknown formula key",
        args: &["compute", "-f", "{fx}/typo_key.toml"],
        expect: Fails(3, &["typo_key.toml:55", "unknown key 'wieght'", "did you mean 'weight'?"]),
    },
    Case {
        name: "weight 0",
        args: &["compute", "-f", "{fx}/weight_zero.toml"],
        expect: Fails(3, &["weight_zero.toml:62", "weight must be a positive number, got 0"]),
    },
    Case {
        name: "negative weight",
        args: &["compute", "-f", "{fx}/weight_negative.toml"],
        expect: Fails(3, &["weight_negative.toml:62", "got -1"]),
    },
    Case {
        name: "weight of the wrong type",
        args: &["compute", "-f", "{fx}/weight_text.toml"],
        // Rust's type names (f64, struct DataSpec) are not the formula's (issue 29, case 17).
        expect: Fails(
            3,
            &["weight_text.toml:62", "wrong type: got string \"two\", expected a number"],
        ),
    },
    Case {
        name: "a table where a number goes, in the words of the reference (case 17)",
        args: &["compute", "--set", "data=5"],
        expect: Fails(
            3,
            &["key 'data': wrong type: got integer `5`, expected a table { … } of keys"],
        ),
    },
    Case {
        name: "tier cut-offs out of order",
        args: &["compute", "-f", "{fx}/tiers_out_of_order.toml"],
        expect: Fails(3, &["tier cutoffs must be finite and strictly increasing"]),
    },
    Case {
        name: "TOML syntax error",
        args: &["compute", "-f", "{fx}/bad_toml.toml"],
        expect: Fails(3, &["bad_toml.toml:82", "not valid TOML"]),
    },
    Case {
        name: "domains in a cycle",
        args: &["compute", "-f", "{fx}/domain_cycle.toml"],
        expect: Fails(3, &["is its own ancestor"]),
    },
    Case {
        name: "unknown normaliser",
        args: &["compute", "-f", "{fx}/unknown_normaliser.toml"],
        expect: Fails(3, &["unknown value 'percentil'", "did you mean 'percentile'?"]),
    },
    Case {
        name: "unknown bundled formula",
        args: &["compute", "-f", "sen"],
        expect: Fails(2, &["did you mean the bundled formula 'seni'?"]),
    },
    Case {
        name: "scenario overrides an unknown key",
        args: &["compute", "-s", "{fx}/scenario_unknown_key.toml"],
        expect: Fails(3, &["scenario_unknown_key.toml:4", "did you mean 'chronic_absence'?"]),
    },
    Case {
        name: "--set without =",
        args: &["compute", "--set", "budget"],
        expect: Fails(2, &["--set budget: no '=' between key and value"]),
    },
    Case {
        name: "--set of an unknown key",
        args: &["compute", "--set", "indicators.homless.weight=2"],
        expect: Fails(3, &["--set indicators.homless.weight=2", "did you mean 'homeless'?"]),
    },
    // ---- periods
    Case {
        name: "prior_period on data with one period",
        args: &["allocate", "-f", "{fx}/periods.toml", "-d", "{fx}/one_period.csv"],
        expect: Warns(&[
            "prior_period = true, but 2023 is the first period of the data, so no school has a prior allocation",
        ]),
    },
    Case {
        name: "rows without a period (empty, or a missing-value marker)",
        args: &["allocate", "-f", "{fx}/periods.toml", "-d", "{fx}/empty_period.csv"],
        expect: Fails(
            4,
            &[
                "empty_period.csv, row 6, column 'year': 2 rows (6, 8) have no period",
                "give each row its period in column 'year'",
            ],
        ),
    },
    Case {
        name: "validate: rows without a period",
        args: &["validate", "-f", "{fx}/periods.toml", "-d", "{fx}/empty_period.csv"],
        expect: Fails(4, &["2 rows (6, 8) have no period"]),
    },
    Case {
        name: "one period written two ways",
        args: &["compute", "-f", "{fx}/periods.toml", "-d", "{fx}/period_twice.csv"],
        expect: Fails(4, &["periods '2022' and '2022.0' are the same period written two ways"]),
    },
    // ---- init
    Case {
        name: "init: the output is the input",
        args: &["init", "-d", "{out}", "--out", "{out}", "--force"],
        expect: Fails(2, &["is the input data file"]),
    },
    Case {
        name: "init: one row",
        args: &["init", "-d", "{fx}/init_one_row.csv", "--out", "{out}", "--force"],
        expect: Fails(
            4,
            &[
                "init_one_row.csv: the file has only 1 row",
                "a need index ranks schools against each other",
            ],
        ),
    },
    Case {
        name: "init: one row, tab-separated",
        args: &["init", "-d", "{fx}/init_one_row_tab.csv", "--out", "{out}", "--force"],
        expect: Fails(4, &["the file has only 1 row"]),
    },
    Case {
        name: "init: every column is text",
        args: &["init", "-d", "{fx}/init_all_text.csv", "--out", "{out}", "--force"],
        expect: Fails(
            4,
            &[
                "init_all_text.csv: no column can be an indicator (school is the first column unique in every row; region: text; level: text)",
                "an indicator is a column of numbers",
            ],
        ),
    },
    Case {
        name: "init: no unique column",
        args: &["init", "-d", "{fx}/init_no_unique.csv", "--out", "{out}", "--force"],
        expect: Fails(
            4,
            &[
                "no column is unique in every row, so none can be the id: column 'school_id' repeats '1' (rows 1 and 2)",
            ],
        ),
    },
    Case {
        name: "init: a data file that is empty",
        args: &["init", "-d", "{fx}/empty.csv", "--out", "{out}", "--force"],
        expect: Fails(4, &["the file is empty"]),
    },
    // ---- long runs
    Case {
        name: "sensitivity: more draws than memory holds",
        args: &["sensitivity", "--draws", "1000000000"],
        expect: Fails(
            2,
            &[
                "1,000,000,000 draws of 1,000 schools need about",
                " TB of memory",
                "ask for at most",
            ],
        ),
    },
    Case {
        name: "sensitivity: more draws than a machine can count",
        args: &["sensitivity", "--draws", "18446744073709551615"],
        expect: Fails(2, &["are more than this machine can count"]),
    },
    Case {
        name: "sensitivity: more Sobol samples than memory holds",
        args: &["sensitivity", "--draws", "10", "--sobol", "1000000000"],
        expect: Fails(2, &["Sobol indices with 1,000,000,000 base samples need about"]),
    },
    Case {
        name: "sensitivity: one draw",
        args: &["sensitivity", "--draws", "1"],
        expect: Fails(2, &["--draws must be at least 2"]),
    },
    // ---- rolling averages
    Case {
        name: "--set data.rolling to a fraction",
        args: &["compute", "-f", "ky-equity-2017", "--set", "data.rolling=1.5"],
        expect: Fails(
            3,
            &[
                "key 'data.rolling': rolling is a whole number of periods (rolling = 3) or a table",
                "got 1.5",
            ],
        ),
    },
    Case {
        name: "--set data.rolling to text",
        args: &["compute", "-f", "ky-equity-2017", "--set", "data.rolling=\"3\""],
        expect: Fails(3, &["rolling is a whole number of periods", "got \"3\""]),
    },
    Case {
        name: "--set data.rolling to true",
        args: &["compute", "-f", "ky-equity-2017", "--set", "data.rolling=true"],
        expect: Fails(3, &["rolling is a whole number of periods", "got true"]),
    },
    Case {
        name: "--set data.rolling to an unknown weight",
        args: &[
            "compute",
            "-f",
            "ky-equity-2017",
            "--set",
            "data.rolling={periods=2,weight=\"pupils\"}",
        ],
        expect: Fails(3, &["key 'data.rolling.weight': unknown rolling weight 'pupils'"]),
    },
    // ---- allocation
    Case {
        name: "budget below the floors",
        args: &["allocate", "-s", "{fx}/scenario_floors.toml"],
        expect: Fails(5, &["program seni", "short by $1,300,000,000.00"]),
    },
    Case {
        name: "negative --budget",
        args: &["allocate", "--budget", "-5"],
        expect: Fails(2, &["is negative; an amount of money cannot be negative"]),
    },
    Case {
        name: "budget in cents on a formula that pays whole dollars",
        args: &["allocate", "--budget", "123456789.37"],
        expect: Fails(
            3,
            &[
                "--budget 123456789.37, key 'allocation.budget': $123,456,789.37 is not a whole number of dollars, and this allocation pays whole dollars (unit = \"dollar\")",
                "fix: round it to 123456789 or 123456790, or allocate to the cent with unit = \"cent\" under [allocation] (--set allocation.unit='\"cent\"')",
            ],
        ),
    },
    Case {
        name: "negative budget by --set",
        args: &["allocate", "--set", "budget=-5"],
        expect: Fails(2, &["--set budget=-5", "is negative"]),
    },
    Case {
        name: "a comma that is not a digit group in --budget (issue 29, case 1)",
        args: &["allocate", "--budget", "1,5M"],
        expect: Fails(
            2,
            &[
                "--budget 1,5M: '1,5M' has a comma that is not a digit group",
                "write 1.5M if the comma is a decimal mark, or 15M if it is not",
            ],
        ),
    },
    Case {
        name: "a decimal comma in --set budget= (case 1)",
        args: &["allocate", "--set", "budget=900,5"],
        expect: Fails(
            2,
            &["--set budget=900,5", "write 900.5 if the comma is a decimal mark, or 9005"],
        ),
    },
    Case {
        name: "a decimal comma in --budget-range (case 1)",
        args: &["sensitivity", "--draws", "10", "--budget-range", "0,9B:1B"],
        expect: Fails(2, &["--budget-range 0,9B:1B: '0,9B' has a comma", "write 0.9B"]),
    },
    Case {
        name: "a decimal comma in a scenario file's budget (case 1)",
        args: &["allocate", "-s", "{fx}/budget_comma.toml"],
        expect: Fails(3, &["budget_comma.toml:5, key 'allocation.budget'", "'1,5M' has a comma"]),
    },
    Case {
        name: "a TOML hexadecimal number in --set budget=, which --budget refuses (new case)",
        args: &["allocate", "--set", "budget=0x10"],
        expect: Fails(2, &["--set budget=0x10", "'0x10' is not an amount of dollars"]),
    },
    Case {
        name: "US digit groups in --budget (case 1)",
        args: &["allocate", "--budget", "1,500,000,000"],
        expect: Same(&["allocate", "--budget", "1.5B"]),
    },
    Case {
        name: "--budget and --set budget= both given (case 7)",
        args: &["allocate", "--budget", "900M", "--set", "budget=800M"],
        expect: Fails(
            2,
            &["--set budget=800M and --budget 900M both set allocation.budget", "give it once"],
        ),
    },
    Case {
        name: "a budget spelled 9e8 in a scenario file (case 15)",
        args: &["allocate", "-s", "{fx}/budget_9e8.toml"],
        expect: Same(&["allocate", "-s", "{fx}/budget_underscored.toml"]),
    },
    Case {
        name: "a weight spelled 2.0 or 2e0 is the formula of 2 (case 15's next case: one hash)",
        args: &["compute", "--set", "indicators.chronic_absence.weight=2e0"],
        expect: Same(&["compute", "--set", "indicators.chronic_absence.weight=2"]),
    },
    Case {
        name: "a budget written \"$900M\" in a scenario file (case 17)",
        args: &["allocate", "-s", "{fx}/budget_text.toml"],
        expect: Same(&["allocate", "--budget", "900M"]),
    },
    Case {
        name: "compare base FILE, a scenario without [scenario] (case 17)",
        args: &["compare", "base", "{fx}/bare_scenario.toml"],
        expect: Same(&["compare", "base", "{fx}/budget_underscored.toml"]),
    },
    Case {
        name: "compare --budget (case 22)",
        args: &["compare", "--budget", "900M"],
        expect: Fails(2, &["compare has no --budget", "seni compare base --set-b budget=900M"]),
    },
    Case {
        name: "tier weights near 1e304 (issue 29, case 5)",
        args: &[
            "allocate",
            "--set",
            "allocation.programs.seni.tier_weights=[5e304,4e304,3e304,2e304,1e304]",
        ],
        expect: SameTables(&["allocate"]),
    },
    Case {
        name: "a tier named with a dot, set through a quoted key (case 17)",
        args: &[
            "allocate",
            "-f",
            "{fx}/accented.toml",
            "--set",
            "allocation.programs.p.tier_weights.\"Tier 1.5\"=9",
        ],
        expect: Same(&["allocate", "-f", "{fx}/accented.toml", "-s", "{fx}/tier_15.toml"]),
    },
    Case {
        name: "a tier whose name holds '=', set through a quoted key (new case)",
        args: &[
            "allocate",
            "-f",
            "{fx}/tier_equals.toml",
            "--set",
            "allocation.programs.p.tier_weights.\"FRL >= 50%\"=9",
        ],
        expect: Same(&[
            "allocate",
            "-f",
            "{fx}/tier_equals.toml",
            "-s",
            "{fx}/tier_equals_scenario.toml",
        ]),
    },
    Case {
        name: "an indicator id typed with a combining accent (NFD) in --set (case 17)",
        args: &["compute", "-f", "{fx}/accented.toml", "--set", "indicators.pe\u{301}rez.weight=2"],
        expect: Same(&[
            "compute",
            "-f",
            "{fx}/accented.toml",
            "--set",
            "indicators.pérez.weight=2",
        ]),
    },
    Case {
        name: "tiers within a group of one (issue 29, case 3)",
        args: &[
            "allocate",
            "-f",
            "us-districts-2018",
            "-s",
            "{root}/formulas/scenarios/us-districts-by-state.toml",
        ],
        expect: Warns(&[
            "tiers within 'state': 3 groups have a single ranked district (District of Columbia (1100030), Hawaii (1500030), Puerto Rico (7200030)), so each is in tier 'Highest need' on its own",
        ]),
    },
    Case {
        name: "audit shares of 250% and -20%, and a negative margin of error (case 8)",
        args: &["audit", "-f", "{fx}/shares.toml", "-d", "{fx}/shares.csv"],
        expect: Fails(
            4,
            &[
                "shares.csv, row 2, column 'pct_black': 250 is not a share of 100 (group Black of [audit]",
                "shares.csv, row 3, column 'pct_black': -20 is not a share of 100",
                "shares.csv, row 2, column 'SP_MOE': -4 is a negative margin of error",
            ],
        ),
    },
    Case {
        name: "a district 210x the median, paid per pupil (case 18)",
        args: &["allocate", "-f", "{fx}/per_pupil.toml", "-d", "{fx}/big_district.csv"],
        expect: Warns(&[
            "enrolment 433000 is 210.7× the median district's 2055",
            "a per-pupil rate pays it for its own pupils",
        ]),
    },
    Case {
        name: "the same district sharing a pot (case 18)",
        args: &[
            "allocate",
            "-f",
            "{fx}/per_pupil.toml",
            "-d",
            "{fx}/big_district.csv",
            "-s",
            "{fx}/per_pupil_as_pot.toml",
        ],
        expect: Fails(4, &["the district would take a share of the pot out of all proportion"]),
    },
    Case {
        name: "Kentucky's suspensions by race count events, and the formula says so (issue 29)",
        args: &["audit", "-f", "ky-equity-2017", "-s", "{root}/formulas/scenarios/jcps.toml"],
        // No "a group's events are not more than its students" warning: the rule is not misapplied.
        expect: Warns(&[]),
    },
    Case {
        name: "no eligible school",
        args: &["allocate", "-s", "{fx}/scenario_no_eligible.toml"],
        expect: Fails(5, &["no school is eligible for program 'extra' (enrollment > 100000)"]),
    },
    // ---- output
    Case {
        name: "output in a missing directory",
        args: &["compute", "--out", "no/such/dir/out.csv"],
        expect: Fails(2, &["the directory of --out no/such/dir/out.csv does not exist"]),
    },
    Case {
        name: "output is the input",
        args: &["compute", "-d", "{out}", "--out", "{out}"],
        expect: Fails(2, &["is the input data file"]),
    },
    Case {
        name: "unwritable output",
        args: &["compute", "--out", "/proc/seni-test.csv"],
        expect: Fails(6, &["/proc/seni-test.csv"]),
    },
    Case {
        name: "output is a directory",
        args: &["compute", "--out", "."],
        expect: Fails(2, &["is a directory"]),
    },
    // ---- state formulas (New Jersey's SFRA)
    Case {
        name: "negative property value",
        args: &[
            "allocate",
            "-f",
            "nj-sfra-2020-21",
            "-d",
            "{fx}/nj_negative_property.csv",
            "--set",
            "allocation.solve.enabled=false",
        ],
        expect: Fails(
            4,
            &[
                "nj_negative_property.csv, row 3, column 'equalized_valuation'",
                "district 41/0030 (ALLAMUCHY TWP): equalized_valuation is -668339024",
                "a negative property value or income cannot make a local share",
                "correct the cell",
            ],
        ),
    },
    Case {
        name: "a weight that makes a cost negative",
        args: &[
            "allocate",
            "-f",
            "nj-sfra-2020-21",
            "--set",
            "allocation.schedules.at_risk_weight.low=-1",
            "--set",
            "allocation.schedules.at_risk_weight.high=-1",
        ],
        expect: Fails(
            5,
            &[
                "program at_risk_cost: district 01/0010 (ABSECON CITY) gets a negative cost",
                "a negative weight?",
            ],
        ),
    },
    Case {
        name: "a target the solver cannot bracket",
        args: &[
            "allocate",
            "-f",
            "nj-sfra-2020-21",
            "--set",
            "allocation.solve.target=40000000000",
        ],
        expect: Fails(
            5,
            &[
                "solve step property_alone: no value of property_multiplier in [0, 1] brings the total of equalization_aid to the target $40,000,000,000.00",
                "choose a target between",
                "or widen range",
            ],
        ),
    },
    Case {
        name: "a cap below a floor",
        args: &["allocate", "-f", "nj-sfra-2020-21", "-s", "{fx}/nj_cap_below_floor.toml"],
        expect: Fails(
            5,
            &[
                "program next_year: district 01/0010 (ABSECON CITY): the least change",
                "is above the cap on the increase",
                "a cap below a floor: lower min_increase_per_pupil or raise max_increase",
            ],
        ),
    },
    Case {
        name: "output onto a symbolic link (case 10)",
        args: &["compute", "--out", "{link}"],
        expect: Fails(2, &["is a symbolic link: seni writes its outputs only to regular files"]),
    },
    Case {
        name: "output onto a FIFO (case 10)",
        args: &["compute", "--out", "{fifo}"],
        expect: Fails(
            2,
            &["is a FIFO (named pipe): seni writes its outputs only to regular files"],
        ),
    },
    Case {
        name: "output onto a device (case 10)",
        args: &["compute", "--out", "/dev/null"],
        expect: Fails(2, &["/dev/null is a device", "give the path of a regular file"]),
    },
    Case {
        name: "output inside a file (case 17)",
        args: &["compute", "--out", "{out}/x.csv"],
        expect: Fails(2, &["previous.csv, is a file", "choose an --out inside a directory"]),
    },
    Case {
        name: "an output extension in capitals (case 17)",
        args: &["compute", "--out", "{dir}/X.JSON"],
        expect: Prints(&["X.JSON"]),
    },
    Case {
        name: "Excel to standard output",
        args: &["compute", "--format", "xlsx", "--out", "-"],
        expect: Fails(2, &["cannot be written to standard output"]),
    },
];

fn expand(arg: &str, fx: &Path, out: &Path) -> String {
    let dir = out.parent().unwrap();
    arg.replace("{root}", &root().to_string_lossy())
        .replace("{fx}", &fx.to_string_lossy())
        .replace("{out}", &out.to_string_lossy())
        .replace("{dir}", &dir.to_string_lossy())
        .replace("{link}", &dir.join("link.csv").to_string_lossy())
        .replace("{fifo}", &dir.join("fifo").to_string_lossy())
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir);
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs a case's arguments in `dir` (JSON to `out` unless the case names its own output).
fn run_case(args: &[&str], fx: &Path, dir: &Path, out: &Path) -> std::process::Output {
    let mut args: Vec<String> = args.iter().map(|a| expand(a, fx, out)).collect();
    // validate writes nothing; init and explicit --out cases name their own output.
    let own_out = args.iter().any(|a| a == "--out") || ["validate", "init"].contains(&&*args[0]);
    if !own_out {
        args.extend([
            "--format".into(),
            "json".into(),
            "--out".into(),
            out.to_string_lossy().into_owned(),
        ]);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    seni(dir, &refs)
}

/// A JSON output's formula hash and tables (everything but the metadata).
fn hash_and_tables(out: &Path) -> (String, serde_json::Value) {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let hash = v["metadata"]["formula_hash"].as_str().unwrap().to_string();
    v.as_object_mut().unwrap().remove("metadata");
    (hash, v)
}

/// One case's run: its directory, the previous output it must leave alone, and what it said.
struct Ran {
    dir: tempfile::TempDir,
    out: PathBuf,
    before: Vec<u8>,
    o: std::process::Output,
}

impl Ran {
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.o.stderr).into_owned()
    }

    fn succeeded(&self, case: &Case) {
        assert_eq!(
            self.o.status.code(),
            Some(0),
            "{}: should succeed; stderr:\n{}",
            case.name,
            self.err()
        );
    }
}

/// A failing case: its exit code, its texts and a fix, and nothing written or changed.
fn check_fails(case: &Case, r: &Ran, code: i32, texts: &[&str]) {
    let err = r.err();
    assert_eq!(r.o.status.code(), Some(code), "{}: exit code; stderr:\n{err}", case.name);
    for t in texts {
        assert!(err.contains(t), "{}: message lacks {t:?}:\n{err}", case.name);
    }
    assert!(err.contains("fix:"), "{}: no fix in the message:\n{err}", case.name);
    let now = std::fs::read(&r.out).unwrap();
    assert_eq!(now, r.before, "{}: the previous output was changed", case.name);
    let made = [r.dir.path().join("link.csv"), r.dir.path().join("fifo")];
    let left: Vec<PathBuf> =
        files_in(r.dir.path()).into_iter().filter(|p| !made.contains(p)).collect();
    assert_eq!(left, vec![r.out.clone()], "{}: a failing run created files", case.name);
}

/// An accepted case: the JSON metadata counts its warnings and holds these texts (and never the
/// events-above-students rule misapplied to Kentucky's suspensions).
fn check_warns(case: &Case, r: &Ran, texts: &[&str]) {
    r.succeeded(case);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&r.out).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    let warnings: Vec<String> = v["metadata"]["warning_messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    assert_eq!(v["metadata"]["warnings"].as_u64().unwrap() as usize, warnings.len());
    let misfired = warnings.iter().any(|w| w.contains("is above n_black"));
    assert!(!misfired, "{}: {warnings:?}", case.name);
    for t in texts {
        let found = warnings.iter().any(|w| w.contains(t));
        assert!(found, "{}: no warning {t:?} in {warnings:?}", case.name);
    }
}

/// A case accepted as the same value as other arguments: their tables (and hash) agree.
fn check_same(case: &Case, r: &Ran, fx: &Path, other: &[&str], hash: bool) {
    r.succeeded(case);
    let theirs = r.dir.path().join("same.json");
    let o = run_case(other, fx, r.dir.path(), &theirs);
    assert!(o.status.success(), "{}: {}", case.name, String::from_utf8_lossy(&o.stderr));
    let (mine, theirs) = (hash_and_tables(&r.out), hash_and_tables(&theirs));
    if hash {
        assert_eq!(mine.0, theirs.0, "{}: the formula hash", case.name);
    }
    assert_eq!(mine.1, theirs.1, "{}", case.name);
}

#[test]
fn bad_input_matrix() {
    let fx = root().join("tests/fixtures/bad");
    let mut counts = std::collections::BTreeMap::new();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        // A previous output that a failing run must leave untouched.
        let out = dir.path().join("previous.csv");
        std::fs::copy(fx.join("ok.csv"), &out).unwrap();
        let before = std::fs::read(&out).unwrap();
        if case.args.contains(&"{link}") {
            std::os::unix::fs::symlink(&out, dir.path().join("link.csv")).unwrap();
        }
        if case.args.contains(&"{fifo}") {
            let fifo = dir.path().join("fifo");
            assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        }
        let o = run_case(case.args, &fx, dir.path(), &out);
        let r = Ran { dir, out, before, o };
        let kind = match &case.expect {
            Fails(code, texts) => {
                check_fails(case, &r, *code, texts);
                format!("fails with exit {code}")
            }
            Warns(texts) => {
                check_warns(case, &r, texts);
                "accepted (with warnings where due)".to_string()
            }
            Prints(texts) => {
                r.succeeded(case);
                let said = String::from_utf8_lossy(&r.o.stdout);
                for t in *texts {
                    assert!(said.contains(t), "{}: output lacks {t:?}:\n{said}", case.name);
                }
                "accepted, saying so".to_string()
            }
            Same(other) => {
                check_same(case, &r, &fx, other, true);
                "accepted as the same value".to_string()
            }
            SameTables(other) => {
                check_same(case, &r, &fx, other, false);
                "accepted as the same value".to_string()
            }
        };
        *counts.entry(kind).or_insert(0) += 1;
    }
    eprintln!("bad-input matrix: {} cases: {counts:?}", CASES.len());
    assert!(CASES.len() >= 40);
}

#[test]
fn accepted_variants_give_the_same_index_as_the_clean_file() {
    let fx = root().join("tests/fixtures/bad");
    let index_of = |file: &str| {
        let f = seni::Formula::bundled("seni").unwrap();
        let c = crate::harness::run(&f, &[fx.join(file)]);
        (c.district().ids().to_vec(), c.index().iter().map(|x| x.to_bits()).collect::<Vec<_>>())
    };
    let clean = index_of("ok.csv");
    for variant in [
        "bom.csv",
        "crlf.csv",
        "semicolon.csv",
        "latin1.csv",
        "quoted_newline.csv",
        "utf16.csv",
        "cr_only.csv",
        "mid_quote.csv",
    ] {
        assert_eq!(index_of(variant), clean, "{variant}");
    }
    let f = seni::Formula::bundled("seni").unwrap();
    // A quote inside a cell that does not start with one is text, as the csv crate, Python and
    // pandas read it (it was a quoted field running into the next row, two schools made one).
    let c = crate::harness::run(&f, &[fx.join("mid_quote.csv")]);
    assert_eq!(c.district().names()[1], "Northridge High School 12\" wing");
    assert_eq!(c.district().names()[2], "San Pedro Heights High School 12\" wing");
    let c = crate::harness::run(&f, &[fx.join("latin1.csv")]);
    assert_eq!(c.district().names()[0], "Escuela Peñasco Élémentaire");
    let c = crate::harness::run(&f, &[fx.join("thousands_separator.csv")]);
    assert_eq!(c.district().numeric("enrollment").unwrap()[0], 1204.0);
}

/// A negative count is no rate: the school gets no disparity value, with the reason, and never a
/// negative ratio; whole counts give exact ratios (12 of 40 against 5 of 100 is 6, not
/// 5.999999999999999).
#[test]
fn a_negative_count_gives_no_disparity_and_whole_counts_exact_ratios() {
    let fx = root().join("tests/fixtures/bad");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index.csv");
    let (f, d) = (fx.join("disparity.toml"), fx.join("disparity_negative.csv"));
    let args = ["compute", "-f", f.to_str().unwrap(), "-d", d.to_str().unwrap()];
    let o = seni(
        dir.path(),
        &[&args[..], &["--set", "output.raw=true", "--out", "index.csv"]].concat(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let col = |name: &str| rows[0].iter().position(|h| *h == name).unwrap();
    let (raw, note) = (col("ratio_raw"), col("ratio_note"));
    assert_eq!(rows[1][raw], "6");
    assert_eq!(rows[2][raw], "");
    assert_eq!(rows[2][note], "ev_b is -2: a count of students cannot be negative");
    assert_eq!(rows[3][raw], "3");
}

/// A bad `[data] rolling` is inherited by every indicator but reported once, where it is written.
#[test]
fn a_bad_inherited_setting_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["compute", "-f", "ky-equity-2017", "--set", "data.rolling=0"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert_eq!(err.matches("rolling needs at least 1 period, got 0").count(), 1, "{err}");
}

/// Budgets are exact to the largest amount seni holds (issue 29, case 6): the cents of every
/// school add up to the budget as written, where dollars × 100 in floating point is a cent off.
#[test]
fn budgets_are_exact_to_the_cent_at_a_quadrillion() {
    let dir = tempfile::tempdir().unwrap();
    for (budget, cents) in [
        ("999999999999999.99", 99_999_999_999_999_999i128),
        ("123,456,789,012,345.67", 12_345_678_901_234_567),
        ("999999999999999", 99_999_999_999_999_900),
    ] {
        let args = ["allocate", "--budget", budget, "--set", "allocation.unit=\"cent\""];
        let o = seni(dir.path(), &[&args[..], &["--out", "a.csv"]].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(dir.path().join("a.csv")).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let at = rows.headers().unwrap().iter().position(|h| h == "seni").unwrap();
        let sum: i128 = rows
            .records()
            .map(|r| {
                let cell = r.unwrap()[at].to_string();
                let (d, c) = cell.split_once('.').unwrap();
                d.parse::<i128>().unwrap() * 100 + c.parse::<i128>().unwrap()
            })
            .sum();
        assert_eq!(sum, cents, "--budget {budget}");
    }
}

/// Warnings are ranked by consequence (issue 29, cases 3 and 9): what changes money or tiers
/// comes first in the terminal and in the metadata, and is never folded into "… and N more".
#[test]
fn warnings_that_change_money_or_tiers_come_first() {
    let fx = root().join("tests/fixtures/bad");
    let dir = tempfile::tempdir().unwrap();
    let runs = [
        (
            vec!["allocate", "-f", "periods.toml", "-d", "one_period_noisy.csv"],
            "prior_period = true, but 2023 is the first period of the data",
        ),
        (
            vec!["allocate", "-f", "us-districts-2018", "-s", "by_state.toml"],
            "tiers within 'state': 3 groups have a single ranked district (District of Columbia (1100030), Hawaii (1500030), Puerto Rico (7200030)), so each is in tier 'Highest need' on its own",
        ),
    ];
    let scenario = root().join("formulas/scenarios/us-districts-by-state.toml");
    std::fs::copy(scenario, dir.path().join("by_state.toml")).unwrap();
    for f in ["periods.toml", "one_period_noisy.csv"] {
        std::fs::copy(fx.join(f), dir.path().join(f)).unwrap();
    }
    for (args, first) in runs {
        let o = seni(dir.path(), &[&args[..], &["--format", "json", "--out", "a.json"]].concat());
        let said = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).unwrap()).unwrap();
        let messages = v["metadata"]["warning_messages"].as_array().unwrap();
        assert!(messages[0].as_str().unwrap().starts_with(first), "{messages:?}");
        let listed = said.lines().find(|l| l.starts_with("  warning: ")).unwrap();
        assert!(listed.starts_with(&format!("  warning: {first}")), "{said}");
    }
}

/// An `--affected` list's students are whole people (issue 29, case 17: shares of a district's
/// children gave 3556.7070000000003), however its ids are typed (case 13).
#[test]
fn affected_students_are_whole() {
    let fx = root().join("tests/fixtures/bad");
    let dir = tempfile::tempdir().unwrap();
    let list = fx.join("affected_unpadded.txt");
    let args = ["audit", "-f", "us-districts-2018", "--affected", list.to_str().unwrap()];
    let o = seni(dir.path(), &[&args[..], &["--format", "json", "--out", "a.json"]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).unwrap()).unwrap();
    let rows = v["affected"].as_array().unwrap();
    assert!(rows.len() > 2 && rows[0]["affected_students"].as_f64() > Some(0.0), "{rows:?}");
    for row in rows {
        let n = row["affected_students"].as_f64().unwrap();
        assert!(n >= 0.0 && n.fract() == 0.0, "{row}");
    }
}
