//! Reading and writing plan files on disk, safely.
//!
//! Reading refuses what cannot be a plan before parsing it (too large, binary, not
//! UTF-8) so a wrong file never costs minutes or memory, and every error names the file.
//! Writing is atomic: the text goes to a temporary file in the same folder, is flushed
//! and synced, then renamed over the target, so a crash or a full disk leaves either
//! the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

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
    /// Not UTF-8.
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The GeoJSON could not be read as a plan.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The CSV could not be read as a plan.
    #[error(transparent)]
    Csv(#[from] PlanCsvError),
}

/// Reads a text file of at most `limit` bytes, refusing binary and non-UTF-8 files.
pub fn read_text(path: &Path, limit: u64) -> Result<String, PlanIoError> {
    let shown = path.display().to_string();
    let io = |action, source| PlanIoError::Io {
        path: shown.clone(),
        action,
        source,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| io("cannot read the file", e))?
        .len();
    if size > limit {
        return Err(PlanIoError::TooLarge {
            path: shown,
            size_mb: size as f64 / (1024.0 * 1024.0),
            limit_mb: limit / (1024 * 1024),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io("cannot read the file", e))?;
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(PlanIoError::Binary {
            path: shown,
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| PlanIoError::NotUtf8 {
        path: shown,
        offset: e.utf8_error().valid_up_to(),
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
    let text = read_text(path, MAX_PLAN_BYTES)?;
    let name = path.display().to_string();
    if is_csv(path) {
        Ok(plan_csv::from_csv(&text, &name)?)
    } else {
        Ok(plan_file::from_geojson(&text, &name)?)
    }
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, flush,
/// sync, rename). On failure the old file is untouched and the temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlanIoError> {
    let shown = path.display().to_string();
    let io = |action, source| PlanIoError::Io {
        path: shown.clone(),
        action,
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".coalition-map-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| io("cannot create a temporary file next to it", e))?;
    tmp.write_all(bytes).map_err(|e| io("cannot save", e))?;
    // A temporary file is private (0600); give the result the permissions the old file
    // had, or the usual 0644 for a new one, so saving never hides a plan from its group.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| io("cannot save", e))?;
    }
    tmp.flush().map_err(|e| io("cannot save", e))?;
    tmp.as_file().sync_all().map_err(|e| io("cannot save", e))?;
    tmp.persist(path)
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
        // Renaming onto a directory fails after the temporary file was fully written.
        let target_dir = dir.path().join("taken");
        std::fs::create_dir(&target_dir).unwrap();
        std::fs::write(target_dir.join("keep"), "x").unwrap();
        let err = save_plan(&target_dir, &Plan::default()).unwrap_err();
        assert!(
            matches!(
                err,
                PlanIoError::Io {
                    action: "cannot replace the file",
                    ..
                }
            ),
            "{err:?}"
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
