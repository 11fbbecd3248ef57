//! The slides panel: the briefing's slides in order, and an editor for the chosen one
//! (caption, speaker notes, ceasefire state, layers, hubs shown, view).
//!
//! Text fields commit when they lose focus, so one edit is one undo step; every other
//! control commits at once. Typing that has not been committed yet is committed before
//! any button's command (so "Move up" right after typing a caption moves the renamed
//! slide), when another slide is chosen, and when the panel is hidden
//! ([`SlidesPanel::take_uncommitted`]). Nothing here changes the plan: it returns commands.

use std::collections::BTreeSet;

use egui::{RichText, ScrollArea, TextEdit, Ui};

use crate::command::Command;
use crate::map::theme::MapTheme;
use crate::model::hub::HubId;
use crate::model::plan::Plan;
use crate::model::slide::{HubFilter, Slide};

/// Caption and notes being typed for one slide.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    index: usize,
    /// The slide as it was when the draft was made; a change elsewhere resets the draft.
    source: Slide,
    caption: String,
    notes: String,
    caption_error: Option<String>,
    /// The plan file to compare with, as typed.
    compare_with: String,
}

/// State of the slides panel.
#[derive(Default)]
pub struct SlidesPanel {
    selected: Option<usize>,
    draft: Option<Draft>,
    /// The slide last scrolled into view: a newly chosen one is scrolled to.
    scrolled_to: Option<usize>,
}

impl SlidesPanel {
    /// The slide chosen in the list.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Chooses a slide (e.g. the one just added).
    pub fn select(&mut self, index: Option<usize>) {
        self.selected = index;
    }

    /// The caption and notes typed but not yet committed, as a command (and forgets the
    /// draft). None if nothing is pending, or if the slide changed meanwhile (undo).
    pub fn take_uncommitted(&mut self, plan: &Plan) -> Option<Command> {
        let draft = self.draft.take()?;
        let source = plan
            .slides
            .get(draft.index)
            .filter(|s| **s == draft.source)?;
        let mut slide = source.clone();
        if !draft.caption.trim().is_empty() {
            slide.caption = draft.caption.trim().to_owned();
        }
        slide.notes = draft.notes;
        slide.compare_with = Some(draft.compare_with.trim().to_owned()).filter(|p| !p.is_empty());
        (slide != *source).then(|| Command::UpdateSlide {
            index: draft.index,
            slide: Box::new(slide),
        })
    }

    /// Draws the panel; returns what the user asked for.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        selection: &BTreeSet<HubId>,
        theme: MapTheme,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let count = plan.slides.len();
        // Undo or a deleted slide can leave the choice past the end.
        self.selected = self.selected.filter(|i| *i < count);
        ui.horizontal(|ui| {
            if ui
                .button("New slide from this view")
                .on_hover_text(
                    "Saves the map's view, the ceasefire state and the layers shown as a slide",
                )
                .clicked()
            {
                commands.push(Command::AddSlide);
            }
            if ui
                .button("Present (F5)")
                .on_hover_text("Full screen, from the chosen slide")
                .clicked()
            {
                commands.push(Command::Present(self.selected));
            }
        });
        if count == 0 {
            ui.weak(
                "No slides yet. Frame the map, set the ceasefire and layers, then \
                 \"New slide from this view\".",
            );
            return commands;
        }
        ui.add_space(4.0);
        ScrollArea::vertical()
            .id_salt("slides_list")
            .max_height(160.0)
            .show(ui, |ui| {
                for (i, slide) in plan.slides.iter().enumerate() {
                    let text = format!("{}. {}", i + 1, slide.caption);
                    let resp = ui.selectable_label(self.selected == Some(i), text);
                    let resp = resp.on_hover_text(format!(
                        "{} · {}",
                        slide.ceasefire.describe_with_day(),
                        slide.hubs.label()
                    ));
                    if self.selected == Some(i) && self.scrolled_to != Some(i) {
                        // A new slide, or one chosen elsewhere, comes into view.
                        resp.scroll_to_me(None);
                        self.scrolled_to = Some(i);
                    }
                    if resp.clicked() {
                        self.selected = Some(i);
                        self.scrolled_to = Some(i);
                        commands.push(Command::ShowSlide(i));
                    }
                }
            });
        ui.separator();
        if let Some(i) = self.selected {
            ScrollArea::vertical()
                .id_salt("slide_editor")
                .show(ui, |ui| {
                    self.editor(ui, plan, i, selection, theme, &mut commands);
                });
        } else {
            ui.weak("Choose a slide to edit it.");
        }
        commands
    }

    fn editor(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        index: usize,
        selection: &BTreeSet<HubId>,
        theme: MapTheme,
        commands: &mut Vec<Command>,
    ) {
        let Some(slide) = plan.slides.get(index) else {
            return;
        };
        let count = plan.slides.len();
        if self.draft.as_ref().is_some_and(|d| d.index != index) {
            // Another slide was chosen: keep what was typed for the previous one.
            commands.extend(self.take_uncommitted(plan));
        }
        if self
            .draft
            .as_ref()
            .is_none_or(|d| d.index != index || d.source != *slide)
        {
            self.draft = Some(Draft {
                index,
                source: slide.clone(),
                caption: slide.caption.clone(),
                notes: slide.notes.clone(),
                caption_error: None,
                compare_with: slide.compare_with.clone().unwrap_or_default(),
            });
        }
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let mut updated = slide.clone();
        // Button commands go after the edits of this frame (see the module doc).
        let mut actions = Vec::new();
        ui.label(RichText::new(format!("Slide {} of {count}", index + 1)).strong());
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Use the map's view")
                .on_hover_text("Set this slide's view to what the map shows now")
                .clicked()
            {
                actions.push(Command::RecaptureSlide(index));
            }
            if ui.button("Show on map").clicked() {
                actions.push(Command::ShowSlide(index));
            }
            if ui.button("Present from here").clicked() {
                actions.push(Command::Present(Some(index)));
            }
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(index > 0, egui::Button::new("Move up"))
                .clicked()
            {
                actions.push(Command::MoveSlide {
                    from: index,
                    to: index - 1,
                });
                self.selected = Some(index - 1);
            }
            if ui
                .add_enabled(index + 1 < count, egui::Button::new("Move down"))
                .clicked()
            {
                actions.push(Command::MoveSlide {
                    from: index,
                    to: index + 1,
                });
                self.selected = Some(index + 1);
            }
            if ui.button("Delete slide").clicked() {
                actions.push(Command::DeleteSlide(index));
            }
        });
        ui.add_space(4.0);

        let label = ui.label("Caption");
        let resp = ui
            .add(TextEdit::singleline(&mut draft.caption).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if resp.lost_focus() {
            if draft.caption.trim().is_empty() {
                draft.caption_error = Some("A slide needs a caption.".into());
            } else {
                draft.caption_error = None;
                updated.caption = draft.caption.trim().to_owned();
            }
        }
        if let Some(e) = &draft.caption_error {
            ui.colored_label(theme.warning, e);
        }
        let label = ui.label("Speaker notes");
        let resp = ui
            .add(
                TextEdit::multiline(&mut draft.notes)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if resp.lost_focus() {
            updated.notes = draft.notes.clone();
        }

        ui.add_space(4.0);
        ui.label(RichText::new("Ceasefire shown").strong());
        let mut c = slide.ceasefire;
        let mut on = c.in_effect();
        if ui.checkbox(&mut on, "Ceasefire in effect").changed() {
            c.set_in_effect(on);
        }
        ui.add_enabled_ui(c.in_effect(), |ui| {
            let mut verified = c.verified();
            if ui.checkbox(&mut verified, "Verified").changed() {
                c.set_verified(verified);
            }
            let mut peace = c.peace_signed();
            if ui.checkbox(&mut peace, "Peace agreement").changed() {
                c.set_peace_signed(peace);
            }
            // The timeline day the slide fixes (unchecked: every hub stood up).
            ui.horizontal(|ui| {
                let mut fixed = c.day().is_some();
                if ui
                    .checkbox(&mut fixed, "On day")
                    .on_hover_text(
                        "Show the deployment as it stands this many days after the ceasefire",
                    )
                    .changed()
                {
                    c.set_day(fixed.then_some(0));
                }
                let mut day = c.day().unwrap_or(0);
                if ui
                    .add_enabled(
                        fixed,
                        egui::DragValue::new(&mut day)
                            .range(0..=crate::model::timeline::MAX_DAYS)
                            .prefix("D+"),
                    )
                    .changed()
                {
                    c.set_day(Some(day));
                }
            });
        });
        updated.ceasefire = c;

        ui.add_space(4.0);
        ui.label(RichText::new("Layers").strong());
        let l = &mut updated.layers;
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut l.hubs, "Hubs");
            ui.checkbox(&mut l.hub_labels, "Hub names");
            ui.checkbox(&mut l.range_rings, "Range rings");
            ui.checkbox(&mut l.oblasts, "Oblasts");
            ui.checkbox(&mut l.place_labels, "Place names");
            ui.checkbox(&mut l.legend, "Legend");
            ui.checkbox(&mut l.charts, "Charts");
            ui.checkbox(&mut l.cities, "Cities");
            ui.checkbox(&mut l.airfields, "Airfields");
            ui.checkbox(&mut l.ports, "Seaports");
        });

        ui.add_space(4.0);
        let label = ui.label(RichText::new("Compare with plan").strong());
        let resp = ui
            .add(
                TextEdit::singleline(&mut draft.compare_with)
                    .hint_text("e.g. sample_plan_alt.geojson")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "A plan file (relative to this plan's folder) whose differences the slide \
                 shows over this plan: added, removed and moved hubs",
            );
        if resp.lost_focus() {
            updated.compare_with =
                Some(draft.compare_with.trim().to_owned()).filter(|p| !p.is_empty());
        }

        ui.add_space(4.0);
        ui.label(RichText::new("Hubs shown").strong());
        // Ids of hubs deleted since are ignored, so they are not counted.
        let chosen = match &slide.hubs {
            HubFilter::Only(ids) => ids.iter().filter(|id| plan.hub(**id).is_some()).count(),
            _ => 0,
        };
        if ui.radio(slide.hubs == HubFilter::All, "All hubs").clicked() {
            updated.hubs = HubFilter::All;
        }
        if ui
            .radio(slide.hubs == HubFilter::ActiveOnly, "Active hubs only")
            .clicked()
        {
            updated.hubs = HubFilter::ActiveOnly;
        }
        ui.horizontal(|ui| {
            ui.add_enabled(
                false,
                egui::RadioButton::new(
                    matches!(slide.hubs, HubFilter::Only(_)),
                    format!("Chosen hubs ({chosen})"),
                ),
            );
            if ui
                .add_enabled(
                    !selection.is_empty(),
                    egui::Button::new(format!("Use selected hubs ({})", selection.len())),
                )
                .on_hover_text("Show only the hubs selected on the map or in the list")
                .clicked()
            {
                updated.hubs = HubFilter::Only(selection.iter().copied().collect());
            }
        });

        if updated != *slide {
            commands.push(Command::UpdateSlide {
                index,
                slide: Box::new(updated),
            });
        }
        commands.extend(actions);
    }
}
