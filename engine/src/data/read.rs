//! Reading a CSV file or CSV bytes: encoding, limits, delimiter, shape and header checks, then
//! the columns a caller wants, as text or numbers.

use super::scan::{Plan, Want, scan};
use super::shape::{DELIMITERS, check_shape, header_end, sniff_separator};
use super::table::{Body, RawTable};
use crate::error::{Error, Location, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Largest data file read (bytes): the whole file is held in memory with its parsed cells.
pub const MAX_BYTES: usize = 2 << 30;

/// Most columns in a data file.
pub const MAX_COLUMNS: usize = 10_000;

/// Longest line (bytes).
pub const MAX_CELL: usize = 1 << 20;

/// SHA-256 of bytes, first 16 hex digits.
pub(crate) fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Reads the wanted columns of a CSV file (`want` says how to read a column by its name).
pub(crate) fn read_csv_select(path: &Path, want: &Wanted, markers: &[String]) -> Result<RawTable> {
    let bytes = read_file(path)?;
    read_body(&path.display().to_string(), Body::Owned(bytes), want, markers)
}

/// A data file's bytes, read once (so a pipe or process substitution works), refusing a
/// directory and a file above the size limit.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    if let Ok(m) = std::fs::metadata(path) {
        if m.is_dir() {
            let e = std::io::Error::other("this is a directory");
            return Err(Error::io(&shown, e, "give the path of a CSV file"));
        }
        if m.len() as usize > MAX_BYTES {
            return Err(Error::data(
                Location::file(&shown),
                format!("the file is {} bytes, above the {} byte limit", m.len(), MAX_BYTES),
                "split the district into smaller files",
            ));
        }
    }
    std::fs::read(path).map_err(|e| {
        let fix = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path (see --data)"
        } else {
            "check the file's permissions"
        };
        Error::io(&shown, e, fix)
    })
}

/// How to read a column by its name (None: not at all).
pub(crate) type Wanted<'a> = dyn Fn(&str) -> Option<Want> + 'a;

/// UTF-8 text; UTF-16 with its byte-order mark (Excel's "Unicode text"); or, failing both,
/// Latin-1 — each made UTF-8 with a note.
fn decode(body: Body, notes: &mut Vec<String>) -> Body {
    if let Some(text) = utf16(&body) {
        notes.push("UTF-16 text (byte-order mark); read as UTF-8".into());
        return Body::Owned(text.into_bytes());
    }
    match std::str::from_utf8(&body) {
        Ok(_) => body,
        Err(e) => {
            let line = body[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            notes.push(format!("not UTF-8 (first bad byte on line {line}); read as Latin-1"));
            Body::Owned(body.iter().map(|&b| b as char).collect::<String>().into_bytes())
        }
    }
}

/// Lines ended by a carriage return alone (an old Mac CSV: Excel's "CSV (Macintosh)") made
/// line feeds, with a note; a file whose first line ends otherwise is kept as it is.
fn line_breaks(body: Body, notes: &mut Vec<String>) -> Body {
    let lone_cr = |b: &[u8], i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    match body.iter().position(|&b| b == b'\r' || b == b'\n') {
        Some(i) if lone_cr(&body, i) => {}
        _ => return body,
    }
    notes.push(
        "lines end with a carriage return alone (an old Mac CSV); read as line breaks".into(),
    );
    let mut text = body.to_vec();
    for i in 0..text.len() {
        if lone_cr(&text, i) {
            text[i] = b'\n';
        }
    }
    Body::Owned(text)
}

/// Text in UTF-16 with a byte-order mark (little- or big-endian), decoded; None otherwise.
fn utf16(bytes: &[u8]) -> Option<String> {
    let unit: fn([u8; 2]) -> u16 = match bytes.get(..2)? {
        [0xFF, 0xFE] => u16::from_le_bytes,
        [0xFE, 0xFF] => u16::from_be_bytes,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|c| unit([c[0], c[1]]));
    Some(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect())
}

/// A spreadsheet workbook given as a CSV file (an `.xlsx` is a zip archive, an `.xls` or `.ods`
/// a compound file) is refused with how to save it as CSV.
fn not_a_spreadsheet(source: &str, bytes: &[u8]) -> Result<()> {
    let kind = if bytes.starts_with(b"PK\x03\x04") {
        "a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)"
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        "an Excel .xls workbook"
    } else {
        return Ok(());
    };
    Err(Error::data(
        Location::file(source),
        format!("the file is {kind}, not CSV text"),
        "open it in Excel or LibreOffice and save it as CSV (File > Save As > CSV UTF-8), then give seni that file",
    ))
}

/// Size limits: file size, columns in the header, line length.
fn check_limits(source: &str, bytes: &[u8], body: &[u8], columns: usize) -> Result<()> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::data(
            Location::file(source),
            format!("the data is {} bytes, above the {MAX_BYTES} byte limit", bytes.len()),
            "split the district into smaller files",
        ));
    }
    if columns > MAX_COLUMNS {
        return Err(Error::data(
            Location::file(source).line(1),
            format!("the header has {columns} columns, above the {MAX_COLUMNS} column limit"),
            "check that this is the right file and delimiter",
        ));
    }
    if let Some((line, _)) =
        body.split(|&b| b == b'\n').enumerate().find(|(_, l)| l.len() > MAX_CELL)
    {
        return Err(Error::data(
            Location::file(source).line(line + 1),
            format!("line {} is longer than {MAX_CELL} bytes", line + 1),
            "check the file for an unclosed quote or a missing line break",
        ));
    }
    Ok(())
}

/// The header's column names (trimmed), refusing a name that appears twice.
fn header_names(source: &str, body: &[u8], sep: u8) -> Result<Vec<String>> {
    let names: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .from_reader(body)
        .headers()
        .map(|h| h.iter().map(|x| crate::grammar::nfc(x.trim()).into_owned()).collect())
        .unwrap_or_default();
    let mut seen = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(j) = seen.insert(n.as_str(), i) {
            return Err(Error::data(
                Location::file(source).line(1).column(n.as_str()),
                format!("the header has column '{n}' twice (columns {} and {})", j + 1, i + 1),
                "rename one of them so every column name is unique",
            ));
        }
    }
    Ok(names)
}

/// Reads the wanted columns of CSV bytes; the others are checked for shape only.
pub(crate) fn read_body(
    source: &str,
    bytes: Body,
    want: &Wanted,
    markers: &[String],
) -> Result<RawTable> {
    not_a_spreadsheet(source, &bytes)?;
    let hash = short_hash(&bytes);
    let mut notes = Vec::new();
    let body = Arc::new(line_breaks(decode(bytes, &mut notes), &mut notes));
    let bom = if body.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    // Blank lines before the header are not the header (the CSV reader skips them too).
    let start = bom + body[bom..].iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
    let text = &body[start..];
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        let fix = "export the table again with a header row and one row per school";
        return Err(Error::data(Location::file(source), "the file is empty", fix));
    }
    let sep = sniff_separator(&text[..header_end(text, &DELIMITERS)]);
    // The header as the rows are read: a quote opens a field only after this delimiter.
    let header_end = header_end(text, &[sep]);
    let columns = text[..header_end].iter().filter(|&&b| b == sep).count() + 1;
    check_limits(source, &body, text, columns)?;
    let decimal_comma = sep == b';';
    if decimal_comma {
        notes.push(
            "delimiter ';' detected: a comma in a number is its decimal mark (50,5 = 50.5)".into(),
        );
    } else if sep != b',' {
        notes.push(format!("delimiter '{}' detected", sep as char));
    }
    check_shape(source, text, sep)?;
    let header = header_names(source, text, sep)?;
    let plan = Plan { fields: header.iter().map(|h| want(h)).collect(), markers };
    let first_row = (start + header_end + 1).min(body.len());
    let (cells, rows) = scan(Arc::clone(&body), first_row, sep, &plan);
    if rows == 0 {
        let fix = "add one row per school below the header";
        return Err(Error::data(
            Location::file(source),
            "the file has a header but no data rows",
            fix,
        ));
    }
    let names =
        header.iter().zip(&plan.fields).filter(|(_, w)| w.is_some()).map(|(h, _)| h.clone());
    let columns = names.zip(cells).collect();
    let source = source.to_string();
    let joined = HashMap::new();
    Ok(RawTable { source, columns, rows, hash, notes, header, decimal_comma, joined })
}
