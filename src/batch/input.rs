//! Where a batch's answers come from, one township at a time: a folder of answers files, a
//! JSON Lines file (one township a line) or a JSON file holding an array of answers.
//!
//! Inputs are streamed: a folder is listed (names only), a JSON Lines file is read line by
//! line and an array file element by element, so memory does not grow with the batch.
//! Each input carries a label that names it in messages: the file, `文件:第N行`, or
//! `文件[下标]`.
//!
//! Nothing that looks like an input is dropped without a word. In a folder every entry whose
//! name ends in `.json` (in any case, hidden ones too) is an input, whatever it is: a
//! folder, a FIFO, a device or a broken symbolic link becomes a failure with its reason. A
//! pipe or FIFO is read once, as it comes ([`crate::read`] bounds the wait and the size):
//! its lines are not counted in advance, so the progress bar shows no total.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::limits::MAX_INPUT_BYTES;
use crate::read::{self, ReadError};

use super::array::ArrayElements;
use super::stream::{read_line_bounded, LineRead, Stream};

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
    Lines { stream: Stream, file: String, line: usize },
    Array(ArrayElements),
    /// A single answers file, already read.
    One(Option<(String, Result<Vec<u8>, Diagnostic>)>),
    Done,
}

/// Opens a folder, a `.jsonl`/`.ndjson` file, a `.json` array file or a single answers file.
/// A file of another name holding an array, or one JSON value a line, is read as such
/// (`cat 全县.jsonl | gongwen batch /dev/stdin`).
pub fn open(path: &Path) -> Result<Inputs, Diagnostic> {
    let label = path.display().to_string();
    let cant = |e: ReadError| Diagnostic::error(format!("无法读取输入：{e}")).in_file(&label);
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return open_folder(path, &label);
    }
    let opened = read::open(path).map_err(cant)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let json_lines = ext == "jsonl" || ext == "ndjson";
    let done = |kind| Ok(Inputs { kind, next_index: 0, total: None });
    let mut file = opened.file;
    let total = match opened.len {
        Some(_) if json_lines => count_lines(&mut file).map_err(|e| cant(ReadError::Io(e)))?,
        _ => None,
    };
    let mut stream = Stream::new(file, opened.len.is_some()).map_err(|d| d.in_file(&label))?;
    if json_lines {
        return Ok(Inputs { kind: Kind::Lines { stream, file: label, line: 0 }, next_index: 0, total });
    }
    match stream.peek_significant().map_err(|e| cant(ReadError::Io(e)))? {
        Some(b'[') => return done(Kind::Array(ArrayElements::new(stream, label)?)),
        Some(_) if stream.holds_json_lines().map_err(|e| cant(ReadError::Io(e)))? => {
            return done(Kind::Lines { stream, file: label, line: 0 });
        }
        _ => {}
    }
    // A single answers file is a batch of one.
    let mut bytes = Vec::new();
    let read = read::read_rest(&mut stream, MAX_INPUT_BYTES as u64, opened.len, &mut bytes).map_err(|e| Diagnostic::error(e.to_string()).in_file(&label));
    let bytes = read.and_then(|()| stream.check_decoded(&bytes, None).map_err(|d| d.in_file(&label))).map(|()| bytes);
    Ok(Inputs { kind: Kind::One(Some((label, bytes))), next_index: 0, total: Some(1) })
}

/// Every entry whose name ends in `.json` (ASCII case ignored; a name that is not UTF-8,
/// like a GBK name unpacked from a Windows zip, counts too), sorted by name. What each one
/// is, is found out when it is read.
fn open_folder(path: &Path, label: &str) -> Result<Inputs, Diagnostic> {
    let cant = |e: io::Error| Diagnostic::error(format!("无法列出文件夹：{}", crate::syserr::reason(&e))).in_file(label);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(path).map_err(cant)? {
        let name = entry.map_err(cant)?.file_name();
        if name.to_string_lossy().to_ascii_lowercase().ends_with(".json") {
            names.push(name.into_boxed_os_str());
        }
    }
    names.sort();
    let total = Some(names.len());
    Ok(Inputs { kind: Kind::Files { folder: path.to_path_buf(), names: names.into_iter() }, next_index: 0, total })
}

/// Lines with something on them, counted in a first pass over a regular file (for the
/// progress bar), which is then read again from its start. `None` for UTF-16, whose
/// code units can hold the byte 0x0A.
fn count_lines(file: &mut File) -> io::Result<Option<usize>> {
    let mut reader = BufReader::with_capacity(64 * 1024, &mut *file);
    let mut count = 0;
    let mut blank = true;
    let mut first = true;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        if first && (buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF])) {
            file.rewind()?;
            return Ok(None);
        }
        first = false;
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
    drop(reader);
    file.rewind()?;
    Ok(Some(count + usize::from(!blank)))
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
            Kind::One(one) => {
                let (label, bytes) = one.take()?;
                (label, Source::Read(bytes))
            }
            Kind::Files { folder, names } => {
                let path = folder.join(&*names.next()?);
                (path.display().to_string(), Source::File(path))
            }
            Kind::Lines { stream, file, line } => loop {
                *line += 1;
                let label = format!("{file}:第{line}行");
                let (read, markers) = match read_line_bounded(stream, stream.is_regular()) {
                    Ok(read) => read,
                    Err(e) => {
                        let d = Diagnostic::error(format!("无法读取：{}", crate::syserr::reason(&e))).in_file(&label);
                        self.kind = Kind::Done;
                        break (label, Source::Read(Err(d)));
                    }
                };
                if let Err(d) = stream.check_markers(markers, Some(*line)) {
                    break (label.clone(), Source::Read(Err(d.in_file(&label))));
                }
                match read {
                    None => {
                        self.kind = Kind::Done;
                        return None;
                    }
                    Some(LineRead::Blank) => continue,
                    Some(LineRead::Text(bytes)) => break (label, Source::Read(Ok(bytes))),
                    Some(LineRead::TooLong) if stream.is_regular() => {
                        let d = Diagnostic::error(format!("这一行超过上限 {MAX_INPUT_BYTES} 字节")).in_file(&label);
                        break (label, Source::Read(Err(d)));
                    }
                    Some(LineRead::TooLong) => {
                        // An endless stream (/dev/zero) must not be read for ever.
                        let d = Diagnostic::error(format!("这一行超过上限 {MAX_INPUT_BYTES} 字节；输入不是普通文件，其余内容没有读取")).in_file(&label);
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

/// A folder's entry, whatever it is: a folder, a FIFO without a writer, a device or a
/// broken link is a failure with its reason (see [`crate::read`]).
fn read_file(path: &Path, label: &str) -> Result<Vec<u8>, Diagnostic> {
    read::read_to_limit(path, MAX_INPUT_BYTES as u64).map_err(|e| {
        let why = match e {
            ReadError::Directory => "这是一个文件夹，不是答案文件".to_string(),
            e @ ReadError::TooLarge { .. } => e.to_string(),
            e => format!("无法读取：{e}"),
        };
        Diagnostic::error(why).in_file(label)
    })
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

    /// Each input's label and its text, decoded as `render` decodes an answers file.
    fn decoded(path: &Path) -> Vec<(String, String)> {
        open(path)
            .unwrap()
            .map(|i| (i.label, i.bytes.and_then(|b| crate::decode::decode(&b)).map(|d| d.text.trim().to_string()).unwrap_or_else(|d| format!("ERR {}", d.message))))
            .collect()
    }

    #[test]
    fn each_array_element_is_split_in_its_own_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mixed.json");
        // 「乗」 is 0x81 0x5C in GBK: its second byte looks like a backslash. More than 64 KB
        // of UTF-8 come first (a guess from the file's start is not enough).
        let utf8 = format!("{{\"名\":\"{}\"}}", "青山镇".repeat(8000));
        let (gbk, _, _) = encoding_rs::GBK.encode("{\"名\":\"丂乗\"}");
        assert!(gbk.windows(2).any(|w| w[0] >= 0x81 && w[1] == b'\\'), "the test needs a trail byte 0x5C");
        let mut bytes = format!("[{utf8},\n").into_bytes();
        bytes.extend_from_slice(&gbk);
        bytes.extend_from_slice(",\n{\"名\":\"乙\"}, {\"名\":\"中\\\\\"}]".as_bytes());
        std::fs::write(&p, &bytes).unwrap();
        let got = decoded(&p);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[1].1, "{\"名\":\"丂乗\"}");
        assert!(got[1].0.ends_with("[1]（第2行）"), "{got:?}");
        assert_eq!(got[2].1, "{\"名\":\"乙\"}");
        assert_eq!(got[3].1, "{\"名\":\"中\\\\\"}");
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn utf16_json_lines_and_arrays_are_decoded_before_splitting() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("u16.jsonl");
        // U+0A2C is 2C 0A in UTF-16LE: a comma and a line feed, split as bytes.
        std::fs::write(&p, utf16le("{\"a\":\"\u{0A2C}\"}\r\n{\"b\":2}\n\n{\"c\":3}\n")).unwrap();
        let got = decoded(&p);
        assert_eq!(got.iter().map(|g| g.1.as_str()).collect::<Vec<_>>(), ["{\"a\":\"\u{0A2C}\"}", "{\"b\":2}", "{\"c\":3}"]);
        assert!(got[2].0.ends_with("u16.jsonl:第4行"), "{got:?}");
        let p = dir.path().join("u16.json");
        std::fs::write(&p, utf16le("[{\"a\":\"\u{0A2C}\"},\n{\"b\":\"\u{5B5D}\"}]")).unwrap();
        let got = decoded(&p);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].1, "{\"b\":\"\u{5B5D}\"}");
        // A lone surrogate fails its line, naming the offset; the next line is fine.
        let mut bytes = utf16le("{\"a\":\"");
        bytes.extend_from_slice(&[0x00, 0xD8]);
        bytes.extend(utf16le("\"}\n{\"b\":2}\n").split_off(2));
        let p = dir.path().join("bad.jsonl");
        std::fs::write(&p, bytes).unwrap();
        let got = decoded(&p);
        assert_eq!(got[0].1, "ERR 文件不是有效的 UTF-16LE 编码：第 1 行、字节偏移 14 处有无法识别的字节");
        assert_eq!(got[1].1, "{\"b\":2}");
    }

    #[test]
    fn utf16_without_bom_is_refused_as_a_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("u16.jsonl");
        std::fs::write(&p, &utf16le("{\"a\":1}\n{\"b\":2}\n")[2..]).unwrap();
        let e = open(&p).err().unwrap();
        assert!(e.message.contains("不带 BOM 的 UTF-16") && e.message.contains("整个文件没有处理"), "{e}");
    }

    #[test]
    fn a_file_of_json_lines_not_named_jsonl_is_read_as_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("stdin");
        std::fs::write(&p, "\n{\"a\":1}\n{\"b\":2}\n").unwrap();
        let got = labels_and_texts(&p);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].0.ends_with("stdin:第3行"), "{got:?}");
        // One answers file, pretty-printed or on one line, stays whole.
        for text in ["{\n  \"a\": 1\n}\n", "{\"a\": 1}\n", "  {\"a\": 1}"] {
            std::fs::write(&p, text).unwrap();
            let got: Vec<Input> = open(&p).unwrap().collect();
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].bytes.as_deref().ok(), Some(text.as_bytes()));
        }
    }

    #[cfg(unix)]
    #[test]
    fn every_json_entry_of_a_folder_is_an_input_or_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.json", "a.JSON", ".hidden.json", "notes.txt"] {
            std::fs::write(dir.path().join(n), "{}").unwrap();
        }
        std::fs::create_dir(dir.path().join("d.json")).unwrap();
        std::os::unix::fs::symlink("nowhere.json", dir.path().join("e.json")).unwrap();
        std::os::unix::fs::symlink("f.json", dir.path().join("f.json")).unwrap();
        let got = labels_and_texts(dir.path());
        let short: Vec<(String, String)> = got.iter().map(|(l, t)| (Path::new(l).file_name().unwrap().to_string_lossy().into_owned(), t.clone())).collect();
        let expected: Vec<(String, String)> = [
            (".hidden.json", "{}"),
            ("a.JSON", "{}"),
            ("b.json", "{}"),
            ("d.json", "ERR 这是一个文件夹，不是答案文件"),
            ("e.json", "ERR 无法读取：这是一个符号链接，但它指向的文件不存在"),
            ("f.json", "ERR 无法读取：符号链接太多或形成了循环（系统错误 40）"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(short, expected);
        assert_eq!(open(dir.path()).unwrap().total, Some(6));
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
