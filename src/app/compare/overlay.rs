//! Drawing a comparison over the map: difference markers and captions.

use egui::{Align2, Color32, FontId, Pos2, Stroke, Vec2};

use super::{ADDED_COLOR, CHANGED_COLOR, Comparison, MOVED_COLOR, REMOVED_COLOR};
use crate::model::hub::HubId;
use crate::model::plan::Plan;
use crate::projection::Projector;

/// A line of text on a pale box at the bottom left of the map, `row` lines up.
pub(super) fn caption(
    painter: &egui::Painter,
    map_rect: egui::Rect,
    row: usize,
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
    // Bottom left, above the scale bar: the top holds the marking and the legend.
    let pos = map_rect.left_bottom()
        + Vec2::new(
            8.0,
            -64.0 - galley.size().y - row as f32 * (galley.size().y + 10.0),
        );
    let rect = egui::Rect::from_min_size(pos, galley.size()).expand(4.0);
    painter.rect_filled(rect, 3.0, bg);
    painter.galley(pos, galley, fg);
}

fn screen(p: &Projector, lon: f64, lat: f64) -> Pos2 {
    let (x, y) = p.screen_from_geo(lon, lat);
    Pos2::new(x as f32, y as f32)
}

/// Added hubs as green discs with their names, removed ones crossed out in red,
/// moves as arrows to B's place, changed hubs ringed in amber.
pub(super) fn draw_comparison(painter: &egui::Painter, p: &Projector, a: &Plan, c: &Comparison) {
    let font = FontId::proportional(12.0);
    for h in &c.diff.removed {
        let at = screen(p, h.at[0], h.at[1]);
        painter.circle_filled(at, 13.0, REMOVED_COLOR.gamma_multiply(0.25));
        let s = Stroke::new(3.0, REMOVED_COLOR);
        painter.line_segment([at + Vec2::splat(-9.0), at + Vec2::splat(9.0)], s);
        painter.line_segment([at + Vec2::new(-9.0, 9.0), at + Vec2::new(9.0, -9.0)], s);
    }
    for c_ in &c.diff.changed {
        if let Some(hub) = a.hub(HubId(c_.id)) {
            painter.circle_stroke(
                screen(p, hub.lon, hub.lat),
                15.0,
                Stroke::new(2.5, CHANGED_COLOR),
            );
        }
    }
    for m in &c.diff.moved {
        let from = screen(p, m.from[0], m.from[1]);
        let to = screen(p, m.to[0], m.to[1]);
        let v = to - from;
        if v.length() > 2.0 {
            painter.arrow(from, v, Stroke::new(2.5, MOVED_COLOR));
        }
        painter.circle_stroke(to, 8.0, Stroke::new(2.5, MOVED_COLOR));
        painter.text(
            to + Vec2::new(11.0, 0.0),
            Align2::LEFT_CENTER,
            format!("{} ({:.0} km)", m.name, m.km),
            font.clone(),
            MOVED_COLOR,
        );
    }
    for h in &c.diff.added {
        let at = screen(p, h.at[0], h.at[1]);
        painter.circle_filled(at, 9.0, ADDED_COLOR);
        painter.circle_stroke(at, 9.0, Stroke::new(1.5, Color32::WHITE));
        painter.text(
            at + Vec2::new(12.0, 0.0),
            Align2::LEFT_CENTER,
            format!("+ {}", h.name),
            font.clone(),
            ADDED_COLOR,
        );
    }
}
