//! The control layers on the screen map: occupied areas (translucent, outlined), contact
//! and ceasefire lines, the hatched ceasefire zone, threat-band isolines with their
//! distances (the legend box with the as-of dates is `ui::legend`'s). Shapes are cached per camera,
//! viewport, theme, layers and control revision, as the basemap's are.

use egui::{Align2, Color32, FontId, Mesh, Pos2, Rect, Shape, Stroke};

use crate::map::control_style::{self as style, ControlColors};
use crate::map::control_view::ControlView;
use crate::map::mesh::lod_for_zoom;
use crate::map::threat_field::GeoSegment;
use crate::model::site::km_text;
use crate::model::slide::Layers;
use crate::projection::{Camera, Projector, WorldPoint};
use crate::ui::scene_painter::add_polyline;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    camera: Camera,
    rect: Rect,
    revision: u64,
    layers: Layers,
    dark: bool,
}

/// Cached screen shapes of the control layers.
#[derive(Default)]
pub struct ControlCache {
    key: Option<Key>,
    shapes: Vec<Shape>,
}

fn to_screen(p: &Projector, w: WorldPoint) -> Pos2 {
    let (x, y) = p.screen_from_world(w);
    Pos2::new(x as f32, y as f32)
}

fn geo_screen(p: &Projector, (lon, lat): (f64, f64)) -> Pos2 {
    let (x, y) = p.screen_from_geo(lon, lat);
    Pos2::new(x as f32, y as f32)
}

/// Adds geo segments (isolines, hatching) to a mesh, skipping those off-screen.
fn add_segments(
    mesh: &mut Mesh,
    p: &Projector,
    segments: &[GeoSegment],
    stroke: Stroke,
    clip: Rect,
) {
    let clip = clip.expand(4.0);
    for s in segments {
        let (a, b) = (geo_screen(p, s[0]), geo_screen(p, s[1]));
        if Rect::from_two_pos(a, b).intersects(clip) {
            add_polyline(mesh, &[a, b], false, stroke);
        }
    }
}

impl ControlCache {
    /// Paints the control layers (under the hubs), rebuilding the shapes only when
    /// something they depend on changed.
    pub fn paint(
        &mut self,
        painter: &egui::Painter,
        p: &Projector,
        view: &ControlView,
        layers: Layers,
        dark: bool,
    ) {
        if !(layers.control || layers.ceasefire_zone || layers.threat_bands) {
            return;
        }
        let clip = painter.clip_rect();
        let key = Key {
            camera: p.camera(),
            rect: clip,
            revision: view.revision,
            layers,
            dark,
        };
        if self.key != Some(key) {
            self.shapes = build(p, view, layers, style::colors(dark), clip, painter);
            self.key = Some(key);
        }
        painter.extend(self.shapes.iter().cloned());
    }
}

fn build(
    p: &Projector,
    view: &ControlView,
    layers: Layers,
    c: ControlColors,
    clip: Rect,
    painter: &egui::Painter,
) -> Vec<Shape> {
    let lod = lod_for_zoom(p.camera().zoom);
    let (vmin, vmax) = p.visible_world();
    let prepared = &view.prepared;
    let mut shapes = Vec::new();
    let mut fills = Mesh::default();
    let mut edges = Mesh::default();
    let mut lines = Mesh::default();
    let mut zone = Mesh::default();
    let mut bands = Mesh::default();
    if layers.control {
        for area in &prepared.areas {
            if !area.region.intersects(vmin, vmax) {
                continue;
            }
            let Some(mesh) = area.region.lods.get(lod) else {
                continue;
            };
            let kind = prepared.features[area.feature].kind;
            let edge = style::feature_color(&c, kind);
            let fill = match kind {
                crate::model::control::ControlKind::Occupied => c.area_fill,
                _ => edge.gamma_multiply(0.18),
            };
            let screen: Vec<Pos2> = mesh.vertices.iter().map(|&w| to_screen(p, w)).collect();
            let base = fills.vertices.len() as u32;
            for &pos in &screen {
                fills.colored_vertex(pos, fill);
            }
            fills.indices.extend(mesh.indices.iter().map(|i| base + i));
            for ring in &mesh.rings {
                let Some(points) = screen.get(ring.start as usize..ring.end as usize) else {
                    continue;
                };
                add_polyline(
                    &mut edges,
                    points,
                    true,
                    Stroke::new(style::AREA_EDGE_WIDTH, edge),
                );
            }
        }
        for line in &prepared.lines {
            if !(line.world_min.x <= vmax.x
                && line.world_max.x >= vmin.x
                && line.world_min.y <= vmax.y
                && line.world_max.y >= vmin.y)
            {
                continue;
            }
            let kind = prepared.features[line.feature].kind;
            let stroke = Stroke::new(style::LINE_WIDTH, style::feature_color(&c, kind));
            for part in line.lods.get(lod).into_iter().flatten() {
                let points: Vec<Pos2> = part.iter().map(|&w| to_screen(p, w)).collect();
                add_polyline(&mut lines, &points, false, stroke);
            }
        }
    }
    if let Some(scene) = &view.scene {
        if layers.ceasefire_zone {
            add_segments(
                &mut zone,
                p,
                &scene.zone_hatch,
                Stroke::new(style::HATCH_WIDTH, c.zone.gamma_multiply(0.7)),
                clip,
            );
            add_segments(
                &mut zone,
                p,
                &scene.zone_outline,
                Stroke::new(style::ZONE_EDGE_WIDTH, c.zone),
                clip,
            );
        }
        if layers.threat_bands {
            for band in &scene.bands {
                add_segments(
                    &mut bands,
                    p,
                    &band.segments,
                    Stroke::new(style::BAND_WIDTH, c.band),
                    clip,
                );
            }
        }
    }
    shapes.push(Shape::mesh(fills));
    shapes.push(Shape::mesh(zone));
    shapes.push(Shape::mesh(edges));
    shapes.push(Shape::mesh(bands));
    shapes.push(Shape::mesh(lines));
    if layers.threat_bands
        && let Some(scene) = &view.scene
    {
        // Each band's distance once, at its segment nearest the view's centre.
        let centre = clip.center();
        for band in &scene.bands {
            let best = band
                .segments
                .iter()
                .map(|s| geo_screen(p, s[0]))
                .filter(|q| clip.shrink(30.0).contains(*q))
                .min_by(|a, b| a.distance(centre).total_cmp(&b.distance(centre)));
            if let Some(pos) = best {
                let galley = painter.layout_no_wrap(
                    format!("{} km", km_text(band.km)),
                    FontId::proportional(11.0),
                    c.band,
                );
                let r = Align2::CENTER_CENTER.anchor_size(pos, galley.size());
                shapes.push(Shape::rect_filled(
                    r.expand(2.0),
                    3.0,
                    Color32::from_white_alpha(170),
                ));
                shapes.push(Shape::galley(r.min, galley, c.band));
            }
        }
    }
    shapes
}
