//! Why a .docx could not be read, in Chinese: one translation of the zip and XML readers'
//! errors, used wherever `check`, `dump` and `test` read a package.
//!
//! The zip and quick-xml crates describe problems in English («Invalid checksum»,
//! «Password required to decrypt file», «compression method not supported: 12»,
//! «unrecognized entity `foo`»); a clerk is told what it means for the file and what to do
//! instead. Operating-system errors go through [`crate::syserr::reason`].

use std::io;

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::escape::EscapeError;
use quick_xml::events::attributes::AttrError;
use zip::result::ZipError;

/// The first bytes of an OLE compound file: what Word saves when a document has a password
/// to open (the zip is encrypted inside it), and old .doc files.
const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The bytes could not be opened as a zip archive at all.
pub fn not_zip(bytes: &[u8], e: &ZipError) -> String {
    if bytes.starts_with(COMPOUND_FILE) {
        return "文件已加密（设置了打开密码），或是旧版 Word 的 .doc 文件；请在 Word 或 WPS 中取消密码、另存为 .docx 后再检查".into();
    }
    zip(e)
}

/// A zip archive, or one of its entries, could not be read.
pub fn zip(e: &ZipError) -> String {
    match e {
        ZipError::Io(io) => zip_read(io),
        ZipError::InvalidArchive(what) => {
            let what = what.to_ascii_lowercase();
            if what.contains("end of central directory") || what.contains("eocd") {
                "找不到 zip 压缩包的目录：文件不是 .docx，或者已损坏、不完整（例如没有下载完）".into()
            } else if what.contains("duplicate") {
                "压缩包里有重名的条目".into()
            } else if what.contains("multi-disk") {
                "这是分卷压缩包，不是 .docx".into()
            } else {
                "zip 压缩包的结构已损坏".into()
            }
        }
        ZipError::UnsupportedArchive(what) if *what == ZipError::PASSWORD_REQUIRED => encrypted(),
        ZipError::InvalidPassword => encrypted(),
        ZipError::UnsupportedArchive(_) => "压缩包使用了不支持的 zip 功能；请用 Word 或 WPS 打开后重新保存".into(),
        ZipError::CompressionMethodNotSupported(method) => format!(
            "压缩包使用了不支持的压缩方式（编号 {method}{}）；Word 和 WPS 保存的 .docx 不会这样，请用它们打开后重新保存",
            method_name(*method)
        ),
        ZipError::FileNotFound => "压缩包里缺少需要的条目".into(),
        ZipError::DecompressedSizeLimitExceeded { .. } | ZipError::DecompressedSizeUnknown => "压缩包展开后的大小超出上限或无法确定".into(),
        _ => "zip 压缩包无法读取".into(),
    }
}

/// An entry's data, stored with compression `method`, could not be read (inflated and
/// checked).
pub fn entry_read(e: &io::Error, method: zip::CompressionMethod) -> String {
    if e.kind() == io::ErrorKind::Unsupported {
        // The zip crate deprecates `to_u16` in favour of matching its constants; the message
        // needs the method's number itself (12 bzip2, 14 LZMA, …).
        #[allow(deprecated)]
        let number = method.to_u16();
        return zip(&ZipError::CompressionMethodNotSupported(number));
    }
    zip_read(e)
}

/// A zip archive's data could not be read.
pub fn zip_read(e: &io::Error) -> String {
    let text = e.to_string().to_ascii_lowercase();
    if e.raw_os_error().is_some() {
        return crate::syserr::reason(e);
    }
    if text.contains("checksum") {
        "数据的校验和不符：文件已损坏".into()
    } else if text.contains("password") || text.contains("encrypt") {
        encrypted()
    } else if e.kind() == io::ErrorKind::UnexpectedEof {
        "压缩数据不完整：文件已损坏或没有下载完".into()
    } else if e.kind() == io::ErrorKind::Unsupported {
        "压缩包使用了不支持的压缩方式；请用 Word 或 WPS 打开后重新保存".into()
    } else {
        "压缩数据已损坏".into()
    }
}

fn encrypted() -> String {
    "文件已加密，无法读取；请在 Word 或 WPS 中取消密码后另存为 .docx 再检查".into()
}

/// The usual names of zip compression methods that the reader does not support.
fn method_name(method: u16) -> &'static str {
    match method {
        9 => "，Deflate64",
        12 => "，bzip2",
        14 => "，LZMA",
        93 => "，Zstandard",
        95 => "，XZ",
        98 => "，PPMd",
        99 => "，AES 加密",
        _ => "",
    }
}

/// What is wrong with an XML part, without the position (the caller adds it).
pub fn xml(e: &XmlError) -> String {
    match e {
        XmlError::Io(io) => crate::syserr::reason(io),
        XmlError::Syntax(s) => match s {
            SyntaxError::InvalidBangMarkup => "「<!」开头的标记无法识别".into(),
            SyntaxError::UnclosedPI => "处理指令「<?」没有以「?>」结束".into(),
            SyntaxError::UnclosedXmlDecl => "XML 声明没有以「?>」结束".into(),
            SyntaxError::UnclosedComment => "注释「<!--」没有以「-->」结束".into(),
            SyntaxError::UnclosedDoctype => "DOCTYPE 没有结束".into(),
            SyntaxError::UnclosedCData => "CDATA 段没有以「]]>」结束".into(),
            SyntaxError::UnclosedTag => "标记没有以「>」结束".into(),
            SyntaxError::UnclosedSingleQuotedAttributeValue | SyntaxError::UnclosedDoubleQuotedAttributeValue => "属性值的引号没有结束".into(),
        },
        XmlError::IllFormed(i) => match i {
            IllFormedError::MissingDeclVersion(_) | IllFormedError::UnknownVersion => "XML 声明中的版本号缺失或无法识别".into(),
            IllFormedError::MissingDoctypeName => "DOCTYPE 缺少名称".into(),
            IllFormedError::MissingEndTag(name) => format!("缺少结束标记「</{}>」", shorten(name)),
            IllFormedError::UnmatchedEndTag(name) => format!("结束标记「</{}>」没有对应的开始标记", shorten(name)),
            IllFormedError::MismatchedEndTag { expected, found } => {
                format!("结束标记不匹配：应为「</{}>」，实际是「</{}>」", shorten(expected), shorten(found))
            }
            IllFormedError::DoubleHyphenInComment => "注释中不能含有「--」".into(),
            IllFormedError::UnclosedReference => "实体引用「&」没有以「;」结束".into(),
        },
        XmlError::InvalidAttr(a) => attr(a),
        XmlError::Encoding(_) => "XML 的文字编码无法识别".into(),
        XmlError::Escape(esc) => escape(esc),
        XmlError::Namespace(_) => "XML 的命名空间前缀不正确".into(),
    }
}

/// An attribute that cannot be read.
pub fn attr(e: &AttrError) -> String {
    match e {
        AttrError::ExpectedEq(_) => "属性名后面缺少「=」".into(),
        AttrError::ExpectedValue(_) | AttrError::UnquotedValue(_) => "属性值缺失或没有用引号括起来".into(),
        AttrError::ExpectedQuote(..) => "属性值的引号没有结束".into(),
        AttrError::Duplicated(..) => "同一个属性出现了两次".into(),
    }
}

/// An entity or character reference that cannot be resolved.
pub fn escape(e: &EscapeError) -> String {
    match e {
        EscapeError::UnrecognizedEntity(_, name) => unknown_entity(name),
        EscapeError::UnterminatedEntity(_) => "实体引用「&」没有以「;」结束".into(),
        EscapeError::InvalidCharRef(_) => "字符引用（&#…;）不是有效的字符".into(),
        EscapeError::TooManyNestedEntities => "实体嵌套太深".into(),
    }
}

/// `&name;` names no entity: XML without a DTD knows only the five predefined ones.
pub fn unknown_entity(name: &str) -> String {
    format!("未定义的实体「&{};」（只能使用 &amp; &lt; &gt; &quot; &apos; 和 &#数字;）", shorten(name))
}

/// A name from the file, at most 40 characters (a 1 MB tag name is not repeated whole).
fn shorten(name: &str) -> String {
    let mut out: String = name.chars().take(40).collect();
    if name.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_errors_read_in_chinese() {
        assert!(zip(&ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)).contains("文件已加密"));
        assert!(zip(&ZipError::CompressionMethodNotSupported(12)).contains("编号 12，bzip2"));
        assert!(zip(&ZipError::CompressionMethodNotSupported(14)).contains("编号 14，LZMA"));
        assert!(zip(&ZipError::InvalidArchive("Could not find EOCD".into())).contains("找不到 zip 压缩包的目录"));
        let checksum = io::Error::new(io::ErrorKind::InvalidData, "Invalid checksum");
        assert_eq!(zip_read(&checksum), "数据的校验和不符：文件已损坏");
        assert!(not_zip(COMPOUND_FILE, &ZipError::InvalidArchive("x".into())).contains("文件已加密"));
    }
}
