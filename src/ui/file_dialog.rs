//! The app's own file dialog, used when the desktop's cannot open: folders, files of
//! the chosen type, a path field, recent folders, and keys (↑/↓ move, Enter opens or
//! chooses, Backspace goes up a folder, Esc cancels, Tab moves between controls).

use std::path::{Path, PathBuf};

use egui::{Key, RichText};

use crate::native_dialog::{FileRequest, PickKind};

/// One row of the listing.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    name: String,
    is_dir: bool,
}

/// What the user answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    /// A file (or folder) was chosen.
    Chosen(PathBuf),
    /// The dialog was closed without a choice.
    Cancelled,
}

/// The dialog's state; create it with [`FileDialog::new`] and call [`FileDialog::show`]
/// every frame until it returns an outcome.
#[derive(Debug)]
pub struct FileDialog {
    request: FileRequest,
    /// Why the desktop's dialog was not used, shown small at the bottom.
    reason: String,
    dir: PathBuf,
    entries: Vec<Entry>,
    list_error: Option<String>,
    /// Index into `entries`.
    selected: Option<usize>,
    path_text: String,
    filter: usize,
    show_hidden: bool,
    recent: Vec<PathBuf>,
    error: Option<String>,
    confirm_replace: Option<PathBuf>,
    focus_path: bool,
    scroll_to_selected: bool,
}

impl FileDialog {
    /// A dialog for `request`, starting in its folder (else the first recent folder,
    /// else the current folder), listing `recent` folders as shortcuts.
    pub fn new(request: FileRequest, recent: Vec<PathBuf>, reason: impl Into<String>) -> Self {
        let dir = request
            .start_dir
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| recent.iter().find(|d| d.is_dir()).cloned())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let path_text = request.file_name.clone().unwrap_or_default();
        let mut dialog = Self {
            request,
            reason: reason.into(),
            dir: PathBuf::new(),
            entries: Vec::new(),
            list_error: None,
            selected: None,
            path_text,
            filter: 0,
            show_hidden: false,
            recent,
            error: None,
            confirm_replace: None,
            focus_path: true,
            scroll_to_selected: false,
        };
        dialog.enter(dir);
        dialog
    }

    /// The folder shown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The dialog's title.
    pub fn title(&self) -> &str {
        &self.request.title
    }

    /// Shows a folder (re-reads it).
    fn enter(&mut self, dir: PathBuf) {
        let dir = dir.canonicalize().unwrap_or(dir);
        self.selected = None;
        self.error = None;
        match list_dir(&dir, self.show_hidden) {
            Ok(entries) => {
                self.entries = entries;
                self.list_error = None;
            }
            Err(e) => {
                self.entries = Vec::new();
                self.list_error = Some(format!("cannot list {}: {e}", dir.display()));
            }
        }
        self.dir = dir;
    }

    fn refresh(&mut self) {
        let dir = self.dir.clone();
        let keep = self.selected.and_then(|i| self.entries.get(i).cloned());
        self.enter(dir);
        self.selected = keep.and_then(|k| self.entries.iter().position(|e| *e == k));
    }

    /// The entries shown: folders, then files of the chosen type (none when picking a
    /// folder).
    fn visible(&self) -> Vec<usize> {
        let filter = self.request.filters.get(self.filter);
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.is_dir
                    || (self.request.kind != PickKind::Folder
                        && filter.is_none_or(|f| f.matches(Path::new(&e.name))))
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn go_up(&mut self) {
        if let Some(parent) = self.dir.parent().map(Path::to_path_buf) {
            let from = self
                .dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            self.enter(parent);
            self.selected = from.and_then(|n| self.entries.iter().position(|e| e.name == n));
            self.scroll_to_selected = true;
        }
    }

    /// What the typed text means: a path, with `~` for the home folder, relative to
    /// the folder shown.
    fn typed_path(&self) -> Option<PathBuf> {
        let text = self.path_text.trim();
        if text.is_empty() {
            return None;
        }
        let path = match text.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                dirs::home_dir()?.join(rest.trim_start_matches('/'))
            }
            _ => PathBuf::from(text),
        };
        Some(if path.is_absolute() {
            path
        } else {
            self.dir.join(path)
        })
    }

    /// Acts on Enter or the main button: open a typed or selected folder, or choose.
    fn accept(&mut self) -> Option<DialogOutcome> {
        self.error = None;
        if let Some(path) = self.typed_path() {
            if path.is_dir() {
                self.path_text.clear();
                self.enter(path);
                return None;
            }
            return self.choose(path);
        }
        match self.selected.and_then(|i| self.entries.get(i)).cloned() {
            Some(entry) if entry.is_dir => {
                self.enter(self.dir.join(&entry.name));
                None
            }
            Some(entry) => self.choose(self.dir.join(&entry.name)),
            None if self.request.kind == PickKind::Folder => {
                Some(DialogOutcome::Chosen(self.dir.clone()))
            }
            None => {
                self.error = Some(match self.request.kind {
                    PickKind::Save => "Type a file name.".into(),
                    _ => "Choose a file or type its path.".into(),
                });
                None
            }
        }
    }

    /// The main button: like Enter, except that a folder dialog chooses the folder
    /// shown (or the one typed) instead of opening the selected one.
    fn accept_button(&mut self) -> Option<DialogOutcome> {
        if self.request.kind == PickKind::Folder {
            return match self.typed_path() {
                Some(path) => self.choose(path),
                None => Some(DialogOutcome::Chosen(self.dir.clone())),
            };
        }
        self.accept()
    }

    /// Checks a chosen path for the kind of dialog.
    fn choose(&mut self, path: PathBuf) -> Option<DialogOutcome> {
        match self.request.kind {
            PickKind::Folder => {
                if path.is_dir() {
                    return Some(DialogOutcome::Chosen(path));
                }
                self.error = Some(format!("{} is not a folder.", path.display()));
                None
            }
            PickKind::Open => {
                if path.is_file() {
                    return Some(DialogOutcome::Chosen(path));
                }
                self.error = Some(if path.exists() {
                    format!("{} is not a file.", path.display())
                } else {
                    format!("{} does not exist.", path.display())
                });
                None
            }
            PickKind::Save => {
                let path = self.with_extension(path);
                match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
                        self.error =
                            Some(format!("The folder {} does not exist.", parent.display()));
                        return None;
                    }
                    _ => {}
                }
                if path.is_dir() {
                    self.error = Some(format!("{} is a folder.", path.display()));
                    return None;
                }
                if path.exists() && self.confirm_replace.as_ref() != Some(&path) {
                    self.confirm_replace = Some(path);
                    return None;
                }
                Some(DialogOutcome::Chosen(path))
            }
        }
    }

    /// Adds the chosen type's extension to a file name that has none of them.
    fn with_extension(&self, path: PathBuf) -> PathBuf {
        match self.request.filters.get(self.filter) {
            Some(f) if !f.matches(&path) && path.extension().is_none() => {
                match f.extensions.first() {
                    Some(ext) => {
                        let mut name = path.into_os_string();
                        name.push(".");
                        name.push(ext);
                        PathBuf::from(name)
                    }
                    None => path,
                }
            }
            _ => path,
        }
    }

    /// Moves the selection by `step` rows among the visible entries.
    fn move_selection(&mut self, step: isize) {
        let visible = self.visible();
        if visible.is_empty() {
            return;
        }
        let at = self
            .selected
            .and_then(|s| visible.iter().position(|&i| i == s));
        let next = match at {
            None if step > 0 => 0,
            None => visible.len() - 1,
            Some(k) => (k as isize + step).clamp(0, visible.len() as isize - 1) as usize,
        };
        self.select(visible[next]);
    }

    fn select(&mut self, index: usize) {
        self.selected = Some(index);
        self.scroll_to_selected = true;
        if let Some(e) = self.entries.get(index)
            && !e.is_dir
        {
            self.path_text = e.name.clone();
        }
    }

    /// Draws the dialog (a modal window); returns the answer once there is one.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<DialogOutcome> {
        let mut outcome = None;
        if let Some(path) = self.confirm_replace.clone() {
            egui::Modal::new(egui::Id::unique("file_dialog_replace")).show(ctx, |ui| {
                ui.heading("Replace the file?");
                ui.label(format!("{} already exists. Replace it?", path.display()));
                ui.horizontal(|ui| {
                    let replace = ui.button("Replace");
                    if replace.clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                        outcome = Some(DialogOutcome::Chosen(path.clone()));
                    }
                    if ui.button("Don't replace").clicked()
                        || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        self.confirm_replace = None;
                    }
                });
            });
            if outcome.is_some() {
                self.confirm_replace = None;
            }
            return outcome;
        }
        // Keys for the list, taken before the text field sees them.
        let (up, down, escape, page_up, page_down) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
                i.consume_key(egui::Modifiers::NONE, Key::PageUp),
                i.consume_key(egui::Modifiers::NONE, Key::PageDown),
            )
        });
        let alt_up = ctx.input_mut(|i| i.consume_key(egui::Modifiers::ALT, Key::ArrowUp));
        if escape {
            return Some(DialogOutcome::Cancelled);
        }
        if up || down || page_up || page_down {
            let step = match (up, down, page_up) {
                (true, _, _) => -1,
                (_, true, _) => 1,
                (_, _, true) => -10,
                _ => 10,
            };
            self.move_selection(step);
        }
        if alt_up {
            self.go_up();
        }
        egui::Modal::new(egui::Id::unique("file_dialog")).show(ctx, |ui| {
            ui.set_width(640.0);
            ui.heading(&self.request.title);
            ui.horizontal(|ui| {
                if ui
                    .button("Up")
                    .on_hover_text("Parent folder (Alt+Up, or Backspace in the list)")
                    .clicked()
                {
                    self.go_up();
                }
                if ui.button("Home").clicked()
                    && let Some(home) = dirs::home_dir()
                {
                    self.enter(home);
                }
                if ui.button("Refresh").clicked() {
                    self.refresh();
                }
                if ui.checkbox(&mut self.show_hidden, "Hidden files").changed() {
                    self.refresh();
                }
            });
            ui.label(RichText::new(format!("Folder: {}", self.dir.display())).strong());
            ui.horizontal_top(|ui| {
                // Bounded, or the separator between the columns takes the screen's
                // height and pushes the path field and the buttons off the screen.
                ui.set_max_height(280.0);
                ui.vertical(|ui| {
                    ui.set_width(150.0);
                    ui.label(RichText::new("Recent folders").small());
                    let recent = self.recent.clone();
                    egui::ScrollArea::vertical()
                        .id_salt("file_dialog_recent")
                        .max_height(260.0)
                        .show(ui, |ui| {
                            for dir in recent.iter().filter(|d| d.is_dir()) {
                                let name = dir.file_name().map_or_else(
                                    || dir.display().to_string(),
                                    |n| n.to_string_lossy().into_owned(),
                                );
                                if ui
                                    .selectable_label(*dir == self.dir, name)
                                    .on_hover_text(dir.display().to_string())
                                    .clicked()
                                {
                                    self.enter(dir.clone());
                                }
                            }
                        });
                });
                ui.separator();
                ui.vertical(|ui| {
                    self.listing(ui, &mut outcome);
                });
            });
            ui.separator();
            if !self.request.filters.is_empty() && self.request.kind != PickKind::Folder {
                ui.horizontal(|ui| {
                    let label = ui.label("Type:");
                    let names: Vec<String> = self
                        .request
                        .filters
                        .iter()
                        .map(|f| format!("{} (*.{})", f.name, f.extensions.join(", *.")))
                        .collect();
                    egui::ComboBox::from_id_salt("file_dialog_type")
                        .selected_text(names.get(self.filter).cloned().unwrap_or_default())
                        .show_ui(ui, |ui| {
                            for (i, name) in names.iter().enumerate() {
                                ui.selectable_value(&mut self.filter, i, name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                });
            }
            ui.horizontal(|ui| {
                let label = ui.label(match self.request.kind {
                    PickKind::Folder => "Folder:",
                    _ => "File name or path:",
                });
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.path_text)
                        .desired_width(420.0)
                        .hint_text("name, relative path, /absolute/path or ~/…"),
                );
                let field = field.labelled_by(label.id);
                if self.focus_path {
                    field.request_focus();
                    self.focus_path = false;
                }
                if field.changed() {
                    self.error = None;
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    outcome = self.accept();
                    self.focus_path = outcome.is_none();
                }
            });
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                let main = match self.request.kind {
                    PickKind::Open => "Open",
                    PickKind::Save => "Save",
                    PickKind::Folder => "Choose this folder",
                };
                if ui.button(main).clicked() {
                    outcome = self.accept_button();
                }
                if ui.button("Cancel").clicked() {
                    outcome = Some(DialogOutcome::Cancelled);
                }
            });
            ui.label(
                RichText::new(format!("The app's own file dialog ({}).", self.reason))
                    .small()
                    .weak(),
            );
        });
        outcome
    }

    fn listing(&mut self, ui: &mut egui::Ui, outcome: &mut Option<DialogOutcome>) {
        if let Some(e) = &self.list_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let visible = self.visible();
        let mut clicked = None;
        let mut double = None;
        egui::ScrollArea::vertical()
            .id_salt("file_dialog_list")
            .max_height(260.0)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if visible.is_empty() && self.list_error.is_none() {
                    ui.label(RichText::new("(no folders or matching files here)").weak());
                }
                for &i in &visible {
                    let e = &self.entries[i];
                    let text = if e.is_dir {
                        format!("{}/", e.name)
                    } else {
                        e.name.clone()
                    };
                    let r = ui.selectable_label(self.selected == Some(i), text);
                    if self.selected == Some(i) && self.scroll_to_selected {
                        r.scroll_to_me(None);
                    }
                    if r.double_clicked() {
                        double = Some(i);
                    } else if r.clicked() {
                        clicked = Some(i);
                    }
                }
            });
        self.scroll_to_selected = false;
        if let Some(i) = clicked {
            self.select(i);
        }
        if let Some(i) = double {
            self.select(i);
            self.path_text = self.entries[i].name.clone();
            if self.entries[i].is_dir {
                self.path_text.clear();
                self.enter(self.dir.join(&self.entries[i].name));
            } else {
                *outcome = self.accept();
            }
        }
        // Backspace goes up a folder unless the user is typing in the path field.
        let typing = ui.ctx().egui_wants_keyboard_input();
        if !typing && ui.input(|i| i.key_pressed(Key::Backspace)) {
            self.go_up();
        }
        if !typing && ui.input(|i| i.key_pressed(Key::Enter)) {
            *outcome = self.accept();
        }
    }
}

/// Folders first, then files, each sorted by name (case-insensitive).
fn list_dir(dir: &Path, show_hidden: bool) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !show_hidden && name.starts_with('.') {
                return None;
            }
            // Follows symbolic links, so a link to a folder is a folder.
            let is_dir = e.path().is_dir();
            Some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by_cached_key(|e| (!e.is_dir, e.name.to_lowercase()));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native_dialog::FileFilter;

    fn request(kind: PickKind, dir: &Path) -> FileRequest {
        FileRequest {
            title: "Test".into(),
            kind,
            filters: vec![FileFilter::new("GeoJSON plan", &["geojson", "json"])],
            file_name: None,
            start_dir: Some(dir.to_path_buf()),
        }
    }

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("Zeta")).unwrap();
        std::fs::create_dir(dir.path().join("alpha")).unwrap();
        std::fs::write(dir.path().join("b.geojson"), "{}").unwrap();
        std::fs::write(dir.path().join("A.JSON"), "{}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden.geojson"), "{}").unwrap();
        dir
    }

    fn names(d: &FileDialog) -> Vec<String> {
        d.visible()
            .into_iter()
            .map(|i| d.entries[i].name.clone())
            .collect()
    }

    #[test]
    fn lists_folders_then_matching_files() {
        let dir = folder();
        let mut d = FileDialog::new(request(PickKind::Open, dir.path()), vec![], "test");
        assert_eq!(names(&d), ["alpha", "Zeta", "A.JSON", "b.geojson"]);
        d.show_hidden = true;
        d.refresh();
        assert!(names(&d).contains(&".hidden.geojson".to_owned()));
        let d = FileDialog::new(request(PickKind::Folder, dir.path()), vec![], "test");
        assert_eq!(names(&d), ["alpha", "Zeta"]);
    }

    #[test]
    fn keys_move_the_selection_and_enter_opens_folders_and_files() {
        let dir = folder();
        let mut d = FileDialog::new(request(PickKind::Open, dir.path()), vec![], "test");
        d.move_selection(1);
        assert_eq!(d.accept(), None, "Enter on a folder opens it");
        assert_eq!(d.dir(), dir.path().join("alpha").canonicalize().unwrap());
        d.go_up();
        assert_eq!(
            names(&d)[d
                .visible()
                .iter()
                .position(|&i| Some(i) == d.selected)
                .unwrap()],
            "alpha"
        );
        d.move_selection(10);
        assert_eq!(d.path_text, "b.geojson");
        let expected = dir.path().canonicalize().unwrap().join("b.geojson");
        assert_eq!(d.accept(), Some(DialogOutcome::Chosen(expected)));
    }

    #[test]
    fn typed_paths_are_checked_for_the_kind_of_dialog() {
        let dir = folder();
        let root = dir.path().canonicalize().unwrap();
        let mut d = FileDialog::new(request(PickKind::Open, dir.path()), vec![], "test");
        d.path_text = "missing.geojson".into();
        assert_eq!(d.accept(), None);
        assert!(d.error.as_deref().unwrap().ends_with("does not exist."));
        d.path_text = "Zeta".into();
        assert_eq!(d.accept(), None, "a typed folder is entered");
        assert_eq!(d.dir(), root.join("Zeta"));
        d.path_text = "../b.geojson".into();
        assert!(matches!(d.accept(), Some(DialogOutcome::Chosen(p)) if p.ends_with("b.geojson")));

        let mut s = FileDialog::new(request(PickKind::Save, dir.path()), vec![], "test");
        s.path_text = "brief".into();
        assert_eq!(
            s.accept(),
            Some(DialogOutcome::Chosen(root.join("brief.geojson"))),
            "the type's extension is added"
        );
        s.path_text = "nowhere/brief.geojson".into();
        assert_eq!(s.accept(), None);
        assert!(s.error.as_deref().unwrap().contains("does not exist"));
        s.path_text = "b.geojson".into();
        assert_eq!(s.accept(), None, "replacing asks first");
        assert_eq!(s.confirm_replace, Some(root.join("b.geojson")));

        let mut f = FileDialog::new(request(PickKind::Folder, dir.path()), vec![], "test");
        assert_eq!(f.accept(), Some(DialogOutcome::Chosen(root.clone())));
        f.path_text = "b.geojson".into();
        assert_eq!(f.accept(), None);
        assert!(f.error.as_deref().unwrap().ends_with("is not a folder."));
    }
}
