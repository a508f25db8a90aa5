//! Ctrl-C: long work (the sensitivity draws) checks [`requested`] between blocks and stops with
//! an "interrupted" error, so staged output files are removed; any other work ends a second
//! later, and a second Ctrl-C ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Exit code of a run stopped by Ctrl-C (as a shell reports SIGINT).
const EXIT: i32 = 130;

/// Installs the Ctrl-C handler (once per process; later calls do nothing).
pub(crate) fn install() {
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT);
        }
        std::thread::sleep(Duration::from_secs(1));
        std::process::exit(EXIT);
    });
}

/// Whether the user pressed Ctrl-C.
pub(crate) fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
