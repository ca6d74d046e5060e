//! What an output path names, looked at before anything is written there.
//!
//! A report, a summary or an answers file replaces only a regular file, or creates one where
//! there is nothing. A character device or a FIFO (`/dev/null`, a terminal, a pipe, also
//! behind a symbolic link such as `/dev/stdout`) is written through, as a shell redirection
//! would: replacing it with a regular file (what renaming a temporary file over it does) broke
//! the system's `/dev/null` when run as root. Anything else is refused with a reason in
//! Chinese: a folder, a block device (a disk), a socket, and a symbolic link to a regular
//! file or to nothing: following it would write wherever the link points (a planted link in
//! a shared folder), replacing it would turn the link into a file.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

/// How to write to an output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// Nothing there yet (`None`), or a regular file with these permission bits, kept when it
    /// is replaced atomically.
    File(Option<u32>),
    /// A character device or a FIFO: written through, never replaced.
    Stream,
}

/// Why a path is not written to, in Chinese. Carried inside the `io::Error` the writers
/// return, so that [`super::why`] can show it as it is.
#[derive(Debug)]
pub(super) struct Refusal(pub(super) String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

pub(super) fn refuse(why: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, Refusal(why.into()))
}

/// Looks at `path` (one `lstat`, and a `stat` for a symbolic link).
pub(super) fn classify(path: &Path) -> io::Result<Target> {
    let here = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::File(None)),
        Err(e) => return Err(e),
    };
    if !here.file_type().is_symlink() {
        return match kind(&here) {
            Kind::Regular => Ok(Target::File(super::permission_bits(&here))),
            Kind::Stream => Ok(Target::Stream),
            Kind::Other(what) => Err(refuse(what)),
        };
    }
    let points_to = std::fs::read_link(path).map(|p| p.display().to_string()).unwrap_or_default();
    match std::fs::metadata(path) {
        Ok(m) if kind(&m) == Kind::Stream => Ok(Target::Stream),
        Ok(m) if m.is_dir() => Err(refuse("这是一个指向文件夹的符号链接")),
        // `-o /dev/stdout > 报告.docx`: stdout is a file; name it instead.
        Ok(_) if points_to.starts_with("/proc/self/fd/") => {
            Err(refuse("这是标准输出或标准错误，它被重定向到了一个文件；请直接用 -o 给出那个文件"))
        }
        Ok(_) => Err(refuse(format!(
            "这是一个符号链接（指向「{points_to}」），为安全起见不经符号链接写入，也不替换它；请直接给出要写入的文件"
        ))),
        Err(_) => Err(refuse(format!("这是一个符号链接，它指向的「{points_to}」不存在；为安全起见不替换它"))),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Regular,
    Stream,
    Other(&'static str),
}

fn kind(m: &Metadata) -> Kind {
    if m.is_file() {
        return Kind::Regular;
    }
    if m.is_dir() {
        return Kind::Other("这是一个文件夹");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_char_device() || t.is_fifo() {
            Kind::Stream
        } else if t.is_block_device() {
            Kind::Other("这是一个块设备（磁盘或分区），不会写入")
        } else {
            Kind::Other("这不是普通文件（可能是套接字），不会写入")
        }
    }
    // Elsewhere (Windows: NUL, CON) a path that is neither file nor folder is a device.
    #[cfg(not(unix))]
    {
        Kind::Stream
    }
}

/// Opens a device or FIFO for writing, without creating or truncating anything. On Linux a
/// FIFO that no program reads is refused at once instead of blocking forever.
pub(super) fn open_stream(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            // ENXIO: a FIFO with no reader (opened without blocking).
            let fifo = std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo());
            if e.raw_os_error() == Some(6) && fifo {
                return refuse("这是一个管道（FIFO），但没有程序在读取它");
            }
        }
        e
    })?;
    // What was opened is what was looked at: never write into a regular file put there
    // meanwhile (it would be overwritten in place, not replaced whole).
    if kind(&file.metadata()?) != Kind::Stream {
        return Err(refuse("文件在写入前被替换了，没有写入"));
    }
    #[cfg(target_os = "linux")]
    {
        let mut flags = rustix::fs::fcntl_getfl(&file)?;
        flags.remove(rustix::fs::OFlags::NONBLOCK);
        rustix::fs::fcntl_setfl(&file, flags)?;
    }
    Ok(file)
}
