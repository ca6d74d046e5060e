//! The `gongwen` command: parse the arguments, run one subcommand, map the outcome to an
//! exit status (0 done, 1 a problem in the input or its output, 2 a usage error).

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a batch renders thousands of reports on
/// several threads, each making many short-lived strings and buffers, and glibc's malloc
/// and free took about a fifth of the batch's time (perf, 10,000 reports).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
