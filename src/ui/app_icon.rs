//! The window's icon, drawn from the map's own hub symbol: an active hub (a framed
//! square) inside its range ring, on the dark theme's sea.
//!
//! Drawn in code at 64 px instead of eframe's default (its logo, a 1 MB image decoded
//! at every start).

use crate::map::theme::MapTheme;
use egui::{Color32, IconData};
use std::sync::{Arc, OnceLock};

/// Width and height of the icon in pixels.
pub const SIZE: u32 = 64;

/// Samples per pixel along each axis (anti-aliasing by supersampling).
const SUB: u32 = 4;

/// The icon, for [`egui::ViewportBuilder::with_icon`]; drawn once (the audience
/// window's builder asks for it every frame).
pub fn app_icon() -> Arc<IconData> {
    static ICON: OnceLock<Arc<IconData>> = OnceLock::new();
    ICON.get_or_init(|| Arc::new(draw())).clone()
}

/// Draws the icon.
fn draw() -> IconData {
    let mut rgba = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            // Premultiplied sum of the samples, then back to straight alpha.
            let mut sum = [0.0f32; 4];
            for sy in 0..SUB {
                for sx in 0..SUB {
                    let px = x as f32 + (sx as f32 + 0.5) / SUB as f32;
                    let py = y as f32 + (sy as f32 + 0.5) / SUB as f32;
                    if let Some(c) = colour_at(px, py) {
                        let [r, g, b, _] = c.to_array();
                        sum[0] += f32::from(r);
                        sum[1] += f32::from(g);
                        sum[2] += f32::from(b);
                        sum[3] += 1.0;
                    }
                }
            }
            let coverage = sum[3];
            if coverage == 0.0 {
                rgba.extend_from_slice(&[0, 0, 0, 0]);
            } else {
                let n = (SUB * SUB) as f32;
                rgba.extend_from_slice(&[
                    (sum[0] / coverage).round() as u8,
                    (sum[1] / coverage).round() as u8,
                    (sum[2] / coverage).round() as u8,
                    (255.0 * coverage / n).round() as u8,
                ]);
            }
        }
    }
    IconData {
        rgba,
        width: SIZE,
        height: SIZE,
    }
}

/// The colour at a point of the icon (pixels, origin top left), `None` outside it.
fn colour_at(x: f32, y: f32) -> Option<Color32> {
    let theme = MapTheme::DARK;
    let size = SIZE as f32;
    let centre = size / 2.0;
    let (dx, dy) = (x - centre, y - centre);
    // A rounded square filling the icon, 2 px clear of its edge.
    let (half, radius) = (centre - 2.0, 12.0);
    let (qx, qy) = (dx.abs() - (half - radius), dy.abs() - (half - radius));
    let outside = qx.max(0.0).hypot(qy.max(0.0)) + qx.max(qy).min(0.0) - radius;
    if outside > 0.0 {
        return None;
    }
    // The hub: a square of fill inside a frame, as on the map.
    let hub = dx.abs().max(dy.abs());
    if hub <= 7.0 {
        return Some(theme.hub_active);
    }
    if hub <= 10.0 {
        return Some(theme.hub_frame);
    }
    // Its range ring.
    if ((dx.hypot(dy)) - 20.0).abs() <= 2.0 {
        return Some(theme.hub_active);
    }
    Some(theme.sea)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixel(icon: &IconData, x: u32, y: u32) -> [u8; 4] {
        let at = ((y * icon.width + x) * 4) as usize;
        [
            icon.rgba[at],
            icon.rgba[at + 1],
            icon.rgba[at + 2],
            icon.rgba[at + 3],
        ]
    }

    #[test]
    fn the_icon_is_a_hub_in_its_ring_on_the_dark_sea() {
        let icon = app_icon();
        assert!(Arc::ptr_eq(&icon, &app_icon()), "drawn once");
        assert_eq!((icon.width, icon.height), (SIZE, SIZE));
        assert_eq!(icon.rgba.len(), (SIZE * SIZE * 4) as usize);
        let theme = MapTheme::DARK;
        let opaque = |c: Color32| {
            let [r, g, b, _] = c.to_array();
            [r, g, b, 255]
        };
        // The rounded corners are clear; their edge is partly covered.
        assert_eq!(pixel(&icon, 0, 0), [0, 0, 0, 0]);
        assert_eq!(pixel(&icon, 63, 63), [0, 0, 0, 0]);
        assert_eq!(pixel(&icon, 32, 2)[3], 255);
        assert_eq!(pixel(&icon, 32, 1)[3], 0);
        let corner = pixel(&icon, 5, 5)[3];
        assert!(corner > 0 && corner < 255, "{corner}");
        // The hub's fill at the centre, its frame around it, the ring at 20 px, the sea
        // between them and beyond.
        assert_eq!(pixel(&icon, 32, 32), opaque(theme.hub_active));
        assert_eq!(pixel(&icon, 32 + 8, 32), opaque(theme.hub_frame));
        assert_eq!(pixel(&icon, 32 + 14, 32), opaque(theme.sea));
        assert_eq!(pixel(&icon, 32, 32 - 20), opaque(theme.hub_active));
        assert_eq!(pixel(&icon, 32 - 27, 32), opaque(theme.sea));
        // Anti-aliased: the ring's edge blends, it does not step.
        let blend = pixel(&icon, 47, 47);
        assert!(blend != opaque(theme.hub_active) && blend != opaque(theme.sea));
    }
}
