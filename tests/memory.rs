//! The built-in maps' text leaves memory when told, and reads back unchanged.
//!
//! A test binary of its own: in the library's tests other threads parse the built-in
//! maps at any moment, which would bring the pages back while this one counts them.

/// How many of the whole pages inside `text` are in this process's memory, out of how
/// many (`/proc/self/pagemap`: bit 63 of each page's entry says "present"; readable
/// without privileges); `None` where the kernel offers no pagemap.
#[cfg(target_os = "linux")]
fn resident_pages(text: &str) -> Option<(usize, usize)> {
    use std::io::{Read, Seek, SeekFrom};
    const PAGE: usize = 4096;
    let start = (text.as_ptr() as usize).div_ceil(PAGE);
    let end = (text.as_ptr() as usize + text.len()) / PAGE;
    let mut entries = vec![0u8; (end - start) * 8];
    let mut pagemap = std::fs::File::open("/proc/self/pagemap").ok()?;
    pagemap.seek(SeekFrom::Start((start * 8) as u64)).ok()?;
    pagemap.read_exact(&mut entries).ok()?;
    let present = entries
        .chunks_exact(8)
        .filter(|e| u64::from_le_bytes((*e).try_into().expect("8 bytes")) >> 63 == 1)
        .count();
    Some((present, end - start))
}

#[test]
#[cfg(target_os = "linux")]
fn the_built_in_maps_leave_memory_and_read_back_unchanged() {
    use coalition_map::model::geography::BUILTIN_COUNTRIES;
    let on_disk = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/maps/countries.geojson"
    ))
    .expect("maps/countries.geojson");
    // Read as start-up reads it: every page comes in.
    assert_eq!(BUILTIN_COUNTRIES.as_bytes(), &on_disk[..]);
    let Some((present, pages)) = resident_pages(BUILTIN_COUNTRIES) else {
        // Sandboxes without /proc/self/pagemap cannot show which pages are in memory.
        eprintln!("no /proc/self/pagemap here: nothing to check");
        return;
    };
    assert!(pages > 1400, "{pages} pages");
    assert_eq!(present, pages, "not all read in");

    let advised = coalition_map::memory::page_out(BUILTIN_COUNTRIES);
    if advised == 0 {
        // MADV_PAGEOUT came with Linux 5.4; an older kernel refuses it and nothing
        // changes (the app then only keeps the pages).
        eprintln!("MADV_PAGEOUT refused by this kernel: nothing to check");
        return;
    }
    assert_eq!(advised, pages * 4096);
    let (present, _) = resident_pages(BUILTIN_COUNTRIES).expect("pagemap read before");
    // The kernel may keep a few pages it shares with neighbouring data.
    assert!(
        present * 20 < pages,
        "{present} of {pages} pages still in memory"
    );
    // Touched again, the text is the same file.
    assert_eq!(BUILTIN_COUNTRIES.as_bytes(), &on_disk[..]);
}
