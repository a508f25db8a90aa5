//! The `seni` command-line tool.

// Many short-lived per-cell allocations: mimalloc is markedly faster than the system allocator here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(seni::run_cli(std::env::args_os()));
}
