//! Atomic writes: a temporary file in the target directory, then a rename.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes bytes to `path` atomically: a temporary file in the same directory, then a rename,
/// so a run killed midway leaves any previous file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, &mut |w| {
        w.write_all(bytes).map_err(|e| Error::io(path.display().to_string(), e, ""))
    })
}

/// As [`write_atomic`], the bytes written by `write` through a buffer (a large output is never
/// held whole).
pub fn write_atomic_with(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let shown = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::io(
            &shown,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the output directory does not exist",
            ),
            format!("create {} first or choose another --out", dir.display()),
        ));
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let io =
        |e: std::io::Error| Error::io(&shown, e, "check that the output directory is writable");
    let result = (|| -> Result<()> {
        let file = std::fs::File::create(&tmp).map_err(io)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
