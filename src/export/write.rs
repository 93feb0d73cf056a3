//! Atomic output: every file is written to a temporary file beside its target and renamed into
//! place, so an interrupted or failed run leaves the previous file intact; files that belong
//! together are all written before any is renamed ([`Staged`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes `contents` to `path` atomically, creating its directory.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |out| out.write_all(contents))
}

/// Writes to `path` atomically whatever `write` writes, creating its directory. The text goes
/// straight to the temporary file through a buffer, so a large product (the million-claim graph's
/// JSON is 900 MB) is never held whole in memory. When `write` fails, the temporary file is
/// removed and the previous file at `path` stays as it was.
pub fn write_atomic_with<F>(path: &Path, write: F) -> std::io::Result<()>
where
    F: FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
{
    Staged::write(path, write)?.put_in_place()
}

/// A file written in full to a temporary name beside its target, not yet in place. Products
/// that belong together (a graph's JSON, snapshot and DOT) are all staged first and put in place
/// only when every one was written: a run that fails half-way changes none of them. Dropped
/// without [`Staged::put_in_place`], the temporary file is removed.
pub struct Staged {
    file: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl Staged {
    /// Writes whatever `write` writes to a temporary file beside `path`, creating its directory,
    /// and syncs it to disk.
    pub fn write<F>(path: &Path, write: F) -> std::io::Result<Staged>
    where
        F: FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
    {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let file = tempfile::Builder::new()
            .prefix(".actorgraph-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        {
            // Large writes pass the buffer by; the many small ones of a serialiser fill it.
            let mut out = BufWriter::with_capacity(BUFFER_BYTES, file.as_file());
            write(&mut out)?;
            out.flush()?;
        }
        // Temporary files are created private (0600); products are meant to be read by others.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        file.as_file().sync_all()?;
        Ok(Staged {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the temporary file over its target.
    pub fn put_in_place(self) -> std::io::Result<()> {
        self.file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The write buffer of [`write_atomic_with`].
const BUFFER_BYTES: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    }

    #[test]
    fn files_staged_together_change_nothing_when_one_fails() {
        let dir = tempfile::tempdir().unwrap();
        let (json, dot) = (dir.path().join("g.json"), dir.path().join("g.dot"));
        write_atomic(&json, b"old json").unwrap();
        write_atomic(&dot, b"old dot").unwrap();
        let first = Staged::write(&json, |out| out.write_all(b"new json")).unwrap();
        let second = Staged::write(&dot, |out| {
            out.write_all(b"new d")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(second.is_err());
        drop(first);
        assert_eq!(std::fs::read(&json).unwrap(), b"old json");
        assert_eq!(std::fs::read(&dot).unwrap(), b"old dot");
        let mut names = names_in(dir.path());
        names.sort();
        assert_eq!(names, ["g.dot", "g.json"], "no temporary file is left behind");
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/graph.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names_in(path.parent().unwrap()), ["graph.json"]);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        write_atomic(&path, b"first").unwrap();
        let failed = write_atomic_with(&path, |out| {
            // More than the buffer, so that part of it has reached the temporary file.
            out.write_all(&vec![b'x'; 3 * BUFFER_BYTES])?;
            Err(std::io::Error::other("serialiser failed"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "serialiser failed");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert_eq!(names_in(dir.path()), ["graph.json"]);
    }
}
