//! Reading a CSV file or CSV bytes: encoding, limits, delimiter, shape and header checks, then
//! the columns a caller keeps, as text.

use super::shape::{check_shape, sniff_separator};
use super::table::RawTable;
use crate::error::{Error, Location, Result};
use polars::prelude::*;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

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

/// Reads the columns `keep` accepts from a CSV file.
pub(crate) fn read_csv_select(path: &Path, keep: &dyn Fn(&str) -> bool) -> Result<RawTable> {
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
    let bytes = std::fs::read(path).map_err(|e| {
        let fix = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path (see --data)"
        } else {
            "check the file's permissions"
        };
        Error::io(&shown, e, fix)
    })?;
    read_bytes_select(&shown, &bytes, keep)
}

/// UTF-8 text (a BOM skipped) or, failing that, Latin-1 with a note.
fn decode<'a>(bytes: &'a [u8], notes: &mut Vec<String>) -> Cow<'a, [u8]> {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.into(),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            notes.push(format!("not UTF-8 (first bad byte on line {line}); read as Latin-1"));
            bytes.iter().map(|&b| b as char).collect::<String>().into_bytes().into()
        }
    }
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

/// The header's column names, refusing a name that appears twice (polars would rename it).
fn header_names(source: &str, body: &[u8], sep: u8) -> Result<Vec<String>> {
    let names: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .from_reader(body)
        .headers()
        .map(|h| h.iter().map(|x| x.trim().to_string()).collect())
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

/// Reads the columns `keep` accepts from CSV bytes; the others are checked for shape only.
pub(crate) fn read_bytes_select(
    source: &str,
    bytes: &[u8],
    keep: &dyn Fn(&str) -> bool,
) -> Result<RawTable> {
    let hash = short_hash(bytes);
    let mut notes = Vec::new();
    let text = decode(bytes, &mut notes);
    let body: &[u8] = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        let fix = "export the table again with a header row and one row per school";
        return Err(Error::data(Location::file(source), "the file is empty", fix));
    }
    let header_end = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
    let sep = sniff_separator(&body[..header_end]);
    let columns = body[..header_end].iter().filter(|&&b| b == sep).count() + 1;
    check_limits(source, bytes, body, columns)?;
    if sep != b',' {
        notes.push(format!("delimiter '{}' detected", sep as char));
    }
    check_shape(source, body, sep)?;
    let header = header_names(source, body, sep)?;
    let frame = read_frame(source, body, sep, &header, keep)?;
    Ok(RawTable { source: source.to_string(), frame, hash, notes, header })
}

/// The kept columns as text, with stray spaces around header names trimmed.
fn read_frame(
    source: &str,
    body: &[u8],
    sep: u8,
    header: &[String],
    keep: &dyn Fn(&str) -> bool,
) -> Result<DataFrame> {
    let mut projection: Vec<usize> =
        header.iter().enumerate().filter(|(_, n)| keep(n)).map(|(i, _)| i).collect();
    if projection.is_empty() {
        // None of the wanted columns is here: read one so the missing ones can be reported.
        projection.push(0);
    }
    let opts = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .with_projection((projection.len() < header.len()).then(|| std::sync::Arc::new(projection)))
        .map_parse_options(|p| p.with_separator(sep).with_missing_is_null(true));
    let mut frame = opts.into_reader_with_file_handle(Cursor::new(body)).finish().map_err(|e| {
        let fix = "check that the file is a CSV with one header row";
        Error::data(Location::file(source), format!("cannot read the CSV: {e}"), fix)
    })?;
    if frame.height() == 0 {
        let fix = "add one row per school below the header";
        return Err(Error::data(
            Location::file(source),
            "the file has a header but no data rows",
            fix,
        ));
    }
    let names: Vec<String> = frame.get_column_names().iter().map(|s| s.to_string()).collect();
    let trimmed: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    if trimmed != names {
        frame
            .set_column_names(&trimmed)
            .map_err(|e| Error::data(Location::file(source), e.to_string(), ""))?;
    }
    Ok(frame)
}
