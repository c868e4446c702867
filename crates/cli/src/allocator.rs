//! The allocator: mimalloc, which returns freed memory to the system where
//! the system allocator keeps it resident in per-thread arenas (see
//! BENCHMARKS.md, idle memory of the web server). Built without transparent
//! huge pages (`no_thp`): otherwise mimalloc asks the kernel for 2 MiB
//! pages, and the memory touched once while the server reads its indicator
//! rows at start stays resident in whole huge pages.
//!
//! mimalloc returns freed pages only at its next allocations after a delay,
//! and an idle server makes none: [`return_free_memory`] asks it to return
//! them now (the server calls it after its start-up read and when requests
//! stop). The only unsafe code of this crate: one call into mimalloc's C API.

#![allow(unsafe_code, reason = "one call into mimalloc's C API")]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// `void mi_collect(bool force)`, in the library the `mimalloc` crate
    /// links (libmimalloc-sys builds all of mimalloc's C sources).
    fn mi_collect(force: bool);
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
        super::return_free_memory();
        assert!(
            kept.iter()
                .enumerate()
                .all(|(i, v)| v.iter().all(|b| *b == (i % 251) as u8))
        );
    }
}
