//! Excel: one sheet per table (numbers as numbers, money and dollars per pupil with a currency format, frozen
//! header row) and a `metadata` sheet; a fixed creation date keeps the workbook byte-identical.

use super::document::{Document, Exporter};
use super::meta::Meta;
use crate::error::{Error, Result};
use crate::num::round_half_up;
use crate::table::{Cell, Table, neutralise};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The Excel exporter.
pub(super) struct Xlsx;

fn wrap(e: XlsxError) -> Error {
    Error::io("xlsx", std::io::Error::other(e.to_string()), "")
}

fn sheet(ws: &mut Worksheet, t: &Table, bold: &Format, money: &Format) -> Result<()> {
    ws.set_name(&t.name).map_err(wrap)?;
    for (j, c) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, neutralise(c), bold).map_err(wrap)?;
    }
    for (i, r) in t.rows.iter().enumerate() {
        let row = (i + 1) as u32;
        for (j, c) in r.iter().enumerate() {
            let col = j as u16;
            match c {
                Cell::Text(s) => ws.write_string(row, col, neutralise(s)).map(|_| ()),
                Cell::Num(x, d) => ws
                    .write_number(row, col, d.map(|d| round_half_up(*x, d)).unwrap_or(*x))
                    .map(|_| ()),
                Cell::Dollars(x) => {
                    ws.write_number_with_format(row, col, round_half_up(*x, 2), money).map(|_| ())
                }
                Cell::Int(v) => ws.write_number(row, col, *v as f64).map(|_| ()),
                Cell::Money(m) => {
                    ws.write_number_with_format(row, col, *m as f64 / 100.0, money).map(|_| ())
                }
                Cell::Missing => Ok(()),
            }
            .map_err(wrap)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(wrap)?;
    Ok(())
}

fn metadata(ws: &mut Worksheet, meta: &Meta) -> Result<()> {
    ws.set_name("metadata").map_err(wrap)?;
    let lines = meta.lines();
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, k).map_err(wrap)?;
        ws.write_string(i as u32, 1, neutralise(v)).map_err(wrap)?;
    }
    for (i, w) in meta.warnings.iter().enumerate() {
        let row = (lines.len() + i) as u32;
        ws.write_string(row, 0, "warning").map_err(wrap)?;
        ws.write_string(row, 1, neutralise(w)).map_err(wrap)?;
    }
    Ok(())
}

impl Exporter for Xlsx {
    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let meta = doc.meta;
        let mut wb = Workbook::new();
        // A fixed creation date keeps the workbook byte-identical across runs.
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(wrap)?;
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&created)
                .set_title(&meta.formula)
                .set_comment(format!("seni {} formula hash {}", meta.version, meta.formula_hash)),
        );
        let bold = Format::new().set_bold();
        let money = Format::new().set_num_format("$#,##0.00");
        for t in &doc.tables {
            sheet(wb.add_worksheet(), &t.materialise(), &bold, &money)?;
        }
        metadata(wb.add_worksheet(), meta)?;
        wb.save_to_buffer().map_err(wrap)
    }
}
