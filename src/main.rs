//! The `gongwen` command: parse the arguments, run one subcommand, map the outcome to an
//! exit status (0 done, 1 a problem in the input or its output, 2 a usage error).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
