//! The control layers on the screen map: the scene's control layers (`map::scene::control`:
//! occupied areas, the hatched ceasefire zone, threat bands, contact and ceasefire lines,
//! band distances) painted and cached per camera, viewport, theme, layers and control
//! revision, as the basemap's are; and a legend box with the as-of dates.

use egui::{Color32, FontId, Pos2, Rect, Shape, Stroke};

use crate::map::MapData;
use crate::map::control_style::{self as style, Swatch, legend_rows};
use crate::map::control_view::ControlView;
use crate::map::scene;
use crate::map::theme::MapTheme;
use crate::model::slide::Layers;
use crate::projection::{Camera, Projector};
use crate::ui::scene_painter::{self, EguiMeasure};

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
    /// Areas, zone, bands and lines, painted.
    shapes: Vec<Shape>,
    /// The band distances, painted each frame: a galley kept across frames can outlive
    /// the font atlas it points into.
    labels: scene::Layer,
    rebuilds: u64,
}

impl ControlCache {
    /// Paints the control layers (under the hubs), rebuilding the shapes only when
    /// something they depend on changed.
    pub fn paint(
        &mut self,
        painter: &egui::Painter,
        data: &MapData,
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
            let theme = MapTheme::for_dark(dark);
            let bounds = (
                clip.min.x as f64,
                clip.min.y as f64,
                clip.max.x as f64,
                clip.max.y as f64,
            );
            let sv = scene::View {
                p,
                theme: &theme,
                layers: &layers,
                bounds,
            };
            let [areas, zone, bands, lines, labels] =
                scene::control(view, &sv, &EguiMeasure(painter));
            self.shapes.clear();
            for layer in [&areas, &zone, &bands, &lines] {
                scene_painter::layer_shapes(painter, data, p, layer, &mut self.shapes);
            }
            self.labels = labels;
            self.key = Some(key);
            self.rebuilds += 1;
        }
        painter.extend(self.shapes.iter().cloned());
        scene_painter::paint(painter, data, p, &[&self.labels]);
    }

    /// How many times the control drawing was built (a still frame builds nothing).
    pub fn rebuilds(&self) -> u64 {
        self.rebuilds
    }
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
