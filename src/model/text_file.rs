//! Reading a text file safely, for plans, imports and basemaps alike: the size limit is
//! counted while reading (a pipe or a device cannot get round it), a UTF-8 byte order
//! mark is dropped, UTF-16 with a byte order mark is decoded, and binary or other text
//! is refused with the reason.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read as text (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The OS refused.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// Larger than the limit; `size` is known for regular files, not for pipes.
    #[error("{}", too_large(*size, *limit))]
    TooLarge {
        /// Size in bytes, if the file system knows it.
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// A NUL byte: a shapefile, a ZIP, an image…
    #[error("this is a binary file, not text (zero byte at offset {offset})")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// UTF-16 without a byte order mark, or with invalid code units.
    #[error("this looks like UTF-16 text that cannot be decoded; save it as UTF-8")]
    Utf16,
    /// Neither UTF-8 nor UTF-16.
    #[error("not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8")]
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    let limit_mb = limit / (1024 * 1024);
    match size {
        Some(size) => format!(
            "the file is {:.0} MB; files larger than {limit_mb} MB are not accepted",
            size as f64 / (1024.0 * 1024.0)
        ),
        None => format!("the input is larger than {limit_mb} MB; larger files are not accepted"),
    }
}

/// Reads at most `limit` bytes of a file (or pipe, or device) and decodes it.
pub fn read_limited(path: &Path, limit: u64) -> Result<String, TextError> {
    let file = std::fs::File::open(path)?;
    // A regular file says its size: refuse at once, without reading.
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() > limit {
        return Err(TextError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(if meta.is_file() {
        meta.len() as usize
    } else {
        64 * 1024
    });
    // One byte past the limit tells "too large" from "exactly the limit".
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(TextError::TooLarge { size: None, limit });
    }
    decode(bytes)
}

/// Decodes file bytes to text: UTF-8 (a byte order mark is dropped) or UTF-16 with a
/// byte order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, TextError> {
    let utf16 = |big_endian: bool, body: &[u8]| -> Result<String, TextError> {
        if !body.len().is_multiple_of(2) {
            return Err(TextError::Utf16);
        }
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|c| {
                if big_endian {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        let text = String::from_utf16(&units).map_err(|_| TextError::Utf16)?;
        if let Some(offset) = text.find('\0') {
            return Err(TextError::Binary { offset });
        }
        Ok(text)
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, body @ ..] => return utf16(false, body),
        [0xFE, 0xFF, body @ ..] => return utf16(true, body),
        _ => {}
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        // ASCII text in UTF-16 without a mark has a zero in every other byte.
        let sample = &bytes[..bytes.len().min(64)];
        let zeros_odd = sample.iter().skip(1).step_by(2).all(|&b| b == 0);
        let zeros_even = sample.iter().step_by(2).all(|&b| b == 0);
        if sample.len() >= 4 && (zeros_odd || zeros_even) {
            return Err(TextError::Utf16);
        }
        return Err(TextError::Binary { offset });
    }
    let mut text = String::from_utf8(bytes).map_err(|e| TextError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        let mut out = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn boms_and_utf16_are_read() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF{\"a\":1}".to_vec()).unwrap(),
            "{\"a\":1}"
        );
        assert_eq!(decode(utf16("Київ,30", false)).unwrap(), "Київ,30");
        assert_eq!(decode(utf16("Київ,30", true)).unwrap(), "Київ,30");
        assert_eq!(decode(b"plain".to_vec()).unwrap(), "plain");
    }

    #[test]
    fn binary_utf16_without_mark_and_latin1_are_refused() {
        let no_mark: Vec<u8> = "name,lon"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = decode(no_mark).unwrap_err();
        assert!(e.to_string().ends_with("save it as UTF-8"), "{e}");
        assert!(matches!(
            decode(vec![0x89, b'P', b'N', b'G', 0, 0, 7, 9, 3]),
            Err(TextError::Binary { offset: 4 })
        ));
        let e = decode(b"Kiev\xe9".to_vec()).unwrap_err();
        assert!(matches!(e, TextError::NotUtf8 { offset: 4 }));
        assert!(matches!(
            decode(vec![0xFF, 0xFE, 0x41]),
            Err(TextError::Utf16)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn the_limit_is_counted_while_reading_a_pipe() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let writer_path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(writer_path)
                .unwrap();
            let chunk = vec![b'x'; 1 << 20];
            // Up to 8 MB; the reader stops after 1 MB + 1 byte and the pipe breaks.
            for _ in 0..8 {
                if f.write_all(&chunk).is_err() {
                    break;
                }
            }
        });
        let e = read_limited(&fifo, 1 << 20).unwrap_err();
        assert!(matches!(e, TextError::TooLarge { size: None, .. }), "{e:?}");
        assert!(e.to_string().contains("larger than 1 MB"), "{e}");
        drop(writer.join());
        // /dev/zero never ends: the limit still stops it.
        let e = read_limited(Path::new("/dev/zero"), 4096).unwrap_err();
        assert!(matches!(e, TextError::TooLarge { size: None, .. }), "{e:?}");
    }
}
