//! The `seni` command-line tool.

mod cli;
mod commands;

fn main() {
    std::process::exit(commands::run(std::env::args_os()));
}
