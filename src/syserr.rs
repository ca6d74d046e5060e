//! Operating-system errors in Chinese: one translation, used by every command.
//!
//! `std::io::Error`'s own text is English («No space left on device (os error 28)»), which a
//! township clerk cannot act on. Every place that reports a failed read, write, listing or
//! link goes through [`reason`], so the same failure reads the same in `render`, `batch`,
//! `--summary`, `check` and `init`. The system's error number stays at the end for the
//! technician who has to look it up; its English words do not.

use std::io;

/// What went wrong, in Chinese, e.g. 「磁盘已满（系统错误 28）」. An error that gongwen
/// made itself with a Chinese text (「输出路径超过 4000 字节的上限」) is shown as it is.
pub fn reason(e: &io::Error) -> String {
    if let Some(own) = e.get_ref().map(ToString::to_string).filter(|t| e.raw_os_error().is_none() && is_chinese(t)) {
        return own;
    }
    let what = describe(e);
    match e.raw_os_error() {
        Some(code) => format!("{what}（系统错误 {code}）"),
        None => what.to_string(),
    }
}

/// True for a text written for our users (it holds CJK characters), not a library's English.
fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}'))
}

/// The Chinese words alone, without the error number.
fn describe(e: &io::Error) -> &'static str {
    if let Some(code) = e.raw_os_error() {
        if let Some(words) = by_code(code) {
            return words;
        }
    }
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::QuotaExceeded => "超出了磁盘配额",
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::IsADirectory => "这是一个文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::InvalidFilename => "文件名不可用（太长或含有不允许的字符）",
        K::InvalidInput => "路径或参数不可用",
        K::InvalidData => "内容不是有效的数据",
        K::BrokenPipe => "输出已被关闭",
        K::WouldBlock => "暂时无法读写",
        K::Interrupted => "读写被中断",
        K::UnexpectedEof => "文件意外结束",
        K::OutOfMemory => "内存不足",
        K::Unsupported => "系统不支持这项操作",
        K::ResourceBusy => "文件正被其他程序使用",
        K::TimedOut => "等待超时",
        K::CrossesDevices => "不能跨磁盘移动文件",
        K::TooManyLinks => "链接过多",
        K::FileTooLarge => "文件过大",
        K::ExecutableFileBusy => "文件正被执行",
        K::Deadlock => "资源死锁",
        K::StaleNetworkFileHandle => "网络文件已失效",
        K::NotSeekable => "不能在其中定位（不是普通文件）",
        K::WriteZero => "无法继续写入",
        _ => "系统报告了错误",
    }
}

/// Errors whose `ErrorKind` is too coarse (ELOOP and ENAMETOOLONG are both
/// `InvalidFilename` or `Other` on some toolchains): looked up by the number itself.
#[cfg(unix)]
fn by_code(code: i32) -> Option<&'static str> {
    Some(match code {
        1 => "不允许这样操作",        // EPERM
        5 => "磁盘读写出错",          // EIO
        6 | 19 => "设备不存在",       // ENXIO, ENODEV
        9 => "文件已关闭",            // EBADF
        12 => "内存不足",             // ENOMEM
        16 => "文件正被其他程序使用", // EBUSY
        18 => "不能跨磁盘移动文件",   // EXDEV
        23 | 24 => "打开的文件太多",   // ENFILE, EMFILE
        26 => "文件正被执行",         // ETXTBSY
        27 => "文件过大",             // EFBIG
        28 => "磁盘已满",             // ENOSPC
        30 => "磁盘或文件夹是只读的", // EROFS
        36 => "文件名太长",           // ENAMETOOLONG
        40 => "符号链接太多或形成了循环", // ELOOP
        122 => "超出了磁盘配额",      // EDQUOT
        _ => return None,
    })
}

#[cfg(not(unix))]
fn by_code(_code: i32) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_read_in_chinese_with_their_number() {
        #[cfg(unix)]
        {
            assert_eq!(reason(&io::Error::from_raw_os_error(28)), "磁盘已满（系统错误 28）");
            assert_eq!(reason(&io::Error::from_raw_os_error(30)), "磁盘或文件夹是只读的（系统错误 30）");
            assert_eq!(reason(&io::Error::from_raw_os_error(40)), "符号链接太多或形成了循环（系统错误 40）");
            assert_eq!(reason(&io::Error::from_raw_os_error(13)), "没有权限（系统错误 13）");
            assert_eq!(reason(&io::Error::from_raw_os_error(21)), "这是一个文件夹（系统错误 21）");
        }
        assert_eq!(reason(&io::Error::from(io::ErrorKind::NotFound)), "文件或文件夹不存在");
        let text = reason(&io::Error::other("something English"));
        assert!(!text.contains("English"), "the system's English words are not shown: {text}");
        let own = io::Error::new(io::ErrorKind::InvalidInput, "输出路径超过 4000 字节的上限");
        assert_eq!(reason(&own), "输出路径超过 4000 字节的上限");
    }
}
