//! A stream in UTF-16 (with a BOM), decoded to UTF-8 as it is read.
//!
//! A batch's JSON Lines or array file can be far larger than one answers file, so it is not
//! decoded whole like [`super::decode`] does. UTF-16 must be decoded before it is split into
//! lines or elements: its code units hold bytes that look like `\n`, `"` or `,` (U+0A2C is
//! `2C 0A` in UTF-16LE). UTF-8 and GBK need no such step: they are split as bytes (see
//! `batch::array`) and each piece is decoded on its own.
//!
//! An invalid sequence (a lone surrogate, an odd last byte) cannot stop the stream: the
//! lines or elements after it are fine. It becomes the byte 0xFF in the output (a byte that
//! UTF-8 text never holds) and its offset in the file is queued; whoever splits the stream
//! takes the offset when it meets the 0xFF, and fails that line or element with it.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding};

/// The byte that stands for an invalid sequence in the decoded stream.
pub const MALFORMED: u8 = 0xFF;

/// UTF-8 bytes decoded from `inner`.
pub struct DecodingReader<R> {
    inner: R,
    decoder: Decoder,
    /// Encoding name for messages (`UTF-16LE`…).
    pub encoding: &'static str,
    out: Vec<u8>,
    pos: usize,
    /// Bytes of the file consumed so far (the BOM included), for offsets in messages.
    consumed: u64,
    malformed: VecDeque<u64>,
    done: bool,
}

const OUT_CAPACITY: usize = 32 * 1024;

impl<R: BufRead> DecodingReader<R> {
    /// `inner` is positioned after a BOM of `bom_len` bytes, already consumed.
    pub fn new(inner: R, encoding: &'static Encoding, bom_len: u64) -> DecodingReader<R> {
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            encoding: encoding.name(),
            out: Vec::with_capacity(OUT_CAPACITY + 1),
            pos: 0,
            consumed: bom_len,
            malformed: VecDeque::new(),
            done: false,
        }
    }

    /// The file offset of the oldest invalid sequence not taken yet (call once per
    /// [`MALFORMED`] byte read, in order).
    pub fn take_malformed(&mut self) -> Option<u64> {
        self.malformed.pop_front()
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out.resize(OUT_CAPACITY, 0);
        self.pos = 0;
        let src = self.inner.fill_buf()?;
        let last = src.is_empty();
        let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut self.out, last);
        self.inner.consume(read);
        self.out.truncate(written);
        self.consumed += read as u64;
        match result {
            DecoderResult::Malformed(bad, after) => {
                self.malformed.push_back(self.consumed.saturating_sub(u64::from(bad) + u64::from(after)));
                self.out.push(MALFORMED);
            }
            DecoderResult::InputEmpty if last => self.done = true,
            DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
        }
        Ok(())
    }
}

impl<R: BufRead> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for DecodingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out.len() && !self.done {
            self.refill()?;
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn decodes_across_small_reads_and_marks_a_lone_surrogate() {
        let mut bytes = utf16le("{\"名\":\"\u{0A2C}𠀾\"}\n");
        let bad_at = bytes.len() as u64 + 2;
        bytes.extend_from_slice(&[0x00, 0xD8]); // a lone high surrogate…
        bytes.extend_from_slice(&utf16le("a\n")); // …followed by 'a'
        // A buffer of 3 bytes cuts code units and surrogate pairs in half.
        let inner = io::BufReader::with_capacity(3, &bytes[..]);
        let mut r = DecodingReader::new(inner, encoding_rs::UTF_16LE, 2);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        let mut expected = "{\"名\":\"\u{0A2C}𠀾\"}\n".as_bytes().to_vec();
        expected.push(MALFORMED);
        expected.extend_from_slice(b"a\n");
        assert_eq!(out, expected);
        assert_eq!(r.take_malformed(), Some(bad_at));
        assert_eq!(r.take_malformed(), None);
    }
}
