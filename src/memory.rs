//! Giving memory back to the system once start-up is over, and when a window that
//! drew goes idle.
//!
//! Reading and triangulating the maps and the first frames' layouts peak near 100 MB of
//! heap, most of it freed again; glibc keeps those pages (in the main heap and in the
//! worker threads' arenas) unless asked, so an idle window held ~16 MB it did not use.
//! The maps' text is built into the program (6.5 MB) and read once at start-up; its
//! pages stay counted against the window until the kernel is told they are not needed.
//! Frames free heap too: on a software OpenGL driver, its copy of each frame
//! (`app::soft_gl`), returned once the window is idle ([`release_when_idle`]).

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

/// Runs an action on a thread of its own once calls to [`Debounced::poke`] have stopped
/// for a while: work worth doing when the window goes idle, not after every frame.
pub struct Debounced {
    poke: std::sync::mpsc::Sender<()>,
}

impl Debounced {
    /// Starts the thread `name`, which runs `action` when `quiet` has passed since the
    /// last poke (once per burst of pokes) and ends when this is dropped. None when the
    /// system refuses a thread.
    pub fn start(
        name: &str,
        quiet: std::time::Duration,
        action: impl Fn() + Send + 'static,
    ) -> Option<Self> {
        use std::sync::mpsc::RecvTimeoutError;
        let (poke, pokes) = std::sync::mpsc::channel::<()>();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                // Wait for a burst to start, then for it to end.
                while pokes.recv().is_ok() {
                    loop {
                        match pokes.recv_timeout(quiet) {
                            Ok(()) => continue,
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    action();
                }
            })
            .ok()?;
        Some(Self { poke })
    }

    /// Says the action is due once things are quiet again.
    pub fn poke(&self) {
        // The thread only ends when this sender is dropped: sending cannot fail before.
        let _ = self.poke.send(());
    }
}

/// Returns freed heap to the system ([`release_freed`]) half a second after the last
/// call: a window that draws returns what its frames freed once it goes idle, without
/// walking the heap after every frame.
pub fn release_when_idle() {
    static RELEASER: std::sync::OnceLock<Option<Debounced>> = std::sync::OnceLock::new();
    let releaser = RELEASER.get_or_init(|| {
        Debounced::start(
            "release-when-idle",
            std::time::Duration::from_millis(500),
            || {
                release_freed();
            },
        )
    });
    if let Some(releaser) = releaser {
        releaser.poke();
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
    fn a_burst_of_pokes_runs_the_action_once_when_it_stops() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::time::{Duration, Instant};
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        let quiet = Duration::from_millis(300);
        let d = super::Debounced::start("test-debounce", quiet, move || {
            counted.fetch_add(1, Ordering::SeqCst);
        })
        .expect("a thread");
        // Nothing runs before the first poke.
        std::thread::sleep(quiet * 3);
        assert_eq!(runs.load(Ordering::SeqCst), 0);
        // Pokes closer together than `quiet` are one burst: one run, after the last.
        let start = Instant::now();
        for _ in 0..10 {
            d.poke();
            std::thread::sleep(Duration::from_millis(5));
        }
        let wait_for = |n: usize| {
            let deadline = Instant::now() + Duration::from_secs(10);
            while runs.load(Ordering::SeqCst) < n && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            runs.load(Ordering::SeqCst)
        };
        assert_eq!(wait_for(1), 1);
        assert!(start.elapsed() >= quiet + Duration::from_millis(45));
        // Still one a while later; a new burst runs it again.
        std::thread::sleep(quiet * 3);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        d.poke();
        assert_eq!(wait_for(2), 2);
    }

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
