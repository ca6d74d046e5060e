//! Writing reports to disk: whole files or nothing, under names every system accepts.
//!
//! A report is written to a temporary file in the destination folder and renamed over the
//! target, so a crash, a full disk or Ctrl-C never leaves a partial .docx, and an existing
//! report is replaced only by a complete new one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use crate::limits::MAX_FILE_NAME_CHARS;
/// Most file systems (ext4, NTFS via UTF-16 aside) cap a name at 255 bytes.
const MAX_FILE_NAME_BYTES: usize = 240;

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename),
/// flushed to disk before the rename so that even a power cut leaves old or new, whole.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_streamed(path, true, existing_mode(path), |w| w.write_all(bytes))
}

/// Like [`write_atomic`] without the flush to disk: still whole-or-nothing for a crashed
/// or interrupted process (the rename is atomic), but not across a power cut. `batch` uses
/// it because one fsync per report costs more than rendering the report.
/// `mode` is the permission bits of the file being replaced ([`permission_bits`]), `None`
/// for a new file: the caller has looked at the target already.
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    write_atomic_streamed(path, false, mode, |w| w.write_all(bytes))
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

fn existing_mode(path: &Path) -> Option<u32> {
    std::fs::metadata(path).ok().and_then(|m| permission_bits(&m))
}

/// Like [`write_atomic`], for contents produced piece by piece (through a buffer), so that
/// a large file such as a batch summary never has to be held in memory whole.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    write_atomic_streamed(path, true, existing_mode(path), |w| {
        let mut buffered = io::BufWriter::with_capacity(64 * 1024, w);
        write(&mut buffered)?;
        buffered.flush()
    })
}

fn write_atomic_streamed(path: &Path, sync: bool, mode: Option<u32>, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    if path.as_os_str().len() > crate::limits::MAX_OUTPUT_PATH_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("输出路径超过 {} 字节的上限", crate::limits::MAX_OUTPUT_PATH_BYTES),
        ));
    }
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

/// A file name for a report titled `title`, safe on Windows and Linux alike: no
/// `\ / : * ? " < > |` or control characters, no trailing dots or spaces, no reserved device
/// names (CON, NUL, COM1…), at most [`MAX_FILE_NAME_CHARS`] characters, `.docx` appended.
pub fn file_name_for(title: &str) -> String {
    let mut stem: String = title
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    stem = stem.trim().trim_start_matches('.').to_string();
    let ext = ".docx";
    let mut chars: Vec<char> = stem.chars().collect();
    while chars.len() + ext.len() > MAX_FILE_NAME_CHARS || chars.iter().collect::<String>().len() + ext.len() > MAX_FILE_NAME_BYTES {
        chars.pop();
    }
    while matches!(chars.last(), Some('.' | ' ')) {
        chars.pop();
    }
    let mut stem: String = chars.into_iter().collect();
    if stem.is_empty() {
        stem = "报告".into();
    }
    if is_reserved_windows_name(&stem) {
        stem.insert(0, '_');
    }
    stem + ext
}

/// CON, PRN, AUX, NUL, COM1–9, LPT1–9 (also with an extension, e.g. `nul.txt`).
fn is_reserved_windows_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_everywhere() {
        assert_eq!(file_name_for("青山镇发展党员工作三年自查报告"), "青山镇发展党员工作三年自查报告.docx");
        assert_eq!(file_name_for("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j.docx");
        assert_eq!(file_name_for("../../etc/passwd"), "_.._etc_passwd.docx");
        assert_eq!(file_name_for("报告. . "), "报告.docx");
        assert_eq!(file_name_for("CON"), "_CON.docx");
        assert_eq!(file_name_for("com1"), "_com1.docx");
        assert_eq!(file_name_for("nul.txt"), "_nul.txt.docx");
        assert_eq!(file_name_for("COM0"), "COM0.docx");
        assert_eq!(file_name_for(""), "报告.docx");
        assert_eq!(file_name_for("\u{7}\t"), "__.docx");
        let long = file_name_for(&"长".repeat(300));
        assert!(long.chars().count() <= MAX_FILE_NAME_CHARS && long.len() <= 255 && long.ends_with(".docx"));
    }

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
