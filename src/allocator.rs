//! Tuning for mimalloc, the global allocator of the `actorgraph` binary, benches and tools.

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc 3's option enum; libmimalloc-sys names it only for
/// mimalloc 2. A test pins the index by the option's documented default.
const PURGE_DELAY: mi_option_t = 15;

/// Keeps freed memory mapped instead of returning ("purging") it to the OS.
///
/// Extraction frees most of what it allocated after every article. With purging on, mimalloc
/// kept handing 2 MiB ranges back to the kernel, which zeroed them again on the next fault:
/// about a tenth of one-thread extraction time went to the kernel clearing pages. The freed
/// memory is reused by the next article, so peak memory does not grow. Call it first thing in
/// `main`, only where mimalloc is the global allocator.
pub fn keep_freed_memory() {
    // SAFETY: setting an option is a plain store mimalloc reads on each purge decision; it is
    // called before any other thread starts.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

/// The purge delay now in effect, in milliseconds (-1: never purge).
#[allow(clippy::useless_conversion)] // c_long is 32 bits on Windows
pub fn purge_delay() -> i64 {
    // SAFETY: reading an option has no preconditions.
    i64::from(unsafe { mi_option_get(PURGE_DELAY) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_index_names_the_purge_delay_option() {
        // mimalloc 3 documents a purge delay of 1000 ms by default; another option at this
        // index would show another value (the test binary never changes it, nor sets
        // MIMALLOC_PURGE_DELAY).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000);
        }
    }
}
