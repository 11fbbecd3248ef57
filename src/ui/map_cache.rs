//! What the map widget keeps between frames: the base map (regions, places and the
//! names to place), the hub marks (for pointing and drawing), the drawing of range
//! rings, hubs and furniture, and the placed labels, each keyed on everything it is
//! drawn from. A still map then re-submits the shapes it drew last frame (baked into
//! meshes from their second use, `ui::bake`) instead of clustering, building and
//! placing them again; any change of camera, viewport, plan content, sites, theme,
//! layers, emphasis or legend builds them anew, and so does egui replacing its font
//! atlas or growing it (the cached text points into it).

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::{Color32, FontId, Galley, Painter, Rect, Shape};

use crate::map::MapData;
use crate::map::rings::WorldRing;
use crate::map::scene;
use crate::map::scene::HubMarks;
use crate::map::theme::MapTheme;
use crate::model::hub::HubId;
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::model::slide::Layers;
use crate::projection::Camera;
use crate::ui::bake::{BakeKey, Kept};
use crate::ui::map_labels::{LabelKind, MapLabel};
use crate::ui::scene_painter::{self, EguiMeasure};

/// A fingerprint of everything of a plan and its derived state that the hubs, their
/// range rings and their names are drawn from: each hub's id, position, kind, status,
/// personnel, name, lead nation and ring switch, whether its site warns or is in error,
/// and the rings. Any edit, ceasefire flip or move changes it.
pub fn hub_fingerprint(plan: &Plan, sites: &[Site], rings: &[WorldRing]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    plan.hubs.len().hash(&mut h);
    sites.len().hash(&mut h);
    for (i, hub) in plan.hubs.iter().enumerate() {
        hub.id.hash(&mut h);
        hub.lon.to_bits().hash(&mut h);
        hub.lat.to_bits().hash(&mut h);
        hub.kind.hash(&mut h);
        plan.status(hub).hash(&mut h);
        hub.personnel.hash(&mut h);
        hub.show_range_rings.hash(&mut h);
        hub.name.hash(&mut h);
        hub.lead_nation.hash(&mut h);
        sites
            .get(i)
            .map(|s| (s.warnings.is_empty(), s.has_error()))
            .hash(&mut h);
    }
    rings.len().hash(&mut h);
    for r in rings {
        r.hub.hash(&mut h);
        r.radius_km.to_bits().hash(&mut h);
        r.closed.hash(&mut h);
        r.points.len().hash(&mut h);
        for p in [r.bounds.0, r.bounds.1] {
            p.x.to_bits().hash(&mut h);
            p.y.to_bits().hash(&mut h);
        }
    }
    h.finish()
}

/// What the base map of a frame is drawn from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaseKey {
    /// The camera.
    pub camera: Camera,
    /// The map's rectangle on screen.
    pub rect: Rect,
    /// The plan's revision (roles colour the countries).
    pub revision: u64,
    /// Dark or light theme.
    pub dark: bool,
    /// Scale and font atlas the kept shapes were tessellated for.
    pub bake: BakeKey,
    /// Layers shown.
    pub layers: Layers,
    /// The sea's colour (the projector themes share `dark` with the screen ones).
    pub sea: Color32,
    /// Where the legend sits: labels are placed around it.
    pub legend: Option<Rect>,
}

/// Drawing that depends only on the camera, viewport, theme and plan revision.
pub struct BaseMap {
    /// Fills and outlines, in screen coordinates.
    pub shapes: Kept,
    /// Country, oblast and place names that would fit this view, measured; placed
    /// each frame with the hub and ring labels (`ui::map_labels`). Galleys are laid
    /// out again each frame (egui caches them), because a galley kept across frames
    /// can outlive the font atlas it points into.
    pub labels: Vec<MapLabel>,
}

impl BaseMap {
    /// The regions and places of the scene for `view`, as egui shapes, and the names to
    /// place (places' only if `place_labels`).
    pub fn build(
        painter: &Painter,
        data: &MapData,
        plan: &Plan,
        view: &scene::View<'_>,
        measure: &EguiMeasure<'_>,
        place_labels: bool,
    ) -> Self {
        let mut shapes = Vec::new();
        for layer in &scene::regions(data, plan, view) {
            scene_painter::layer_shapes(painter, data, view.p, layer, &mut shapes);
        }
        let mut labels = Vec::new();
        if let Some(index) = crate::model::facilities::builtin_index() {
            let (places, names) = scene::places(index, view, measure);
            scene_painter::layer_shapes(painter, data, view.p, &places, &mut shapes);
            if place_labels {
                labels.extend(names);
            }
        }
        labels.extend(scene::region_labels(data, plan, view, measure));
        Self {
            shapes: Kept::new(scene_painter::join_meshes(shapes)),
            labels: labels
                .into_iter()
                .map(|l| MapLabel::from_scene(l, LabelKind::Map))
                .collect(),
        }
    }
}

/// What the rings, hubs and furniture of a frame are drawn from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawKey {
    /// The camera the frame is drawn with.
    pub camera: Camera,
    /// The map's rectangle on screen.
    pub rect: Rect,
    /// [`hub_fingerprint`] of the plan shown.
    pub hubs: u64,
    /// Colours.
    pub theme: MapTheme,
    /// Layers shown.
    pub layers: Layers,
    /// Text is measured at this scale, and the drawing is tessellated for it and for
    /// the font atlas's size (`ui::bake`).
    pub bake: BakeKey,
    /// The control layers' revision (their credit is among the furniture).
    pub control: u64,
}

/// The rings, hubs and furniture of a view, as egui shapes.
#[derive(Default)]
pub struct Drawing {
    /// The range rings.
    pub rings: Kept,
    /// Radius labels of the rings drawn, wanted.
    pub ring_labels: Vec<MapLabel>,
    /// Hub symbols and cluster discs.
    pub hubs: Kept,
    /// Scale bar and credits.
    pub furniture: Kept,
    /// The marking's, scale bar's and credits' boxes, which labels keep clear of.
    pub furniture_boxes: Vec<Rect>,
}

/// What the placed labels of a frame depend on beyond the drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelKey {
    /// The drawing's key.
    pub draw: DrawKey,
    /// Hubs whose names go first (selected, hovered).
    pub emphasis: BTreeSet<HubId>,
    /// Boxes beside the drawing's that labels keep clear of (the legends).
    pub obstacles: Vec<Rect>,
    /// How often the base map (whose names are placed too) has been rebuilt.
    pub base: u64,
}

/// What hub marks are laid out from: camera, map rectangle, [`hub_fingerprint`] and
/// whether hubs are shown.
pub type MarksKey = (Camera, Rect, u64, bool);

/// The caches of the map widget (see the module's note).
#[derive(Default)]
pub struct MapCache {
    /// A galley laid out every frame: egui lays it out anew only after dropping its
    /// galleys with the font atlas they point into.
    font_probe: Option<Arc<Galley>>,
    marks: Option<(MarksKey, Arc<HubMarks>)>,
    drawing: Option<(DrawKey, Drawing)>,
    labels: Option<(LabelKey, Kept)>,
    /// How many times the drawing or the labels were built (tests).
    builds: u64,
}

impl MapCache {
    /// Forgets the cached text if egui has replaced the font atlas since last frame.
    pub fn check_fonts(&mut self, painter: &Painter) {
        let probe =
            painter.layout_no_wrap("Ag".to_owned(), FontId::proportional(12.0), Color32::WHITE);
        if self
            .font_probe
            .as_ref()
            .is_some_and(|old| !Arc::ptr_eq(old, &probe))
        {
            self.drawing = None;
            self.labels = None;
        }
        self.font_probe = Some(probe);
    }

    /// The hubs laid out for `(camera, rect, fingerprint, shown)`, laid out by `layout`
    /// when that changed.
    pub fn marks(&mut self, key: MarksKey, layout: impl FnOnce() -> HubMarks) -> Arc<HubMarks> {
        match &self.marks {
            Some((k, marks)) if *k == key => marks.clone(),
            _ => {
                let marks = Arc::new(layout());
                self.marks = Some((key, marks.clone()));
                marks
            }
        }
    }

    /// The drawing for `key`, built by `build` when the key changed.
    pub fn drawing(&mut self, key: DrawKey, build: impl FnOnce() -> Drawing) -> &mut Drawing {
        if self.drawing.as_ref().is_none_or(|(k, _)| *k != key) {
            self.builds += 1;
            self.drawing = Some((key, build()));
        }
        &mut self
            .drawing
            .get_or_insert_with(|| (key, Drawing::default()))
            .1
    }

    /// The cached labels, if drawn for `key`.
    pub fn labels(&mut self, key: &LabelKey) -> Option<&mut Kept> {
        self.labels
            .as_mut()
            .filter(|(k, _)| k == key)
            .map(|(_, shapes)| shapes)
    }

    /// Keeps the labels drawn for `key`.
    pub fn set_labels(&mut self, key: LabelKey, shapes: Vec<Shape>) -> &mut Kept {
        self.builds += 1;
        &mut self.labels.insert((key, Kept::new(shapes))).1
    }

    /// How many times the drawing or the labels were built.
    pub fn builds(&self) -> u64 {
        self.builds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::{Activation, Ceasefire};

    fn plan() -> Plan {
        crate::model::plan_file::sample_plan()
    }

    #[test]
    fn the_fingerprint_changes_with_every_drawn_attribute_and_only_then() {
        let plan = plan();
        let base = hub_fingerprint(&plan, &[], &[]);
        assert_eq!(base, hub_fingerprint(&plan.clone(), &[], &[]));
        type Edit = Box<dyn Fn(&mut Plan)>;
        let edits: Vec<Edit> = vec![
            Box::new(|p| p.hubs[0].lon += 1e-9),
            Box::new(|p| p.hubs[0].lat -= 1e-9),
            Box::new(|p| p.hubs[1].name.push('x')),
            Box::new(|p| p.hubs[1].lead_nation = "ZZ".into()),
            Box::new(|p| p.hubs[2].personnel += 1),
            Box::new(|p| p.hubs[2].show_range_rings = !p.hubs[2].show_range_rings),
            Box::new(|p| p.hubs.swap(0, 1)),
            Box::new(|p| {
                p.hubs.pop();
            }),
        ];
        for (k, edit) in edits.iter().enumerate() {
            let mut changed = plan.clone();
            edit(&mut changed);
            assert_ne!(base, hub_fingerprint(&changed, &[], &[]), "edit {k}");
        }
    }

    #[test]
    fn a_ceasefire_flip_changes_the_fingerprint_when_a_status_changes() {
        let mut plan = plan();
        for hub in &mut plan.hubs {
            hub.activation = Activation::Ceasefire;
        }
        let before = hub_fingerprint(&plan, &[], &[]);
        let statuses: Vec<_> = plan.hubs.iter().map(|h| plan.status(h)).collect();
        plan.ceasefire = if plan.ceasefire == Ceasefire::new(false, false, false) {
            Ceasefire::new(true, true, true)
        } else {
            Ceasefire::new(false, false, false)
        };
        let after: Vec<_> = plan.hubs.iter().map(|h| plan.status(h)).collect();
        assert_ne!(statuses, after, "the flip changes the statuses");
        assert_ne!(before, hub_fingerprint(&plan, &[], &[]));
    }

    #[test]
    fn site_warnings_and_rings_are_part_of_the_fingerprint() {
        let plan = plan();
        let geography = crate::model::geography::Geography::builtin().unwrap();
        let sites = crate::model::site::analyse_plan(&plan, &geography);
        let rings = crate::map::rings::plan_rings(&plan);
        let base = hub_fingerprint(&plan, &sites, &rings);
        assert_ne!(base, hub_fingerprint(&plan, &sites, &[]));
        let mut warned = sites.clone();
        let i = warned
            .iter()
            .position(|s| s.warnings.is_empty())
            .expect("a site without warnings");
        let other = sites
            .iter()
            .find_map(|s| s.warnings.first().cloned())
            .expect("a site with a warning");
        warned[i].warnings.push(other);
        assert_ne!(base, hub_fingerprint(&plan, &warned, &rings));
    }
}
