//! The allocator: mimalloc, which returns freed memory to the system where
//! the system allocator keeps it resident in per-thread arenas (see
//! BENCHMARKS.md, idle memory of the web server). Built without transparent
//! huge pages (`no_thp`): otherwise mimalloc asks the kernel for 2 MiB
//! pages, and the memory touched once while the server reads its indicator
//! rows at start stays resident in whole huge pages.
//!
//! mimalloc returns freed pages only at its next allocations after a delay
//! (10 ms), and an idle server makes none: [`return_free_memory_at_once`]
//! sets that delay to zero when the server starts, so that pages freed on any thread go
//! back as they are freed, and [`return_free_memory`] returns what is left
//! (the server calls it after its start-up read and when requests stop).
//! The only unsafe code of this crate: two calls into mimalloc's C API.

#![allow(unsafe_code, reason = "two calls into mimalloc's C API")]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// `void mi_collect(bool force)`, in the library the `mimalloc` crate
    /// links (libmimalloc-sys builds all of mimalloc's C sources).
    fn mi_collect(force: bool);
    /// `void mi_option_set(mi_option_t option, long value)`.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same in its
/// versions 2 and 3): milliseconds before freed memory is returned.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Makes mimalloc return freed pages as they are freed. With the default
/// delay the idle server held 44–47 MiB after a benchmark's requests, 39 MiB
/// without it, at no measured cost in requests per second (BENCHMARKS.md).
pub fn return_free_memory_at_once() {
    // SAFETY: mi_option_set takes plain integers; the option exists in the
    // mimalloc version linked (libmimalloc-sys 0.1.49: mimalloc 3.3).
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

/// Returns the memory freed so far to the system.
pub fn return_free_memory() {
    // SAFETY: mi_collect takes no pointer and may be called from any thread
    // at any time; it only frees pages that hold no live allocation.
    unsafe { mi_collect(true) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn returning_free_memory_keeps_live_allocations() {
        let kept: Vec<Vec<u8>> = (0..1000).map(|i| vec![(i % 251) as u8; 4096]).collect();
        drop((0..1000).map(|_| vec![0u8; 4096]).collect::<Vec<_>>());
        super::return_free_memory_at_once();
        super::return_free_memory();
        assert!(
            kept.iter()
                .enumerate()
                .all(|(i, v)| v.iter().all(|b| *b == (i % 251) as u8))
        );
    }
}
