//! A geodesic scale bar: a round distance and its length in pixels at the map's bottom.
//!
//! Web Mercator stretches distances by 1/cos(latitude), so the bar is measured on the
//! ellipsoid (geo's `Geodesic`) along the row where it is drawn, never on the plane.

use geo::{Distance, Geodesic, Point};

use crate::projection::Projector;

/// What to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleBar {
    /// Round distance the bar stands for, in kilometres.
    pub km: f64,
    /// Its length on screen, in pixels.
    pub pixels: f64,
}

impl ScaleBar {
    /// Human text, e.g. "200 km" or "500 m".
    pub fn label(&self) -> String {
        if self.km >= 1.0 {
            format!("{} km", self.km)
        } else {
            format!("{} m", (self.km * 1000.0).round())
        }
    }
}

/// Largest 1-2-5 step not above `x`.
fn round_down_125(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let step = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    step * p
}

/// Scale bar for a bar starting at screen point `(x, y)`, at most `max_pixels` long.
/// `None` where the row is off the map (beyond the Mercator limits).
pub fn scale_bar(projector: &Projector, x: f64, y: f64, max_pixels: f64) -> Option<ScaleBar> {
    let (lon0, lat0) = projector.geo_from_screen(x, y);
    let (lon1, lat1) = projector.geo_from_screen(x + max_pixels, y);
    let metres = Geodesic.distance(Point::new(lon0, lat0), Point::new(lon1, lat1));
    if !metres.is_finite() || metres <= 0.0 {
        return None;
    }
    let km_per_pixel = metres / 1000.0 / max_pixels;
    let km = round_down_125(metres / 1000.0);
    Some(ScaleBar {
        km,
        pixels: km / km_per_pixel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{Camera, ScreenRect};

    #[test]
    fn rounds_to_1_2_5() {
        assert_eq!(round_down_125(7.3), 5.0);
        assert_eq!(round_down_125(19.0), 10.0);
        assert_eq!(round_down_125(240.0), 200.0);
        assert_eq!(round_down_125(0.9), 0.5);
    }

    #[test]
    fn bar_matches_geodesic_distance_at_kyiv() {
        let vp = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: 1000.0,
            height: 800.0,
        };
        let proj = Projector::new(Camera::looking_at(30.5, 50.45, 6.0), vp);
        let bar = scale_bar(&proj, 500.0, 400.0, 150.0).unwrap();
        // At zoom 6 a pixel is 40075 km / 2^14 ≈ 2.446 km at the equator, × cos 50.45° ≈ 1.558 km.
        assert_eq!(bar.km, 200.0);
        assert!((bar.pixels - 200.0 / 1.558).abs() < 1.0, "{}", bar.pixels);
        assert_eq!(bar.label(), "200 km");
    }

    #[test]
    fn bar_is_longer_in_pixels_further_north() {
        let vp = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: 1000.0,
            height: 800.0,
        };
        let south = Projector::new(Camera::looking_at(30.0, 10.0, 5.0), vp);
        let north = Projector::new(Camera::looking_at(30.0, 65.0, 5.0), vp);
        let s = scale_bar(&south, 500.0, 400.0, 150.0).unwrap();
        let n = scale_bar(&north, 500.0, 400.0, 150.0).unwrap();
        assert!(n.pixels / n.km > 2.0 * s.pixels / s.km);
    }
}
