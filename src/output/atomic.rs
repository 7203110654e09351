//! Files that appear complete or not at all, and leave nothing behind when the process dies.
//!
//! A file is written unnamed (Linux's `O_TMPFILE`: an inode in the target's directory with no
//! name, freed by the kernel if the process dies, even by `kill -9`), then linked under a
//! temporary name and renamed over its path in one step each. Where the file system has no
//! unnamed files (some network file systems), it is written under a temporary name that carries
//! the host and process (`NAME.tmp-HOST-PID`), removed on any error, and removed by the next run
//! into that directory ([`remove_stale`]) once that process is gone.

use crate::error::{Error, Result};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A file being written; [`AtomicFile::commit`] gives it its name, dropping it leaves nothing.
pub struct AtomicFile {
    file: File,
    path: PathBuf,
    /// The temporary name of a named temporary, `None` for an unnamed file.
    temp: Option<PathBuf>,
}

impl AtomicFile {
    /// Starts the file that will be `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        AtomicFile::open(path).map_err(|e| Error::cannot_write(path, e))
    }

    /// [`AtomicFile::create`] with the system's error.
    pub fn open(path: &Path) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Some(file) = unnamed(dir)? {
            return Ok(AtomicFile {
                file,
                path: path.to_path_buf(),
                temp: None,
            });
        }
        let temp = temp_name(path);
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        Ok(AtomicFile {
            file,
            path: path.to_path_buf(),
            temp: Some(temp),
        })
    }

    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// A second handle on the file (sharing its position): for positioned reads of what was
    /// written, or a buffered writer.
    pub fn handle(&self) -> io::Result<File> {
        self.file.try_clone()
    }

    /// Flushes the file to disk and gives it its name, replacing any file there.
    pub fn commit(mut self) -> Result<()> {
        let fail = |e| Error::cannot_write(&self.path, e);
        self.file.sync_all().map_err(fail)?;
        let temp = match self.temp.take() {
            Some(temp) => temp,
            None => {
                // An unnamed file gets a temporary name first, as linking cannot replace a file;
                // only the instant between link and rename could leave it behind.
                let temp = temp_name(&self.path);
                link_unnamed(&self.file, &temp).map_err(fail)?;
                temp
            }
        };
        if let Err(e) = std::fs::rename(&temp, &self.path) {
            let _ = std::fs::remove_file(&temp);
            return Err(fail(e));
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// An unnamed file in `dir`, or `None` where the file system has none.
#[cfg(target_os = "linux")]
fn unnamed(dir: &Path) -> io::Result<Option<File>> {
    use std::os::unix::fs::OpenOptionsExt;
    match File::options()
        .read(true)
        .write(true)
        .mode(0o644)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
    {
        Ok(f) => Ok(Some(f)),
        // No O_TMPFILE on this file system or kernel: a named temporary instead.
        Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR)) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn unnamed(_dir: &Path) -> io::Result<Option<File>> {
    Ok(None)
}

/// Gives the unnamed `file` the name `at`.
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, at: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(at.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn link_unnamed(_file: &File, _at: &Path) -> io::Result<()> {
    unreachable!("only Linux makes unnamed files")
}

/// This machine's name, as temporary names carry it (`NAME.tmp-HOST-PID`): on a shared file
/// system another host's process ids mean nothing here.
pub fn host() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default();
    let name: String = name
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() {
        "localhost".into()
    } else {
        name
    }
}

/// `PATH.tmp-HOST-PID`.
fn temp_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}-{}", host(), std::process::id()));
    path.with_file_name(name)
}

/// Whether process `pid` of this host is alive.
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Elsewhere a process cannot be asked cheaply: every temporary counts as a live one's, and is
/// left in place.
#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

/// Removes the temporaries in `dir` that this host's dead processes left (a run killed where
/// files could not be unnamed); returns how many.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let marker = format!(".tmp-{}-", host());
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(at) = name.rfind(&marker) else {
            continue;
        };
        let Ok(pid) = name[at + marker.len()..].parse::<u32>() else {
            continue;
        };
        if !alive(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("optgrid-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    pub fn a_committed_file_has_its_name_and_a_dropped_one_leaves_nothing() {
        let dir = scratch("commit");
        let path = dir.join("a.bin");
        let mut f = AtomicFile::create(&path).unwrap();
        io::Write::write_all(f.file(), b"hello").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        let mut f = AtomicFile::create(&path).unwrap();
        io::Write::write_all(f.file(), b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&path).unwrap(), b"hello", "untouched");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "nothing beside it");
    }

    pub fn stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = scratch("stale");
        // A process id above the kernel's maximum is never alive.
        let dead = dir.join(format!("result.npz.tmp-{}-{}", host(), 1u32 << 30));
        let live = dir.join(format!("result.npz.tmp-{}-{}", host(), std::process::id()));
        let other = dir.join(format!("result.npz.tmp-{}x-{}", host(), 1u32 << 30));
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(remove_stale(&dir), 1);
        assert!(!dead.exists());
        assert!(live.exists(), "this process is alive");
        assert!(
            other.exists(),
            "another host's: its processes are not ours to judge"
        );
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "a_committed_file_has_its_name_and_a_dropped_one_leaves_nothing",
            a_committed_file_has_its_name_and_a_dropped_one_leaves_nothing,
        ),
        (
            "stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept",
            stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept,
        ),
    ];
}
