//! Web Mercator projection between geographic, world and screen coordinates.
//!
//! Three coordinate spaces are used throughout the map:
//! - **geo**: longitude/latitude in degrees (WGS84), as stored in GeoJSON;
//! - **world**: Web Mercator normalised to the unit square, `x` east and `y` south,
//!   `(0, 0)` at 180°W/85.05°N — the same convention as slippy-map tiles;
//! - **screen**: logical pixels of the map widget, `y` down.
//!
//! [`Projector`] is a small `Copy` value: the map widget makes one per frame from its
//! camera and rectangle. Everything here is pure `f64` arithmetic, so it is tested on its own.

use std::f64::consts::PI;

/// Latitude limit of Web Mercator (where the world becomes a square).
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// Pixels per world unit at zoom 0 (one 256-pixel tile for the whole world).
pub const TILE_SIZE: f64 = 256.0;

/// Zoom limits: 0.5 shows the whole world on a small window, 14 is a few streets wide —
/// far beyond what 1:10m data can show, but useful when placing a hub precisely.
pub const MIN_ZOOM: f64 = 0.5;
/// See [`MIN_ZOOM`].
pub const MAX_ZOOM: f64 = 14.0;

/// A point in world (normalised Web Mercator) coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct WorldPoint {
    /// 0 at 180°W, 1 at 180°E.
    pub x: f64,
    /// 0 at the northern limit, 1 at the southern limit.
    pub y: f64,
}

impl WorldPoint {
    /// Makes a world point.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// Projects longitude/latitude (degrees) to world coordinates. Latitudes beyond
/// ±[`MAX_LATITUDE`] are clamped, so the poles never produce infinities.
pub fn world_from_geo(lon: f64, lat: f64) -> WorldPoint {
    let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (lon + 180.0) / 360.0;
    // Mercator's y is atanh(sin φ), the same as ln(tan φ + sec φ) with one
    // transcendental call fewer: it runs for every point of the maps at start-up.
    let y = (1.0 - lat.sin().atanh() / PI) / 2.0;
    WorldPoint { x, y }
}

/// Inverse of [`world_from_geo`]: world coordinates to (longitude, latitude) in degrees.
pub fn geo_from_world(p: WorldPoint) -> (f64, f64) {
    let lon = p.x * 360.0 - 180.0;
    let n = PI * (1.0 - 2.0 * p.y);
    let lat = n.sinh().atan().to_degrees();
    (lon, lat)
}

/// Where the camera looks: a world point and a zoom level (log2 of the scale).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// World point shown at the centre of the viewport.
    pub center: WorldPoint,
    /// Zoom level as in slippy maps: the world is `256 · 2^zoom` pixels wide.
    pub zoom: f64,
}

impl Camera {
    /// A camera centred on a geographic point.
    pub fn looking_at(lon: f64, lat: f64, zoom: f64) -> Self {
        Self {
            center: world_from_geo(lon, lat),
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
        }
    }

    /// The camera that shows the geographic box `(min_lon, min_lat, max_lon, max_lat)`
    /// inside a viewport of `width`×`height` pixels with `padding` pixels spare on each side.
    pub fn fit(bounds: GeoBounds, width: f64, height: f64, padding: f64) -> Self {
        let a = world_from_geo(bounds.min_lon, bounds.max_lat);
        let b = world_from_geo(bounds.max_lon, bounds.min_lat);
        let center = WorldPoint::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
        let span_x = (b.x - a.x).abs().max(1e-9);
        let span_y = (b.y - a.y).abs().max(1e-9);
        let avail_w = (width - 2.0 * padding).max(1.0);
        let avail_h = (height - 2.0 * padding).max(1.0);
        let scale = (avail_w / span_x).min(avail_h / span_y);
        let zoom = (scale / TILE_SIZE).log2().clamp(MIN_ZOOM, MAX_ZOOM);
        Self { center, zoom }
    }

    /// The camera that shows `bounds` as large as possible in the part of a
    /// `width`×`height` viewport left free by `insets`, centred in that part.
    /// If the insets leave less than a quarter of the viewport either way (a small
    /// window), they are ignored and the box is fitted with a small uniform padding.
    pub fn fit_inside(bounds: GeoBounds, width: f64, height: f64, insets: Insets) -> Self {
        let inner_w = width - insets.left - insets.right;
        let inner_h = height - insets.top - insets.bottom;
        if inner_w < width / 4.0 || inner_h < height / 4.0 {
            let padding = (width.min(height) / 20.0).clamp(0.0, 24.0);
            return Self::fit(bounds, width, height, padding);
        }
        Self::fit(bounds, inner_w, inner_h, 0.0).panned_by(
            (insets.left - insets.right) / 2.0,
            (insets.top - insets.bottom) / 2.0,
        )
    }

    /// Linear interpolation in world space and in zoom level, `t` in 0..=1.
    pub fn lerp(self, to: Camera, t: f64) -> Camera {
        Camera {
            center: WorldPoint::new(
                self.center.x + (to.center.x - self.center.x) * t,
                self.center.y + (to.center.y - self.center.y) * t,
            ),
            zoom: self.zoom + (to.zoom - self.zoom) * t,
        }
    }
}

/// Space to keep free on each side of a viewport when fitting a box, in pixels: the
/// padding plus whatever covers the map there (a legend, a marking).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Insets {
    /// Left side.
    pub left: f64,
    /// Top side.
    pub top: f64,
    /// Right side.
    pub right: f64,
    /// Bottom side.
    pub bottom: f64,
}

impl Insets {
    /// The same space on every side.
    pub const fn uniform(v: f64) -> Self {
        Self {
            left: v,
            top: v,
            right: v,
            bottom: v,
        }
    }
}

/// A geographic bounding box in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeoBounds {
    /// West edge.
    pub min_lon: f64,
    /// South edge.
    pub min_lat: f64,
    /// East edge.
    pub max_lon: f64,
    /// North edge.
    pub max_lat: f64,
}

impl GeoBounds {
    /// Makes a box from its west, south, east and north edges.
    pub const fn new(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> Self {
        Self {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        }
    }

    /// The smallest box holding both.
    pub fn union(self, o: GeoBounds) -> GeoBounds {
        GeoBounds::new(
            self.min_lon.min(o.min_lon),
            self.min_lat.min(o.min_lat),
            self.max_lon.max(o.max_lon),
            self.max_lat.max(o.max_lat),
        )
    }
}

/// A screen rectangle in logical pixels (the map widget's area).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenRect {
    /// Left edge.
    pub min_x: f64,
    /// Top edge.
    pub min_y: f64,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
}

impl ScreenRect {
    /// Centre of the rectangle.
    pub fn center(&self) -> (f64, f64) {
        (
            self.min_x + self.width / 2.0,
            self.min_y + self.height / 2.0,
        )
    }
}

/// Converts between geographic, world and screen coordinates for one camera and viewport.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projector {
    camera: Camera,
    viewport: ScreenRect,
    scale: f64,
}

impl Projector {
    /// A projector for `camera` looking through `viewport`.
    pub fn new(camera: Camera, viewport: ScreenRect) -> Self {
        Self {
            camera,
            viewport,
            scale: TILE_SIZE * camera.zoom.exp2(),
        }
    }

    /// The camera this projector was made from.
    pub fn camera(&self) -> Camera {
        self.camera
    }

    /// The viewport this projector was made for.
    pub fn viewport(&self) -> ScreenRect {
        self.viewport
    }

    /// Pixels per world unit.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// World → screen.
    #[inline]
    pub fn screen_from_world(&self, p: WorldPoint) -> (f64, f64) {
        let (cx, cy) = self.viewport.center();
        (
            cx + (p.x - self.camera.center.x) * self.scale,
            cy + (p.y - self.camera.center.y) * self.scale,
        )
    }

    /// Screen → world.
    #[inline]
    pub fn world_from_screen(&self, x: f64, y: f64) -> WorldPoint {
        let (cx, cy) = self.viewport.center();
        WorldPoint::new(
            self.camera.center.x + (x - cx) / self.scale,
            self.camera.center.y + (y - cy) / self.scale,
        )
    }

    /// Longitude/latitude (degrees) → screen pixels.
    pub fn screen_from_geo(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.screen_from_world(world_from_geo(lon, lat))
    }

    /// Screen pixels → longitude/latitude (degrees).
    pub fn geo_from_screen(&self, x: f64, y: f64) -> (f64, f64) {
        geo_from_world(self.world_from_screen(x, y))
    }

    /// The world-space box visible in the viewport, as `(min, max)`.
    pub fn visible_world(&self) -> (WorldPoint, WorldPoint) {
        let v = self.viewport;
        (
            self.world_from_screen(v.min_x, v.min_y),
            self.world_from_screen(v.min_x + v.width, v.min_y + v.height),
        )
    }
}

/// Camera navigation: every gesture is a pure function from one camera to the next.
impl Camera {
    /// Moves the view by a screen-space delta (what a drag does): the map follows the pointer.
    pub fn panned_by(self, dx: f64, dy: f64) -> Camera {
        let scale = TILE_SIZE * self.zoom.exp2();
        let center = WorldPoint::new(
            self.center.x - dx / scale,
            (self.center.y - dy / scale).clamp(0.0, 1.0),
        );
        Camera { center, ..self }
    }

    /// Zooms by `delta` levels keeping the world point under screen point `(x, y)` fixed.
    pub fn zoomed_around(self, viewport: ScreenRect, x: f64, y: f64, delta: f64) -> Camera {
        let before = Projector::new(self, viewport).world_from_screen(x, y);
        let zoom = (self.zoom + delta).clamp(MIN_ZOOM, MAX_ZOOM);
        let scaled = Camera { zoom, ..self };
        let after = Projector::new(scaled, viewport).world_from_screen(x, y);
        Camera {
            center: WorldPoint::new(
                self.center.x + before.x - after.x,
                (self.center.y + before.y - after.y).clamp(0.0, 1.0),
            ),
            zoom,
        }
    }
}

/// Smooth ease-in-out (cubic) for camera glides, `t` in 0..=1.
pub fn ease_in_out(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    if t < 0.5 {
        4.0 * t * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_inside_keeps_the_box_out_of_the_insets() {
        let ukraine = GeoBounds::new(22.1, 44.3, 40.3, 52.4);
        let (w, h) = (1000.0, 600.0);
        let insets = Insets {
            left: 20.0,
            top: 50.0,
            right: 250.0,
            bottom: 30.0,
        };
        let cam = Camera::fit_inside(ukraine, w, h, insets);
        let vp = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: w,
            height: h,
        };
        let p = Projector::new(cam, vp);
        let (x0, y0) = p.screen_from_geo(ukraine.min_lon, ukraine.max_lat);
        let (x1, y1) = p.screen_from_geo(ukraine.max_lon, ukraine.min_lat);
        // Centred in the free part (x 20…750, y 50…570) and touching it on one axis.
        assert!(((x0 + x1) / 2.0 - 385.0).abs() < 1e-6, "{x0} {x1}");
        assert!(((y0 + y1) / 2.0 - 310.0).abs() < 1e-6, "{y0} {y1}");
        assert!(x0 >= 20.0 - 1e-6 && x1 <= 750.0 + 1e-6);
        assert!(y0 >= 50.0 - 1e-6 && y1 <= 570.0 + 1e-6);
        assert!((x1 - x0 - 730.0).abs() < 1e-6 || (y1 - y0 - 520.0).abs() < 1e-6);
        // Insets wider than the view fall back to a centred fit.
        let squeezed = Insets {
            right: 900.0,
            ..insets
        };
        assert_eq!(
            Camera::fit_inside(ukraine, w, h, squeezed),
            Camera::fit(ukraine, w, h, 24.0)
        );
        // Uniform insets are the plain fit with padding.
        assert_eq!(
            Camera::fit_inside(ukraine, w, h, Insets::uniform(24.0)),
            Camera::fit(ukraine, w, h, 24.0)
        );
    }

    fn viewport() -> ScreenRect {
        ScreenRect {
            min_x: 10.0,
            min_y: 40.0,
            width: 1200.0,
            height: 700.0,
        }
    }

    #[test]
    fn world_corners_and_centre() {
        let c = world_from_geo(0.0, 0.0);
        assert!((c.x - 0.5).abs() < 1e-12 && (c.y - 0.5).abs() < 1e-12);
        let nw = world_from_geo(-180.0, MAX_LATITUDE);
        assert!(nw.x.abs() < 1e-12 && nw.y.abs() < 1e-9);
        let se = world_from_geo(180.0, -MAX_LATITUDE);
        assert!((se.x - 1.0).abs() < 1e-12 && (se.y - 1.0).abs() < 1e-9);
    }

    #[test]
    fn mercator_y_agrees_with_its_textbook_form() {
        // ln(tan φ + sec φ), every tenth of a degree to the limit.
        for i in -850..=850 {
            let lat = f64::from(i) / 10.0;
            let r = lat.to_radians();
            let textbook = (1.0 - (r.tan() + 1.0 / r.cos()).ln() / PI) / 2.0;
            let y = world_from_geo(0.0, lat).y;
            assert!((y - textbook).abs() < 1e-14, "{lat}: {y} vs {textbook}");
        }
        // Kyiv: 50.45°N is 0.3372… of the way down the world square (Python's math).
        let kyiv = world_from_geo(30.5234, 50.4501);
        assert!((kyiv.y - 0.337_190_505_178_777).abs() < 1e-12, "{}", kyiv.y);
        assert!((kyiv.x - (30.5234 + 180.0) / 360.0).abs() < 1e-15);
    }

    #[test]
    fn poles_are_clamped_not_infinite() {
        let p = world_from_geo(10.0, 90.0);
        assert!(p.y.is_finite() && p.y.abs() < 1e-9);
        let q = world_from_geo(10.0, -90.0);
        assert!(q.y.is_finite() && (q.y - 1.0).abs() < 1e-9);
    }

    #[test]
    fn screen_geo_round_trip() {
        let cam = Camera::looking_at(31.0, 49.0, 6.0);
        let proj = Projector::new(cam, viewport());
        for &(lon, lat) in &[
            (30.5234, 50.4501),
            (24.0297, 49.8397),
            (-73.9, 40.7),
            (174.8, -41.3),
            (0.0, 0.0),
        ] {
            let (x, y) = proj.screen_from_geo(lon, lat);
            let (lon2, lat2) = proj.geo_from_screen(x, y);
            assert!((lon - lon2).abs() < 1e-9, "{lon} vs {lon2}");
            assert!((lat - lat2).abs() < 1e-9, "{lat} vs {lat2}");
        }
    }

    #[test]
    fn camera_centre_is_viewport_centre() {
        let cam = Camera::looking_at(30.5234, 50.4501, 7.0);
        let proj = Projector::new(cam, viewport());
        let (x, y) = proj.screen_from_geo(30.5234, 50.4501);
        assert!((x - 610.0).abs() < 1e-6 && (y - 390.0).abs() < 1e-6);
    }

    #[test]
    fn known_pixel_distance_at_zoom() {
        // At zoom 0 the world is 256 px wide, so 90° of longitude is 64 px.
        // (looking_at clamps to MIN_ZOOM, so build the camera directly.)
        let cam = Camera {
            center: world_from_geo(0.0, 0.0),
            zoom: 0.0,
        };
        let proj = Projector::new(cam, viewport());
        let (x0, _) = proj.screen_from_geo(0.0, 0.0);
        let (x1, _) = proj.screen_from_geo(90.0, 0.0);
        assert!((x1 - x0 - 64.0).abs() < 1e-9);
        // Three levels in, 8× the pixels.
        let cam = Camera {
            center: world_from_geo(0.0, 0.0),
            zoom: 3.0,
        };
        let proj = Projector::new(cam, viewport());
        let (x0, _) = proj.screen_from_geo(0.0, 0.0);
        let (x1, _) = proj.screen_from_geo(90.0, 0.0);
        assert!((x1 - x0 - 512.0).abs() < 1e-9);
    }

    #[test]
    fn zoom_keeps_point_under_cursor() {
        let vp = viewport();
        let cam = Camera::looking_at(25.0, 50.0, 5.0);
        let (mx, my) = (300.0, 200.0);
        let before = Projector::new(cam, vp).geo_from_screen(mx, my);
        let zoomed = cam.zoomed_around(vp, mx, my, 1.5);
        assert!((zoomed.zoom - 6.5).abs() < 1e-12);
        let after = Projector::new(zoomed, vp).geo_from_screen(mx, my);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
    }

    #[test]
    fn zoom_is_limited() {
        let vp = viewport();
        let cam = Camera::looking_at(25.0, 50.0, 5.0);
        assert_eq!(cam.zoomed_around(vp, 0.0, 0.0, 100.0).zoom, MAX_ZOOM);
        assert_eq!(cam.zoomed_around(vp, 0.0, 0.0, -100.0).zoom, MIN_ZOOM);
    }

    #[test]
    fn pan_moves_map_with_pointer() {
        let vp = viewport();
        let cam = Camera::looking_at(30.0, 50.0, 6.0);
        let proj = Projector::new(cam, vp);
        let (x, y) = proj.screen_from_geo(30.0, 50.0);
        let moved = Projector::new(cam.panned_by(100.0, -50.0), vp);
        let (x2, y2) = moved.screen_from_geo(30.0, 50.0);
        assert!((x2 - x - 100.0).abs() < 1e-6 && (y2 - y + 50.0).abs() < 1e-6);
    }

    #[test]
    fn fit_shows_whole_box() {
        let vp = viewport();
        let ukraine = GeoBounds::new(22.1, 44.4, 40.2, 52.4);
        let cam = Camera::fit(ukraine, vp.width, vp.height, 20.0);
        let proj = Projector::new(cam, vp);
        let (x0, y0) = proj.screen_from_geo(ukraine.min_lon, ukraine.max_lat);
        let (x1, y1) = proj.screen_from_geo(ukraine.max_lon, ukraine.min_lat);
        assert!(x0 >= vp.min_x + 19.0 && x1 <= vp.min_x + vp.width - 19.0);
        assert!(y0 >= vp.min_y + 19.0 && y1 <= vp.min_y + vp.height - 19.0);
        // …and uses the space: one side touches the padding.
        let used_w = x1 - x0;
        let used_h = y1 - y0;
        assert!(
            (used_w - (vp.width - 40.0)).abs() < 1e-6 || (used_h - (vp.height - 40.0)).abs() < 1e-6
        );
    }

    #[test]
    fn easing_endpoints_and_symmetry() {
        assert_eq!(ease_in_out(0.0), 0.0);
        assert_eq!(ease_in_out(1.0), 1.0);
        assert!((ease_in_out(0.5) - 0.5).abs() < 1e-12);
        assert!((ease_in_out(0.25) + ease_in_out(0.75) - 1.0).abs() < 1e-12);
    }
}
