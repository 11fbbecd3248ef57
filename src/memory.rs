//! Giving freed memory back to the system once start-up is over.
//!
//! Reading and triangulating the maps and the first frames' layouts peak near 100 MB of
//! heap, most of it freed again; glibc keeps those pages (in the main heap and in the
//! worker threads' arenas) unless asked, so an idle window held ~16 MB it did not use.

/// Returns the free pages of every malloc arena to the system (glibc's `malloc_trim`);
/// does nothing where there is no such call. Returns whether memory was released.
pub fn release_freed() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only walks glibc's own free lists; it takes no pointers.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn freed_pages_go_back_to_the_system() {
        // Many mid-sized blocks (below glibc's mmap threshold, so they live in the heap),
        // all freed but the last, which keeps the heap's top from shrinking by itself.
        let blocks: Vec<Vec<u8>> = (0..2000)
            .map(|i| vec![(i % 251) as u8; 64 * 1024])
            .collect();
        let keep = vec![1u8; 64 * 1024];
        drop(blocks);
        assert!(
            super::release_freed(),
            "64 MB of freed heap pages were not returned"
        );
        assert_eq!(keep[0], 1);
    }
}
