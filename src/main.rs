//! The `seni` command-line tool.

mod cli;
mod commands;

// Many short-lived per-cell allocations: mimalloc is markedly faster than the system allocator here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(commands::run(std::env::args_os()));
}
