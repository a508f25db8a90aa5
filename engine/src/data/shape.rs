//! The shape of a CSV text: its delimiter, and that every record has as many fields as the header.

use crate::error::{Error, Location, Result};

/// The delimiter of a header line: comma, semicolon, tab or `|`, whichever appears most outside quotes.
pub(crate) fn sniff_separator(header: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|c| c.1).filter(|c| c.1 > 0).map(|c| c.0).unwrap_or(b',')
}

/// Where the header ends: the first line break outside quotes (a header cell may hold a quoted
/// line break).
pub(crate) fn header_end(text: &[u8]) -> usize {
    let mut quoted = false;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return i,
            _ => {}
        }
    }
    text.len()
}

/// Counts fields per record, quote-aware, in one pass over the bytes.
struct Records {
    fields: usize,
    quoted: bool,
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
    let mut r = Records { fields: 1, quoted: false, record: 0, width: 0, empty: true, blank: None };
    for &b in body {
        match b {
            b'"' => {
                r.quoted = !r.quoted;
                r.empty = false;
            }
            b'\n' if !r.quoted => {
                r.finish(source)?;
                r.record += 1;
                r.fields = 1;
                r.empty = true;
            }
            b'\r' if !r.quoted => {}
            _ if b == sep && !r.quoted => {
                r.fields += 1;
                r.empty = false;
            }
            _ => r.empty = false,
        }
    }
    if r.quoted {
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
