//! Presentation mode: the plan as the room sees it (a slide's ceasefire state, layers
//! and hubs), and the furniture drawn around the full-screen map — title bar, state
//! bar, speaker notes and the charts column, laid out by [`present_layout`].
//!
//! Presenting never changes the plan: the ceasefire shown (C, V, P keys) and the slide
//! are view state, so a briefing leaves the document clean and the undo history alone.

use egui::{Align, Color32, FontId, Frame, Layout, Rect, RichText, Ui, Vec2, vec2};

use crate::map::hub_index::HubIndex;
use crate::map::rings::{WorldRing, plan_rings};
use crate::map::theme::MapTheme;
use crate::model::hub::{Ceasefire, HubId, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::model::slide::{HubFilter, Layers, Slide};
use crate::ui::present_layout::{self, Measured, PresentLayout};

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
    /// Where the room's view is (this screen, or another display with the presenter
    /// view here).
    pub audience: crate::ui::presenter::Audience,
    /// When the presentation started (app time, seconds), for the presenter's timer.
    pub started: f64,
    /// The plan as shown: the slide's ceasefire, only the hubs shown.
    pub shown: Plan,
    /// Sites of `shown`'s hubs, in order.
    pub sites: Vec<Site>,
    /// Hit-testing index of `shown`.
    pub index: HubIndex,
    /// Range rings of `shown`'s hubs.
    pub rings: Vec<WorldRing>,
    /// [`crate::ui::map_cache::hub_fingerprint`] of `shown`, `sites` and `rings`.
    pub hubs_key: u64,
    /// What `shown` was built from: plan revision, ceasefire and filter.
    built: Option<(u64, Ceasefire, HubFilter)>,
    /// How many times `shown` has been built (a revision for what is drawn from it).
    pub builds: u64,
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
            audience: crate::ui::presenter::Audience::ThisScreen,
            started: 0.0,
            shown: Plan::default(),
            sites: Vec::new(),
            index: HubIndex::default(),
            rings: Vec::new(),
            hubs_key: 0,
            built: None,
            builds: 0,
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
        self.hubs_key = crate::ui::map_cache::hub_fingerprint(&shown, &self.sites, &self.rings);
        self.shown = shown;
        self.built = Some((revision, self.ceasefire, self.hubs.clone()));
        self.builds += 1;
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

/// What the furniture around the presenting map shows.
pub struct Furniture<'a> {
    /// The plan's title.
    pub plan_title: &'a str,
    /// The slide's caption.
    pub caption: &'a str,
    /// The slide shown and how many there are.
    pub position: Option<(usize, usize)>,
    /// The ceasefire state shown.
    pub ceasefire: Ceasefire,
    /// Active and inactive hubs shown.
    pub counts: (usize, usize),
    /// The speaker notes, when they are shown.
    pub notes: Option<&'a str>,
    /// The plan whose charts the column shows, if the slide has charts.
    pub charts: Option<&'a Plan>,
    /// Colours of the charts.
    pub theme: MapTheme,
}

/// Sizes of the furniture's type, in points.
const PLAN_TITLE_SIZE: f32 = 14.0;
const COUNTER_SIZE: f32 = 22.0;
const STATE_SIZE: f32 = 18.0;
const HINTS_SIZE: f32 = 12.0;
const NOTES_SIZE: f32 = 16.0;

/// The text of the slide counter.
pub fn counter_text(i: usize, n: usize) -> String {
    format!("{} / {n}", i + 1)
}

/// The text of the hub counts.
pub fn counts_text(active: usize, inactive: usize) -> String {
    format!("{active} active · {inactive} inactive hubs")
}

/// Lays out ([`present_layout::layout`]) and draws the furniture of the presenting
/// screen `screen`: title bar (plan title, caption, counter), state bar (notes, badge,
/// counts, key hints) and the charts column. Returns the layout; the map goes in its
/// `map` rectangle.
pub fn furniture(ui: &mut Ui, screen: Rect, f: &Furniture<'_>) -> PresentLayout {
    let painter = ui.painter().clone();
    let measure = |text: &str, size: f32, width: f32| -> Vec2 {
        painter
            .layout(
                text.to_owned(),
                FontId::proportional(size),
                Color32::WHITE,
                width,
            )
            .size()
    };
    let counter = f.position.map(|(i, n)| counter_text(i, n));
    let counter_size = counter
        .as_deref()
        .map(|t| measure(t, COUNTER_SIZE, f32::INFINITY));
    // The largest caption type whose text fits the room it has.
    let cap_w = present_layout::caption_width(screen.width(), counter_size.map(|c| c.x));
    let cap_max = present_layout::caption_max_height(screen.height());
    let caption_size = present_layout::CAPTION_SIZES
        .into_iter()
        .find(|size| measure(f.caption, *size, cap_w).y <= cap_max)
        .unwrap_or(present_layout::CAPTION_SIZES[present_layout::CAPTION_SIZES.len() - 1]);
    let (badge_words, badge_color) = ceasefire_badge(f.ceasefire);
    let badge_size = measure(&badge_words, STATE_SIZE, f32::INFINITY) + vec2(20.0, 8.0);
    let counts = counts_text(f.counts.0, f.counts.1);
    let notes_text = f.notes.map(|n| {
        if n.trim().is_empty() {
            "(no speaker notes for this slide)"
        } else {
            n
        }
    });
    let caption_height = |w: f32| measure(f.caption, caption_size, w).y;
    let hints = |w: f32| measure(KEY_HINTS, HINTS_SIZE, w);
    let notes_height = |w: f32| {
        measure("Speaker notes", NOTES_SIZE, w).y
            + 4.0
            + notes_text.map_or(0.0, |t| measure(t, NOTES_SIZE, w).y)
    };
    let m = Measured {
        plan_title_height: measure(f.plan_title, PLAN_TITLE_SIZE, f32::INFINITY).y,
        caption_height: &caption_height,
        counter: counter_size,
        badge: badge_size,
        counts: measure(&counts, STATE_SIZE, f32::INFINITY),
        hints: &hints,
        notes: notes_text
            .is_some()
            .then_some(&notes_height as &dyn Fn(f32) -> f32),
        charts: f.charts.is_some(),
    };
    let l = present_layout::layout(screen, &m);

    let fill = ui.visuals().panel_fill;
    painter.rect_filled(l.title_bar, 0.0, fill);
    painter.rect_filled(l.state_bar, 0.0, fill);
    let text = |ui: &mut Ui, rect: Rect, layout: Layout, label: egui::Label| {
        let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(layout));
        child.set_clip_rect(rect.intersect(ui.clip_rect()));
        child.add(label);
    };
    let left = Layout::top_down(Align::Min);
    text(
        ui,
        l.plan_title,
        left,
        egui::Label::new(RichText::new(f.plan_title).size(PLAN_TITLE_SIZE).weak()).truncate(),
    );
    text(
        ui,
        l.caption,
        left,
        egui::Label::new(RichText::new(f.caption).size(caption_size).strong()).wrap(),
    );
    if let (Some(rect), Some(counter)) = (l.counter, counter) {
        text(
            ui,
            rect,
            Layout::top_down(Align::Max),
            egui::Label::new(RichText::new(counter).size(COUNTER_SIZE).strong()),
        );
    }
    let mut badge = ui.new_child(egui::UiBuilder::new().max_rect(l.badge));
    Frame::new()
        .fill(badge_color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(10, 4))
        .show(&mut badge, |ui| {
            ui.label(
                RichText::new(badge_words)
                    .size(STATE_SIZE)
                    .strong()
                    .color(Color32::WHITE),
            );
        });
    text(
        ui,
        l.counts,
        left,
        egui::Label::new(RichText::new(counts).size(STATE_SIZE).strong()),
    );
    text(
        ui,
        l.hints,
        Layout::top_down(Align::Max),
        egui::Label::new(RichText::new(KEY_HINTS).size(HINTS_SIZE).weak()).wrap(),
    );
    if let (Some(rect), Some(notes)) = (l.notes, notes_text) {
        let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
        child.set_clip_rect(rect.intersect(ui.clip_rect()));
        egui::ScrollArea::vertical()
            .id_salt("present_notes")
            .max_height(rect.height())
            .show(&mut child, |ui| {
                ui.label(RichText::new("Speaker notes").size(NOTES_SIZE).strong());
                ui.label(RichText::new(notes).size(NOTES_SIZE));
            });
    }
    if let (Some(rect), Some(plan)) = (l.charts, f.charts) {
        let column = rect.expand2(vec2(
            present_layout::MARGIN_X / 2.0,
            present_layout::MARGIN_Y / 2.0,
        ));
        painter.rect_filled(column, 0.0, fill);
        ui.interact(
            rect,
            egui::Id::unique("present_charts_column"),
            egui::Sense::hover(),
        )
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Group, true, "Charts"));
        let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
        child.set_clip_rect(rect.intersect(ui.clip_rect()));
        crate::ui::charts::show_overlay_fitted(&mut child, plan, f.theme);
    }
    l
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
