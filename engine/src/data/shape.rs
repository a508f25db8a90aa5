//! The shape of a CSV text: its delimiter, and that every record has as many fields as the header.

use crate::error::{Error, Location, Result};

/// The delimiter of a header line: comma, semicolon, tab or `|`, whichever appears most outside quotes.
pub(crate) fn sniff_separator(header: &[u8]) -> u8 {
    let mut counts = DELIMITERS.map(|d| (d, 0usize));
    let mut q = Quotes::FieldStart;
    for &b in header {
        if q.ends_field(b, &DELIMITERS) {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|c| c.1).filter(|c| c.1 > 0).map(|c| c.0).unwrap_or(b',')
}

/// The delimiters a header may use.
pub(crate) const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Where a byte of a CSV text stands: a quote opens a quoted field only at the start of a field
/// (as the csv crate, Python and pandas read it: in `12" wing` it is text), and inside one a
/// doubled quote is a quote and a single one closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quotes {
    /// At the start of a field.
    FieldStart,
    /// In a field that did not start with a quote.
    Plain,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field (it closes the field unless another follows).
    QuoteSeen,
}

impl Quotes {
    /// Reads one byte; true when it ends a field or a record: a delimiter in `seps` or a line
    /// feed, outside quotes.
    pub(crate) fn ends_field(&mut self, b: u8, seps: &[u8]) -> bool {
        use Quotes::*;
        match (*self, b) {
            (Quoted, b'"') => *self = QuoteSeen,
            (Quoted, _) | (_, b'\r') => {}
            (FieldStart | QuoteSeen, b'"') => *self = Quoted,
            (_, b'\n') => {
                *self = FieldStart;
                return true;
            }
            _ if seps.contains(&b) => {
                *self = FieldStart;
                return true;
            }
            _ => *self = Plain,
        }
        false
    }

    /// Whether a quoted field is still open.
    pub(crate) fn open(self) -> bool {
        self == Quotes::Quoted
    }
}

/// Where the header ends: the first line break outside quotes (a header cell may hold a quoted
/// line break). A field starts after a delimiter in `seps`: any the header may use, to find the
/// line the delimiter is sniffed from, then the delimiter found, as the rows are read.
pub(crate) fn header_end(text: &[u8], seps: &[u8]) -> usize {
    let mut q = Quotes::FieldStart;
    text.iter().position(|&b| q.ends_field(b, seps) && b == b'\n').unwrap_or(text.len())
}

/// Counts fields per record, quote-aware, in one pass over the bytes.
struct Records {
    fields: usize,
    quotes: Quotes,
    record: usize,
    width: usize,
    empty: bool,
    /// The first blank record (an error unless only blank lines follow it).
    blank: Option<usize>,
}

impl Records {
    /// Checks a finished record against the header's width.
    fn finish(&mut self, source: &str) -> Result<()> {
        if self.record == 0 {
            self.width = self.fields;
            return Ok(());
        }
        if self.empty && self.fields == 1 {
            self.blank = self.blank.or(Some(self.record));
            return Ok(());
        }
        if let Some(blank) = self.blank {
            return Err(Error::data(
                Location::file(source).row(blank),
                "the row is blank",
                "delete blank lines inside the table (blank lines at the end are fine)",
            ));
        }
        if self.fields == self.width {
            return Ok(());
        }
        let (msg, fix) = {
            (
                format!("row has {} fields but the header has {}", self.fields, self.width),
                "check for an unquoted delimiter or a missing cell in that row (quote text that contains the delimiter)",
            )
        };
        Err(Error::data(Location::file(source).row(self.record), msg, fix))
    }
}

/// Checks that every record has as many fields as the header: a short or long row would
/// otherwise shift or blank values silently.
pub(crate) fn check_shape(source: &str, body: &[u8], sep: u8) -> Result<()> {
    let quotes = Quotes::FieldStart;
    let mut r = Records { fields: 1, quotes, record: 0, width: 0, empty: true, blank: None };
    for &b in body {
        match (r.quotes.ends_field(b, &[sep]), b) {
            (true, b'\n') => {
                r.finish(source)?;
                r.record += 1;
                r.fields = 1;
                r.empty = true;
            }
            (true, _) => {
                r.fields += 1;
                r.empty = false;
            }
            // A carriage return outside quotes is part of a line end (inside, the field has a quote).
            (false, b'\r') => {}
            _ => r.empty = false,
        }
    }
    if r.quotes.open() {
        return Err(Error::data(
            Location::file(source).row(r.record),
            "a quote is never closed",
            "check the quoting: text with the delimiter or a line break must be in double quotes, and quotes inside doubled (\"\")",
        ));
    }
    if !r.empty {
        r.finish(source)?;
    }
    Ok(())
}
