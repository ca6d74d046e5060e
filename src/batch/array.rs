//! Splitting a top-level JSON array into its elements' bytes, without parsing them, each
//! element in its own encoding.
//!
//! The split tracks only strings, escapes and bracket depth. In UTF-8 no byte of a
//! multi-byte character can look like `"`, `\` or a bracket, but in GBK a character's
//! second byte can be `\`, `[`, `]`, `{` or `}` (「乗」 is `81 5C`). A county's array is often
//! pasted together from townships' own files, some saved as UTF-8, some as GBK, so the
//! encoding is decided per element: each is scanned as UTF-8 and checked as it goes; at the
//! first byte that is not UTF-8 the element is scanned again from its start as GBK/GB18030
//! (where a byte 0x81–0xFE starts a two-byte character). Each element's bytes then go to
//! [`crate::decode::decode`] like any answers file. A stream decoded from UTF-16 is UTF-8
//! already; an invalid sequence in it arrives as [`MALFORMED`] and fails its element.

use std::io::BufRead;

use crate::decode::{invalid_sequence, stream::MALFORMED};
use crate::diag::Diagnostic;
use crate::limits::MAX_INPUT_BYTES;

use super::stream::Stream;

/// The elements of an array file, one at a time.
pub(super) struct ArrayElements {
    stream: Stream,
    file: String,
    index: usize,
    line: usize,
    finished: bool,
}

/// What one byte did to the split.
enum Step {
    Byte,
    End { closing: bool },
    NotUtf8,
}

/// The split's state inside one element.
#[derive(Default)]
struct Split {
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Scanning as GBK/GB18030 (after the element turned out not to be UTF-8).
    gbk: bool,
    /// GBK: the next byte is the second byte of a character.
    trail: bool,
    /// UTF-8: continuation bytes still expected, and the range allowed for the next one.
    need: u8,
    lo: u8,
    hi: u8,
    /// Stop checking UTF-8 (the stream is decoded already, or the element is too long to
    /// be scanned again).
    unchecked: bool,
}

impl Split {
    fn step(&mut self, b: u8) -> Step {
        if self.trail {
            self.trail = false;
            return Step::Byte;
        }
        if self.gbk && (0x81..=0xFE).contains(&b) {
            self.trail = true;
            return Step::Byte;
        }
        if !self.gbk && !self.unchecked && !self.utf8(b) {
            return Step::NotUtf8;
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return Step::Byte;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => self.depth -= 1,
            b',' | b']' if self.depth == 0 => return Step::End { closing: b == b']' },
            _ => {}
        }
        Step::Byte
    }

    /// One byte of a UTF-8 check (RFC 3629: no overlong forms, no surrogates).
    fn utf8(&mut self, b: u8) -> bool {
        if self.need > 0 {
            if b < self.lo || b > self.hi {
                return false;
            }
            self.need -= 1;
            (self.lo, self.hi) = (0x80, 0xBF);
            return true;
        }
        let (need, lo, hi) = match b {
            0x00..=0x7F => return true,
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE | 0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return false,
        };
        (self.need, self.lo, self.hi) = (need, lo, hi);
        true
    }
}

impl ArrayElements {
    pub(super) fn new(stream: Stream, file: String) -> Result<ArrayElements, Diagnostic> {
        let mut elements = ArrayElements { stream, file, index: 0, line: 1, finished: false };
        loop {
            match elements.next_byte() {
                Ok(Some(b'[')) => return Ok(elements),
                Ok(Some(b)) if b.is_ascii_whitespace() || b == 0xEF || b == 0xBB || b == 0xBF => continue,
                Ok(_) => return Err(Diagnostic::error("不是 JSON 数组").in_file(&elements.file)),
                Err(d) => return Err(d),
            }
        }
    }

    fn next_byte(&mut self) -> Result<Option<u8>, Diagnostic> {
        let b = self.stream.next_byte().map_err(|e| Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(&self.file))?;
        if b == Some(b'\n') {
            self.line += 1;
        }
        Ok(b)
    }

    fn label(&self, line: Option<usize>) -> String {
        match line {
            Some(line) => format!("{}[{}]（第{}行）", self.file, self.index, line),
            None => format!("{}[{}]", self.file, self.index),
        }
    }

    /// The next element's label and bytes, or `None` after the closing `]`.
    pub(super) fn next_element(&mut self) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
        if self.finished {
            return None;
        }
        let mut bytes = Vec::new();
        let mut split = Split { unchecked: self.stream.is_decoded(), ..Split::default() };
        let mut too_long = false;
        let mut start_line = None;
        // The first invalid sequence of a decoded (UTF-16) stream in this element.
        let mut malformed: Option<(u64, usize)> = None;
        let (decoded, regular) = (self.stream.is_decoded(), self.stream.is_regular());
        // A buffer at a time (not a call a byte): what stops the scan of a buffer.
        enum Event {
            Marker,
            NotUtf8(u8),
            End(bool),
            Endless,
        }
        loop {
            let buf = match self.stream.fill_buf() {
                Ok(buf) => buf,
                Err(e) => {
                    self.finished = true;
                    let label = self.label(None);
                    let d = Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(&label);
                    return Some((label, Err(d)));
                }
            };
            if buf.is_empty() {
                self.finished = true;
                let label = self.label(None);
                let d = Diagnostic::error(format!("数组在第 {} 行意外结束（缺少 ]）", self.line)).in_file(&label);
                return Some((label, Err(d)));
            }
            let mut used = 0;
            let mut event = None;
            for &b in buf {
                used += 1;
                if b == b'\n' {
                    self.line += 1;
                }
                if b == MALFORMED && decoded {
                    event = Some(Event::Marker);
                    break;
                }
                match split.step(b) {
                    Step::Byte => {}
                    Step::NotUtf8 => {
                        event = Some(Event::NotUtf8(b));
                        break;
                    }
                    Step::End { closing } => {
                        event = Some(Event::End(closing));
                        break;
                    }
                }
                if start_line.is_none() && !b.is_ascii_whitespace() {
                    start_line = Some(self.line);
                }
                if !too_long {
                    if bytes.len() >= MAX_INPUT_BYTES {
                        too_long = true;
                        // Too long to scan again: the rest of the element is split as it is.
                        split.unchecked = true;
                        bytes = Vec::new();
                    } else {
                        bytes.push(b);
                    }
                }
                if too_long && !regular {
                    event = Some(Event::Endless);
                    break;
                }
            }
            self.stream.consume(used);
            match event {
                None => {}
                Some(Event::Marker) => {
                    let at = self.stream.take_malformed().unwrap_or(0);
                    malformed = malformed.or(Some((at, self.line)));
                }
                Some(Event::NotUtf8(b)) => {
                    // Scan the element again from its start, as GBK.
                    let mut again = std::mem::take(&mut bytes);
                    again.push(b);
                    self.line -= again.iter().filter(|&&c| c == b'\n').count();
                    self.stream.unread(again);
                    split = Split { gbk: true, ..Split::default() };
                    start_line = None;
                }
                Some(Event::End(closing)) => {
                    self.finished = closing;
                    return self.finish_element(bytes, start_line, too_long, malformed);
                }
                Some(Event::Endless) => {
                    // An endless stream (`[[[[…` from a device) must not be read for ever.
                    self.finished = true;
                    let label = self.label(start_line);
                    let d = Diagnostic::error(format!("元素超过上限 {MAX_INPUT_BYTES} 字节；输入不是普通文件，其余内容没有读取")).in_file(&label);
                    return Some((label, Err(d)));
                }
            }
        }
    }

    fn finish_element(&mut self, bytes: Vec<u8>, start_line: Option<usize>, too_long: bool, malformed: Option<(u64, usize)>) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
        if !too_long && bytes.iter().all(|c: &u8| c.is_ascii_whitespace()) && malformed.is_none() {
            if self.finished {
                return None; // `[]` or a trailing `]`
            }
            let label = self.label(None);
            self.index += 1;
            return Some((label.clone(), Err(Diagnostic::error("数组中有空元素（多余的逗号）").in_file(label))));
        }
        let label = self.label(Some(start_line.unwrap_or(self.line)));
        self.index += 1;
        let result = if too_long {
            Err(Diagnostic::error(format!("元素超过上限 {MAX_INPUT_BYTES} 字节")).in_file(&label))
        } else if let Some((offset, line)) = malformed {
            Err(invalid_sequence(self.stream.encoding(), Some(line), offset).in_file(&label))
        } else {
            Ok(bytes)
        };
        Some((label, result))
    }
}
