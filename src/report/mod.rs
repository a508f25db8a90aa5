//! A self-contained HTML report (summary, tables, inline SVG charts) an advocate can open or
//! print.

mod html;
mod sections;

pub(crate) use sections::report_page;
