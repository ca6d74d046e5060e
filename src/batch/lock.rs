//! One batch at a time in an output folder.
//!
//! Two batches writing to one folder at once replaced each other's reports and missed each
//! other's name conflicts. A batch holds an exclusive lock on `.gongwen.lock` in the output
//! folder while it runs; a second one is refused. The lock belongs to the open file, not to
//! the file's existence: the system releases it when the process ends, however it ends
//! (crash, kill, power cut), so no stale lock is ever left to clear by hand. The empty file
//! itself stays (removing it while another batch opens it would let two batches lock two
//! different files); `check FOLDER/` and later batches ignore it (it is not a .docx or .json).
//!
//! Unix: `flock` (advisory: other programs are not kept out). Windows: the file is opened
//! with no sharing, which the system also ends with the process. Elsewhere: no lock.

use std::fs::File;
use std::io;
use std::path::Path;

/// The lock file's name in the output folder.
pub const LOCK_FILE: &str = ".gongwen.lock";

/// Held for as long as the batch runs; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct FolderLock {
    _file: Option<File>,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another process holds it.
    Busy,
    /// `.gongwen.lock` is a symbolic link, a folder or a device.
    NotAFile,
    Io(io::Error),
}

/// Takes the lock on `dir` (which exists), without waiting.
#[cfg(unix)]
pub(crate) fn lock(dir: &Path) -> Result<FolderLock, LockError> {
    use rustix::fs::{FlockOperation, Mode, OFlags, CWD};
    use rustix::io::Errno;

    let path = dir.join(LOCK_FILE);
    // Not through a symbolic link, and not blocking on a FIFO put there.
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let file = match rustix::fs::openat(CWD, &path, flags, Mode::from_raw_mode(0o644)) {
        Ok(fd) => File::from(fd),
        Err(Errno::LOOP) => return Err(LockError::NotAFile),
        Err(e) => return Err(LockError::Io(e.into())),
    };
    if !file.metadata().map_err(LockError::Io)?.is_file() {
        return Err(LockError::NotAFile);
    }
    match rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(FolderLock { _file: Some(file) }),
        Err(Errno::WOULDBLOCK) => Err(LockError::Busy),
        // A file system without locks (some network and FUSE ones): run unlocked rather
        // than not at all.
        Err(Errno::NOLCK | Errno::OPNOTSUPP | Errno::NOSYS) => Ok(FolderLock { _file: None }),
        Err(e) => Err(LockError::Io(e.into())),
    }
}


#[cfg(windows)]
pub(crate) fn lock(dir: &Path) -> Result<FolderLock, LockError> {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    match std::fs::OpenOptions::new().write(true).create(true).truncate(false).share_mode(0).attributes(FILE_ATTRIBUTE_HIDDEN).open(dir.join(LOCK_FILE)) {
        Ok(file) => Ok(FolderLock { _file: Some(file) }),
        Err(e) if e.raw_os_error() == Some(ERROR_SHARING_VIOLATION) => Err(LockError::Busy),
        Err(e) => Err(LockError::Io(e)),
    }
}

#[cfg(not(any(unix, windows)))]
pub(crate) fn lock(_dir: &Path) -> Result<FolderLock, LockError> {
    Ok(FolderLock { _file: None })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path()).unwrap();
        assert!(matches!(lock(dir.path()), Err(LockError::Busy)));
        drop(first);
        lock(dir.path()).expect("free again");
    }

    #[test]
    fn a_symlink_as_the_lock_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, dir.path().join(LOCK_FILE)).unwrap();
        assert!(matches!(lock(dir.path()), Err(LockError::NotAFile)));
        assert!(!elsewhere.exists(), "nothing created through the link");
    }
}
