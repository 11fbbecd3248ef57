//! The map widget: draws the prepared layers and turns gestures into camera moves.
//!
//! Drawing is cached: the fills, outlines and labels for one camera, viewport, theme and
//! plan revision are built once and reused while only the pointer moves (hover,
//! tooltips), so an idle or hovered map costs almost nothing. Only the hover outline,
//! legend and scale bar are drawn fresh every frame.

use egui::{Pos2, Rect, Sense, Stroke, Ui};

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::command::{Command, Tool};
use crate::map::MapData;
use crate::map::hub_index::HubIndex;
use crate::map::mesh::lod_for_zoom;
use crate::map::rings::WorldRing;
use crate::map::scene;
use crate::map::scene::HubMarks;
use crate::map::theme::MapTheme;
use crate::model::hub::HubId;
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::model::slide::Layers;
use crate::projection::{Camera, GeoBounds, Insets, Projector, ScreenRect, ease_in_out};
use crate::ui::bake::{BakeKey, Kept};
use crate::ui::hub_layer::{self, HubLayer, StatusPulse};
use crate::ui::map_cache::{BaseKey, BaseMap, DrawKey, Drawing, LabelKey, MapCache};
use crate::ui::map_labels::{self, LabelKind, MapLabel};
use crate::ui::region_mesh::draw_rings;
pub use crate::ui::region_mesh::shade_regions;
use crate::ui::scene_painter::{self, EguiMeasure, screen_bounds};

use super::map_gestures::HubDrag;
pub use super::map_hover::HoverInfo;
use super::map_hover::{describe, draw_measurement};
use super::map_popups::{self, ContextTarget};

/// Space kept free around a fitted box, points.
pub const FIT_PADDING: f64 = 24.0;

/// Europe with Ukraine near the centre: the first view a planner sees.
pub use crate::map::EUROPE_BOUNDS;

/// How long a camera glide takes, in seconds.
const GLIDE_SECONDS: f64 = 0.45;

/// A camera animation between two cameras.
#[derive(Clone, Copy, Debug)]
pub(super) struct Glide {
    from: Camera,
    pub(super) to: Camera,
    start: f64,
}

/// Where the map should look once it knows its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FitRequest {
    /// Fit a box, with or without animation.
    Bounds(GeoBounds, bool),
}

/// State of the map widget that survives between frames.
pub struct MapView {
    pub(super) camera: Camera,
    pub(super) glide: Option<Glide>,
    pending_fit: Option<FitRequest>,
    cache: Option<(BaseKey, BaseMap)>,
    /// What the last right click was on, whose menu is open.
    context: ContextTarget,
    last_viewport: Option<ScreenRect>,
    rebuilds: u64,
    pub(super) hub_drag: Option<HubDrag>,
    pub(super) box_select: Option<(Pos2, bool)>,
    pending_glide: Option<Camera>,
    /// The box last fitted, kept framed when the window changes size (e.g. on entering
    /// full screen) until the user pans or zooms.
    pub(super) framed: Option<GeoBounds>,
    /// Space kept free around fitted boxes (padding, and whatever covers the map).
    insets: Insets,
    insets_changed: bool,
    /// Snap placed and dragged hubs to places without holding Alt (toolbar toggle).
    pub(super) snap: bool,
    /// The place a hub would snap to now: position and label (drawn as a hint).
    pub(super) snap_hint: Option<(f64, f64, String)>,
    /// Cached drawing of the control layers.
    control: crate::ui::control_layer::ControlCache,
    /// Whether the pointer is over a cluster disc (a click there zooms in; it does not
    /// clear the selection).
    pub(super) on_cluster: bool,
    /// The labels drawn in the last frame and what they had to keep clear of.
    drawn_labels: DrawnLabels,
    /// Hub marks, rings, hubs, furniture and labels kept between frames.
    frame: MapCache,
}

/// The labels of a frame, for tests and checks: every box is in screen points.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnLabels {
    /// Each label drawn: what it names, its text and its box.
    pub labels: Vec<(LabelKind, String, Rect)>,
    /// Hub symbols, cluster discs and furniture, which no label covers.
    pub obstacles: Vec<Rect>,
    /// The map's area, which every label lies inside.
    pub map_rect: Rect,
    /// Cluster discs drawn (two hubs or more each): centre and how many hubs.
    pub clusters: Vec<(Pos2, usize)>,
}

impl Default for DrawnLabels {
    fn default() -> Self {
        Self {
            labels: Vec::new(),
            obstacles: Vec::new(),
            map_rect: Rect::NOTHING,
            clusters: Vec::new(),
        }
    }
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            camera: Camera::looking_at(25.0, 50.0, 4.0),
            glide: None,
            pending_fit: Some(FitRequest::Bounds(EUROPE_BOUNDS, false)),
            cache: None,
            context: ContextTarget::default(),
            last_viewport: None,
            rebuilds: 0,
            hub_drag: None,
            box_select: None,
            pending_glide: None,
            framed: Some(EUROPE_BOUNDS),
            insets: Insets::uniform(FIT_PADDING),
            insets_changed: false,
            snap: false,
            snap_hint: None,
            control: Default::default(),
            on_cluster: false,
            drawn_labels: DrawnLabels::default(),
            frame: MapCache::default(),
        }
    }
}

/// Everything the widget reads.
pub struct MapInput<'a> {
    /// Geography and meshes.
    pub data: &'a MapData,
    /// The plan (roles).
    pub plan: &'a Plan,
    /// Increases whenever the roster or basemap changes, to invalidate the cached map.
    /// (Hub edits do not: hubs are drawn fresh every frame.)
    pub revision: u64,
    /// Colours.
    pub theme: MapTheme,
    /// Site of each hub, same order as `plan.hubs`.
    pub sites: &'a [Site],
    /// [`crate::ui::map_cache::hub_fingerprint`] of `plan`, `sites` and `rings`, taken
    /// where they were derived (they change together), so that a still frame need not
    /// hash every hub again to know its drawing is still good.
    pub hubs_key: u64,
    /// Selected hubs.
    pub selection: &'a BTreeSet<HubId>,
    /// Spatial index of the hubs.
    pub hub_index: &'a HubIndex,
    /// What a click does.
    pub tool: Tool,
    /// Whether hubs may be edited (false while presenting).
    pub editable: bool,
    /// Ceasefire pulse to animate.
    pub pulse: Option<&'a StatusPulse>,
    /// The geodesic measurement being made, drawn over the map.
    pub measurement: &'a crate::model::measure::Measurement,
    /// Which layers to draw.
    pub layers: Layers,
    /// Range rings of `plan`'s hubs, in hub order (see `map::rings::plan_rings`).
    pub rings: &'a [WorldRing],
    /// The control layers (occupied areas, lines, zone, threat bands).
    pub control: &'a crate::map::control_view::ControlView,
}

/// What the widget reports back.
#[derive(Default)]
pub struct MapOutput {
    /// The area under the pointer, if the pointer is over the map.
    pub hover: Option<HoverInfo>,
    /// The hub under the pointer.
    pub hovered_hub: Option<HubId>,
    /// Commands raised by the map (e.g. a role chosen from the context menu).
    pub commands: Vec<Command>,
}

impl MapView {
    /// Whether hubs snap to places without Alt held (the toolbar's "Snap" toggle).
    pub fn snap(&self) -> bool {
        self.snap
    }

    /// Turns snapping without Alt on or off.
    pub fn set_snap(&mut self, on: bool) {
        self.snap = on;
    }

    /// The place a hub would snap to now (label), if any.
    pub fn snap_hint(&self) -> Option<&str> {
        self.snap_hint.as_ref().map(|h| h.2.as_str())
    }

    /// The current camera.
    pub fn camera(&self) -> Camera {
        self.camera
    }

    /// The viewport of the last frame, if drawn yet.
    pub fn viewport(&self) -> Option<ScreenRect> {
        self.last_viewport
    }

    /// Jumps or glides to show a geographic box.
    pub fn fit(&mut self, bounds: GeoBounds, animate: bool) {
        self.pending_fit = Some(FitRequest::Bounds(bounds, animate));
        self.framed = Some(bounds);
    }

    /// The box the map frames, until the user pans or zooms away from it.
    pub fn framed(&self) -> Option<GeoBounds> {
        self.framed
    }

    /// Where the camera is going: the end of the glide, or the camera itself.
    pub fn target_camera(&self) -> Camera {
        self.glide.map_or(self.camera, |g| g.to)
    }

    /// The space kept free around fitted boxes.
    pub fn insets(&self) -> Insets {
        self.insets
    }

    /// Sets the space kept free around fitted boxes; a framed box is fitted again.
    pub fn set_insets(&mut self, insets: Insets) {
        if insets != self.insets {
            self.insets = insets;
            self.insets_changed = true;
        }
    }

    /// Glides to a camera.
    pub fn glide_to(&mut self, camera: Camera) {
        self.framed = None;
        self.pending_glide = Some(camera);
    }

    /// Sets the camera directly (tests, slides).
    pub fn set_camera(&mut self, camera: Camera) {
        self.camera = camera;
        self.glide = None;
        self.framed = None;
    }

    /// The labels drawn in the last frame, with the symbols and furniture they keep
    /// clear of (tests check that none overlap).
    pub fn drawn_labels(&self) -> &DrawnLabels {
        &self.drawn_labels
    }

    /// How many times the cached map drawing was rebuilt (for tests and profiling).
    pub fn rebuilds(&self) -> u64 {
        self.rebuilds
    }

    /// How many times the control layers' drawing was rebuilt (for tests).
    pub fn control_rebuilds(&self) -> u64 {
        self.control.rebuilds()
    }

    /// How many times the hubs, rings, furniture or labels were drawn anew rather than
    /// taken from the last frame (for tests and profiling).
    pub fn drawing_builds(&self) -> u64 {
        self.frame.builds()
    }

    /// Whether a glide is in progress.
    pub fn is_animating(&self) -> bool {
        self.glide.is_some()
    }

    pub(super) fn start_glide(&mut self, to: Camera, now: f64) {
        self.glide = Some(Glide {
            from: self.camera,
            to,
            start: now,
        });
    }

    /// Shows the map in the remaining space of `ui`.
    pub fn show(&mut self, ui: &mut Ui, input: &MapInput<'_>) -> MapOutput {
        let mut out = MapOutput::default();
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let viewport = ScreenRect {
            min_x: rect.min.x as f64,
            min_y: rect.min.y as f64,
            width: rect.width().max(1.0) as f64,
            height: rect.height().max(1.0) as f64,
        };
        let resized = self
            .last_viewport
            .is_some_and(|v| (v.width, v.height) != (viewport.width, viewport.height));
        self.last_viewport = Some(viewport);
        let now = ui.input(|i| i.time);
        let reframe = resized || std::mem::take(&mut self.insets_changed);
        if reframe
            && self.pending_fit.is_none()
            && let Some(bounds) = self.framed
        {
            let target = Camera::fit_inside(bounds, viewport.width, viewport.height, self.insets);
            match &mut self.glide {
                Some(glide) => glide.to = target,
                None => self.camera = target,
            }
        }

        if let Some(FitRequest::Bounds(bounds, animate)) = self.pending_fit.take() {
            let target = Camera::fit_inside(bounds, viewport.width, viewport.height, self.insets);
            if animate {
                self.start_glide(target, now);
            } else {
                // Not `set_camera`: that forgets the framed box.
                self.camera = target;
                self.glide = None;
            }
        }

        if let Some(to) = self.pending_glide.take() {
            self.start_glide(to, now);
        }
        let projector = Projector::new(self.camera, viewport);
        let fingerprint = input.hubs_key;
        let marks = hub_marks(&mut self.frame, &projector, input, rect, fingerprint);
        // Hidden hubs, and hubs inside a cluster disc, can be neither pointed at nor moved.
        let hit = |pos: Pos2| -> Option<HubId> {
            if !input.layers.hubs || marks.cluster_at(pos.x as f64, pos.y as f64).is_some() {
                return None;
            }
            let radius = if input.plan.hubs.len() > hub_layer::COMPACT_ABOVE {
                8.0
            } else {
                16.0 * marks.scale
            };
            input
                .hub_index
                .nearest_within(
                    projector.world_from_screen(pos.x as f64, pos.y as f64),
                    radius / projector.scale(),
                )
                .filter(|id| !marks.is_clustered(*id))
        };
        out.hovered_hub = response.hover_pos().and_then(hit);
        let hovered_cluster = response
            .hover_pos()
            .and_then(|pos| marks.cluster_at(pos.x as f64, pos.y as f64));
        self.on_cluster = hovered_cluster.is_some();
        // A click on a cluster glides in until it comes apart.
        if response.clicked_by(egui::PointerButton::Primary)
            && (input.tool == Tool::Select || !input.editable)
            && let Some(c) = response
                .interact_pointer_pos()
                .and_then(|p| marks.cluster_at(p.x as f64, p.y as f64))
        {
            let to = crate::map::cluster::expand_camera(
                self.target_camera(),
                &marks.member_positions(c, input.plan),
                viewport,
                self.insets,
            );
            self.framed = None;
            self.start_glide(to, now);
        }
        let cluster_tip = hovered_cluster.map(|c| c.summary());
        let gesture_taken = input.layers.hubs
            && self.hub_gestures(ui, &response, &projector, input, &hit, &mut out);
        self.handle_input(
            ui,
            &response,
            viewport,
            now,
            gesture_taken,
            out.hovered_hub.is_some(),
        );

        if let Some(glide) = self.glide {
            let t = ((now - glide.start) / GLIDE_SECONDS).clamp(0.0, 1.0);
            self.camera = glide.from.lerp(glide.to, ease_in_out(t));
            if t >= 1.0 {
                self.glide = None;
            } else {
                ui.ctx().request_repaint();
            }
        }

        let projector = Projector::new(self.camera, viewport);
        let marks = hub_marks(&mut self.frame, &projector, input, rect, fingerprint);
        let painter = ui.painter_at(rect);
        self.frame.check_fonts(&painter);
        // The base map and each kept drawing below start a mesh of their own, so egui
        // copies each once (`bake::apart`).
        let base_painter = crate::ui::bake::apart(&painter, 1);
        base_painter.rect_filled(rect, 0.0, input.theme.sea);

        // What every kept drawing of this frame is baked for (one look at the atlas).
        let bake_key = BakeKey::of(ui.ctx());
        let key = BaseKey {
            camera: self.camera,
            rect,
            revision: input.revision,
            dark: input.theme.dark,
            bake: bake_key,
            layers: input.layers,
            // The projector themes share `dark` with the screen ones.
            sea: input.theme.sea,
            legend: crate::ui::legend::placed_rect(ui.ctx()),
        };
        let view_layers = input.layers;
        let view = scene::View {
            p: &projector,
            theme: &input.theme,
            layers: &view_layers,
            bounds: screen_bounds(rect),
        };
        let measure = EguiMeasure(&painter);
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let cached = BaseMap::build(
                &painter,
                input.data,
                input.plan,
                &view,
                &measure,
                input.layers.place_labels,
            );
            self.cache = Some((key, cached));
            self.rebuilds += 1;
        }
        if let Some((key, cached)) = &mut self.cache {
            let shapes = cached.shapes.get(ui.ctx(), key.bake, painter.clip_rect());
            base_painter.extend(shapes.iter().cloned());
        }
        self.control.paint(
            &painter,
            input.data,
            &projector,
            input.control,
            input.layers,
            input.theme.dark,
        );

        // Hover: what is under the pointer, outlined and reported.
        let pointer = response.hover_pos();
        if let Some(pos) = pointer {
            let (lon, lat) = projector.geo_from_screen(pos.x as f64, pos.y as f64);
            out.hover = Some(describe(input, lon, lat));
        }
        if let Some(hover) = &out.hover {
            let lod = lod_for_zoom(self.camera.zoom);
            if let Some((i, _, _)) = &hover.country {
                draw_rings(
                    &painter,
                    &projector,
                    input.data.countries.regions[*i].lod(lod),
                    Stroke::new(2.5, input.theme.hover),
                );
            }
            if let Some((i, _, _)) = &hover.oblast {
                draw_rings(
                    &painter,
                    &projector,
                    input.data.oblasts.regions[*i].lod(lod),
                    Stroke::new(1.8, input.theme.hover),
                );
            }
        }

        // Rings, hubs, furniture and labels are kept while nothing they are drawn from
        // changes (`ui::map_cache`); selection, hover and the pulse are drawn fresh.
        let draw_key = DrawKey {
            camera: self.camera,
            rect,
            hubs: fingerprint,
            theme: input.theme,
            layers: input.layers,
            bake: bake_key,
            control: input.control.revision,
        };
        let layer = HubLayer {
            plan: input.plan,
            sites: input.sites,
            selection: input.selection,
            hovered: out.hovered_hub,
            theme: input.theme,
            pulse: input.pulse,
            now,
        };
        let drawing = self.frame.drawing(draw_key, || {
            // Rings belong to their hubs: shown only with them (as in the SVG export).
            let rings = scene::rings(input.plan, input.rings, &view, &measure);
            let control =
                crate::map::control_style::credit(input.control.features.iter(), &input.layers);
            let (credits, credits_box) = scene::credits(&view, &measure, control.as_deref());
            Drawing {
                rings: Kept::new(scene_painter::join_meshes(scene_painter::shapes(
                    &painter,
                    input.data,
                    &projector,
                    &[&rings.layer],
                ))),
                ring_labels: rings
                    .labels
                    .into_iter()
                    .map(|l| MapLabel::from_scene(l, LabelKind::Ring))
                    .collect(),
                hubs: Kept::new(if input.layers.hubs {
                    hub_layer::symbols(&painter, input.data, &projector, &layer, &marks, &measure)
                } else {
                    Vec::new()
                }),
                furniture: Kept::new(scene_painter::shapes(
                    &painter,
                    input.data,
                    &projector,
                    &[&scene::scale_bar(&view, &measure), &credits],
                )),
                furniture_boxes: map_labels::furniture(
                    scene::marking(screen_bounds(rect), &measure).1,
                    scene::scale_bar_box(&view),
                    credits_box,
                ),
            }
        });
        let clip = painter.clip_rect();
        crate::ui::bake::apart(&painter, 3).extend(
            drawing
                .rings
                .get(ui.ctx(), draw_key.bake, clip)
                .iter()
                .cloned(),
        );
        crate::ui::bake::apart(&painter, 4).extend(
            drawing
                .hubs
                .get(ui.ctx(), draw_key.bake, clip)
                .iter()
                .cloned(),
        );
        let furniture = drawing
            .furniture
            .get(ui.ctx(), draw_key.bake, clip)
            .to_vec();
        if input.layers.hubs && hub_layer::overlay(&painter, &projector, &layer, &marks) {
            ui.ctx().request_repaint();
        }
        // Every label at once, by priority: hub names, map names, ring radii.
        let mut legends: Vec<Rect> = Vec::new();
        // The legends where they were placed this frame.
        legends.extend(crate::ui::legend::placed_rect(ui.ctx()));
        legends.extend(crate::ui::legend::key_rect(ui.ctx()));
        legends.extend(crate::ui::legend::control_rect(
            ui,
            rect,
            input.control,
            &input.layers,
            &input.theme,
        ));
        let label_key = LabelKey {
            draw: draw_key,
            emphasis: layer.emphasis(),
            obstacles: legends,
            base: self.rebuilds,
        };
        let label_painter = crate::ui::bake::apart(&painter, 5);
        if let Some(kept) = self.frame.labels(&label_key) {
            label_painter.extend(kept.get(ui.ctx(), draw_key.bake, clip).iter().cloned());
        } else {
            let drawing = self.frame.drawing(draw_key, Drawing::default);
            let mut wanted = drawing.ring_labels.clone();
            let mut obstacles: Vec<Rect> = marks
                .obstacles()
                .into_iter()
                .map(|(a, b, c, d)| {
                    Rect::from_min_max(Pos2::new(a as f32, b as f32), Pos2::new(c as f32, d as f32))
                })
                .collect();
            obstacles.extend(drawing.furniture_boxes.iter().copied());
            obstacles.extend(label_key.obstacles.iter().copied());
            if input.layers.hubs {
                wanted.extend(
                    scene::hub_labels(input.plan, &marks, &view, &measure, &label_key.emphasis)
                        .into_iter()
                        .map(|l| MapLabel::from_scene(l, LabelKind::Hub)),
                );
            }
            if let Some((_, cached)) = &self.cache {
                wanted.extend(cached.labels.iter().cloned().map(|l| MapLabel {
                    color: input.theme.label,
                    ..l
                }));
            }
            let placed = map_labels::place(wanted, &obstacles, rect.shrink(2.0));
            let shapes = map_labels::shapes(&painter, input.data, &projector, &placed, input.theme);
            let kept = self.frame.set_labels(label_key, shapes);
            label_painter.extend(kept.get(ui.ctx(), draw_key.bake, clip).iter().cloned());
            self.drawn_labels = DrawnLabels {
                labels: placed
                    .iter()
                    .map(|l| (l.kind, l.text.clone(), l.rect()))
                    .collect(),
                obstacles,
                map_rect: rect,
                clusters: marks
                    .clusters
                    .iter()
                    .filter(|c| !c.is_single())
                    .map(|c| (Pos2::new(c.x as f32, c.y as f32), c.count()))
                    .collect(),
            };
        }
        if let (Some((start, _)), Some(end)) = (
            self.box_select,
            response.hover_pos().or(response.interact_pointer_pos()),
        ) {
            let r = Rect::from_two_pos(start, end);
            painter.rect_filled(r, 0.0, input.theme.selection.gamma_multiply(0.12));
            painter.rect_stroke(
                r,
                0.0,
                Stroke::new(1.0, input.theme.selection),
                egui::StrokeKind::Inside,
            );
        }
        draw_measurement(&painter, &projector, input.measurement, input.theme);
        if let Some((lon, lat, text)) = &self.snap_hint {
            let (x, y) = projector.screen_from_geo(*lon, *lat);
            crate::ui::place_layer::draw_snap_hint(
                &painter,
                Pos2::new(x as f32, y as f32),
                text,
                input.theme.selection,
                input.theme.halo,
            );
        }
        if input.tool == Tool::Measure || (input.tool == Tool::AddHub && input.editable) {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
        } else if self.hub_drag.is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        } else if out.hovered_hub.is_some() && input.editable {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
        }

        crate::ui::bake::apart(&painter, 6).extend(furniture);
        // Everything kept above was tessellated for this key (`ui::bake::end_pass`).
        crate::ui::bake::submitted(ui.ctx(), draw_key.bake);

        map_popups::show(response, &mut out, input, cluster_tip, &mut self.context);
        out
    }
}

/// The hubs of `input` laid out for the projector's camera (cached while neither it,
/// the map's rectangle nor the hubs change).
fn hub_marks(
    cache: &mut MapCache,
    p: &Projector,
    input: &MapInput<'_>,
    rect: Rect,
    fingerprint: u64,
) -> Arc<HubMarks> {
    let shown = input.layers.hubs;
    cache.marks((p.camera(), rect, fingerprint, shown), || {
        if shown {
            HubMarks::layout(p, input.plan, input.sites, screen_bounds(rect))
        } else {
            HubMarks::default()
        }
    })
}
