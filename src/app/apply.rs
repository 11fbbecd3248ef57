//! Applying [`Command`]s: the one place the plan changes. Panels only return commands;
//! each is applied here after drawing, recorded for undo when it edits the plan, so
//! undo/redo, tests and presenting (which refuses edits) stay simple.

use std::collections::BTreeSet;

use super::{CoalitionApp, FilePurpose, Message, PendingAction, SideTab};
use crate::command::{Command, SelectHow};
use crate::map::MapData;
use crate::model::hub::{Hub, HubId, Status};
use crate::model::plan::Plan;
use crate::model::plan_file;
use crate::model::slide::Slide;
use crate::ui::hub_layer::StatusPulse;
use crate::ui::presentation::Presentation;

/// How far pasted hubs are offset from the originals, degrees.
const PASTE_OFFSET_DEG: f64 = 0.15;

impl CoalitionApp {
    pub(super) fn record(&mut self) {
        self.history.record(self.plan.clone());
        self.revision += 1;
    }

    fn selected_hubs(&self) -> Vec<Hub> {
        self.plan
            .hubs
            .iter()
            .filter(|h| self.selection.contains(&h.id))
            .cloned()
            .collect()
    }

    pub(super) fn start_pulse(&mut self, before: &Plan) {
        let changed: Vec<(HubId, Status)> = self
            .plan
            .hubs
            .iter()
            .filter_map(|h| {
                let old = before.hub(h.id).map(|b| before.status(b));
                let new = self.plan.status(h);
                (old.is_some_and(|o| o != new)).then_some((h.id, new))
            })
            .collect();
        if !changed.is_empty() {
            self.pulse = Some(StatusPulse {
                start: self.now,
                changed,
            });
        }
    }

    fn restore(&mut self, plan: Plan) {
        let before = std::mem::replace(&mut self.plan, plan);
        if before.roster != self.plan.roster {
            self.map_revision += 1;
        }
        if before.ceasefire != self.plan.ceasefire {
            self.start_pulse(&before);
        }
        self.selection.retain(|id| self.plan.hub(*id).is_some());
        self.revision += 1;
    }

    /// Applies one command. Plan changes are recorded for undo.
    pub fn apply(&mut self, command: Command) {
        if self.presenting.is_some() && command.edits_plan() {
            log::info!("ignored while presenting: {command:?}");
            return;
        }
        let Some(command) = self.apply_control(command) else {
            return;
        };
        match command {
            Command::SetRole { iso_a3, name, role } => {
                if self.plan.role(&iso_a3) != role {
                    self.record();
                    self.plan.roster.set_role(&iso_a3, &name, role);
                    self.map_revision += 1;
                }
            }
            Command::AddHub { lon, lat } => {
                if crate::model::hub::validate_position(lon, lat).is_ok() {
                    self.record();
                    let name = self.plan.next_hub_name();
                    let id = self.plan.insert_hub(Hub::new(HubId(0), name, lon, lat));
                    self.selection = [id].into();
                    self.side_tab = SideTab::Hubs;
                }
            }
            Command::AddPreparedHub(hub) => {
                if crate::model::hub::validate_position(hub.lon, hub.lat).is_ok() {
                    self.record();
                    let id = self.plan.insert_hub(*hub);
                    self.selection = [id].into();
                }
            }
            Command::SetFacilityRules(rules) => {
                if rules != self.plan.facility_rules {
                    self.record();
                    self.plan.facility_rules = rules;
                }
            }
            Command::MoveHubs { moves, begin } => {
                if begin {
                    self.record();
                } else {
                    self.revision += 1;
                }
                for (id, lon, lat) in moves {
                    if let Some(hub) = self.plan.hub_mut(id) {
                        hub.lon = lon;
                        hub.lat = lat;
                    }
                }
            }
            Command::UpdateHub(hub) => {
                if self.plan.hub(hub.id).is_some_and(|h| *h != *hub) {
                    self.record();
                    if let Some(h) = self.plan.hub_mut(hub.id) {
                        *h = *hub;
                    }
                }
            }
            Command::DeleteHubs(ids) => {
                if ids.iter().any(|id| self.plan.hub(*id).is_some()) {
                    self.record();
                    self.plan.remove_hubs(&ids);
                    self.selection.retain(|id| !ids.contains(id));
                }
            }
            Command::DeleteSelected => {
                let ids: Vec<HubId> = self.selection.iter().copied().collect();
                if !ids.is_empty() {
                    self.apply(Command::DeleteHubs(ids));
                }
            }
            Command::CopySelected => {
                let hubs = self.selected_hubs();
                if !hubs.is_empty() {
                    self.clipboard = hubs;
                    // Also as GeoJSON text, so it pastes into another window or a text editor.
                    let scratch = Plan {
                        hubs: self.clipboard.clone(),
                        roster: Default::default(),
                        ..Plan::default()
                    };
                    self.pending_copy = Some(plan_file::to_geojson(&scratch));
                }
            }
            Command::Paste => {
                if !self.clipboard.is_empty() {
                    self.record();
                    let mut ids = BTreeSet::new();
                    for hub in self.clipboard.clone() {
                        let mut copy = hub;
                        // Two hubs of one name would be told apart only by position.
                        copy.name = self.plan.copy_name(&copy.name);
                        copy.lon = (copy.lon + PASTE_OFFSET_DEG).clamp(-180.0, 180.0);
                        copy.lat = (copy.lat - PASTE_OFFSET_DEG).clamp(-85.0, 85.0);
                        ids.insert(self.plan.insert_hub(copy));
                    }
                    // Paste again and the next copies step further along.
                    for hub in &mut self.clipboard {
                        hub.lon += PASTE_OFFSET_DEG;
                        hub.lat -= PASTE_OFFSET_DEG;
                    }
                    self.selection = ids;
                }
            }
            Command::DuplicateSelected => {
                let hubs = self.selected_hubs();
                if !hubs.is_empty() {
                    let saved = std::mem::replace(&mut self.clipboard, hubs);
                    self.apply(Command::Paste);
                    self.clipboard = saved;
                }
            }
            Command::SetCeasefire(state) => {
                if state != self.plan.ceasefire {
                    let before = self.plan.clone();
                    self.record();
                    self.plan.ceasefire = state;
                    self.start_pulse(&before);
                }
            }
            Command::SetTimelineDay(_)
            | Command::SetCoverageRadius(_)
            | Command::PickCompare
            | Command::CompareWith(_)
            | Command::CloseComparison
            | Command::ToggleCoverage => self.apply_compare(command),
            Command::SetHostileBuffer(km) => {
                if km.is_finite() && km >= 0.0 && km != self.plan.hostile_buffer_km {
                    self.record();
                    self.plan.hostile_buffer_km = km;
                }
            }
            Command::Select { ids, how } => match how {
                SelectHow::Replace => self.selection = ids.into_iter().collect(),
                SelectHow::Add => self.selection.extend(ids),
                SelectHow::Toggle => {
                    for id in ids {
                        if !self.selection.remove(&id) {
                            self.selection.insert(id);
                        }
                    }
                }
            },
            Command::CenterOn(id) => {
                if let Some(hub) = self.plan.hub(id) {
                    let zoom = self.map.camera().zoom.max(6.0);
                    self.map.glide_to(crate::projection::Camera::looking_at(
                        hub.lon, hub.lat, zoom,
                    ));
                    self.selection = [id].into();
                }
            }
            Command::SetTool(tool) => self.tool = tool,
            Command::MeasureAdd { lon, lat } => {
                if let Err(e) = self.measurement.push(lon, lat) {
                    self.show_error(format!("Measure: {e}"));
                }
            }
            Command::MeasurePop => self.measurement.pop(),
            Command::MeasureClear => self.measurement.clear(),
            Command::NewPlan => self.ask_then(PendingAction::New),
            Command::PickOpen => self.pick_file(FilePurpose::Open),
            Command::OpenPlan(path) => self.ask_then(PendingAction::Open(path)),
            Command::Save => match self.file.clone() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.apply(Command::PickSaveAs),
            },
            Command::PickSaveAs => self.pick_file(FilePurpose::SaveAs),
            Command::SaveAs(path) => {
                self.save_to(&path);
            }
            Command::PickImport => self.pick_file(FilePurpose::Import),
            Command::ImportHubs(path) => self.import_hubs(&path),
            Command::PickExport(format) => self.pick_file(FilePurpose::Export(format)),
            Command::ExportTo(format, path) => self.export_to(format, &path),
            Command::PickExportSlides(format) => self.pick_file(FilePurpose::ExportSlides(format)),
            Command::ExportSlides(dir, format) => {
                let options = crate::export::job::SvgOptions {
                    dark: self.dark,
                    ..Default::default()
                };
                match crate::export::job::export_slides(
                    &self.plan,
                    self.file.as_deref().and_then(std::path::Path::parent),
                    &self.data,
                    &dir,
                    options,
                    format,
                    |_| {},
                ) {
                    Ok(n) => {
                        self.message = Some(Message {
                            text: format!(
                                "Wrote {n} slides as {} to {}",
                                format.extension().to_uppercase(),
                                dir.display()
                            ),
                            is_error: false,
                        });
                    }
                    Err(e) => self.show_error(format!("Slides not exported: {e}")),
                }
            }
            Command::RestoreRecovery => {
                if let Some(recovery) = self.recovery_offer.take() {
                    self.set_plan(recovery.plan);
                    self.file = recovery.source;
                    // Restored work is unsaved work.
                    self.saved_plan = Plan::default();
                    self.dirty_revision = None;
                    self.message = Some(Message {
                        text:
                            "Restored the unsaved plan from the recovery copy. Save it to keep it."
                                .into(),
                        is_error: false,
                    });
                }
            }
            Command::DiscardRecovery => {
                self.recovery_offer = None;
                if let Some(s) = &self.storage {
                    s.clear_recovery();
                }
            }
            Command::ConfirmSave => match self.file.clone() {
                Some(path) => {
                    if self.save_to(&path)
                        && let Some(action) = self.confirm.take()
                    {
                        self.proceed(action);
                    }
                }
                // Asks for a file; saving and going on happen once one is chosen.
                None => self.pick_file(FilePurpose::SaveThenContinue),
            },
            Command::ConfirmDiscard => {
                if let Some(action) = self.confirm.take() {
                    self.proceed(action);
                }
            }
            Command::ConfirmCancel => self.confirm = None,
            Command::Undo => {
                if let Ok(previous) = self.history.undo(self.plan.clone()) {
                    self.restore(previous);
                }
            }
            Command::Redo => {
                if let Ok(next) = self.history.redo(self.plan.clone()) {
                    self.restore(next);
                }
            }
            Command::AddSlide => {
                if let Err(e) = crate::model::slide::validate_view(self.current_view()) {
                    self.show_error(format!("No slide added: {e}. Pan back over the map."));
                    return;
                }
                let mut slide = Slide::new(
                    format!("Slide {}", self.plan.slides.len() + 1),
                    self.current_view(),
                    self.plan.ceasefire,
                );
                slide.layers = self.layers;
                self.record();
                self.plan.slides.push(slide);
                self.slides_panel.select(Some(self.plan.slides.len() - 1));
                self.side_tab = SideTab::Slides;
            }
            Command::UpdateSlide { index, slide } => {
                let valid = crate::model::slide::validate_view(slide.view).is_ok();
                if valid && self.plan.slides.get(index).is_some_and(|s| *s != *slide) {
                    self.record();
                    self.plan.slides[index] = *slide;
                }
            }
            Command::RecaptureSlide(index) => {
                let view = self.current_view();
                let valid = crate::model::slide::validate_view(view).is_ok();
                if valid && self.plan.slides.get(index).is_some_and(|s| s.view != view) {
                    self.record();
                    self.plan.slides[index].view = view;
                }
            }
            Command::MoveSlide { from, to } => {
                let n = self.plan.slides.len();
                if from < n && to < n && from != to {
                    self.record();
                    let slide = self.plan.slides.remove(from);
                    self.plan.slides.insert(to, slide);
                    self.slides_panel.select(Some(to));
                }
            }
            Command::DeleteSlide(index) => {
                if index < self.plan.slides.len() {
                    self.record();
                    self.plan.slides.remove(index);
                    let n = self.plan.slides.len();
                    self.slides_panel.select((n > 0).then(|| index.min(n - 1)));
                }
            }
            Command::ShowSlide(index) => {
                if let Some(slide) = self.plan.slides.get(index) {
                    self.map.fit(slide.view, true);
                    self.layers = slide.layers;
                    self.slides_panel.select(Some(index));
                }
            }
            Command::Present(start) => {
                if self.presenting.is_none() {
                    let n = self.plan.slides.len();
                    let start = start.filter(|i| *i < n).or((n > 0).then_some(0));
                    let pres =
                        self.with_audience(Presentation::new(&self.plan, start, self.layers));
                    if let Some(slide) = pres.slide.and_then(|i| self.plan.slides.get(i)) {
                        self.map.fit(slide.view, false);
                    }
                    self.presenting = Some(pres);
                    self.presentation_switch = Some(true);
                    self.pulse = None;
                }
            }
            Command::StopPresenting => {
                if let Some(pres) = self.presenting.take() {
                    // The room's pulses mean nothing in the editor.
                    self.pulse = None;
                    self.presentation_switch = Some(false);
                    // Back in the editor on the slide last shown.
                    if pres.slide.is_some() {
                        self.slides_panel.select(pres.slide);
                    }
                }
            }
            Command::NextSlide | Command::PrevSlide | Command::GoToSlide(_) => {
                let n = self.plan.slides.len();
                if let Some(pres) = self.presenting.as_mut()
                    && n > 0
                {
                    // Moving on brings a blacked-out screen back.
                    pres.blacked_out = false;
                    let next = match (command, pres.slide) {
                        (Command::GoToSlide(i), _) => i.min(n - 1),
                        (_, None) => 0,
                        (Command::NextSlide, Some(i)) => (i + 1).min(n - 1),
                        (_, Some(i)) => i.saturating_sub(1),
                    };
                    if pres.slide != Some(next) {
                        pres.go_to(next, &self.plan.slides[next]);
                        self.map.fit(self.plan.slides[next].view, true);
                    }
                }
            }
            Command::SetShownCeasefire(c) => {
                if let Some(pres) = self.presenting.as_mut() {
                    pres.ceasefire = c;
                }
            }
            Command::ToggleNotes => {
                if let Some(pres) = self.presenting.as_mut() {
                    pres.show_notes = !pres.show_notes;
                }
            }
            Command::ToggleBlackout => {
                if let Some(pres) = self.presenting.as_mut() {
                    pres.blacked_out = !pres.blacked_out;
                }
            }
            Command::ToggleShortcutHelp => self.show_shortcuts = !self.show_shortcuts,
            Command::RevealHub(id) | Command::EditHub(id) => {
                if self.plan.hub(id).is_some() {
                    let edit = matches!(command, Command::EditHub(_));
                    self.selection = [id].into();
                    self.side_tab = SideTab::Hubs;
                    self.show_side_panel = true;
                    self.hub_panel.reveal(id, edit);
                }
            }
            Command::SetPresentDisplay(display) => self.presenter.chosen = display,
            Command::SetLayers(layers) => self.layers = layers,
            Command::SetSnap(on) => self.map.set_snap(on),
            Command::Fit(preset) => self.map.fit(self.preset_bounds(preset), true),
            Command::PickBasemap => self.pick_file(FilePurpose::Basemap),
            Command::LoadBasemap(path) => self.load_basemap(&path),
            Command::ResetBasemap => match MapData::builtin() {
                Ok(data) => {
                    self.data = data;
                    self.map_revision += 1;
                    self.message = None;
                }
                Err(e) => self.show_error(e.to_string()),
            },
            Command::SetDarkMode(dark) => self.dark = dark,
            Command::ToggleSidePanel => self.show_side_panel = !self.show_side_panel,
            Command::DismissMessage => self.message = None,
            // Applied by `apply_control` (app::control) before this match.
            Command::PickImportControl
            | Command::ImportControl { .. }
            | Command::AddControlFeatures(_)
            | Command::UpdateControlFeature(_)
            | Command::DeleteControlFeature(_)
            | Command::SetControlSettings(_)
            | Command::DraftVertex { .. }
            | Command::DraftFinish => {}
        }
    }
}
