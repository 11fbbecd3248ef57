//! The editor's menus, toolbar and keyboard shortcuts; each returns commands.

use super::*;

const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const OPEN_BASEMAP: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);
const PASTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::V);
const DUPLICATE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);

impl CoalitionApp {
    pub(super) fn shortcuts(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        // While a text field has the keyboard, its own editing keys win.
        let typing = ui.ctx().egui_wants_keyboard_input();
        ui.input_mut(|i| {
            if i.consume_shortcut(&OPEN_BASEMAP) {
                commands.push(Command::PickBasemap);
            }
            if i.consume_shortcut(&SAVE_AS) {
                commands.push(Command::PickSaveAs);
            }
            if i.consume_shortcut(&SAVE) {
                commands.push(Command::Save);
            }
            if i.consume_shortcut(&OPEN) {
                commands.push(Command::PickOpen);
            }
            if i.consume_shortcut(&EXPORT) {
                commands.push(Command::PickExport(crate::file_format::Format::GeoJson));
            }
            if typing {
                return;
            }
            if i.key_pressed(Key::F1) || help_key(i) {
                commands.push(Command::ToggleShortcutHelp);
            }
            // As in PowerPoint and Impress: F5 from the start, Shift+F5 from here.
            if i.consume_key(Modifiers::SHIFT, Key::F5) {
                commands.push(Command::Present(self.slides_panel.selected()));
            }
            // Most specific first: Ctrl+Shift+Z must not be taken as Ctrl+Z.
            if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
                commands.push(Command::Redo);
            }
            if i.consume_shortcut(&UNDO) {
                commands.push(Command::Undo);
            }
            if i.consume_shortcut(&DUPLICATE) {
                commands.push(Command::DuplicateSelected);
            }
            if i.consume_shortcut(&SELECT_ALL) {
                commands.push(Command::Select {
                    ids: self.plan.hubs.iter().map(|h| h.id).collect(),
                    how: SelectHow::Replace,
                });
            }
            // eframe turns Ctrl+C / Ctrl+V into Copy / Paste events; tests send keys.
            let copy = i.consume_shortcut(&COPY)
                || i.events.iter().any(|e| matches!(e, egui::Event::Copy));
            if copy {
                commands.push(Command::CopySelected);
            }
            let pasted_text = i.events.iter().find_map(|e| match e {
                egui::Event::Paste(text) => Some(text.clone()),
                _ => None,
            });
            if let Some(text) = pasted_text {
                // Hubs copied from another window arrive as GeoJSON text.
                if let Ok((plan, report)) = plan_file::from_geojson(&text, "clipboard")
                    && report.hubs > 0
                {
                    self.clipboard = plan.hubs;
                }
                commands.push(Command::Paste);
            } else if i.consume_shortcut(&PASTE) {
                commands.push(Command::Paste);
            }
            if i.modifiers.is_none() {
                if i.key_pressed(Key::A) {
                    commands.push(Command::SetTool(Tool::AddHub));
                }
                if i.key_pressed(Key::S) {
                    commands.push(Command::SetTool(Tool::Select));
                }
                if i.key_pressed(Key::M) {
                    commands.push(Command::SetTool(Tool::Measure));
                }
                if i.key_pressed(Key::F5) {
                    commands.push(Command::Present(None));
                }
                // Once per press: a held key must not stack up undo steps.
                let once = |key: Key| {
                    i.events.iter().any(|e| {
                        matches!(e, egui::Event::Key { key: k, pressed: true, repeat: false, .. } if *k == key)
                    })
                };
                if once(Key::C) {
                    let mut c = self.plan.ceasefire;
                    c.set_in_effect(!c.in_effect());
                    commands.push(Command::SetCeasefire(c));
                }
                if i.key_pressed(Key::Escape) && !self.measurement.points().is_empty() {
                    // Escape first clears a measurement, then leaves the tool.
                    commands.push(Command::MeasureClear);
                } else if i.key_pressed(Key::Escape) {
                    if self.tool == Tool::Select {
                        commands.push(Command::Select {
                            ids: Vec::new(),
                            how: SelectHow::Replace,
                        });
                    }
                    commands.push(Command::SetTool(Tool::Select));
                }
                // Drawing tools and a chosen control vertex take Delete/Backspace
                // themselves (`app::control`).
                let control_takes_delete = matches!(self.tool, Tool::DrawArea | Tool::DrawLine)
                    || self.control.selected_vertex.is_some();
                if self.tool == Tool::Measure && i.key_pressed(Key::Backspace) {
                    commands.push(Command::MeasurePop);
                } else if !control_takes_delete
                    && (i.key_pressed(Key::Delete) || i.key_pressed(Key::Backspace))
                {
                    commands.push(Command::DeleteSelected);
                }
            }
        });
        commands
    }

    pub(super) fn toolbar(&self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            // At projector widths (1024 px) the bar runs out of room: it wraps onto a
            // second row rather than cutting its last buttons off.
            ui.horizontal_wrapped(|ui| {
                ui.menu_button("File", |ui| {
                    let ctx = ui.ctx().clone();
                    let sc = |s: &KeyboardShortcut| ctx.format_shortcut(s);
                    if ui.button("New plan").clicked() {
                        commands.push(Command::NewPlan);
                    }
                    if ui
                        .add(egui::Button::new("Open…").shortcut_text(sc(&OPEN)))
                        .clicked()
                    {
                        commands.push(Command::PickOpen);
                    }
                    ui.add_enabled_ui(!self.recent.is_empty(), |ui| {
                        ui.menu_button("Open recent", |ui| {
                            for path in &self.recent {
                                if ui.button(path.display().to_string()).clicked() {
                                    commands.push(Command::OpenPlan(path.clone()));
                                }
                            }
                        });
                    });
                    if ui
                        .add(egui::Button::new("Save").shortcut_text(sc(&SAVE)))
                        .clicked()
                    {
                        commands.push(Command::Save);
                    }
                    if ui
                        .add(egui::Button::new("Save As…").shortcut_text(sc(&SAVE_AS)))
                        .clicked()
                    {
                        commands.push(Command::PickSaveAs);
                    }
                    ui.separator();
                    if ui
                        .button("Import hubs…")
                        .on_hover_text("Add the points of a GeoJSON or CSV file as hubs")
                        .clicked()
                    {
                        commands.push(Command::PickImport);
                    }
                    if ui
                        .button("Import control layer…")
                        .on_hover_text(
                            "Add occupied areas and contact or ceasefire lines from GeoJSON, KML or KMZ",
                        )
                        .clicked()
                    {
                        commands.push(Command::PickImportControl);
                    }
                    if ui
                        .button("Compare with…")
                        .on_hover_text(
                            "Overlay another plan on this one: hubs added, removed, moved and \
                             changed, and their figures side by side",
                        )
                        .clicked()
                    {
                        commands.push(Command::PickCompare);
                    }
                    if self.comparison.is_some() && ui.button("Stop comparing").clicked() {
                        commands.push(Command::CloseComparison);
                    }
                    ui.menu_button("Export", |ui| {
                        use crate::file_format::Format;
                        if ui
                            .add(egui::Button::new("Hubs as GeoJSON…").shortcut_text(sc(&EXPORT)))
                            .clicked()
                        {
                            commands.push(Command::PickExport(Format::GeoJson));
                        }
                        if ui.button("Hubs as KML (Google Earth)…").clicked() {
                            commands.push(Command::PickExport(Format::Kml));
                        }
                        if ui.button("Hubs as CSV (spreadsheets)…").clicked() {
                            commands.push(Command::PickExport(Format::Csv));
                        }
                        if ui.button("View as SVG…").clicked() {
                            commands.push(Command::PickExport(Format::Svg));
                        }
                        if ui.button("View as PNG…").clicked() {
                            commands.push(Command::PickExport(Format::Png));
                        }
                        if ui
                            .button(if self.plan.slides.is_empty() {
                                "Briefing deck as PDF (the view)…"
                            } else {
                                "Briefing deck as PDF (a page per slide)…"
                            })
                            .clicked()
                        {
                            commands.push(Command::PickExport(Format::Pdf));
                        }
                        for (label, format) in [
                            ("Slides as SVG (one file each)…", Format::Svg),
                            ("Slides as PNG (one file each)…", Format::Png),
                        ] {
                            if ui
                                .add_enabled(!self.plan.slides.is_empty(), egui::Button::new(label))
                                .clicked()
                            {
                                commands.push(Command::PickExportSlides(format));
                            }
                        }
                    });
                    ui.separator();
                    if ui
                        .add(
                            egui::Button::new("Open basemap…")
                                .shortcut_text(ui.ctx().format_shortcut(&OPEN_BASEMAP)),
                        )
                        .clicked()
                    {
                        commands.push(Command::PickBasemap);
                    }
                    if ui.button("Use built-in basemap").clicked() {
                        commands.push(Command::ResetBasemap);
                    }
                    ui.separator();
                    if ui.button("Quit").clicked() {
                        // The close request comes back next frame and asks about unsaved work.
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                });
                ui.menu_button("Edit", |ui| {
                    if ui
                        .add_enabled(
                            self.history.can_undo(),
                            egui::Button::new("Undo").shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                        )
                        .clicked()
                    {
                        commands.push(Command::Undo);
                    }
                    if ui
                        .add_enabled(
                            self.history.can_redo(),
                            egui::Button::new("Redo").shortcut_text(ui.ctx().format_shortcut(&REDO)),
                        )
                        .clicked()
                    {
                        commands.push(Command::Redo);
                    }
                    ui.separator();
                    let any = !self.selection.is_empty();
                    if ui
                        .add_enabled(
                            any,
                            egui::Button::new("Copy").shortcut_text(ui.ctx().format_shortcut(&COPY)),
                        )
                        .clicked()
                    {
                        commands.push(Command::CopySelected);
                    }
                    if ui
                        .add_enabled(
                            !self.clipboard.is_empty(),
                            egui::Button::new("Paste").shortcut_text(ui.ctx().format_shortcut(&PASTE)),
                        )
                        .clicked()
                    {
                        commands.push(Command::Paste);
                    }
                    if ui
                        .add_enabled(
                            any,
                            egui::Button::new("Duplicate")
                                .shortcut_text(ui.ctx().format_shortcut(&DUPLICATE)),
                        )
                        .clicked()
                    {
                        commands.push(Command::DuplicateSelected);
                    }
                    if ui
                        .add_enabled(any, egui::Button::new("Delete").shortcut_text("Del"))
                        .clicked()
                    {
                        commands.push(Command::DeleteSelected);
                    }
                    ui.separator();
                    if ui
                        .add(
                            egui::Button::new("Select all")
                                .shortcut_text(ui.ctx().format_shortcut(&SELECT_ALL)),
                        )
                        .clicked()
                    {
                        commands.push(Command::Select {
                            ids: self.plan.hubs.iter().map(|h| h.id).collect(),
                            how: SelectHow::Replace,
                        });
                    }
                    ui.separator();
                    ui.label("Warn when a hub is closer to a hostile border than:");
                    let mut km = self.plan.hostile_buffer_km;
                    let resp = ui.add(
                        egui::DragValue::new(&mut km)
                            .range(0.0..=1000.0)
                            .suffix(" km"),
                    );
                    if (resp.changed() && !resp.dragged()) || resp.drag_stopped() {
                        commands.push(Command::SetHostileBuffer(km));
                    }
                    crate::ui::sites_panel::rules_menu(ui, &self.plan.facility_rules, &mut commands);
                });
                ui.menu_button("View", |ui| {
                    if ui.button("Ukraine").clicked() {
                        commands.push(Command::Fit(ViewPreset::Ukraine));
                    }
                    if ui.button("Europe").clicked() {
                        commands.push(Command::Fit(ViewPreset::Europe));
                    }
                    if ui.button("Whole coalition").clicked() {
                        commands.push(Command::Fit(ViewPreset::Coalition));
                    }
                    ui.separator();
                    if ui
                        .checkbox(&mut self.show_side_panel.clone(), "Side panel")
                        .clicked()
                    {
                        commands.push(Command::ToggleSidePanel);
                    }
                    let mut dark = self.dark;
                    if ui.checkbox(&mut dark, "Dark theme").clicked() {
                        commands.push(Command::SetDarkMode(dark));
                    }
                    ui.separator();
                    let mut layers = self.layers;
                    ui.checkbox(&mut layers.hubs, "Hubs");
                    ui.checkbox(&mut layers.hub_labels, "Hub names");
                    ui.checkbox(&mut layers.range_rings, "Range rings (all hubs)");
                    ui.checkbox(&mut layers.oblasts, "Oblasts");
                    ui.checkbox(&mut layers.place_labels, "Place names");
                    ui.checkbox(&mut layers.cities, "Cities");
                    ui.checkbox(&mut layers.airfields, "Airfields");
                    ui.checkbox(&mut layers.ports, "Seaports");
                    ui.checkbox(&mut layers.legend, "Legend");
                    ui.checkbox(&mut layers.control, "Control areas and lines")
                        .on_hover_text("Occupied areas and contact/ceasefire lines, each with its as-of date");
                    ui.checkbox(&mut layers.ceasefire_zone, "Ceasefire zone");
                    ui.checkbox(&mut layers.threat_bands, "Threat bands");
                    let mut reference = self.plan.control_settings.show_reference;
                    if ui
                        .checkbox(&mut reference, crate::model::control::REFERENCE_TITLE)
                        .on_hover_text("Saved with the plan. Not the current front.")
                        .changed()
                    {
                        commands.push(Command::SetControlSettings(Box::new(
                            crate::model::control::ControlSettings {
                                show_reference: reference,
                                ..self.plan.control_settings.clone()
                            },
                        )));
                    }
                    if layers != self.layers {
                        commands.push(Command::SetLayers(layers));
                    }
                    commands.extend(self.coverage_menu(ui));
                    ui.separator();
                    if ui
                        .add(egui::Button::new("Present").shortcut_text("F5"))
                        .clicked()
                    {
                        commands.push(Command::Present(None));
                    }
                    if ui
                        .add(
                            egui::Button::new("Present from the selected slide")
                                .shortcut_text("Shift+F5"),
                        )
                        .clicked()
                    {
                        commands.push(Command::Present(self.slides_panel.selected()));
                    }
                    commands.extend(self.display_menu(ui));
                    ui.separator();
                    if ui
                        .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
                        .clicked()
                    {
                        commands.push(Command::ToggleShortcutHelp);
                    }
                });
                ui.separator();
                if ui
                    .selectable_label(self.tool == Tool::Select, "Select")
                    .on_hover_text("Click to select, drag to move hubs, Shift-drag for a box (S)")
                    .clicked()
                {
                    commands.push(Command::SetTool(Tool::Select));
                }
                if ui
                    .selectable_label(self.tool == Tool::AddHub, "Add hub")
                    .on_hover_text("Click the map to place a hub (A)")
                    .clicked()
                {
                    commands.push(Command::SetTool(Tool::AddHub));
                }
                if ui
                    .selectable_label(self.tool == Tool::Measure, "Measure")
                    .on_hover_text(
                        "Click points to measure geodesic distances and bearings (M); Esc clears",
                    )
                    .clicked()
                {
                    commands.push(Command::SetTool(Tool::Measure));
                }
                if ui
                    .selectable_label(self.map.snap(), "Snap")
                    .on_hover_text(
                        "Placed and dragged hubs snap to the nearest airfield, port or city \
                         shown on the map (or hold Alt)",
                    )
                    .clicked()
                {
                    commands.push(Command::SetSnap(!self.map.snap()));
                }
                ui.separator();
                commands.extend(ceasefire_controls(ui, self.plan.ceasefire));
                ui.separator();
                if ui
                    .button("Fit Ukraine")
                    .on_hover_text("Show all of Ukraine")
                    .clicked()
                {
                    commands.push(Command::Fit(ViewPreset::Ukraine));
                }
                if ui
                    .button("Fit coalition")
                    .on_hover_text("Show every coalition country")
                    .clicked()
                {
                    commands.push(Command::Fit(ViewPreset::Coalition));
                }
                if ui
                    .button("Present")
                    .on_hover_text(
                        "Full-screen presentation from the first slide (F5; Shift+F5 from the \
                         selected one); Esc leaves",
                    )
                    .clicked()
                {
                    commands.push(Command::Present(None));
                }
                let theme_label = if self.dark {
                    "Light theme"
                } else {
                    "Dark theme"
                };
                if ui
                    .button(theme_label)
                    .on_hover_text("Switch the colour theme")
                    .clicked()
                {
                    commands.push(Command::SetDarkMode(!self.dark));
                }
            });
        });
        commands
    }
}

/// The toolbar's ceasefire controls: the main toggle, then verification and peace,
/// which only exist while a ceasefire is in effect.
fn ceasefire_controls(ui: &mut Ui, state: Ceasefire) -> Vec<Command> {
    let mut commands = Vec::new();
    let on = state.in_effect();
    if ceasefire_switch(ui, on)
        .on_hover_text(if on {
            "A ceasefire is in effect: hubs that wait for it are active. Click to end it."
        } else {
            "No ceasefire: hubs that wait for one are inactive. Click to declare one in effect."
        })
        .clicked()
    {
        let mut next = state;
        next.set_in_effect(!on);
        commands.push(Command::SetCeasefire(next));
    }
    let mut verified = state.verified();
    if ui
        .add_enabled(on, egui::Checkbox::new(&mut verified, "Verified"))
        .changed()
    {
        let mut next = state;
        next.set_verified(verified);
        commands.push(Command::SetCeasefire(next));
    }
    let mut peace = state.peace_signed();
    if ui
        .add_enabled(on, egui::Checkbox::new(&mut peace, "Peace agreement"))
        .changed()
    {
        let mut next = state;
        next.set_peace_signed(peace);
        commands.push(Command::SetCeasefire(next));
    }
    commands
}

/// The prominent on/off switch for the ceasefire: a pill that slides, green when on,
/// red when off, with its label. Reads as a checkbox to screen readers and tests.
fn ceasefire_switch(ui: &mut Ui, on: bool) -> egui::Response {
    let label = "Ceasefire in effect";
    let font = egui::FontId::proportional(15.0);
    let galley = ui
        .painter()
        .layout_no_wrap(label.into(), font, ui.visuals().strong_text_color());
    let pill = egui::vec2(38.0, 20.0);
    let size = egui::vec2(
        pill.x + 8.0 + galley.size().x + 10.0,
        pill.y.max(galley.size().y) + 6.0,
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, label));
    let t = ui.ctx().animate_bool_responsive(response.id, on);
    let green = Color32::from_rgb(0x1e, 0x9e, 0x46);
    let red = Color32::from_rgb(0xb0, 0x24, 0x24);
    let fill = Color32::from_rgb(
        egui::lerp(red.r() as f32..=green.r() as f32, t) as u8,
        egui::lerp(red.g() as f32..=green.g() as f32, t) as u8,
        egui::lerp(red.b() as f32..=green.b() as f32, t) as u8,
    );
    let painter = ui.painter();
    let frame = rect.shrink2(egui::vec2(2.0, 1.0));
    painter.rect(
        frame,
        6.0,
        fill.gamma_multiply(0.18),
        egui::Stroke::new(if response.hovered() { 2.0 } else { 1.0 }, fill),
        egui::StrokeKind::Inside,
    );
    let pill_rect = egui::Rect::from_min_size(
        egui::pos2(frame.left() + 4.0, rect.center().y - pill.y / 2.0),
        pill,
    );
    painter.rect_filled(pill_rect, pill.y / 2.0, fill);
    let knob_x = egui::lerp(
        pill_rect.left() + pill.y / 2.0..=pill_rect.right() - pill.y / 2.0,
        t,
    );
    painter.circle_filled(
        egui::pos2(knob_x, pill_rect.center().y),
        pill.y / 2.0 - 3.0,
        Color32::WHITE,
    );
    painter.galley(
        egui::pos2(
            pill_rect.right() + 8.0,
            rect.center().y - galley.size().y / 2.0,
        ),
        galley,
        Color32::WHITE,
    );
    response
}

/// Whether `?` was typed (Shift+/ on most layouts, so it arrives as text, not as a key
/// without modifiers).
pub(super) fn help_key(i: &egui::InputState) -> bool {
    i.events
        .iter()
        .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
}
