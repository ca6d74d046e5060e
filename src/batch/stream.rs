//! A batch's JSON Lines or array file as one stream of bytes, read once.
//!
//! A pipe or FIFO cannot be read twice, and splitting may need to look ahead (is this JSON
//! Lines?) or to scan an element again (it was GBK, not UTF-8): bytes can be put back and
//! are read again before the rest. A UTF-16 file (it has a BOM) is decoded to UTF-8 as it
//! is read ([`DecodingReader`]); every other encoding is split as bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};

use crate::decode::stream::{DecodingReader, MALFORMED};
use crate::diag::Diagnostic;
use crate::limits::MAX_INPUT_BYTES;

type Raw = BufReader<Chain<Cursor<Vec<u8>>, File>>;

/// A file read once, as UTF-8 bytes for UTF-16 (decoded as it is read) and as they are for
/// any other encoding; bytes can be put back to be read again (see `batch::array`).
pub struct Stream {
    pending: Vec<u8>,
    pos: usize,
    inner: Inner,
    regular: bool,
}

enum Inner {
    Raw(Raw),
    Decoded(DecodingReader<Raw>),
}

impl Stream {
    /// Looks at the file's first bytes: a UTF-16 BOM means decoding; NUL bytes without a BOM
    /// mean UTF-16 without a BOM, refused as a whole (split as bytes it would give a failure
    /// per line, and decoded as anything else it is noise).
    pub(super) fn new(mut file: File, regular: bool) -> Result<Stream, Diagnostic> {
        let mut head = Vec::with_capacity(4);
        (&mut file).take(4).read_to_end(&mut head).map_err(|e| Diagnostic::error(format!("无法读取输入：{}", crate::syserr::reason(&e))))?;
        let bom = encoding_rs::Encoding::for_bom(&head).filter(|(enc, _)| *enc != encoding_rs::UTF_8);
        let raw = BufReader::with_capacity(64 * 1024, Cursor::new(head).chain(file));
        let mut stream = Stream { pending: Vec::new(), pos: 0, inner: Inner::Raw(raw), regular };
        if let Some((encoding, bom_len)) = bom {
            let Inner::Raw(mut raw) = stream.inner else { unreachable!("just made raw") };
            // The BOM is in the head, which the first fill returns whole.
            raw.fill_buf().map_err(|e| Diagnostic::error(format!("无法读取输入：{}", crate::syserr::reason(&e))))?;
            raw.consume(bom_len);
            stream.inner = Inner::Decoded(DecodingReader::new(raw, encoding, bom_len as u64));
            return Ok(stream);
        }
        let first = stream.fill_buf().map_err(|e| Diagnostic::error(format!("无法读取输入：{}", crate::syserr::reason(&e))))?;
        if let Some(offset) = memchr::memchr(0, first) {
            return Err(Diagnostic::error(format!("文件在字节偏移 {offset} 处含有空字节（0x00），可能是不带 BOM 的 UTF-16 编码；整个文件没有处理"))
                .with_hint("请用记事本等编辑器把文件另存为 UTF-8 编码后重试"));
        }
        Ok(stream)
    }

    /// Decoded from UTF-16: [`MALFORMED`] bytes stand for invalid sequences.
    pub(super) fn is_decoded(&self) -> bool {
        matches!(self.inner, Inner::Decoded(_))
    }

    /// A regular file (finite); otherwise a pipe, FIFO or device, possibly endless.
    pub(super) fn is_regular(&self) -> bool {
        self.regular
    }

    /// The encoding's name, for messages about invalid sequences.
    pub(super) fn encoding(&self) -> &'static str {
        match &self.inner {
            Inner::Raw(_) => "UTF-8",
            Inner::Decoded(d) => d.encoding,
        }
    }

    pub(super) fn take_malformed(&mut self) -> Option<u64> {
        match &mut self.inner {
            Inner::Raw(_) => None,
            Inner::Decoded(d) => d.take_malformed(),
        }
    }

    /// For a decoded stream: the error for the first invalid sequence among `bytes` (which
    /// hold `MALFORMED` for each), taking them all.
    pub(super) fn check_decoded(&mut self, bytes: &[u8], line: Option<usize>) -> Result<(), Diagnostic> {
        if !self.is_decoded() {
            return Ok(());
        }
        let count = bytes.iter().filter(|&&b| b == MALFORMED).count();
        self.check_markers(count, line)
    }

    pub(super) fn check_markers(&mut self, count: usize, line: Option<usize>) -> Result<(), Diagnostic> {
        let mut first = None;
        for _ in 0..count {
            first = first.or(self.take_malformed());
        }
        match first {
            Some(offset) if count > 0 => Err(crate::decode::invalid_sequence(self.encoding(), line, offset)),
            _ => Ok(()),
        }
    }

    pub(super) fn next_byte(&mut self) -> io::Result<Option<u8>> {
        let Some(&b) = self.fill_buf()?.first() else { return Ok(None) };
        self.consume(1);
        Ok(Some(b))
    }

    /// Puts `bytes` back, to be read before anything not read yet.
    pub(super) fn unread(&mut self, mut bytes: Vec<u8>) {
        bytes.extend_from_slice(&self.pending[self.pos..]);
        self.pending = bytes;
        self.pos = 0;
    }

    /// The first byte that is not white space or a UTF-8 BOM, left unread. Gives up
    /// (`None`) after [`MAX_INPUT_BYTES`] of white space.
    pub(super) fn peek_significant(&mut self) -> io::Result<Option<u8>> {
        let mut seen = Vec::new();
        let found = loop {
            match self.next_byte()? {
                Some(b) if (b.is_ascii_whitespace() || b == 0xEF || b == 0xBB || b == 0xBF) && seen.len() < MAX_INPUT_BYTES => seen.push(b),
                Some(b) => {
                    seen.push(b);
                    break Some(b);
                }
                None => break None,
            }
        };
        self.unread(seen);
        Ok(found)
    }

    /// Whether the stream is JSON Lines though not named so: its first line is a whole JSON
    /// value and more follows. (A single answers file on one line reads the same either way.)
    /// Everything looked at is left unread.
    pub(super) fn holds_json_lines(&mut self) -> io::Result<bool> {
        let mut seen = Vec::new();
        // Where the first line with something on it starts.
        let mut start = 0;
        let mut newline = false;
        while seen.len() <= MAX_INPUT_BYTES {
            match self.next_byte()? {
                Some(b'\n') if seen[start..].iter().all(u8::is_ascii_whitespace) => {
                    seen.push(b'\n');
                    start = seen.len();
                }
                Some(b'\n') => {
                    newline = true;
                    break;
                }
                Some(b) => seen.push(b),
                None => break,
            }
        }
        let whole = newline && crate::decode::decode(&seen[start..]).is_ok_and(|d| serde_json::from_str::<serde::de::IgnoredAny>(&d.text).is_ok());
        // What peek_significant looks at is put back first, then the first line before it.
        let more = whole && self.peek_significant()?.is_some();
        if newline {
            seen.push(b'\n');
        }
        self.unread(seen);
        Ok(more)
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Stream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.pending.len() {
            return Ok(&self.pending[self.pos..]);
        }
        match &mut self.inner {
            Inner::Raw(r) => r.fill_buf(),
            Inner::Decoded(d) => d.fill_buf(),
        }
    }

    fn consume(&mut self, amt: usize) {
        if self.pos < self.pending.len() {
            self.pos = (self.pos + amt).min(self.pending.len());
            if self.pos == self.pending.len() {
                self.pending = Vec::new();
                self.pos = 0;
            }
            return;
        }
        match &mut self.inner {
            Inner::Raw(r) => r.consume(amt),
            Inner::Decoded(d) => d.consume(amt),
        }
    }
}

pub(super) enum LineRead {
    Blank,
    Text(Vec<u8>),
    TooLong,
}

/// Reads one line, keeping at most [`MAX_INPUT_BYTES`] of it (the rest is skipped, so a
/// giant line costs no memory; in a stream that is not a regular file it is not even read,
/// as it may never end), and counts the [`MALFORMED`] bytes in all that was read.
pub(super) fn read_line_bounded(reader: &mut impl BufRead, regular: bool) -> io::Result<(Option<LineRead>, usize)> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    let mut markers = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, found_newline) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        markers += memchr::memchr_iter(MALFORMED, chunk).count();
        if !too_long {
            if line.len() + chunk.len() > MAX_INPUT_BYTES {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(found_newline);
        reader.consume(used);
        if found_newline || (too_long && !regular) {
            break;
        }
    }
    if !any {
        return Ok((None, markers));
    }
    if too_long {
        return Ok((Some(LineRead::TooLong), markers));
    }
    if line.iter().all(|b| b.is_ascii_whitespace()) || line == [0xEF, 0xBB, 0xBF] {
        return Ok((Some(LineRead::Blank), markers));
    }
    Ok((Some(LineRead::Text(line)), markers))
}

