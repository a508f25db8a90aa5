//! seni in the browser: the engine compiled to WebAssembly behind one exported call that takes
//! a JSON request and gives a JSON answer — open a formula and data, run it with the page's
//! controls, explain a school, find one, write the scenario or the allocation. The requests and
//! answers are the serde types of [`contract`]. The report's page (`cli/src/report/page.js`)
//! is the only caller; it never computes anything itself.
//!
//! The calling convention, for a hand-written loader: `seni_alloc(n)` gives room for a request
//! of `n` bytes; `seni_call(ptr, n)` runs it (and frees it) and returns the answer's length;
//! `seni_answer()` points at the answer, valid until the next call.

pub mod contract;
mod controls;
mod errors;
mod fairness;
mod knobs;
mod session;
mod story;
mod table;
mod view;

use std::cell::RefCell;

pub use contract::Request;
pub use session::{Answer, answer, respond};

thread_local! {
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Room for a request of `len` bytes.
#[unsafe(no_mangle)]
pub extern "C" fn seni_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Runs the JSON request at `ptr` (made by [`seni_alloc`] with `len`, freed here); returns the
/// length of the JSON answer at [`seni_answer`].
///
/// # Safety
/// `ptr` must come from `seni_alloc(len)` with `len` bytes written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn seni_call(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller wrote `len` bytes into the room `seni_alloc(len)` made.
    let request = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let text = answer(&request);
    ANSWER.with(|a| {
        *a.borrow_mut() = text.into_bytes();
        a.borrow().len()
    })
}

/// The last answer's bytes.
#[unsafe(no_mangle)]
pub extern "C" fn seni_answer() -> *const u8 {
    ANSWER.with(|a| a.borrow().as_ptr())
}
