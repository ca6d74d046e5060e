//! Writing reports to disk: whole files or nothing, under names every system accepts.
//!
//! A report is written to a temporary file in the destination folder and renamed over the
//! target, so a crash, a full disk or Ctrl-C never leaves a partial .docx, and an existing
//! report is replaced only by a complete new one. Only a regular file is ever replaced:
//! see [`target`] for devices, pipes and symbolic links.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

mod file_name;
mod target;

pub use crate::limits::MAX_FILE_NAME_CHARS;
pub use file_name::file_name_for;
use target::{classify, refuse, Refusal, Target};

/// What a write went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A regular file, created or replaced whole.
    File,
    /// A character device or FIFO (`/dev/null`, a terminal, a pipe, `/dev/stdout`), written
    /// through: a command prints its 「已生成」 line to stderr then, not into the stream.
    Stream,
}

/// Writes `bytes` to `path`: a regular file (or a new one) is replaced atomically
/// (temporary file in the same folder, then rename), flushed to disk before the rename so
/// that even a power cut leaves old or new, whole; a character device or FIFO is written
/// through; anything else (a folder, a disk, a symbolic link to a file) is refused, see
/// [`why`] for the reason.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_to(path, bytes).map(drop)
}

/// [`write_atomic`], telling whether a file or a stream was written.
pub fn write_to(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    write_checked(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`] without the flush to disk, for a target the caller has looked at
/// already (a regular file or nothing): still whole-or-nothing for a crashed or interrupted
/// process (the rename is atomic), but not across a power cut. `batch` uses it because one
/// fsync per report costs more than rendering the report.
/// `mode` is the permission bits of the file being replaced ([`permission_bits`]), `None`
/// for a new file.
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    write_atomic_streamed(path, false, mode, |w| w.write_all(bytes))
}

/// Why a write failed, in Chinese: the refusal of an output path as it was worded, or the
/// operating system's error ([`crate::syserr::reason`]).
pub fn why(e: &io::Error) -> String {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<Refusal>()) {
        Some(refusal) => refusal.0.clone(),
        None => crate::syserr::reason(e),
    }
}

/// True when `path` is a character device or FIFO (also through a symbolic link), which
/// the writers write through rather than replace.
pub fn is_stream(path: &Path) -> bool {
    matches!(classify(path), Ok(Target::Stream))
}

/// The permission bits of an existing file (Unix), kept when a new report replaces it.
pub fn permission_bits(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Like [`write_to`], for contents produced piece by piece (through a buffer), so that
/// a large file such as a batch summary never has to be held in memory whole.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Written> {
    write_checked(path, |w| {
        let mut buffered = io::BufWriter::with_capacity(64 * 1024, w);
        write(&mut buffered)?;
        buffered.flush()
    })
}

fn write_checked(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Written> {
    check_length(path)?;
    match classify(path)? {
        Target::File(mode) => write_atomic_streamed(path, true, mode, write).map(|()| Written::File),
        Target::Stream => {
            let mut file = target::open_stream(path)?;
            write(&mut file)?;
            file.flush()?;
            Ok(Written::Stream)
        }
    }
}

fn check_length(path: &Path) -> io::Result<()> {
    if path.as_os_str().len() > crate::limits::MAX_OUTPUT_PATH_BYTES {
        return Err(refuse(format!("输出路径超过 {} 字节的上限", crate::limits::MAX_OUTPUT_PATH_BYTES)));
    }
    Ok(())
}

fn write_atomic_streamed(path: &Path, sync: bool, mode: Option<u32>, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    check_length(path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    #[cfg(target_os = "linux")]
    if let Some(file) = unnamed::create(&dir, mode.unwrap_or(0o644))? {
        return unnamed::finish(file, &dir, path, sync, write);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gongwen-").suffix(".tmp");
    // tempfile creates 0600 files; a report should be readable like any file the user
    // saves (and keep the mode of the report it replaces).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o644)));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(&dir)?;
    write(tmp.as_file_mut())?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Linux: the new contents go to an unnamed file in the destination folder (`O_TMPFILE`),
/// which the kernel discards by itself if the process is killed or crashes, and get their
/// name only once complete. With a named temporary file a killed batch left up to one
/// `.gongwen-*.tmp` a worker behind. Naming the file is also one directory change instead
/// of two (create, then rename) for a new report.
#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::File;
    use std::io::{self, Write};
    use std::os::fd::AsRawFd;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};

    use rustix::fs::{AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;

    /// An unnamed file in `dir`, or `None` where that cannot work: a file system or kernel
    /// without `O_TMPFILE`, or no `/proc` to name the file through (then the caller uses a
    /// named temporary file).
    pub(super) fn create(dir: &Path, mode: u32) -> io::Result<Option<File>> {
        static HAS_PROC: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if !*HAS_PROC.get_or_init(|| Path::new("/proc/self/fd").is_dir()) {
            return Ok(None);
        }
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        match rustix::fs::openat(CWD, dir, flags, Mode::from_raw_mode(mode)) {
            Ok(fd) => Ok(Some(File::from(fd))),
            // EOPNOTSUPP: the file system has no unnamed files; EISDIR and EINVAL: kernels
            // older than 3.11 (without O_TMPFILE the flags read as O_DIRECTORY).
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes, flushes to disk when asked, and names the file `target`: a hard link for a
    /// new name; for an existing one, a hard link under a temporary name renamed over it
    /// (a crash in the microseconds between the two leaves that name behind).
    pub(super) fn finish(mut file: File, dir: &Path, target: &Path, sync: bool, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        write(&mut file)?;
        if sync {
            file.sync_all()?;
        }
        let this = format!("/proc/self/fd/{}", file.as_raw_fd());
        match rustix::fs::linkat(CWD, this.as_str(), CWD, target, AtFlags::SYMLINK_FOLLOW) {
            Ok(()) => Ok(()),
            Err(Errno::EXIST) => {
                let temp = link_under_temporary_name(&this, dir)?;
                std::fs::rename(&temp, target).inspect_err(|_| {
                    let _ = std::fs::remove_file(&temp);
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Links the open file as `.gongwen-<process>-<n>.tmp` in `dir` (the next `n` if a
    /// crashed run left that name).
    fn link_under_temporary_name(this: &str, dir: &Path) -> io::Result<PathBuf> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(".gongwen-{}-{n}.tmp", std::process::id()));
            match rustix::fs::linkat(CWD, this, CWD, &temp, AtFlags::SYMLINK_FOLLOW) {
                Ok(()) => return Ok(temp),
                Err(Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("报告.docx");
        write_atomic(&p, b"old").unwrap();
        write_atomic(&p, b"new contents").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644, "readable like a saved file");
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&p, b"again").unwrap();
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640, "the replaced file's mode is kept");
        }
    }
}
