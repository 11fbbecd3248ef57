//! Reading and writing plan files on disk, safely.
//!
//! Reading refuses what cannot be a plan before parsing it (too large, binary, not
//! UTF-8) so a wrong file never costs minutes or memory, and every error names the file.
//! Writing is atomic: the text goes to a temporary file in the same folder, is flushed
//! and synced, then renamed over the target, so a crash or a full disk leaves either
//! the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

use crate::model::field_map::FieldMapping;
use crate::model::plan::Plan;
use crate::model::plan_csv::{self, PlanCsvError};
use crate::model::plan_file::{self, PlanError, ReadReport};

/// Largest plan or import file accepted. A plan of 10,000 hubs is ~5 MB.
pub const MAX_PLAN_BYTES: u64 = 64 * 1024 * 1024;

/// Why a plan file could not be read or written. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum PlanIoError {
    /// The OS refused (missing file, no permission, disk full…).
    #[error("{path}: {action}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What was being done ("cannot read the file", "cannot save"…).
        action: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// Larger than [`MAX_PLAN_BYTES`].
    #[error(
        "{path}: the file is {size_mb:.0} MB; plans and imports larger than {limit_mb} MB are not accepted"
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size in MB.
        size_mb: f64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// Binary data (a NUL byte): a shapefile, a ZIP, an image…
    #[error(
        "{path}: this is a binary file, not GeoJSON or CSV text (zero byte at offset {offset})"
    )]
    Binary {
        /// The file.
        path: String,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// Too large while reading a pipe, or UTF-16 that cannot be decoded.
    #[error("{path}: {source}")]
    Text {
        /// The file.
        path: String,
        /// What is wrong with its text.
        source: crate::model::text_file::TextError,
    },
    /// Not UTF-8.
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The output is not a regular file (a FIFO, a device, a folder).
    #[error("{path}: {what}, not a regular file; choose a file to write")]
    NotAFile {
        /// The path given.
        path: String,
        /// What it is.
        what: &'static str,
    },
    /// The GeoJSON could not be read as a plan.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The CSV could not be read as a plan.
    #[error(transparent)]
    Csv(#[from] PlanCsvError),
}

/// Reads a text file (or pipe) of at most `limit` bytes, counted while reading;
/// UTF-8 with or without a byte order mark, or UTF-16 with one. Binary and other text
/// is refused.
pub fn read_text(path: &Path, limit: u64) -> Result<String, PlanIoError> {
    use crate::model::text_file::{TextError, read_limited};
    let shown = path.display().to_string();
    read_limited(path, limit).map_err(|e| match e {
        TextError::Io(source) => PlanIoError::Io {
            path: shown,
            action: "cannot read the file",
            source,
        },
        TextError::TooLarge {
            size: Some(size), ..
        } => PlanIoError::TooLarge {
            path: shown,
            size_mb: size as f64 / (1024.0 * 1024.0),
            limit_mb: limit / (1024 * 1024),
        },
        TextError::Binary { offset } => PlanIoError::Binary {
            path: shown,
            offset,
        },
        TextError::NotUtf8 { offset } => PlanIoError::NotUtf8 {
            path: shown,
            offset,
        },
        other => PlanIoError::Text {
            path: shown,
            source: other,
        },
    })
}

/// Whether a path names a CSV file (by extension).
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
}

/// Opens a plan: our GeoJSON plans, any GeoJSON of points, or a CSV with lon/lat columns.
pub fn open_plan(path: &Path) -> Result<(Plan, ReadReport), PlanIoError> {
    open_plan_mapped(path, None)
}

/// [`open_plan`] with the user's choice of which column fills which field.
pub fn open_plan_mapped(
    path: &Path,
    mapping: Option<&FieldMapping>,
) -> Result<(Plan, ReadReport), PlanIoError> {
    let text = read_text(path, MAX_PLAN_BYTES)?;
    let name = path.display().to_string();
    if is_csv(path) {
        Ok(plan_csv::from_csv_mapped(&text, &name, mapping)?)
    } else {
        Ok(plan_file::from_geojson_mapped(&text, &name, mapping)?)
    }
}

/// The columns of a file to import (CSV header, or GeoJSON property names) and the
/// values of its first rows, for the import dialog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    /// Column names, in file order.
    pub names: Vec<String>,
    /// Up to [`PREVIEW_ROWS`] rows of values, one per column.
    pub preview: Vec<Vec<String>>,
    /// Whether it is a CSV (which needs coordinate columns).
    pub csv: bool,
}

/// Rows the import dialog previews.
pub const PREVIEW_ROWS: usize = 5;

impl Columns {
    /// The key a user's mapping for these columns is remembered under.
    pub fn signature(&self) -> String {
        FieldMapping::signature(&self.names)
    }
}

/// Reads the plan a slide compares with: `name` relative to the plan's folder (or the
/// working folder when the plan has no file); the shipped sample plans are found by
/// their file names even when they are not on disk.
pub fn read_compared_plan(base: Option<&Path>, name: &str) -> Result<Plan, String> {
    let path = Path::new(name);
    let candidates: Vec<std::path::PathBuf> = if path.is_absolute() {
        vec![path.to_path_buf()]
    } else {
        base.map(|b| b.join(path))
            .into_iter()
            .chain([path.to_path_buf()])
            .collect()
    };
    if let Some(found) = candidates.iter().find(|p| p.is_file()) {
        return open_plan(found)
            .map(|(plan, _)| plan)
            .map_err(|e| e.to_string());
    }
    match path.file_name().and_then(|n| n.to_str()) {
        Some(plan_file::SAMPLE_PLAN_ALT_NAME) => return Ok(plan_file::sample_plan_alt()),
        Some(plan_file::SAMPLE_PLAN_NAME) => return Ok(plan_file::sample_plan()),
        _ => {}
    }
    Err(format!("{name}: no such plan file next to this plan"))
}

/// Reads the columns and the first rows of a file to import.
pub fn columns(path: &Path) -> Result<Columns, PlanIoError> {
    let text = read_text(path, MAX_PLAN_BYTES)?;
    if is_csv(path) {
        let names = plan_csv::header(&text).map_err(|e| {
            PlanIoError::Csv(match e {
                PlanCsvError::Parse { line, cause, .. } => PlanCsvError::Parse {
                    source_name: path.display().to_string(),
                    line,
                    cause,
                },
                other => other,
            })
        })?;
        let preview = plan_csv::preview(&text, PREVIEW_ROWS);
        return Ok(Columns {
            names,
            preview,
            csv: true,
        });
    }
    let doc: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(doc) => doc,
        // The reader gives the real error with line and column.
        Err(_) => return Ok(Columns::default()),
    };
    let features: &[serde_json::Value] = doc
        .get("features")
        .and_then(|f| f.as_array())
        .map_or(&[], Vec::as_slice);
    let mut names: Vec<String> = Vec::new();
    for f in features.iter().take(1000) {
        for key in f
            .get("properties")
            .and_then(|p| p.as_object())
            .into_iter()
            .flat_map(|p| p.keys())
        {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
    }
    let preview = features
        .iter()
        .take(PREVIEW_ROWS)
        .map(|f| {
            names
                .iter()
                .map(|n| match f.get("properties").and_then(|p| p.get(n)) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                })
                .collect()
        })
        .collect();
    Ok(Columns {
        names,
        preview,
        csv: false,
    })
}

/// Whether the app cannot decide alone which column is which, so the user should be
/// asked: a CSV without recognisable coordinate columns, or hubs that found no name
/// column although the file has columns the app does not know.
pub fn undecided(columns: &Columns, result: &Result<(Plan, ReadReport), PlanIoError>) -> bool {
    use crate::model::field_map::{Field, Resolved};
    match result {
        Err(PlanIoError::Csv(PlanCsvError::NoCoordinates { .. })) => true,
        Err(_) => false,
        Ok((_, report)) => {
            let resolved = Resolved::new(&columns.names, None);
            let named = resolved.column_of(Field::Name).is_some()
                || report.mapped.iter().any(|m| m.ends_with(" as name"));
            let unknown = columns
                .names
                .iter()
                .zip(&resolved.by_column)
                .filter(|(n, f)| {
                    f.is_none() && !plan_csv::DERIVED.contains(&n.to_lowercase().as_str())
                })
                .count();
            report.hubs > 0 && !named && unknown > 0
        }
    }
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, flush,
/// sync, rename). On failure the old file is untouched and the temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlanIoError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Environment variable for tests of disk faults: `N` makes every atomic write fail
/// with "no space left on device" after N bytes; `N:abort` kills the process there,
/// as a crash or power cut would.
pub const FAULT_ENV: &str = "COALITION_MAP_FAULT_AFTER_BYTES";

/// Fails (or aborts) after a number of bytes, per [`FAULT_ENV`].
struct Faulty<W> {
    inner: W,
    left: u64,
    abort: bool,
}

impl<W: Write> Write for Faulty<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            if self.abort {
                std::process::abort();
            }
            return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
        }
        let n = buf.len().min(self.left as usize);
        let n = self.inner.write(&buf[..n])?;
        self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where an atomic write really goes: through a symbolic link to its target (so the
/// link stays a link), refusing what is not a regular file (a FIFO, a device, a folder).
pub fn write_target(path: &Path) -> Result<std::path::PathBuf, PlanIoError> {
    let shown = path.display().to_string();
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(t) => t,
            // A dangling link: write the file it names.
            Err(_) => {
                let link = std::fs::read_link(path).map_err(|source| PlanIoError::Io {
                    path: shown.clone(),
                    action: "cannot follow the link",
                    source,
                })?;
                match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                }
            }
        },
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(PlanIoError::NotAFile {
            path: shown,
            what: "a folder",
        }),
        Ok(m) if !m.is_file() => {
            #[cfg(unix)]
            let what = {
                use std::os::unix::fs::FileTypeExt;
                let t = m.file_type();
                if t.is_fifo() {
                    "a FIFO (named pipe)"
                } else if t.is_char_device() || t.is_block_device() {
                    "a device"
                } else if t.is_socket() {
                    "a socket"
                } else {
                    "not a regular file"
                }
            };
            #[cfg(not(unix))]
            let what = "not a regular file";
            Err(PlanIoError::NotAFile { path: shown, what })
        }
        _ => Ok(target),
    }
}

/// Writes what `write` produces to `path` atomically, streaming it through a buffer
/// into a temporary file in the same folder, then flush, sync and rename. A symbolic
/// link is written through (its target is replaced, the link stays); FIFOs, devices
/// and folders are refused. On any failure the old file is untouched and the
/// temporary file removed.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), PlanIoError> {
    let shown = path.display().to_string();
    let io = |action, source| PlanIoError::Io {
        path: shown.clone(),
        action,
        source,
    };
    let target = write_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".coalition-map-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| io("cannot create a temporary file next to it", e))?;
    {
        let fault = std::env::var(FAULT_ENV).ok().and_then(|v| {
            let (n, abort) = match v.split_once(':') {
                Some((n, mode)) => (n.to_owned(), mode == "abort"),
                None => (v, false),
            };
            n.trim().parse::<u64>().ok().map(|left| (left, abort))
        });
        let file = tmp.as_file_mut();
        let result = match fault {
            Some((left, abort)) => {
                let mut w = std::io::BufWriter::with_capacity(
                    64 * 1024,
                    Faulty {
                        inner: file,
                        left,
                        abort,
                    },
                );
                write(&mut w).and_then(|()| w.flush())
            }
            None => {
                let mut w = std::io::BufWriter::with_capacity(256 * 1024, file);
                write(&mut w).and_then(|()| w.flush())
            }
        };
        result.map_err(|e| io("cannot save", e))?;
    }
    // A temporary file is private (0600); give the result the permissions the old file
    // had, or the usual 0644 for a new one, so saving never hides a plan from its group.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| io("cannot save", e))?;
    }
    tmp.as_file().sync_all().map_err(|e| io("cannot save", e))?;
    tmp.persist(&target)
        .map_err(|e| io("cannot replace the file", e.error))?;
    Ok(())
}

/// Saves a plan as GeoJSON, atomically.
pub fn save_plan(path: &Path, plan: &Plan) -> Result<(), PlanIoError> {
    write_atomic(path, plan_file::to_geojson(plan).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_open_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.geojson");
        let plan = plan_file::sample_plan();
        save_plan(&path, &plan).unwrap();
        let (back, report) = open_plan(&path).unwrap();
        assert_eq!(back, plan);
        assert_eq!(report.hubs, 9);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("plan.geojson")]);
    }

    #[cfg(unix)]
    #[test]
    fn saving_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.geojson");
        save_plan(&new, &Plan::default()).unwrap();
        assert_eq!(
            std::fs::metadata(&new).unwrap().permissions().mode() & 0o777,
            0o644
        );
        let shared = dir.path().join("shared.geojson");
        std::fs::write(&shared, "old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        save_plan(&shared, &Plan::default()).unwrap();
        assert_eq!(
            std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777,
            0o664
        );
    }

    #[test]
    fn failed_save_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.geojson");
        std::fs::write(&path, "old contents").unwrap();
        // The target is replaced by a directory-less rename into a missing folder: fails.
        let missing = dir.path().join("no-such-folder").join("plan.geojson");
        let err = save_plan(&missing, &Plan::default()).unwrap_err();
        assert!(err.to_string().contains("no-such-folder"), "{err}");
        // A folder is refused before anything is written.
        let target_dir = dir.path().join("taken");
        std::fs::create_dir(&target_dir).unwrap();
        std::fs::write(target_dir.join("keep"), "x").unwrap();
        let err = save_plan(&target_dir, &Plan::default()).unwrap_err();
        assert!(
            matches!(
                err,
                PlanIoError::NotAFile {
                    what: "a folder",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            std::fs::read_to_string(target_dir.join("keep")).unwrap(),
            "x"
        );
        // A failure in the middle of writing (the disk fills up) leaves the old file
        // and no temporary file.
        let err = write_atomic_with(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(std::io::Error::from_raw_os_error(28))
        })
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("cannot save: No space left on device"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old contents");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn bad_files_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("image.geojson");
        std::fs::write(&bin, [0x89u8, b'P', b'N', b'G', 0, 0]).unwrap();
        let err = open_plan(&bin).unwrap_err();
        assert!(
            matches!(err, PlanIoError::Binary { offset: 4, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("image.geojson"));

        let latin1 = dir.path().join("latin1.csv");
        std::fs::write(&latin1, b"name,lon,lat\nKiev\xe9,30.5,50.4\n").unwrap();
        assert!(matches!(
            open_plan(&latin1),
            Err(PlanIoError::NotUtf8 { .. })
        ));

        let huge = dir.path().join("huge.geojson");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(MAX_PLAN_BYTES + 1)
            .unwrap();
        let err = open_plan(&huge).unwrap_err();
        assert!(matches!(err, PlanIoError::TooLarge { .. }));
        assert!(err.to_string().contains("huge.geojson"));

        let broken = dir.path().join("broken.geojson");
        std::fs::write(
            &broken,
            "{\"type\": \"FeatureCollection\",\n\"features\": [}",
        )
        .unwrap();
        let msg = open_plan(&broken).unwrap_err().to_string();
        assert!(
            msg.contains("broken.geojson") && msg.contains("line 2"),
            "{msg}"
        );

        let missing = dir.path().join("gone.geojson");
        assert!(
            open_plan(&missing)
                .unwrap_err()
                .to_string()
                .starts_with(&missing.display().to_string())
        );
    }
}
