//! The control layers on the screen map: occupied areas (translucent, outlined), contact
//! and ceasefire lines, the hatched ceasefire zone, threat-band isolines with their
//! distances, and a legend box with the as-of dates. Shapes are cached per camera,
//! viewport, theme, layers and control revision, as the basemap's are.

use egui::{Align2, Color32, FontId, Mesh, Pos2, Rect, Shape, Stroke};

use crate::map::control_style::{self as style, ControlColors, Swatch, legend_rows};
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

const LEGEND_ROW_H: f32 = 18.0;

fn legend_font() -> FontId {
    FontId::proportional(12.0)
}

fn legend_rows_of(view: &ControlView, layers: &Layers) -> Vec<style::LegendRow> {
    let zone_drawn = view
        .scene
        .as_ref()
        .is_some_and(|s| !s.zone_outline.is_empty());
    legend_rows(&view.prepared.features, &view.settings, layers, zone_drawn)
}

/// The legend box at the map's bottom left for rows of these text widths.
fn legend_box(map_rect: Rect, widths: impl Iterator<Item = f32>, rows: usize) -> Option<Rect> {
    if rows == 0 {
        return None;
    }
    let width = widths.fold(0.0, f32::max) + 40.0;
    let height = LEGEND_ROW_H * rows as f32 + 10.0;
    let min = Pos2::new(map_rect.min.x + 10.0, map_rect.max.y - 60.0 - height);
    Some(Rect::from_min_size(min, egui::vec2(width, height)))
}

/// Where the control legend box sits in `map_rect` (none when no control layer shows),
/// so that map labels keep clear of it.
pub fn legend_rect(
    ctx: &egui::Context,
    map_rect: Rect,
    view: &ControlView,
    layers: Layers,
) -> Option<Rect> {
    let rows = legend_rows_of(view, &layers);
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| {
            ctx.fonts_mut(|f| f.layout_no_wrap(r.text.clone(), legend_font(), Color32::WHITE))
                .size()
                .x
        })
        .collect();
    legend_box(map_rect, widths.into_iter(), rows.len())
}

/// Draws the control legend (rows with dates) in the map's bottom-left corner, above
/// the scale bar.
pub fn show_legend(ui: &egui::Ui, map_rect: Rect, view: &ControlView, layers: Layers, dark: bool) {
    let rows = legend_rows_of(view, &layers);
    if rows.is_empty() {
        return;
    }
    let c = style::colors(dark);
    let painter = ui.painter_at(map_rect);
    let text_color = if dark {
        Color32::from_gray(230)
    } else {
        Color32::from_gray(25)
    };
    let galleys: Vec<_> = rows
        .iter()
        .map(|r| painter.layout_no_wrap(r.text.clone(), legend_font(), text_color))
        .collect();
    let row_h = LEGEND_ROW_H;
    let Some(panel) = legend_box(map_rect, galleys.iter().map(|g| g.size().x), rows.len()) else {
        return;
    };
    let bg = if dark {
        Color32::from_black_alpha(200)
    } else {
        Color32::from_white_alpha(225)
    };
    painter.rect_filled(panel, 4.0, bg);
    for (k, (row, galley)) in rows.iter().zip(galleys).enumerate() {
        let y = panel.min.y + 5.0 + k as f32 * row_h + row_h / 2.0;
        let sw = Rect::from_center_size(Pos2::new(panel.min.x + 16.0, y), egui::vec2(18.0, 11.0));
        match row.swatch {
            Swatch::Area(kind) => {
                let edge = style::feature_color(&c, kind);
                painter.rect_filled(sw, 0.0, c.area_fill);
                painter.rect_stroke(
                    sw,
                    0.0,
                    Stroke::new(style::AREA_EDGE_WIDTH, edge),
                    egui::StrokeKind::Inside,
                );
            }
            Swatch::Line(kind) => {
                painter.line_segment(
                    [sw.left_center(), sw.right_center()],
                    Stroke::new(style::LINE_WIDTH, style::feature_color(&c, kind)),
                );
            }
            Swatch::Zone => {
                for k in 0..4 {
                    let x = sw.min.x + k as f32 * 5.0;
                    painter.line_segment(
                        [Pos2::new(x, sw.max.y), Pos2::new(x + 5.0, sw.min.y)],
                        Stroke::new(style::HATCH_WIDTH, c.zone),
                    );
                }
                painter.rect_stroke(
                    sw,
                    0.0,
                    Stroke::new(style::ZONE_EDGE_WIDTH, c.zone),
                    egui::StrokeKind::Inside,
                );
            }
            Swatch::Band => {
                painter.line_segment(
                    [sw.left_center(), sw.right_center()],
                    Stroke::new(style::BAND_WIDTH, c.band),
                );
            }
        }
        painter.galley(
            Pos2::new(panel.min.x + 32.0, y - galley.size().y / 2.0),
            galley,
            text_color,
        );
    }
}
