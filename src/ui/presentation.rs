//! Presentation mode: the plan as the room sees it (a slide's ceasefire state, layers
//! and hubs), and the furniture drawn around the full-screen map — title bar, state
//! bar, speaker notes and the charts overlay.
//!
//! Presenting never changes the plan: the ceasefire shown (C, V, P keys) and the slide
//! are view state, so a briefing leaves the document clean and the undo history alone.

use egui::{Align, Color32, Frame, Layout, RichText, Ui};

use crate::map::hub_index::HubIndex;
use crate::map::rings::{WorldRing, plan_rings};
use crate::model::hub::{Ceasefire, HubId, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::model::slide::{HubFilter, Layers, Slide};
use crate::ui::theme::MapTheme;

/// How much larger everything is drawn while presenting (egui zoom factor).
pub const PRESENT_ZOOM: f32 = 1.25;

/// The keys a presenter can use, shown in the state bar.
pub const KEY_HINTS: &str = "Right/Left, PgDn/PgUp, Space: slides · C ceasefire · V verified · P peace · N notes · B black · F1 keys · Esc: leave";

/// State of a running presentation.
pub struct Presentation {
    /// The slide shown (None when the plan has no slides: the editor's view is shown).
    pub slide: Option<usize>,
    /// The ceasefire state shown (from the slide, then as toggled live).
    pub ceasefire: Ceasefire,
    /// Layers shown.
    pub layers: Layers,
    /// Hubs shown.
    pub hubs: HubFilter,
    /// Whether the speaker notes are shown.
    pub show_notes: bool,
    /// Whether the screen is blacked out (B or .), as in PowerPoint and Impress.
    pub blacked_out: bool,
    /// The plan as shown: the slide's ceasefire, only the hubs shown.
    pub shown: Plan,
    /// Sites of `shown`'s hubs, in order.
    pub sites: Vec<Site>,
    /// Hit-testing index of `shown`.
    pub index: HubIndex,
    /// Range rings of `shown`'s hubs.
    pub rings: Vec<WorldRing>,
    /// What `shown` was built from: plan revision, ceasefire and filter.
    built: Option<(u64, Ceasefire, HubFilter)>,
}

impl Presentation {
    /// A presentation of `slide` of `plan`, or of the editor's state when there is none.
    pub fn new(plan: &Plan, slide: Option<usize>, layers: Layers) -> Self {
        let mut p = Self {
            slide: None,
            ceasefire: plan.ceasefire,
            layers,
            hubs: HubFilter::All,
            show_notes: false,
            blacked_out: false,
            shown: Plan::default(),
            sites: Vec::new(),
            index: HubIndex::default(),
            rings: Vec::new(),
            built: None,
        };
        if let Some(i) = slide.filter(|i| *i < plan.slides.len()) {
            p.go_to(i, &plan.slides[i]);
        }
        p
    }

    /// Shows slide `index` (its ceasefire state, layers and hubs).
    pub fn go_to(&mut self, index: usize, slide: &Slide) {
        self.slide = Some(index);
        self.ceasefire = slide.ceasefire;
        self.layers = slide.layers;
        self.hubs = slide.hubs.clone();
    }

    /// Rebuilds the shown plan if the plan, the ceasefire shown or the hub filter
    /// changed. `sites` are the plan's, in hub order. Returns the hubs whose status or
    /// visibility changed, for the pulse (empty on the first build).
    pub fn refresh(&mut self, plan: &Plan, revision: u64, sites: &[Site]) -> Vec<(HubId, Status)> {
        let fresh = self
            .built
            .as_ref()
            .is_some_and(|(r, c, f)| *r == revision && *c == self.ceasefire && *f == self.hubs);
        if fresh {
            return Vec::new();
        }
        let first = self.built.is_none();
        let before = std::mem::take(&mut self.shown);
        let mut shown = Plan {
            ceasefire: self.ceasefire,
            ..plan.clone_without_hubs()
        };
        self.sites.clear();
        for (i, hub) in plan.hubs.iter().enumerate() {
            if self.hubs.shows(hub, hub.status(&self.ceasefire)) {
                shown.hubs.push(hub.clone());
                if let Some(site) = sites.get(i) {
                    self.sites.push(site.clone());
                }
            }
        }
        self.index = HubIndex::build(&shown);
        self.rings = plan_rings(&shown);
        self.shown = shown;
        self.built = Some((revision, self.ceasefire, self.hubs.clone()));
        if first {
            return Vec::new();
        }
        // Hubs that changed state, or that appear on this slide, pulse.
        self.shown
            .hubs
            .iter()
            .filter_map(|h| {
                let now = self.shown.status(h);
                let was = before.hub(h.id).map(|b| before.status(b));
                (was != Some(now)).then_some((h.id, now))
            })
            .collect()
    }
}

/// The ceasefire badge: the state in capitals, on red without a ceasefire, amber while
/// unverified, green once verified or at peace.
pub fn ceasefire_badge(c: Ceasefire) -> (String, Color32) {
    let color = match (c.in_effect(), c.verified() || c.peace_signed()) {
        (false, _) => Color32::from_rgb(0xc0, 0x20, 0x20),
        (true, false) => Color32::from_rgb(0xd0, 0x80, 0x00),
        (true, true) => Color32::from_rgb(0x10, 0x88, 0x3a),
    };
    (c.describe_with_day().to_uppercase(), color)
}

/// The title bar: the plan's title, the slide caption large, and "3 / 5".
pub fn title_bar(ui: &mut Ui, plan_title: &str, caption: &str, position: Option<(usize, usize)>) {
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new(plan_title).size(14.0).weak());
            ui.label(RichText::new(caption).size(26.0).strong());
        });
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if let Some((i, n)) = position {
                ui.label(
                    RichText::new(format!("{} / {n}", i + 1))
                        .size(22.0)
                        .strong(),
                );
            }
        });
    });
}

/// The state bar: the ceasefire state as a coloured badge, the hub counts, key hints.
pub fn state_bar(ui: &mut Ui, ceasefire: Ceasefire, active: usize, inactive: usize) {
    ui.horizontal(|ui| {
        let (words, color) = ceasefire_badge(ceasefire);
        Frame::new()
            .fill(color)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(10, 4))
            .show(ui, |ui| {
                ui.label(
                    RichText::new(words)
                        .size(18.0)
                        .strong()
                        .color(Color32::WHITE),
                );
            });
        ui.label(
            RichText::new(format!("{active} active · {inactive} inactive hubs"))
                .size(18.0)
                .strong(),
        );
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(RichText::new(KEY_HINTS).size(12.0).weak());
        });
    });
}

/// Speaker notes, above the state bar.
pub fn notes(ui: &mut Ui, notes: &str) {
    let text = if notes.trim().is_empty() {
        "(no speaker notes for this slide)"
    } else {
        notes
    };
    ui.label(RichText::new("Speaker notes").strong());
    ui.label(RichText::new(text).size(16.0));
    ui.separator();
}

/// The charts beside the map (a slide's "Charts" layer).
pub fn charts_panel(ui: &mut Ui, plan: &Plan, theme: MapTheme) {
    egui::ScrollArea::vertical()
        .id_salt("present_charts")
        .show(ui, |ui| crate::ui::charts::show_overlay(ui, plan, theme));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan_file::sample_plan;

    #[test]
    fn showing_a_slide_uses_its_state_and_leaves_the_plan_alone() {
        let plan = sample_plan();
        let before = plan.clone();
        let mut p = Presentation::new(&plan, Some(1), Layers::default());
        p.refresh(&plan, 0, &[]);
        assert_eq!(p.slide, Some(1));
        assert!(!p.ceasefire.in_effect());
        assert_eq!(p.shown.status_counts().active, 1);
        // After a verified ceasefire (slide 3) eight hubs are active; the change pulses.
        p.go_to(2, &plan.slides[2]);
        let changed = p.refresh(&plan, 0, &[]);
        assert_eq!(p.shown.status_counts().active, 8);
        assert_eq!(changed.len(), 7);
        assert!(changed.iter().all(|(_, s)| *s == Status::Active));
        // Slide 4 shows only three hubs, with their rings.
        p.go_to(3, &plan.slides[3]);
        p.refresh(&plan, 0, &[]);
        assert_eq!(p.shown.hubs.len(), 3);
        assert_eq!(p.rings.len(), 5);
        assert_eq!(plan, before);
    }

    #[test]
    fn without_slides_the_editors_state_is_shown() {
        let mut plan = sample_plan();
        plan.slides.clear();
        plan.ceasefire = Ceasefire::new(true, false, false);
        let mut p = Presentation::new(&plan, Some(0), Layers::default());
        p.refresh(&plan, 0, &[]);
        assert_eq!(p.slide, None);
        assert_eq!(p.shown.status_counts().active, 7);
        assert!(p.refresh(&plan, 0, &[]).is_empty(), "nothing to rebuild");
    }

    #[test]
    fn the_badge_follows_the_state() {
        assert_eq!(ceasefire_badge(Ceasefire::default()).0, "NO CEASEFIRE");
        assert_eq!(
            ceasefire_badge(Ceasefire::new(true, false, false)).0,
            "CEASEFIRE IN EFFECT, NOT YET VERIFIED"
        );
        assert_eq!(
            ceasefire_badge(Ceasefire::new(true, true, false)).0,
            "CEASEFIRE VERIFIED"
        );
        assert_eq!(
            ceasefire_badge(Ceasefire::new(true, false, true)).0,
            "PEACE AGREEMENT SIGNED"
        );
    }
}
