//! Reading a file the user named, whatever it turns out to be, bounded by a limit.
//!
//! A path given on the command line (or found in a batch folder) may be a regular file, but
//! also a symbolic link to `/dev/zero`, a pipe (`/dev/stdin`), a FIFO nobody writes to, a
//! device node or a folder. A size limit checked against the file's metadata only holds for
//! regular files (a device or a pipe reports 0 bytes), so every read here is itself capped at
//! the limit plus one byte: reading more than the limit is refused without holding more than
//! the limit in memory, whatever the file is.
//!
//! Opening a FIFO for reading blocks until some program opens it for writing, and reading an
//! idle FIFO or terminal blocks until it writes. On Linux the file is therefore opened
//! without blocking, and a file that is neither a regular file nor an anonymous pipe (a named
//! FIFO, a terminal, a device) is given [`STREAM_WAIT_SECONDS`] to deliver its first byte (or
//! its end); then it is read normally. An anonymous pipe (`cmd | gongwen … /dev/stdin`)
//! always has its writer, the command before the `|`, so it is waited for as long as that
//! command takes, as any program reading its standard input does.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::limits::STREAM_WAIT_SECONDS;
use crate::syserr;

/// Why a path could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("这是一个文件夹，不是文件")]
    Directory,
    #[error("这是一个符号链接，但它指向的文件不存在")]
    DanglingLink,
    /// Over the limit: `len` is the size a regular file declares; a stream has none.
    #[error("{}", too_large(*.len, *.limit))]
    TooLarge { len: Option<u64>, limit: u64 },
    #[error("等待了 {STREAM_WAIT_SECONDS} 秒，没有读到任何数据（这是一个没有程序写入的管道或设备？）")]
    NoData,
    #[error("不是 UTF-8 文本")]
    NotUtf8,
    #[error("{}", syserr::reason(.0))]
    Io(io::Error),
}

fn too_large(len: Option<u64>, limit: u64) -> String {
    let mb = limit / (1024 * 1024);
    match len {
        Some(len) => format!("文件有 {len} 字节，超过上限 {limit} 字节（{mb} MB）"),
        None => format!("内容超过上限 {limit} 字节（{mb} MB），不是普通文件，没有读完"),
    }
}

/// An opened file, ready to read (blocking), and what it is.
pub struct Opened {
    pub file: File,
    /// The size of a regular file; `None` for a pipe, FIFO or device (a stream, to be read
    /// once, whose size is not known in advance).
    pub len: Option<u64>,
}

impl Opened {
    pub fn is_regular(&self) -> bool {
        self.len.is_some()
    }
}

/// Opens `path` for reading without hanging on a FIFO that has no writer.
pub fn open(path: &Path) -> Result<Opened, ReadError> {
    let file = open_nonblocking(path).map_err(|e| {
        let dangling = e.kind() == io::ErrorKind::NotFound && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if dangling {
            ReadError::DanglingLink
        } else {
            ReadError::Io(e)
        }
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.is_file() {
        // O_NONBLOCK means nothing for a regular file (Linux ignores it there), so it is not
        // cleared: two system calls a file fewer in a batch of thousands.
        return Ok(Opened { file, len: Some(meta.len()) });
    }
    if !is_anonymous_pipe(&file) {
        wait_for_data(&file)?;
    }
    make_blocking(&file).map_err(ReadError::Io)?;
    Ok(Opened { file, len: None })
}

/// Reads a whole file of at most `limit` bytes; a larger one is refused, after reading at
/// most `limit + 1` bytes.
pub fn read_to_limit(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let opened = open(path)?;
    if let Some(len) = opened.len.filter(|&len| len > limit) {
        return Err(ReadError::TooLarge { len: Some(len), limit });
    }
    let capacity = opened.len.unwrap_or(16 * 1024).min(limit) as usize;
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    read_rest(opened.file, limit, opened.len, &mut bytes)?;
    Ok(bytes)
}

/// [`read_to_limit`] for a text file (a snapshot, a digest): UTF-8, or refused.
pub fn read_text_to_limit(path: &Path, limit: u64) -> Result<String, ReadError> {
    String::from_utf8(read_to_limit(path, limit)?).map_err(|_| ReadError::NotUtf8)
}

/// Appends the rest of `reader` to `bytes`, refusing when `bytes` would exceed `limit`.
/// `len` is the declared size of a regular file (for the message).
pub fn read_rest(reader: impl Read, limit: u64, len: Option<u64>, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    let room = (limit + 1).saturating_sub(bytes.len() as u64);
    reader.take(room).read_to_end(bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { len: len.filter(|&l| l > limit), limit });
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
    std::fs::OpenOptions::new().read(true).custom_flags(flags.bits() as i32).open(path)
}

#[cfg(not(target_os = "linux"))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(target_os = "linux")]
fn make_blocking(file: &File) -> io::Result<()> {
    use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
    let flags = fcntl_getfl(file)?;
    if flags.contains(OFlags::NONBLOCK) {
        fcntl_setfl(file, flags - OFlags::NONBLOCK)?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn make_blocking(_file: &File) -> io::Result<()> {
    Ok(())
}

/// A pipe made by the shell (`|`): Linux names it `pipe:[inode]` in `/proc/self/fd`, where a
/// named FIFO shows its path.
#[cfg(target_os = "linux")]
fn is_anonymous_pipe(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).is_ok_and(|target| target.as_os_str().as_encoded_bytes().starts_with(b"pipe:"))
}

#[cfg(not(target_os = "linux"))]
fn is_anonymous_pipe(_file: &File) -> bool {
    true
}

/// Waits up to [`STREAM_WAIT_SECONDS`] for data or an end (a writer that came and went).
/// A FIFO opened without blocking reports neither until a writer has opened it.
#[cfg(target_os = "linux")]
fn wait_for_data(file: &File) -> Result<(), ReadError> {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(STREAM_WAIT_SECONDS);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(ReadError::NoData);
        }
        let timeout = Timespec { tv_sec: left.as_secs() as i64, tv_nsec: i64::from(left.subsec_nanos()) };
        let mut fds = [PollFd::new(file, PollFlags::IN)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => return Err(ReadError::NoData),
            Ok(_) => return Ok(()),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(ReadError::Io(e.into())),
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn wait_for_data(_file: &File) -> Result<(), ReadError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_whole_and_refused_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_to_limit(&p, 5).unwrap(), b"12345");
        let e = read_to_limit(&p, 4).unwrap_err();
        assert_eq!(e.to_string(), "文件有 5 字节，超过上限 4 字节（0 MB）");
        assert!(matches!(read_to_limit(dir.path(), 4), Err(ReadError::Directory)));
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_cut_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_to_limit(&link, 1000).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { len: None, limit: 1000 }), "{e}");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling")).unwrap();
        assert!(matches!(read_to_limit(&dir.path().join("dangling"), 10), Err(ReadError::DanglingLink)));
    }
}
