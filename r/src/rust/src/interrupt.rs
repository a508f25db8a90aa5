//! R's interrupt (Ctrl-C, Esc, SIGINT) during a long run: the engine calls its `Watch` on this,
//! R's, thread between blocks of draws (each well under a second); there R is asked whether an
//! interrupt is pending, and if one is the run stops and R's interrupt goes on as R raised it.

use seni::analysis::sensitivity::Watch;

unsafe extern "C" {
    // R's API (R_ext/Utils.h). It may longjmp, so it is only called through `unwind_protect`.
    fn R_CheckUserInterrupt();
}

/// Ok when no interrupt is pending. On one, R's longjmp is caught (`R_UnwindProtect`) and comes
/// back as `Err(Aborted(token))`: returned from a `#[savvy]` function, savvy's C wrapper calls
/// `R_ContinueUnwind(token)` and R sees its ordinary `interrupt` condition, after Rust has
/// dropped its values. R's main thread only.
fn check_interrupt() -> savvy::Result<()> {
    // SAFETY: called on R's main thread (the Watch is called on the caller's thread, and the
    // caller is a `#[savvy]` function that R called); the longjmp is caught by unwind_protect.
    unsafe {
        savvy::unwind_protect(|| {
            R_CheckUserInterrupt();
            savvy_ffi::R_NilValue
        })?;
    }
    Ok(())
}

/// A watch that stops the run when R has an interrupt pending, and keeps it to pass on.
#[derive(Default)]
pub(crate) struct RInterrupt {
    /// The interrupt caught, to return in place of the run's result.
    pub(crate) caught: Option<savvy::Error>,
}

impl Watch for RInterrupt {
    fn progress(&mut self, _done: usize, _total: usize) -> bool {
        if let Err(e) = check_interrupt() {
            self.caught = Some(e);
        }
        self.caught.is_none()
    }
}
