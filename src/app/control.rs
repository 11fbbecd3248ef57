//! The app's control layers: keeping the prepared drawing and the threat bands in step
//! with the plan (computed on a background thread, never on the UI thread), importing
//! control files in the background, the import dialog and feature form, drawing new
//! areas and lines, and editing the chosen feature's vertices on the map.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui};
use geo::Coord;

use super::{CoalitionApp, Message};
use crate::command::{Command, Tool};
use crate::map::control_view::{ControlView, PreparedControl};
use crate::map::threat_field::{ControlScene, SceneInput};
use crate::model::control::{
    ControlFeature, ControlKind, ControlSettings, VertexRef, area_from_ring, edit_path, effective,
    line_from_points,
};
use crate::model::control_import::{ImportError, Imported, import_path};
use crate::projection::{Projector, ScreenRect};
use crate::ui::control_panel::{ControlPanel, DialogOutcome, FeatureForm, ImportDialog};

/// What the background job sends back.
enum JobResult {
    Prepared(u64, Box<PreparedControl>),
    Scene(u64, Box<ControlScene>),
}

/// A vertex being dragged: which, and where it is now.
#[derive(Clone, Copy, Debug, PartialEq)]
struct VertexDrag {
    vertex: VertexRef,
    at: (f64, f64),
}

/// Control-layer state of the app.
#[derive(Default)]
pub struct ControlState {
    /// What the map draws.
    pub view: ControlView,
    /// The plan revision last checked.
    checked: Option<(u64, u64)>,
    /// What the view was last built from.
    key: Option<(Vec<ControlFeature>, ControlSettings, u64)>,
    /// Bumped on every rebuild; background results of older generations are dropped.
    pub generation: u64,
    job: Option<Receiver<JobResult>>,
    scene_pending: bool,
    import: Option<(PathBuf, Receiver<Result<Imported, ImportError>>)>,
    /// The import dialog, while open.
    pub dialog: Option<ImportDialog>,
    /// The feature form, while open.
    pub form: Option<FeatureForm>,
    /// Vertices of the area or line being drawn.
    pub draft: Vec<(f64, f64)>,
    /// The side panel.
    pub panel: ControlPanel,
    drag: Option<VertexDrag>,
    /// The vertex chosen on the map (Delete removes it).
    pub selected_vertex: Option<VertexRef>,
}

impl ControlState {
    /// Background work in progress, in words.
    pub fn busy(&self) -> Option<String> {
        if let Some((path, _)) = &self.import {
            return Some(format!("Importing {}…", path.display()));
        }
        (self.job.is_some() && self.scene_pending)
            .then(|| "Computing threat bands and the ceasefire zone…".to_owned())
    }
}

impl CoalitionApp {
    /// Rebuilds the control view when the plan's control features, settings or roster
    /// changed; returns whether they did (hub sites must then be judged again).
    pub(super) fn refresh_control(&mut self) -> bool {
        let rev = (self.revision, self.map_revision);
        if self.control.checked == Some(rev) {
            return false;
        }
        self.control.checked = Some(rev);
        if let Some((features, settings, map_rev)) = &self.control.key
            && *features == self.plan.control
            && *settings == self.plan.control_settings
            && *map_rev == self.map_revision
        {
            return false;
        }
        self.control.key = Some((
            self.plan.control.clone(),
            self.plan.control_settings.clone(),
            self.map_revision,
        ));
        self.control.generation += 1;
        let generation = self.control.generation;
        let features: Arc<Vec<ControlFeature>> = Arc::new(
            effective(&self.plan.control, &self.plan.control_settings)
                .cloned()
                .collect(),
        );
        let settings = self.plan.control_settings.clone();
        let input = SceneInput {
            hostile_countries: SceneInput::for_plan(
                &self.data.geography.countries,
                &crate::model::plan::Plan {
                    control: Vec::new(),
                    ..self.plan.clone_without_hubs()
                },
            )
            .hostile_countries,
            features: features.to_vec(),
            settings: settings.clone(),
        };
        // The legend and credit follow the features at once; the drawing of them
        // follows when the background work below ends.
        self.control.view.features = Arc::clone(&features);
        self.control.view.settings = settings.clone();
        self.control.view.revision += 1;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let prepared = PreparedControl::prepare(features, &settings);
            if tx
                .send(JobResult::Prepared(generation, Box::new(prepared)))
                .is_err()
            {
                return;
            }
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let scene = ControlScene::compute(&input, threads);
            let _ = tx.send(JobResult::Scene(generation, Box::new(scene)));
        });
        self.control.job = Some(rx);
        self.control.scene_pending = true;
        true
    }

    /// Takes results of background work; returns whether any is still running.
    pub(super) fn poll_control(&mut self) -> bool {
        let mut done = Vec::new();
        if let Some(rx) = &self.control.job {
            loop {
                match rx.try_recv() {
                    Ok(r) => done.push(r),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.control.job = None;
                        self.control.scene_pending = false;
                        break;
                    }
                }
            }
        }
        for r in done {
            self.take_job_result(r);
        }
        let mut imported = None;
        if let Some((path, rx)) = &self.control.import {
            match rx.try_recv() {
                Ok(result) => imported = Some((path.clone(), result)),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    imported = Some((
                        path.clone(),
                        Err(ImportError::Io {
                            file: path.display().to_string(),
                            cause: "the import stopped unexpectedly".into(),
                        }),
                    ))
                }
            }
        }
        if let Some((path, result)) = imported {
            self.control.import = None;
            self.finish_control_import(&path, result);
        }
        self.control.job.is_some() || self.control.import.is_some()
    }

    fn take_job_result(&mut self, r: JobResult) {
        match r {
            JobResult::Prepared(g, p) if g == self.control.generation => {
                self.control.view.prepared = Arc::new(*p);
                self.control.view.revision += 1;
            }
            JobResult::Scene(g, s) if g == self.control.generation => {
                self.control.view.scene = Some(Arc::new(*s));
                self.control.view.revision += 1;
                self.control.scene_pending = false;
                self.control.job = None;
            }
            _ => {}
        }
    }

    /// Waits for background control work (threat bands, imports) to finish, for tests
    /// and exports that need the finished layers.
    pub fn wait_for_control_layers(&mut self) {
        self.refresh_derived();
        while let Some(rx) = self.control.job.take() {
            match rx.recv() {
                Ok(r) => {
                    self.control.job = Some(rx);
                    self.take_job_result(r);
                }
                Err(_) => self.control.scene_pending = false,
            }
        }
        if let Some((path, rx)) = self.control.import.take() {
            let result = rx.recv().unwrap_or_else(|_| {
                Err(ImportError::Io {
                    file: path.display().to_string(),
                    cause: "the import stopped unexpectedly".into(),
                })
            });
            self.finish_control_import(&path, result);
            self.wait_for_control_layers();
        }
    }

    /// The control layers as drawn.
    pub fn control_view(&self) -> &ControlView {
        &self.control.view
    }

    fn finish_control_import(
        &mut self,
        path: &std::path::Path,
        result: Result<Imported, ImportError>,
    ) {
        match result {
            Ok(imported) => {
                let areas = imported
                    .features
                    .iter()
                    .filter(|f| f.geometry.is_area())
                    .count();
                let lines = imported.features.len() - areas;
                let mut text = format!(
                    "{}: {areas} area(s) and {lines} line(s) imported ({} vertices)",
                    path.display(),
                    imported.vertices
                );
                if !imported.notes.is_empty() {
                    let shown: Vec<&str> =
                        imported.notes.iter().take(3).map(String::as_str).collect();
                    text.push_str(&format!(
                        "; {} note(s): {}{}",
                        imported.notes.len(),
                        shown.join("; "),
                        if imported.notes.len() > 3 {
                            "; …"
                        } else {
                            ""
                        }
                    ));
                }
                self.apply(Command::AddControlFeatures(imported.features));
                self.message = Some(Message {
                    text,
                    is_error: false,
                });
            }
            Err(e) => {
                self.message = Some(Message {
                    text: e.to_string(),
                    is_error: true,
                })
            }
        }
    }

    /// Asks what the control layer file shows (name, kinds, source, date) before importing.
    pub(super) fn ask_control_import(&mut self, path: std::path::PathBuf) {
        self.control.dialog = Some(ImportDialog::new(path));
    }

    /// Applies a control command; returns it back when it is not one.
    pub(super) fn apply_control(&mut self, command: Command) -> Option<Command> {
        match command {
            Command::PickImportControl => self.pick_file(super::dialogs::FilePurpose::ControlLayer),
            Command::ImportControl { path, defaults } => {
                let (tx, rx) = channel();
                let p = path.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(import_path(&p, &defaults));
                });
                self.control.import = Some((path, rx));
            }
            Command::AddControlFeatures(features) => {
                if !features.is_empty() {
                    self.record();
                    for mut f in features {
                        f.id = self.plan.allocate_id().0;
                        self.plan.control.push(f);
                    }
                }
            }
            Command::UpdateControlFeature(f) => {
                if let Some(i) = self.plan.control.iter().position(|c| c.id == f.id)
                    && self.plan.control[i] != *f
                {
                    self.record();
                    self.plan.control[i] = *f;
                }
            }
            Command::DeleteControlFeature(id) => {
                if self.plan.control.iter().any(|c| c.id == id) {
                    self.record();
                    self.plan.control.retain(|c| c.id != id);
                    self.control.selected_vertex = None;
                }
            }
            Command::SetControlSettings(s) => {
                if *s != self.plan.control_settings {
                    self.record();
                    self.plan.control_settings = *s;
                }
            }
            Command::DraftVertex { lon, lat } => self.draft_add(lon, lat),
            Command::DraftFinish => self.finish_draft(),
            Command::SetTool(tool) => {
                if tool != self.tool {
                    self.control.draft.clear();
                }
                return Some(Command::SetTool(tool));
            }
            other => return Some(other),
        }
        None
    }

    /// The dialogs, the draft being drawn and the chosen feature's vertex handles.
    pub(super) fn control_ui(&mut self, ui: &mut Ui, map_rect: Rect, commands: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        if let Some(dialog) = &mut self.control.dialog {
            match dialog.show(&ctx) {
                DialogOutcome::Open => {}
                DialogOutcome::Cancelled => self.control.dialog = None,
                DialogOutcome::Done(defaults) => {
                    commands.push(Command::ImportControl {
                        path: dialog.path.clone(),
                        defaults: Box::new(defaults),
                    });
                    self.control.dialog = None;
                }
            }
        }
        if let Some(form) = &mut self.control.form {
            match form.show(&ctx) {
                DialogOutcome::Open => {}
                DialogOutcome::Cancelled => self.control.form = None,
                DialogOutcome::Done(f) => {
                    commands.push(if form.is_new {
                        Command::AddControlFeatures(vec![f])
                    } else {
                        Command::UpdateControlFeature(Box::new(f))
                    });
                    self.control.form = None;
                }
            }
        }
        let viewport = ScreenRect {
            min_x: map_rect.min.x as f64,
            min_y: map_rect.min.y as f64,
            width: map_rect.width().max(1.0) as f64,
            height: map_rect.height().max(1.0) as f64,
        };
        let p = Projector::new(self.map.camera(), viewport);
        let painter = ui.painter_at(map_rect);
        let screen = |(lon, lat): (f64, f64)| {
            let (x, y) = p.screen_from_geo(lon, lat);
            Pos2::new(x as f32, y as f32)
        };
        // The draft.
        if matches!(self.tool, Tool::DrawArea | Tool::DrawLine) {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
            let color = Color32::from_rgb(0xd0, 0x30, 0x30);
            let mut points: Vec<Pos2> = self.control.draft.iter().map(|&g| screen(g)).collect();
            if let Some(hover) = ui
                .ctx()
                .pointer_hover_pos()
                .filter(|h| map_rect.contains(*h))
                && !points.is_empty()
            {
                points.push(hover);
            }
            if self.tool == Tool::DrawArea && points.len() > 2 {
                points.push(points[0]);
            }
            painter.add(egui::Shape::line(points, Stroke::new(2.0, color)));
            for &g in &self.control.draft {
                painter.circle_filled(screen(g), 4.0, color);
            }
            let hint = if self.tool == Tool::DrawArea {
                "Drawing an area: click vertices; double-click or Enter finishes; Esc cancels; Backspace removes the last"
            } else {
                "Drawing a line: click vertices; double-click or Enter finishes; Esc cancels; Backspace removes the last"
            };
            painter.text(
                map_rect.center_top() + egui::vec2(0.0, 40.0),
                egui::Align2::CENTER_TOP,
                hint,
                egui::FontId::proportional(13.0),
                color,
            );
        }
        // Vertex handles of the chosen feature.
        if self.tool != Tool::Select || self.presenting.is_some() {
            return;
        }
        let Some(feature) = self
            .control
            .panel
            .selected
            .and_then(|id| self.plan.control.iter().find(|f| f.id == id))
            .cloned()
        else {
            return;
        };
        let closed = feature.geometry.is_area();
        let mut total = 0;
        for (pi, path) in feature.geometry.paths().into_iter().enumerate() {
            let mut verts: Vec<Coord<f64>> = path.0.clone();
            if closed && verts.len() > 1 && verts.first() == verts.last() {
                verts.pop();
            }
            total += verts.len();
            if total > 3000 {
                // Too many handles to be useful; edit such layers in a GIS.
                break;
            }
            let n = verts.len();
            let pts: Vec<Pos2> = verts
                .iter()
                .enumerate()
                .map(|(vi, c)| match self.control.drag {
                    Some(d)
                        if d.vertex
                            == (VertexRef {
                                path: pi,
                                vertex: vi,
                            }) =>
                    {
                        screen(d.at)
                    }
                    _ => screen((c.x, c.y)),
                })
                .collect();
            let segs = if closed { n } else { n.saturating_sub(1) };
            for k in 0..segs {
                let (a, b) = (pts[k], pts[(k + 1) % n]);
                painter.line_segment(
                    [a, b],
                    Stroke::new(1.5, Color32::from_rgb(0xff, 0xa0, 0x00)),
                );
                let mid = a + (b - a) / 2.0;
                if !map_rect.contains(mid) || (b - a).length() < 16.0 {
                    continue;
                }
                let r = Rect::from_center_size(mid, egui::vec2(10.0, 10.0));
                let resp = ui.interact(
                    r,
                    ui.scope_id().with(("ctl_mid", feature.id, pi, k)),
                    Sense::click(),
                );
                painter.circle_stroke(
                    mid,
                    3.5,
                    Stroke::new(1.5, Color32::from_rgb(0xff, 0xa0, 0x00)),
                );
                if resp.clicked() {
                    let (lon, lat) = p.geo_from_screen(mid.x as f64, mid.y as f64);
                    if let Some(g) = edit_path(&feature.geometry, pi, |r| {
                        r.insert(k + 1, Coord { x: lon, y: lat })
                    }) {
                        commands.push(Command::UpdateControlFeature(Box::new(ControlFeature {
                            geometry: g,
                            ..feature.clone()
                        })));
                        self.control.selected_vertex = Some(VertexRef {
                            path: pi,
                            vertex: k + 1,
                        });
                    }
                }
            }
            for (vi, &pos) in pts.iter().enumerate() {
                if !map_rect.contains(pos) {
                    continue;
                }
                let vref = VertexRef {
                    path: pi,
                    vertex: vi,
                };
                let r = Rect::from_center_size(pos, egui::vec2(12.0, 12.0));
                let resp = ui.interact(
                    r,
                    ui.scope_id().with(("ctl_vertex", feature.id, pi, vi)),
                    Sense::click_and_drag(),
                );
                let chosen = self.control.selected_vertex == Some(vref);
                painter.circle_filled(pos, if chosen { 6.0 } else { 4.5 }, Color32::WHITE);
                painter.circle_stroke(
                    pos,
                    if chosen { 6.0 } else { 4.5 },
                    Stroke::new(2.0, Color32::from_rgb(0xff, 0x80, 0x00)),
                );
                if resp.clicked() || resp.drag_started() {
                    self.control.selected_vertex = Some(vref);
                }
                if resp.dragged()
                    && let Some(ptr) = resp.interact_pointer_pos()
                {
                    let at = p.geo_from_screen(ptr.x as f64, ptr.y as f64);
                    self.control.drag = Some(VertexDrag { vertex: vref, at });
                }
                if resp.drag_stopped()
                    && let Some(d) = self.control.drag.take()
                    && let Some(g) = edit_path(&feature.geometry, pi, |r| {
                        if let Some(v) = r.get_mut(vi) {
                            *v = Coord {
                                x: d.at.0,
                                y: d.at.1,
                            };
                        }
                    })
                {
                    // One drag, one undo step.
                    commands.push(Command::UpdateControlFeature(Box::new(ControlFeature {
                        geometry: g,
                        ..feature.clone()
                    })));
                }
            }
        }
    }

    /// Keys for drawing and vertex editing: Enter finishes, Backspace/Delete removes.
    pub(super) fn control_keys(&mut self, ui: &Ui) {
        if self.presenting.is_some() || self.control.dialog.is_some() || self.control.form.is_some()
        {
            return;
        }
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let (enter, delete) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Delete) || i.key_pressed(egui::Key::Backspace),
            )
        });
        if matches!(self.tool, Tool::DrawArea | Tool::DrawLine) {
            if enter {
                self.finish_draft();
            }
            if delete {
                self.control.draft.pop();
            }
        } else if delete
            && let Some(v) = self.control.selected_vertex.take()
            && let Some(f) = self
                .control
                .panel
                .selected
                .and_then(|id| self.plan.control.iter().find(|f| f.id == id))
        {
            match edit_path(&f.geometry, v.path, |r| {
                if v.vertex < r.len() {
                    r.remove(v.vertex);
                }
            }) {
                Some(g) => {
                    let f = ControlFeature {
                        geometry: g,
                        ..f.clone()
                    };
                    self.apply(Command::UpdateControlFeature(Box::new(f)));
                }
                None => {
                    self.message = Some(Message {
                        text: "An area keeps at least 3 vertices and a line 2.".into(),
                        is_error: true,
                    })
                }
            }
        }
    }

    /// Adds a vertex to the draft (a click with a drawing tool).
    pub fn draft_add(&mut self, lon: f64, lat: f64) {
        if self.control.draft.last() != Some(&(lon, lat)) {
            self.control.draft.push((lon, lat));
        }
    }

    /// Finishes the draft: opens the form for the new feature (if it has enough vertices).
    pub fn finish_draft(&mut self) {
        let area = self.tool == Tool::DrawArea;
        let points = std::mem::take(&mut self.control.draft);
        let needed = if area { 3 } else { 2 };
        if points.len() < needed {
            self.message = Some(Message {
                text: format!(
                    "An {} needs at least {needed} vertices.",
                    if area { "area" } else { "line" }
                ),
                is_error: true,
            });
            self.control.draft = points;
            return;
        }
        let geometry = if area {
            area_from_ring(&points)
        } else {
            line_from_points(&points)
        };
        let kind = if area {
            ControlKind::Occupied
        } else {
            ControlKind::ContactLine
        };
        let feature = ControlFeature {
            id: 0,
            name: if area { "Drawn area" } else { "Drawn line" }.into(),
            kind,
            geometry,
            source: "drawn by planner".into(),
            as_of: jiff::civil::Date::default(),
            extra: Default::default(),
        };
        self.control.form = Some(FeatureForm::new(feature, true));
    }

    /// Opens the form for an existing feature.
    pub(super) fn edit_control_feature(&mut self, f: ControlFeature) {
        self.control.form = Some(FeatureForm::new(f, false));
    }
}
