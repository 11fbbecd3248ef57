//! The snap hint on the screen map: a ring round the place a hub is about to snap to,
//! and its name. (Places themselves and their key are scene layers: `map::scene`.)

use egui::{Color32, FontId, Pos2, Stroke, Vec2};

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
