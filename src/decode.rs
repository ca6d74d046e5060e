//! Step 1: the bytes of an answers file → text.
//!
//! Windows editors save JSON as UTF-8 (with or without a BOM), as UTF-16 with a BOM
//! (Notepad's "Unicode") or in the ANSI code page, which on a Chinese system is GBK. The
//! order of the guess: a BOM decides; otherwise valid UTF-8 is UTF-8; otherwise GB18030
//! (a superset of GBK). A byte sequence that is invalid in the chosen encoding is an error
//! naming its offset, never a silent U+FFFD in the report.

pub mod stream;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

use crate::diag::Diagnostic;
use crate::limits::MAX_INPUT_BYTES;

/// Text decoded from an input file, and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any BOM.
    pub text: String,
    /// `UTF-8`, `UTF-8 BOM`, `UTF-16LE`, `UTF-16BE` or `GB18030`.
    pub encoding: &'static str,
}

const SAVE_AS_UTF8: &str = "请用记事本等编辑器把文件另存为 UTF-8 编码后重试";

/// Decodes an answers file (see the module documentation for the encodings accepted).
// Diagnostic is the project-wide error type; an error ends the run, so its size is
// irrelevant here.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Diagnostic> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(format!(
            "文件太大：{} 字节，最多允许 {} MB",
            bytes.len(),
            MAX_INPUT_BYTES / (1024 * 1024)
        ))
        .with_hint("答案文件通常只有几十 KB，请确认选择的是问卷答案文件"));
    }
    if bytes.is_empty() {
        return Err(Diagnostic::error("文件是空的")
            .with_hint("请填写问卷答案；可以先用 gongwen init 生成一份答案文件"));
    }

    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match utf8(rest) {
            Ok(text) => Ok(Decoded {
                text: text.to_owned(),
                encoding: "UTF-8 BOM",
            }),
            Err(e) => Err(invalid_at("UTF-8", bytes, 3 + e.valid_up_to())),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_strict(UTF_16LE, rest)
            .map(|text| Decoded {
                text,
                encoding: "UTF-16LE",
            })
            .map_err(|at| invalid_at("UTF-16LE", &[], 2 + at));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_strict(UTF_16BE, rest)
            .map(|text| Decoded {
                text,
                encoding: "UTF-16BE",
            })
            .map_err(|at| invalid_at("UTF-16BE", &[], 2 + at));
    }

    // Neither UTF-8 nor GB18030 text can hold a NUL byte where JSON allows one; a NUL here
    // almost always means UTF-16 saved without a BOM, which guessing would turn into noise.
    // (`contains` on bytes is a word-at-a-time search; the position only on the error path.)
    if let Some(offset) = bytes.contains(&0).then(|| bytes.iter().position(|&b| b == 0)).flatten() {
        return Err(Diagnostic::error(format!(
            "文件在字节偏移 {offset} 处含有空字节（0x00），可能是不带 BOM 的 UTF-16 编码"
        ))
        .with_hint(SAVE_AS_UTF8));
    }

    match utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        }),
        Err(_) => decode_strict(GB18030, bytes)
            // GB18030 has a BOM of its own (84 31 95 33), which decodes to U+FEFF.
            .map(|text| match text.strip_prefix('\u{FEFF}') {
                Some(rest) => rest.to_owned(),
                None => text,
            })
            .map(|text| Decoded {
                text,
                encoding: "GB18030",
            })
            .map_err(|at| invalid_at("UTF-8，也不是有效的 GBK/GB18030", bytes, at)),
    }
}

/// `bytes` as UTF-8 text, with the standard library's error (same `valid_up_to`).
///
/// Validated with SIMD instructions (`simdutf8`): an answers file is mostly Chinese, where
/// the standard check, fast on ASCII only, took about 16 instructions a byte (measured
/// with callgrind, 4 % of a report's instructions).
fn utf8(bytes: &[u8]) -> Result<&str, simdutf8::compat::Utf8Error> {
    simdutf8::compat::from_utf8(bytes)
}

/// Decodes `src` without replacement characters; `Err` holds the offset in `src` of the
/// first invalid byte sequence.
fn decode_strict(encoding: &'static Encoding, src: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // `src` is at most MAX_INPUT_BYTES, so the worst-case length cannot overflow.
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(src.len())
        .unwrap_or(0);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(usize::from(bad) + usize::from(after)))
        }
        // Only when the buffer is too small; it was sized for the worst case. Report the
        // position reached rather than panic.
        DecoderResult::OutputFull => Err(read),
    }
}

/// The error for an invalid byte sequence at `offset`; the line is given when `bytes` is
/// an ASCII-compatible encoding of the file (0x0A is always a line feed there).
fn invalid_at(encoding: &str, bytes: &[u8], offset: usize) -> Diagnostic {
    let line = (!bytes.is_empty()).then(|| {
        bytes[..offset.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    });
    invalid_sequence(encoding, line, offset as u64)
}

/// The error for an invalid byte sequence at `offset` of a file (on `line`, when known).
pub fn invalid_sequence(encoding: &str, line: Option<usize>, offset: u64) -> Diagnostic {
    let line = line.map(|n| format!("第 {n} 行、")).unwrap_or_default();
    Diagnostic::error(format!(
        "文件不是有效的 {encoding} 编码：{line}字节偏移 {offset} 处有无法识别的字节"
    ))
    .with_hint(SAVE_AS_UTF8)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\"乡镇名称\": \"青山镇𠀾\"}\n";

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf8_without_bom() {
        let d = decode(TEXT.as_bytes()).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: TEXT.into(),
                encoding: "UTF-8"
            }
        );
    }

    #[test]
    fn utf8_with_bom_drops_the_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(TEXT.as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: TEXT.into(),
                encoding: "UTF-8 BOM"
            }
        );
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let d = decode(&utf16(TEXT, false)).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: TEXT.into(),
                encoding: "UTF-16LE"
            }
        );
        let d = decode(&utf16(TEXT, true)).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: TEXT.into(),
                encoding: "UTF-16BE"
            }
        );
    }

    #[test]
    fn gbk_bytes_are_read_as_gb18030() {
        let text = "{\"乡镇名称\": \"青山镇\", \"党委名称\": \"中共青山镇委员会\"}";
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: text.into(),
                encoding: "GB18030"
            }
        );
    }

    #[test]
    fn empty_input_is_an_error() {
        let e = decode(b"").unwrap_err();
        assert!(e.message.contains("空"), "{e}");
    }

    #[test]
    fn too_large_input_is_refused() {
        let bytes = vec![b' '; MAX_INPUT_BYTES + 1];
        let e = decode(&bytes).unwrap_err();
        assert!(e.message.starts_with("文件太大"), "{e}");
        assert!(decode(&vec![b' '; MAX_INPUT_BYTES]).is_ok());
    }

    #[test]
    fn invalid_gb18030_names_the_offset() {
        // 0xB2 0xBB is 「不」; 0x81 0x20 is a lead byte followed by an invalid trail byte.
        let bytes = b"{\"a\":\n\"\xB2\xBB\x81\x20\"}";
        let e = decode(bytes).unwrap_err();
        assert_eq!(
            e.message,
            "文件不是有效的 UTF-8，也不是有效的 GBK/GB18030 编码：第 2 行、字节偏移 9 处有无法识别的字节"
        );
    }

    #[test]
    fn invalid_utf16_names_the_offset() {
        // A lone high surrogate (0xD800) followed by 'a'.
        let bytes = [0xFF, 0xFE, b'{', 0, 0x00, 0xD8, b'a', 0];
        let e = decode(&bytes).unwrap_err();
        assert_eq!(
            e.message,
            "文件不是有效的 UTF-16LE 编码：字节偏移 4 处有无法识别的字节"
        );
    }

    #[test]
    fn invalid_utf8_after_bom_names_the_offset() {
        let bytes = b"\xEF\xBB\xBF{\"a\": \"\xFF\"}";
        let e = decode(bytes).unwrap_err();
        assert_eq!(
            e.message,
            "文件不是有效的 UTF-8 编码：第 1 行、字节偏移 10 处有无法识别的字节"
        );
    }

    #[test]
    fn the_simd_check_agrees_with_the_standard_one() {
        let text = "乡镇党委坚持标准，2024年发展党员36名。".repeat(8);
        let mut cases: Vec<Vec<u8>> = vec![text.as_bytes().to_vec()];
        // Cut inside a character, a stray continuation byte, an overlong form, a surrogate.
        cases.push(text.as_bytes()[..text.len() - 1].to_vec());
        for bad in [&b"\x80"[..], b"\xC0\xAF", b"\xED\xA0\x80", b"\xFF"] {
            let mut b = text.as_bytes()[..99].to_vec();
            b.extend_from_slice(bad);
            b.extend_from_slice(text.as_bytes());
            cases.push(b);
        }
        for bytes in cases {
            let ours = utf8(&bytes).map_err(|e| e.valid_up_to());
            assert_eq!(ours, std::str::from_utf8(&bytes).map_err(|e| e.valid_up_to()));
        }
    }

    #[test]
    fn nul_bytes_suggest_utf16_without_bom() {
        let e = decode(b"{\0\"\0").unwrap_err();
        assert!(e.message.contains("UTF-16"), "{e}");
    }
}
