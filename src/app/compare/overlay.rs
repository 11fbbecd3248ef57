//! The coverage layer's caption over the map (the comparison is the scene's:
//! `map::scene::comparison`).

use egui::{Color32, FontId, Vec2};

/// A line of text on a pale box at the bottom left of the map, its bottom at `floor`
/// (above the scale bar and the panels there).
pub(super) fn caption(
    painter: &egui::Painter,
    map_rect: egui::Rect,
    floor: f32,
    text: &str,
    dark: bool,
) {
    let font = FontId::proportional(13.0);
    let (fg, bg) = if dark {
        (Color32::WHITE, Color32::from_black_alpha(200))
    } else {
        (Color32::BLACK, Color32::from_white_alpha(220))
    };
    let galley = painter.layout_no_wrap(text.to_owned(), font, fg);
    let pos = egui::pos2(map_rect.left(), floor) + Vec2::new(12.0, -4.0 - galley.size().y);
    let rect = egui::Rect::from_min_size(pos, galley.size()).expand(4.0);
    painter.rect_filled(rect, 3.0, bg);
    painter.galley(pos, galley, fg);
}
