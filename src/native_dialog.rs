//! The desktop's own file dialogs (rfd), behind a trait that first says whether one can
//! open at all, so the app can fall back to its own dialog instead of doing nothing.
//!
//! On Linux rfd 0.17 asks the XDG desktop portal (`org.freedesktop.portal.Desktop` on
//! the session D-Bus) and, failing that, runs `zenity`. With neither (a tiling window
//! manager, a minimal install, a kiosk) every rfd call returns "no file" at once, which
//! looks exactly like the user pressing Cancel. So reachability is checked up front,
//! never guessed from an empty answer.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// What kind of file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickKind {
    /// Choose an existing file.
    Open,
    /// Choose a file name to write (it may exist; the dialog asks before replacing).
    Save,
    /// Choose a folder.
    Folder,
}

/// One file type the dialog offers: a name and its extensions (without the dot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFilter {
    /// Shown to the user, e.g. "GeoJSON plan".
    pub name: String,
    /// Lower-case extensions, e.g. `["geojson", "json"]`.
    pub extensions: Vec<String>,
}

impl FileFilter {
    /// A filter from a name and extensions.
    pub fn new(name: impl Into<String>, extensions: &[&str]) -> Self {
        Self {
            name: name.into(),
            extensions: extensions.iter().map(|e| e.to_ascii_lowercase()).collect(),
        }
    }

    /// Whether a file name has one of the filter's extensions (any case); a filter
    /// without extensions ("All files") matches every file.
    pub fn matches(&self, path: &Path) -> bool {
        self.extensions.is_empty()
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }
}

/// What to ask the user for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRequest {
    /// Dialog title, e.g. "Save the plan".
    pub title: String,
    /// Open, save or folder.
    pub kind: PickKind,
    /// The file types offered (the first is the default).
    pub filters: Vec<FileFilter>,
    /// Proposed file name when saving.
    pub file_name: Option<String>,
    /// Folder to start in.
    pub start_dir: Option<PathBuf>,
}

/// The desktop's file dialogs, or a stand-in (tests inject one that is never available).
pub trait NativeDialogs {
    /// `None` when a native dialog can open now, else why not (for the user).
    fn unavailable(&self) -> Option<String>;
    /// Shows the native dialog and waits; `None` when the user cancelled.
    fn run(&self, request: &FileRequest) -> Option<PathBuf>;
}

/// The real dialogs through rfd, after checking that the portal or zenity is there.
#[derive(Debug, Default)]
pub struct SystemDialogs;

/// Environment variable: set to `builtin` to always use the app's own dialog.
pub const DIALOG_ENV: &str = "COALITION_MAP_FILE_DIALOG";

/// The name the XDG desktop portal owns on the session bus.
pub const PORTAL_NAME: &str = "org.freedesktop.portal.Desktop";

impl NativeDialogs for SystemDialogs {
    fn unavailable(&self) -> Option<String> {
        if std::env::var(DIALOG_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("builtin")) {
            return Some(format!("{DIALOG_ENV}=builtin"));
        }
        if !cfg!(unix) || cfg!(target_os = "macos") {
            return None;
        }
        if portal_reachable(Duration::from_millis(800)) || on_path("zenity") {
            None
        } else {
            Some(format!(
                "no desktop file dialog: no portal ({PORTAL_NAME}) on the session D-Bus and no zenity on PATH"
            ))
        }
    }

    fn run(&self, request: &FileRequest) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title(&request.title);
        for filter in &request.filters {
            let all = ["*".to_owned()];
            let extensions = if filter.extensions.is_empty() {
                &all[..]
            } else {
                &filter.extensions[..]
            };
            dialog = dialog.add_filter(&filter.name, extensions);
        }
        if let Some(name) = &request.file_name {
            dialog = dialog.set_file_name(name);
        }
        if let Some(dir) = &request.start_dir {
            dialog = dialog.set_directory(dir);
        }
        match request.kind {
            PickKind::Open => dialog.pick_file(),
            PickKind::Save => dialog.save_file(),
            PickKind::Folder => dialog.pick_folder(),
        }
    }
}

/// A stand-in that is never available, with the reason given (tests, kiosks).
#[derive(Clone, Debug)]
pub struct Unavailable(pub String);

impl NativeDialogs for Unavailable {
    fn unavailable(&self) -> Option<String> {
        Some(self.0.clone())
    }

    fn run(&self, _request: &FileRequest) -> Option<PathBuf> {
        None
    }
}

/// Whether an executable of this name is in a folder on `PATH`.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let candidate = dir.join(program);
            candidate
                .metadata()
                .is_ok_and(|m| m.is_file() && is_executable(&m))
        })
    })
}

#[cfg(unix)]
fn is_executable(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_m: &std::fs::Metadata) -> bool {
    true
}

/// Whether the desktop portal is running or can be started on the session bus, asked
/// on a thread so a hung bus costs at most `timeout`.
#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
)))]
pub fn portal_reachable(_timeout: Duration) -> bool {
    false
}

/// Whether the desktop portal is running or can be started on the session bus, asked
/// on a thread so a hung bus costs at most `timeout`.
#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
pub fn portal_reachable(timeout: Duration) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
        && !std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists())
    {
        return false;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(zbus::block_on(ask_bus_for_portal()).unwrap_or(false));
    });
    rx.recv_timeout(timeout).unwrap_or(false)
}

#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
async fn ask_bus_for_portal() -> zbus::Result<bool> {
    let connection = zbus::Connection::session().await?;
    let bus = zbus::fdo::DBusProxy::new(&connection).await?;
    let name = zbus::names::BusName::try_from(PORTAL_NAME)?;
    if bus.name_has_owner(name).await? {
        return Ok(true);
    }
    Ok(bus
        .list_activatable_names()
        .await?
        .iter()
        .any(|n| n.as_str() == PORTAL_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_match_extensions_in_any_case() {
        let f = FileFilter::new("Plans", &["GeoJSON", "csv"]);
        assert!(f.matches(Path::new("/tmp/a.geojson")));
        assert!(f.matches(Path::new("b.CSV")));
        assert!(!f.matches(Path::new("c.kml")));
        assert!(!f.matches(Path::new("geojson")));
        assert!(FileFilter::new("All files", &[]).matches(Path::new("x.kml")));
    }

    #[test]
    fn programs_are_found_on_path() {
        assert!(on_path("sh"));
        assert!(!on_path("no-such-program-coalition-map"));
    }

    #[test]
    fn the_stand_in_is_never_available_and_says_why() {
        let d = Unavailable("tests".into());
        assert_eq!(d.unavailable().as_deref(), Some("tests"));
        let request = FileRequest {
            title: "t".into(),
            kind: PickKind::Open,
            filters: Vec::new(),
            file_name: None,
            start_dir: None,
        };
        assert_eq!(d.run(&request), None);
    }
}
