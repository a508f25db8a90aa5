//! The `seni` command-line tool: one front end of the `seni` engine. `cmd/` holds a file per
//! command, `report/` the HTML page of a run, `starter/` `seni init`.

mod cmd;
mod report;
mod starter;

// Many short-lived per-cell allocations: mimalloc is markedly faster than the system allocator here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cmd::run(std::env::args_os()));
}
