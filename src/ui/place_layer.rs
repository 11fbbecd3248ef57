//! Cities, airfields and seaports on the screen map, and the snap hint. Which places,
//! where and in which style come from `map::place_marks`, shared with the SVG export.

use egui::{Color32, FontId, Pos2, Shape, Stroke, Ui, Vec2};

use crate::map::labels::LabelCandidate;
use crate::map::place_marks::{self, PlaceMark};
use crate::model::places::PlaceKind;

fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// The symbols of the marks: cities a dot, ports a diamond, airfields a ring with a
/// cross (the chart symbol of an aerodrome).
pub fn symbols(marks: &[PlaceMark<'_>], dark: bool) -> Vec<Shape> {
    let mut out = Vec::with_capacity(marks.len() * 2);
    for m in marks {
        let st = place_marks::style(m.place.kind, dark);
        let c = Pos2::new(m.x as f32, m.y as f32);
        let r = m.radius as f32;
        let (fill, stroke) = (rgb(st.fill), Stroke::new(1.2, rgb(st.stroke)));
        match m.place.kind {
            PlaceKind::City => out.push(Shape::circle_filled(c, r + 1.0, rgb(st.stroke))),
            PlaceKind::Port => {
                let pts = vec![
                    c + Vec2::new(0.0, -r - 1.0),
                    c + Vec2::new(r + 1.0, 0.0),
                    c + Vec2::new(0.0, r + 1.0),
                    c + Vec2::new(-r - 1.0, 0.0),
                ];
                out.push(Shape::convex_polygon(pts, fill, stroke));
                continue;
            }
            PlaceKind::Airfield => {
                out.push(Shape::circle_filled(c, r, fill));
                out.push(Shape::circle_stroke(c, r, Stroke::new(1.6, rgb(st.stroke))));
                let s = Stroke::new(1.3, rgb(st.stroke));
                out.push(Shape::line_segment(
                    [c - Vec2::X * (r + 2.5), c + Vec2::X * (r + 2.5)],
                    s,
                ));
                out.push(Shape::line_segment(
                    [c - Vec2::Y * (r + 2.5), c + Vec2::Y * (r + 2.5)],
                    s,
                ));
                continue;
            }
        }
        out.push(Shape::circle_filled(c, r, fill));
    }
    out
}

/// Label candidates of the marks that have labels, measured with egui's fonts, with
/// their text and font.
pub fn label_candidates(
    painter: &egui::Painter,
    marks: &[PlaceMark<'_>],
    dark: bool,
) -> Vec<(LabelCandidate, String, FontId)> {
    marks
        .iter()
        .filter_map(|m| {
            let (text, size) = m.label.clone()?;
            let font = FontId::proportional(size as f32);
            let galley = painter.layout_no_wrap(text.clone(), font.clone(), Color32::WHITE);
            let s = galley.size();
            Some((m.label_candidate(s.x as f64, s.y as f64, dark), text, font))
        })
        .collect()
}

/// Marks a place a hub is about to snap to: a ring round it and its name.
pub fn draw_snap_hint(
    painter: &egui::Painter,
    at: Pos2,
    text: &str,
    color: Color32,
    halo: Color32,
) {
    painter.circle_stroke(at, 11.0, Stroke::new(3.5, halo));
    painter.circle_stroke(at, 11.0, Stroke::new(2.0, color));
    let pos = at + Vec2::new(14.0, -14.0);
    let font = FontId::proportional(12.0);
    let label = format!("Snap to {text}");
    for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
        painter.text(
            pos + Vec2::new(dx, dy),
            egui::Align2::LEFT_BOTTOM,
            &label,
            font.clone(),
            halo,
        );
    }
    painter.text(pos, egui::Align2::LEFT_BOTTOM, label, font, color);
}

/// Where the place key sits (under the role legend), if any place layer is on.
pub fn legend_rect(
    map_rect: egui::Rect,
    layers: &crate::model::slide::Layers,
) -> Option<egui::Rect> {
    let rows = [layers.cities, layers.airfields, layers.ports]
        .iter()
        .filter(|on| **on)
        .count();
    (rows > 0).then(|| {
        let above = crate::ui::legend::legend_rect(map_rect);
        egui::Rect::from_min_size(
            above.left_bottom() + Vec2::new(0.0, 6.0),
            Vec2::new(above.width(), 22.0 * rows as f32 + 16.0),
        )
    })
}

/// A small key for the place layers switched on, under the role legend.
pub fn legend(ui: &mut Ui, map_rect: egui::Rect, layers: &crate::model::slide::Layers, dark: bool) {
    let rows: Vec<(PlaceKind, &str)> = [
        (PlaceKind::City, layers.cities, "City (by population)"),
        (PlaceKind::Airfield, layers.airfields, "Airfield (ICAO)"),
        (PlaceKind::Port, layers.ports, "Seaport"),
    ]
    .into_iter()
    .filter(|r| r.1)
    .map(|(k, _, t)| (k, t))
    .collect();
    if rows.is_empty() {
        return;
    }
    let Some(area) = legend_rect(map_rect, layers) else {
        return;
    };
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(area));
    egui::Frame::popup(child.style())
        .fill(child.visuals().window_fill.gamma_multiply(0.92))
        .show(&mut child, |ui| {
            ui.set_width(area.width() - 16.0);
            for (kind, text) in rows {
                ui.horizontal(|ui| {
                    let (r, _) =
                        ui.allocate_exact_size(Vec2::new(18.0, 12.0), egui::Sense::hover());
                    let st = place_marks::style(kind, dark);
                    let place = crate::model::places::Place {
                        kind,
                        name: String::new(),
                        lon: 0.0,
                        lat: 0.0,
                        country: String::new(),
                        population: None,
                        icao: None,
                        iata: None,
                        airfield_use: None,
                        capital: false,
                        scalerank: None,
                    };
                    let mark = PlaceMark {
                        place: &place,
                        x: r.center().x as f64,
                        y: r.center().y as f64,
                        radius: st.radius + if kind == PlaceKind::City { 1.0 } else { 0.0 },
                        label: None,
                    };
                    ui.painter().extend(symbols(&[mark], dark));
                    ui.label(text);
                });
            }
        });
}
