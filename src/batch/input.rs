//! Where a batch's answers come from, one township at a time: a folder of answers files, a
//! JSON Lines file (one township a line) or a JSON file holding an array of answers.
//!
//! Inputs are streamed: a folder is listed (names only), a JSON Lines file is read line by
//! line and an array file element by element, so memory does not grow with the batch.
//! Each input carries a label that names it in messages: the file, `文件:第N行`, or
//! `文件[下标]`.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::limits::MAX_INPUT_BYTES;

/// One township's answers as bytes, or why they could not be read.
#[derive(Debug)]
pub struct Input {
    /// Position in the batch, from 0, in input order.
    pub index: usize,
    /// How messages name this input.
    pub label: String,
    pub bytes: Result<Vec<u8>, Diagnostic>,
}

/// The inputs of a batch, read lazily.
pub struct Inputs {
    kind: Kind,
    next_index: usize,
    /// How many inputs there are, when known in advance (for the progress bar).
    pub total: Option<usize>,
}

enum Kind {
    /// A folder's answers files, sorted. Only the names are kept (not whole paths): a batch
    /// of tens of thousands holds each until its turn, about 35 bytes a file instead of 70.
    Files { folder: PathBuf, names: std::vec::IntoIter<Box<OsStr>> },
    Lines { reader: BufReader<File>, file: String, line: usize },
    Array(ArrayElements),
    Done,
}

/// Opens a folder, a `.jsonl`/`.ndjson` file, a `.json` array file or a single answers file.
pub fn open(path: &Path) -> Result<Inputs, Diagnostic> {
    let label = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Diagnostic::error(format!("无法读取输入：{}", crate::syserr::reason(&e))).in_file(&label))?;
    if meta.is_dir() {
        let mut names: Vec<Box<OsStr>> = std::fs::read_dir(path)
            .map_err(|e| Diagnostic::error(format!("无法列出文件夹：{}", crate::syserr::reason(&e))).in_file(&label))?
            .filter_map(Result::ok)
            .filter(|e| is_answers_file_name(&e.file_name()))
            // The listing's own file type saves a stat a file; a symbolic link is followed.
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || (t.is_symlink() && e.path().is_file())))
            .map(|e| e.file_name().into_boxed_os_str())
            .collect();
        names.sort();
        let total = Some(names.len());
        return Ok(Inputs { kind: Kind::Files { folder: path.to_path_buf(), names: names.into_iter() }, next_index: 0, total });
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let file = File::open(path).map_err(|e| Diagnostic::error(format!("无法读取输入：{}", crate::syserr::reason(&e))).in_file(&label))?;
    if ext == "jsonl" || ext == "ndjson" {
        let total = count_lines(path);
        return Ok(Inputs { kind: Kind::Lines { reader: BufReader::new(file), file: label, line: 0 }, next_index: 0, total });
    }
    let mut reader = BufReader::new(file);
    let first = first_significant_byte(&mut reader).map_err(|e| Diagnostic::error(format!("无法读取输入：{}", crate::syserr::reason(&e))).in_file(&label))?;
    if first == Some(b'[') {
        let elements = ArrayElements::new(reader, path, label)?;
        return Ok(Inputs { kind: Kind::Array(elements), next_index: 0, total: None });
    }
    // A single answers file is a batch of one (an empty folder joined to its path is the path).
    let names = vec![path.as_os_str().into()].into_iter();
    Ok(Inputs { kind: Kind::Files { folder: PathBuf::new(), names }, next_index: 0, total: Some(1) })
}

/// `*.json` files, not hidden ones (editors leave `.~lock` and `._` files around). A name
/// that is not UTF-8 (a GBK name unpacked from a Windows zip) counts too.
fn is_answers_file_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    !name.starts_with('.') && name.to_ascii_lowercase().ends_with(".json")
}

/// Lines with something on them, counted without holding the file (for the progress bar).
fn count_lines(path: &Path) -> Option<usize> {
    let mut reader = BufReader::new(File::open(path).ok()?);
    let mut count = 0;
    let mut blank = true;
    loop {
        let buf = reader.fill_buf().ok()?;
        if buf.is_empty() {
            break;
        }
        for &b in buf {
            if b == b'\n' {
                if !blank {
                    count += 1;
                }
                blank = true;
            } else if !b.is_ascii_whitespace() {
                blank = false;
            }
        }
        let n = buf.len();
        reader.consume(n);
    }
    Some(count + usize::from(!blank))
}

/// The first byte that is not white space or a UTF-8 BOM, without consuming it.
fn first_significant_byte(reader: &mut BufReader<File>) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let skip = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { buf.iter().take_while(|b| b.is_ascii_whitespace()).count() };
        if skip == 0 {
            return Ok(Some(buf[0]));
        }
        reader.consume(skip);
    }
}

/// An input handed out but not read yet. A folder's file is read by the worker that takes
/// it, outside the lock that hands inputs out, so that workers read their files in
/// parallel; JSON Lines and array elements are read while splitting the stream.
pub struct Pending {
    index: usize,
    label: String,
    source: Source,
}

enum Source {
    File(PathBuf),
    Read(Result<Vec<u8>, Diagnostic>),
}

impl Pending {
    /// Reads the input's bytes (for a folder's file: now).
    pub fn read(self) -> Input {
        let bytes = match self.source {
            Source::File(path) => read_file(&path, &self.label),
            Source::Read(bytes) => bytes,
        };
        Input { index: self.index, label: self.label, bytes }
    }
}

impl Inputs {
    /// The next input, numbered, with its bytes read only for streams (see [`Pending`]).
    pub fn next_pending(&mut self) -> Option<Pending> {
        let (label, source) = match &mut self.kind {
            Kind::Done => return None,
            Kind::Files { folder, names } => {
                let path = folder.join(&*names.next()?);
                (path.display().to_string(), Source::File(path))
            }
            Kind::Lines { reader, file, line } => loop {
                *line += 1;
                match read_line_bounded(reader) {
                    Ok(None) => {
                        self.kind = Kind::Done;
                        return None;
                    }
                    Ok(Some(LineRead::Blank)) => continue,
                    Ok(Some(LineRead::Text(bytes))) => break (format!("{file}:第{line}行"), Source::Read(Ok(bytes))),
                    Ok(Some(LineRead::TooLong)) => {
                        let label = format!("{file}:第{line}行");
                        let d = Diagnostic::error(format!("这一行超过上限 {MAX_INPUT_BYTES} 字节")).in_file(&label);
                        break (label, Source::Read(Err(d)));
                    }
                    Err(e) => {
                        let label = format!("{file}:第{line}行");
                        let d = Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(&label);
                        self.kind = Kind::Done;
                        break (label, Source::Read(Err(d)));
                    }
                }
            },
            Kind::Array(elements) => match elements.next_element() {
                None => {
                    self.kind = Kind::Done;
                    return None;
                }
                Some((label, bytes)) => (label, Source::Read(bytes)),
            },
        };
        let index = self.next_index;
        self.next_index += 1;
        Some(Pending { index, label, source })
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        self.next_pending().map(Pending::read)
    }
}

/// The first buffer for reading an answers file.
const READ_CAPACITY: usize = 16 * 1024;

fn read_file(path: &Path, label: &str) -> Result<Vec<u8>, Diagnostic> {
    let file = File::open(path).map_err(|e| Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(label))?;
    // Room for a typical answers file (4–10 KB) up front: read_to_end then reads it in one
    // call and sees the end in a second, instead of growing from a 32-byte probe (9 or 10
    // reads a file, measured with strace).
    let mut bytes = Vec::with_capacity(READ_CAPACITY);
    file.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(label))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(format!("文件超过上限 {MAX_INPUT_BYTES} 字节")).in_file(label));
    }
    Ok(bytes)
}

enum LineRead {
    Blank,
    Text(Vec<u8>),
    TooLong,
}

/// Reads one line, keeping at most [`MAX_INPUT_BYTES`] of it (the rest is skipped, so a
/// giant line costs no memory).
fn read_line_bounded(reader: &mut impl BufRead) -> std::io::Result<Option<LineRead>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, found_newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
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
        if found_newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(LineRead::TooLong));
    }
    if line.iter().all(|b| b.is_ascii_whitespace()) || line == [0xEF, 0xBB, 0xBF] {
        return Ok(Some(LineRead::Blank));
    }
    Ok(Some(LineRead::Text(line)))
}

/// Splits a top-level JSON array into its elements' bytes without parsing them.
///
/// Tracks only strings, escapes and bracket depth. That is safe for UTF-8, where no byte of
/// a multi-byte character can look like `"`, `\` or a bracket; a file in another encoding
/// (GBK trail bytes can be `\` or `[`) is decoded to UTF-8 as a whole first.
struct ArrayElements {
    source: Box<dyn BufRead + Send>,
    file: String,
    index: usize,
    line: usize,
    finished: bool,
}

impl ArrayElements {
    fn new(mut reader: BufReader<File>, path: &Path, file: String) -> Result<ArrayElements, Diagnostic> {
        let utf8 = {
            let head = reader.fill_buf().map_err(|e| Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(&file))?;
            let check = &head[..head.len().min(64 * 1024)];
            match std::str::from_utf8(check) {
                Ok(_) => true,
                // A character cut at the end of the sample is still UTF-8.
                Err(e) => e.error_len().is_none(),
            }
        };
        let source: Box<dyn BufRead + Send> = if utf8 {
            Box::new(reader)
        } else {
            let bytes = read_file(path, &file)?;
            let decoded = crate::decode::decode(&bytes).map_err(|d| d.in_file(&file))?;
            Box::new(std::io::Cursor::new(decoded.text.into_bytes()))
        };
        let mut elements = ArrayElements { source, file, index: 0, line: 1, finished: false };
        elements.skip_to_array_start()?;
        Ok(elements)
    }

    fn skip_to_array_start(&mut self) -> Result<(), Diagnostic> {
        loop {
            match self.next_byte() {
                Some(b'[') => return Ok(()),
                Some(b) if b.is_ascii_whitespace() || b == 0xEF || b == 0xBB || b == 0xBF => continue,
                _ => return Err(Diagnostic::error("不是 JSON 数组").in_file(&self.file)),
            }
        }
    }

    fn next_byte(&mut self) -> Option<u8> {
        let buf = self.source.fill_buf().ok()?;
        let b = *buf.first()?;
        self.source.consume(1);
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    /// The next element's label and bytes, or `None` after the closing `]`.
    fn next_element(&mut self) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
        if self.finished {
            return None;
        }
        let mut bytes = Vec::new();
        let mut depth = 0usize;
        let (mut in_string, mut escaped, mut too_long) = (false, false, false);
        let mut start_line = None;
        loop {
            let Some(b) = self.next_byte() else {
                self.finished = true;
                let label = format!("{}[{}]", self.file, self.index);
                return Some((label.clone(), Err(Diagnostic::error(format!("数组在第 {} 行意外结束（缺少 ]）", self.line)).in_file(label))));
            };
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b',' | b']' if depth == 0 => {
                        if b == b']' {
                            self.finished = true;
                        }
                        if bytes.iter().all(|c: &u8| c.is_ascii_whitespace()) {
                            if self.finished {
                                return None; // `[]` or a trailing `]`
                            }
                            let label = format!("{}[{}]", self.file, self.index);
                            self.index += 1;
                            return Some((label.clone(), Err(Diagnostic::error("数组中有空元素（多余的逗号）").in_file(label))));
                        }
                        let label = format!("{}[{}]（第{}行）", self.file, self.index, start_line.unwrap_or(self.line));
                        self.index += 1;
                        if too_long {
                            return Some((label.clone(), Err(Diagnostic::error(format!("元素超过上限 {MAX_INPUT_BYTES} 字节")).in_file(label))));
                        }
                        return Some((label, Ok(bytes)));
                    }
                    _ => {}
                }
            }
            if start_line.is_none() && !b.is_ascii_whitespace() {
                start_line = Some(self.line);
            }
            if !too_long {
                if bytes.len() >= MAX_INPUT_BYTES {
                    too_long = true;
                    bytes = Vec::new();
                } else {
                    bytes.push(b);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels_and_texts(path: &Path) -> Vec<(String, String)> {
        open(path)
            .unwrap()
            .map(|i| (i.label, i.bytes.map(|b| String::from_utf8_lossy(&b).trim().to_string()).unwrap_or_else(|d| format!("ERR {}", d.message))))
            .collect()
    }

    #[test]
    fn json_lines_skip_blank_lines_and_name_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("all.jsonl");
        std::fs::write(&p, "{\"a\":1}\n\n{\"b\":\"x\\ny\"}\r\n{\"c\":3}").unwrap();
        let got = labels_and_texts(&p);
        assert_eq!(got.len(), 3);
        assert!(got[1].0.ends_with("all.jsonl:第3行"), "{got:?}");
        assert_eq!(got[2].1, "{\"c\":3}");
        assert_eq!(open(&p).unwrap().total, Some(3));
    }

    #[test]
    fn arrays_split_into_elements_with_brackets_inside_strings() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("all.json");
        std::fs::write(&p, "\u{feff} [\n {\"a\": \"],[{\\\"\"},\n {\"b\": [1, {\"c\": 2}]} ,\n 3 ]").unwrap();
        let got = labels_and_texts(&p);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].1, "{\"a\": \"],[{\\\"\"}");
        assert_eq!(got[1].1, "{\"b\": [1, {\"c\": 2}]}");
        assert!(got[1].0.contains("[1]") && got[1].0.contains("第3行"), "{got:?}");
        std::fs::write(&p, "[{\"a\":1},").unwrap();
        let got = labels_and_texts(&p);
        assert!(got[1].1.starts_with("ERR 数组在第"), "{got:?}");
        std::fs::write(&p, "[]").unwrap();
        assert!(labels_and_texts(&p).is_empty());
    }

    #[test]
    fn gbk_arrays_are_decoded_before_splitting() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gbk.json");
        // 「乗」 is 0x81 0x5C in GBK: its second byte looks like a backslash.
        let text = "[{\"名\":\"丂乗\"},{\"名\":\"乙\"}]";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        assert!(bytes.windows(2).any(|w| w[0] >= 0x81 && w[1] == b'\\'), "the test needs a trail byte 0x5C");
        std::fs::write(&p, &bytes).unwrap();
        let got = labels_and_texts(&p);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "{\"名\":\"丂乗\"}");
    }

    #[test]
    fn folders_list_json_files_in_order_and_skip_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.json", "a.JSON", ".~lock.c.json", "notes.txt"] {
            std::fs::write(dir.path().join(n), "{}").unwrap();
        }
        std::fs::create_dir(dir.path().join("d.json")).unwrap();
        let got: Vec<String> = open(dir.path()).unwrap().map(|i| i.label).collect();
        assert_eq!(got.len(), 2);
        assert!(got[0].ends_with("a.JSON") && got[1].ends_with("b.json"));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_in_gbk_is_still_an_input() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        // 「镇」 in GBK, as a zip made on Windows unpacks on Linux.
        let name = OsStr::from_bytes(b"\xd5\xf2.json");
        std::fs::write(dir.path().join(name), "{}").unwrap();
        let got: Vec<Input> = open(dir.path()).unwrap().collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].bytes.as_deref().ok(), Some(&b"{}"[..]));
    }
}
