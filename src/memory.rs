//! Giving memory back to the system once start-up is over.
//!
//! Reading and triangulating the maps and the first frames' layouts peak near 100 MB of
//! heap, most of it freed again; glibc keeps those pages (in the main heap and in the
//! worker threads' arenas) unless asked, so an idle window held ~16 MB it did not use.
//! The maps' text is built into the program (6.5 MB) and read once at start-up; its
//! pages stay counted against the window until the kernel is told they are not needed.

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

/// Tells the kernel that text built into the program will not be read soon, so it
/// takes the text's whole pages out of memory (`MADV_PAGEOUT`); they are read back
/// from the executable if touched again. The advice never changes the bytes. Returns
/// how many bytes were advised (0 where the call is missing or refused, e.g. before
/// Linux 5.4).
pub fn page_out(text: &'static str) -> usize {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf reads a constant of the system.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let Ok(page) = usize::try_from(page) else {
            return 0;
        };
        if page == 0 {
            return 0;
        }
        // Only whole pages inside the text: its neighbours stay as they are.
        let start = (text.as_ptr() as usize).div_ceil(page) * page;
        let end = (text.as_ptr() as usize + text.len()) / page * page;
        if end <= start {
            return 0;
        }
        // SAFETY: the range lies inside a `&'static str`, which stays mapped for the
        // whole run; MADV_PAGEOUT is advice that keeps the contents.
        let done =
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_PAGEOUT) };
        if done == 0 { end - start } else { 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = text;
        0
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
