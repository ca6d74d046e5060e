//! Writing to stdout and stderr without panicking.
//!
//! `println!` panics when its stream fails: `gongwen check out/ | head -1` ended with exit
//! 101 and an English backtrace, and `dump x.docx > /dev/full` did the same. Every line
//! the command prints goes through [`out!`](crate::cli) / [`err!`](crate::cli) instead,
//! which write to the locked stream and remember a failure:
//!
//! - a closed pipe (EPIPE: the reader, such as `head`, has what it wanted) is a quiet end
//!   of that stream: nothing more is written to it, nothing is said, and the command
//!   finishes its work with the exit status it would have had;
//! - any other failure (a full disk, an I/O error) makes the exit status at least 1
//!   ([`finish`]) and nothing more is written to that stream; a failed stdout is said once
//!   on stderr, in Chinese (a failed stderr is not said on stdout, which may be JSON that a
//!   program reads).
//!
//! The command's real work (a report, a `--summary` file) never depends on the terminal.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

/// The stream works.
const OPEN: u8 = 0;
/// The reader went away (EPIPE): nothing more is written, the exit status is unchanged.
const CLOSED: u8 = 1;
/// Writing failed otherwise: nothing more is written, the exit status is at least 1.
const FAILED: u8 = 2;

static STDOUT: AtomicU8 = AtomicU8::new(OPEN);
static STDERR: AtomicU8 = AtomicU8::new(OPEN);

/// Writes one line to stdout (used by `out!`).
pub fn out_line(args: fmt::Arguments) {
    write_to(Stream::Out, |w| writeln!(w, "{args}"));
}

/// Writes one line to stderr (used by `err!`).
pub fn err_line(args: fmt::Arguments) {
    write_to(Stream::Err, |w| writeln!(w, "{args}"));
}

/// Writes text as it is to stdout (a whole outline, a diff).
pub fn out_text(text: &str) {
    write_to(Stream::Out, |w| w.write_all(text.as_bytes()));
}

#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

impl Stream {
    fn state(self) -> &'static AtomicU8 {
        match self {
            Stream::Out => &STDOUT,
            Stream::Err => &STDERR,
        }
    }
}

fn write_to(stream: Stream, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    let state = stream.state();
    if state.load(Ordering::Relaxed) != OPEN {
        return;
    }
    let result = match stream {
        Stream::Out => {
            let mut w = io::stdout().lock();
            write(&mut w)
        }
        Stream::Err => {
            let mut w = io::stderr().lock();
            write(&mut w).and_then(|()| w.flush())
        }
    };
    if let Err(e) = result {
        failed(stream, &e);
    }
}

/// Remembers a failed stream and, unless the pipe was simply closed, says so on the other.
fn failed(stream: Stream, e: &io::Error) {
    let closed = e.kind() == io::ErrorKind::BrokenPipe;
    let previous = stream.state().swap(if closed { CLOSED } else { FAILED }, Ordering::Relaxed);
    if closed || previous != OPEN {
        return;
    }
    if let Stream::Out = stream {
        err_line(format_args!("错误：无法写入标准输出：{}", gongwen::syserr::reason(e)));
    }
}

/// Flushes stdout and returns the exit status: `status`, or at least 1 when a stream
/// failed for another reason than a closed pipe.
pub fn finish(status: u8) -> u8 {
    if STDOUT.load(Ordering::Relaxed) == OPEN {
        if let Err(e) = io::stdout().lock().flush() {
            failed(Stream::Out, &e);
        }
    }
    let failed = STDOUT.load(Ordering::Relaxed) == FAILED || STDERR.load(Ordering::Relaxed) == FAILED;
    if failed {
        status.max(super::EXIT_PROBLEM)
    } else {
        status
    }
}
