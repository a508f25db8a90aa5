//! Atomic writes: a temporary file in the target directory, then a rename.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes bytes to `path` atomically: a temporary file in the same directory, then a rename,
/// so a run killed midway leaves any previous file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut files = OutputFiles::default();
    files.write(path, bytes)?;
    files.commit()
}

/// As [`write_atomic`], the bytes written by `write` through a buffer (a large output is never
/// held whole).
pub fn write_atomic_with(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut files = OutputFiles::default();
    files.write_with(path, write)?;
    files.commit()
}

/// Outputs are written only to regular files: a path that is a symbolic link, a device, a FIFO
/// or a socket is refused (renaming a file over it would replace the link or the device node,
/// and a FIFO's reader would wait for a file that never comes). A path that does not exist yet
/// is fine.
pub fn check_regular(path: &Path) -> Result<()> {
    let Ok(m) = std::fs::symlink_metadata(path) else { return Ok(()) };
    let t = m.file_type();
    let what = if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() || t.is_dir() {
        return Ok(());
    } else {
        special_kind(&t)
    };
    Err(Error::usage(
        format!("{} is {what}: seni writes its outputs only to regular files", path.display()),
        "give the path of a regular file (or --out - for standard output)",
    ))
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a socket"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// A run's output files and the directories made for them, written all or nothing: each file
/// goes to a temporary file beside it, and only [`OutputFiles::commit`] renames them into
/// place. Dropped without a commit (the run failed), the temporary files are removed, and so
/// are the directories made for them if still empty: no partial output, no empty folders.
#[derive(Debug, Default)]
pub struct OutputFiles {
    /// (temporary file, final path), in the order written.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Directories made, outermost first.
    created: Vec<PathBuf>,
    committed: bool,
}

impl OutputFiles {
    /// Creates `dir` and any missing parents, remembering which were new.
    pub fn create_dir(&mut self, dir: &Path) -> Result<()> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir.display().to_string(), e, "choose a writable directory"))?;
        self.created.extend(missing.into_iter().rev());
        Ok(())
    }

    /// Stages bytes for `path`.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        self.write_with(path, &mut |w| {
            w.write_all(bytes).map_err(|e| Error::io(path.display().to_string(), e, ""))
        })
    }

    /// Stages the bytes `write` writes for `path`, through a buffer.
    pub fn write_with(
        &mut self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let shown = path.display().to_string();
        check_regular(path)?;
        if !dir.is_dir() {
            let e = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the output directory does not exist",
            );
            let fix = format!("create {} first or choose another --out", dir.display());
            return Err(Error::io(&shown, e, fix));
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        // Recorded first, so a failure below removes the temporary file too.
        self.staged.push((tmp.clone(), path.to_path_buf()));
        let io = |e: std::io::Error| io_error(&shown, dir, e);
        let file = std::fs::File::create(&tmp).map_err(io)?;
        let mut w =
            Keeping { inner: std::io::BufWriter::with_capacity(1 << 20, file), error: None };
        // A format's own error for a failed write is replaced by one naming this file.
        if let Err(e) = write(&mut w) {
            return Err(w.error.take().map_or(e, io));
        }
        let file = w.inner.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)
    }

    /// Moves every staged file into place.
    pub fn commit(mut self) -> Result<()> {
        for (tmp, path) in std::mem::take(&mut self.staged) {
            let dir = path.parent().unwrap_or(Path::new("."));
            std::fs::rename(&tmp, &path)
                .map_err(|e| io_error(&path.display().to_string(), dir, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for OutputFiles {
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
        if !self.committed {
            for d in self.created.iter().rev() {
                let _ = std::fs::remove_dir(d);
            }
        }
    }
}

/// An output file's I/O error, with the fix for a full disk.
fn io_error(shown: &str, dir: &Path, e: std::io::Error) -> Error {
    let fix = if e.kind() == std::io::ErrorKind::StorageFull {
        format!("free space on the disk holding {}, or choose another --out", dir.display())
    } else {
        "check that the output directory is writable".to_string()
    };
    Error::io(shown, e, fix)
}

/// A writer that keeps the first I/O error it meets, so that the error can name the file.
struct Keeping<W: Write> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Keeping<W> {
    fn keep(&mut self, e: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(e.kind(), e.to_string());
        self.error.get_or_insert(e);
        copy
    }
}

impl<W: Write> Write for Keeping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
}
