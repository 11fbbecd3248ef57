//! The app's own files: the recovery copy written while there are unsaved changes,
//! and the list of recent plans. They live in the user's data folder
//! (`$XDG_DATA_HOME/coalition-map` on Linux), or in `$COALITION_MAP_DATA_DIR` if set
//! (tests use that to stay out of the real one).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::field_map::FieldMapping;
use crate::model::plan::Plan;
use crate::model::plan_file;
use crate::model::plan_io;

/// How many recent files the File menu keeps.
pub const RECENT_LIMIT: usize = 8;

/// Where the recovery copy came from, stored beside it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct RecoveryMeta {
    /// The plan's file, if it had one.
    source: Option<PathBuf>,
}

/// A recovery copy found at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// The unsaved plan.
    pub plan: Plan,
    /// The file it belonged to, if any.
    pub source: Option<PathBuf>,
}

/// The data folder and what is kept in it.
#[derive(Clone, Debug)]
pub struct Storage {
    dir: PathBuf,
}

impl Storage {
    /// Storage in a given folder (created on first write).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The default folder: `$COALITION_MAP_DATA_DIR`, else the platform's data folder.
    pub fn default_location() -> Option<Self> {
        if let Some(dir) = std::env::var_os("COALITION_MAP_DATA_DIR") {
            return Some(Self::at(dir));
        }
        dirs::data_dir().map(|d| Self::at(d.join("coalition-map")))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn recovery_path(&self) -> PathBuf {
        self.dir.join("recovery.geojson")
    }

    fn recovery_meta_path(&self) -> PathBuf {
        self.dir.join("recovery.json")
    }

    fn recent_path(&self) -> PathBuf {
        self.dir.join("recent.json")
    }

    fn ensure_dir(&self) -> Result<(), plan_io::PlanIoError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| plan_io::PlanIoError::Io {
            path: self.dir.display().to_string(),
            action: "cannot create the data folder",
            source,
        })
    }

    /// Writes (atomically) the recovery copy of an unsaved plan.
    pub fn write_recovery(
        &self,
        plan: &Plan,
        source: Option<&Path>,
    ) -> Result<(), plan_io::PlanIoError> {
        self.ensure_dir()?;
        let meta = RecoveryMeta {
            source: source.map(Path::to_path_buf),
        };
        let meta = serde_json::to_string_pretty(&meta).unwrap_or_default();
        plan_io::write_atomic(&self.recovery_meta_path(), meta.as_bytes())?;
        plan_io::save_plan(&self.recovery_path(), plan)
    }

    /// The recovery copy left by a session that did not end cleanly, if any.
    pub fn recovery(&self) -> Option<Recovery> {
        let text = plan_io::read_text(&self.recovery_path(), plan_io::MAX_PLAN_BYTES).ok()?;
        let (plan, _) = plan_file::from_geojson(&text, "recovery copy").ok()?;
        let source = std::fs::read_to_string(self.recovery_meta_path())
            .ok()
            .and_then(|t| serde_json::from_str::<RecoveryMeta>(&t).ok())
            .and_then(|m| m.source);
        Some(Recovery { plan, source })
    }

    /// Removes the recovery copy (after a save, a discard or a clean exit).
    pub fn clear_recovery(&self) {
        let _ = std::fs::remove_file(self.recovery_path());
        let _ = std::fs::remove_file(self.recovery_meta_path());
    }

    /// Recent plan files, most recent first, only those that still exist.
    pub fn recent(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.recent_path())
            .ok()
            .and_then(|t| serde_json::from_str::<Vec<PathBuf>>(&t).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.exists())
            .collect()
    }

    /// Puts a file at the top of the recent list.
    pub fn push_recent(&self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let mut list = self.recent();
        list.retain(|p| *p != path);
        list.insert(0, path);
        list.truncate(RECENT_LIMIT);
        if self.ensure_dir().is_ok()
            && let Ok(text) = serde_json::to_string_pretty(&list)
        {
            let _ = plan_io::write_atomic(&self.recent_path(), text.as_bytes());
        }
    }
}

impl Storage {
    fn import_mappings_path(&self) -> PathBuf {
        self.dir.join("import_mappings.json")
    }

    fn import_mappings(&self) -> std::collections::BTreeMap<String, FieldMapping> {
        std::fs::read_to_string(self.import_mappings_path())
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// The column mapping the user chose for files with these columns
    /// ([`FieldMapping::signature`]), if any.
    pub fn import_mapping(&self, signature: &str) -> Option<FieldMapping> {
        self.import_mappings().remove(signature)
    }

    /// Remembers a column mapping for files with these columns.
    pub fn remember_import_mapping(
        &self,
        signature: &str,
        mapping: &FieldMapping,
    ) -> Result<(), plan_io::PlanIoError> {
        let mut all = self.import_mappings();
        all.insert(signature.to_owned(), mapping.clone());
        self.ensure_dir()?;
        let text = serde_json::to_string_pretty(&all).unwrap_or_default();
        plan_io::write_atomic(&self.import_mappings_path(), text.as_bytes())
    }

    fn recent_folders_path(&self) -> PathBuf {
        self.dir.join("recent_folders.json")
    }

    /// Folders files were last chosen in (by any file dialog), most recent first, only
    /// those that still exist.
    pub fn recent_folders(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.recent_folders_path())
            .ok()
            .and_then(|t| serde_json::from_str::<Vec<PathBuf>>(&t).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.is_dir())
            .collect()
    }

    /// Puts the folder of a chosen file (or a chosen folder) at the top of the list.
    pub fn push_recent_folder(&self, dir: &Path) {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut list = self.recent_folders();
        list.retain(|p| *p != dir);
        list.insert(0, dir);
        list.truncate(RECENT_LIMIT);
        if self.ensure_dir().is_ok()
            && let Ok(text) = serde_json::to_string_pretty(&list)
        {
            let _ = plan_io::write_atomic(&self.recent_folders_path(), text.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_round_trip_and_clear() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::at(dir.path().join("data"));
        assert!(storage.recovery().is_none());
        let plan = plan_file::sample_plan();
        storage
            .write_recovery(&plan, Some(Path::new("/tmp/x.geojson")))
            .unwrap();
        let found = storage.recovery().unwrap();
        assert_eq!(found.plan, plan);
        assert_eq!(found.source, Some(PathBuf::from("/tmp/x.geojson")));
        storage.clear_recovery();
        assert!(storage.recovery().is_none());
    }

    #[test]
    fn recent_files_most_recent_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::at(dir.path().join("data"));
        let files: Vec<PathBuf> = (0..10)
            .map(|i| dir.path().join(format!("p{i}.geojson")))
            .collect();
        for f in &files {
            std::fs::write(f, "{}").unwrap();
            storage.push_recent(f);
        }
        storage.push_recent(&files[3]);
        let recent = storage.recent();
        assert_eq!(recent.len(), RECENT_LIMIT);
        assert_eq!(recent[0].file_name().unwrap(), "p3.geojson");
        assert_eq!(recent[1].file_name().unwrap(), "p9.geojson");
        std::fs::remove_file(&files[9]).unwrap();
        assert!(
            !storage.recent().iter().any(|p| p.ends_with("p9.geojson")),
            "missing files drop out"
        );
    }

    #[test]
    fn recent_folders_most_recent_first() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::at(dir.path().join("data"));
        assert!(storage.recent_folders().is_empty());
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        storage.push_recent_folder(&a);
        storage.push_recent_folder(&b);
        storage.push_recent_folder(&a);
        let list = storage.recent_folders();
        assert_eq!(list.len(), 2);
        assert!(list[0].ends_with("a") && list[1].ends_with("b"), "{list:?}");
        std::fs::remove_dir(&b).unwrap();
        assert_eq!(storage.recent_folders().len(), 1);
    }

    #[test]
    fn import_mappings_are_remembered_by_columns() {
        use crate::model::field_map::{Choice, Field};
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::at(dir.path().join("data"));
        let columns = vec!["Standort".to_owned(), "E".to_owned(), "N".to_owned()];
        let sig = FieldMapping::signature(&columns);
        assert_eq!(storage.import_mapping(&sig), None);
        let mut m = FieldMapping::default();
        m.columns
            .insert("Standort".into(), Choice::Field(Field::Name));
        m.columns.insert("E".into(), Choice::Field(Field::Lon));
        storage.remember_import_mapping(&sig, &m).unwrap();
        assert_eq!(storage.import_mapping(&sig), Some(m));
        assert_eq!(storage.import_mapping("other"), None);
    }
}
