//! The measuring tool and range rings (issue 5): geodesic path lengths, bearings and circles.
//!
//! Everything is measured on the WGS84 ellipsoid with geo's `Geodesic` (Karney's
//! method), never on the Web Mercator plane, which stretches distances by
//! 1/cos(latitude) — about 1.6× over Ukraine. Positions are `(lon, lat)` in degrees,
//! as everywhere else in the model.

use geo::{Bearing, Destination, Distance, Geodesic, Point};

use crate::model::hub::validate_position;

/// Largest range-ring radius a planner may enter, in kilometres. Beyond this a ring
/// no longer says anything useful about a hub's reach and would wrap much of the globe.
const MAX_RADIUS_KM: f64 = 5000.0;

/// Most range rings per hub: each ring is a few hundred points drawn every frame, so a
/// pasted list of thousands of numbers must not reach the renderer.
const MAX_RADII: usize = 20;

/// The 16 compass points, clockwise from north, 22.5° apart.
const COMPASS: [&str; 16] = [
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW",
    "NNW",
];

/// One leg of a measured path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Leg {
    /// Start of the leg, `(lon, lat)` in degrees.
    pub from: (f64, f64),
    /// End of the leg, `(lon, lat)` in degrees.
    pub to: (f64, f64),
    /// Geodesic (WGS84) length in kilometres.
    pub km: f64,
    /// Direction to leave `from` on, in degrees 0..360 clockwise from true north. A
    /// geodesic's bearing changes along the way, so this is only the bearing at the start.
    /// For a zero-length leg it is 0 (there is no direction to speak of).
    pub initial_bearing_deg: f64,
}

/// A path the user clicks point by point (lon, lat).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measurement {
    points: Vec<(f64, f64)>,
}

impl Measurement {
    /// Appends a point. Refuses (with a message for the user) non-finite or
    /// out-of-range coordinates, using the same rule as hub positions, so a bad click
    /// or typed value never turns the total into NaN.
    pub fn push(&mut self, lon: f64, lat: f64) -> Result<(), String> {
        validate_position(lon, lat)?;
        self.points.push((lon, lat));
        Ok(())
    }

    /// Removes the last point (Backspace); does nothing on an empty path.
    pub fn pop(&mut self) {
        self.points.pop();
    }

    /// Removes every point (Escape).
    pub fn clear(&mut self) {
        self.points.clear();
    }

    /// The clicked points in order, `(lon, lat)`.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// One leg per pair of consecutive points: geodesic (WGS84) length and initial
    /// bearing. Empty for fewer than two points.
    pub fn legs(&self) -> Vec<Leg> {
        self.points
            .windows(2)
            .map(|pair| {
                let (from, to) = (pair[0], pair[1]);
                let (p, q) = (Point::new(from.0, from.1), Point::new(to.0, to.1));
                let km = Geodesic.distance(p, q) / 1000.0;
                // geographiclib gives an azimuth even for coincident points; it means
                // nothing there, so report north rather than an arbitrary value.
                let initial_bearing_deg = if km == 0.0 {
                    0.0
                } else {
                    normalise_degrees(Geodesic.bearing(p, q))
                };
                Leg {
                    from,
                    to,
                    km,
                    initial_bearing_deg,
                }
            })
            .collect()
    }

    /// Length of the whole path in kilometres (the sum of the legs); 0 for fewer than two points.
    pub fn total_km(&self) -> f64 {
        self.legs().iter().map(|leg| leg.km).sum()
    }
}

/// `deg` folded into 0..360. `rem_euclid` can round a tiny negative value up to exactly
/// 360, which is folded back to 0 so callers never see 360.
fn normalise_degrees(deg: f64) -> f64 {
    let d = deg.rem_euclid(360.0);
    if d >= 360.0 { 0.0 } else { d }
}

/// Formats a bearing as "275.3° (W)" with a 16-point compass name.
///
/// Any finite angle is accepted and folded into 0..360. The compass name is taken from
/// the rounded number shown, so the two never disagree, and 359.96° and above read
/// "0.0° (N)" rather than "360.0°". A non-finite bearing reads "—".
pub fn bearing_text(deg: f64) -> String {
    if !deg.is_finite() {
        return "—".into();
    }
    let shown = normalise_degrees((normalise_degrees(deg) * 10.0).round() / 10.0);
    // Each compass point covers ±11.25° around its direction.
    let index = ((shown / 22.5).round() as usize) % COMPASS.len();
    format!("{shown:.1}° ({})", COMPASS[index])
}

/// Formats km like "468.95 km" (< 10 km: "3.21 km"; < 1 km: "850 m").
///
/// Two decimals (10 m) at every scale in kilometres, whole metres below 1 km. A value
/// that would round to "1000 m" is shown as "1.00 km" instead. Negative or non-finite
/// input (never produced by this module) reads "—".
pub fn distance_text(km: f64) -> String {
    if !km.is_finite() || km < 0.0 {
        return "—".into();
    }
    let metres = (km * 1000.0).round();
    if metres < 1000.0 {
        format!("{metres:.0} m")
    } else {
        format!("{km:.2} km")
    }
}

/// A true geodesic circle: `n` points (lon, lat) at `radius_km` from the centre,
/// computed with Geodesic destination along `n` bearings. Correct far from the equator
/// and across the antimeridian: longitudes are unwrapped so the ring is continuous
/// (consecutive points never jump by > 180°), so drawing code can project it without a seam.
///
/// Details:
/// - `n` below 3 is raised to 3. The first point is due north of the centre and the
///   rest follow clockwise at equal bearing steps of 360°/n.
/// - The ring is open: the first point is not repeated at the end; close it when drawing.
/// - Longitudes may leave −180…180 (e.g. 181.3 east of a centre at 179.5): the ring is
///   unwrapped starting from the centre's longitude, so it lies beside the centre.
/// - If the circle encloses a pole (e.g. 5000 km around Kyiv reaches past the North
///   Pole), the unwrapped longitudes advance through a full 360° around it, so the
///   closing step from the last point back to the first is *not* short; such a ring is
///   a wavy line across the whole map and must be filled towards that pole.
/// - A radius of 0 (or negative, or non-finite) or an invalid centre gives an **empty**
///   vec: there is nothing to draw, and an empty ring is easier for callers to skip
///   than a degenerate one of repeated centres.
pub fn geodesic_circle(lon: f64, lat: f64, radius_km: f64, n: usize) -> Vec<(f64, f64)> {
    if validate_position(lon, lat).is_err() || !radius_km.is_finite() || radius_km <= 0.0 {
        return Vec::new();
    }
    let n = n.max(3);
    let centre = Point::new(lon, lat);
    let metres = radius_km * 1000.0;
    let mut ring: Vec<(f64, f64)> = Vec::with_capacity(n);
    // Unwrap against the previous point, and the first against the centre, so the
    // ring lies beside the hub it belongs to instead of on the far edge of the map.
    let mut previous_lon = lon;
    for i in 0..n {
        let bearing = 360.0 * i as f64 / n as f64;
        let p = Geodesic.destination(centre, bearing, metres);
        let unwrapped = p.x() + 360.0 * ((previous_lon - p.x()) / 360.0).round();
        ring.push((unwrapped, p.y()));
        previous_lon = unwrapped;
    }
    ring
}

/// How many points a ring of this radius gets: ~1 per 15 km, 72…360.
pub fn segments_for(radius_km: f64) -> usize {
    ((radius_km / 15.0).ceil() as usize).clamp(72, 360)
}

/// A hub's range ring as the map draws it and the exports write it: the geodesic circle
/// with [`segments_for`] points (empty for a radius of 0 or less), and whether it closes.
/// It does not close when it goes round a pole: its longitudes then advance a full turn,
/// and joining its ends would draw a line straight across the map.
pub fn range_ring(lon: f64, lat: f64, radius_km: f64) -> (Vec<(f64, f64)>, bool) {
    let ring = geodesic_circle(lon, lat, radius_km, segments_for(radius_km));
    let closed = match (ring.first(), ring.last()) {
        (Some(first), Some(last)) => (last.0 - first.0).abs() < 180.0,
        _ => false,
    };
    (ring, closed)
}

/// A ring radius as a label: "300 km", "12.5 km" (the radius as the planner typed it).
pub fn radius_text(km: f64) -> String {
    format!("{km} km")
}

/// Range rings a planner sets per hub: radii in km, validated (finite, > 0, ≤ 5000),
/// sorted, deduplicated.
///
/// Accepts "50, 100;300 km": numbers separated by commas, semicolons or spaces, each
/// optionally followed by "km" (with or without a space). The comma is always a
/// separator, so write decimals with a point ("12.5"). Empty text means no rings and
/// gives `Ok(vec![])`. At most 20 distinct radii. Errors name the offending value as typed.
pub fn parse_radii(text: &str) -> Result<Vec<f64>, String> {
    let mut radii = Vec::new();
    for token in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        // A lone "km" belongs to the number before it ("300 km").
        if token.is_empty() || token.eq_ignore_ascii_case("km") {
            continue;
        }
        let number = strip_km(token);
        // `f64::from_str` also accepts "inf" and "NaN", hence the finiteness check.
        let radius: f64 = match number.parse() {
            Ok(r) if f64::is_finite(r) => r,
            _ => return Err(format!("“{token}” is not a distance in km")),
        };
        if radius <= 0.0 {
            return Err(format!("“{token}”: a ring radius must be more than 0 km"));
        }
        if radius > MAX_RADIUS_KM {
            return Err(format!(
                "“{token}”: a ring radius must be at most {MAX_RADIUS_KM} km"
            ));
        }
        radii.push(radius);
    }
    radii.sort_by(f64::total_cmp);
    radii.dedup();
    if radii.len() > MAX_RADII {
        return Err(format!(
            "{} ring radii given; at most {MAX_RADII} are allowed",
            radii.len()
        ));
    }
    Ok(radii)
}

/// `token` without a trailing "km" in any case ("300km" → "300").
fn strip_km(token: &str) -> &str {
    let len = token.len();
    if len >= 2 && token.is_char_boundary(len - 2) && token[len - 2..].eq_ignore_ascii_case("km") {
        &token[..len - 2]
    } else {
        token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KYIV: (f64, f64) = (30.5234, 50.4501);
    const LVIV: (f64, f64) = (24.0297, 49.8397);

    /// Initial great-circle bearing on a sphere, computed independently of geo.
    fn haversine_bearing(from: (f64, f64), to: (f64, f64)) -> f64 {
        let (l1, p1) = (from.0.to_radians(), from.1.to_radians());
        let (l2, p2) = (to.0.to_radians(), to.1.to_radians());
        let dl = l2 - l1;
        let y = dl.sin() * p2.cos();
        let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
        y.atan2(x).to_degrees().rem_euclid(360.0)
    }

    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1))
    }

    #[test]
    fn kyiv_to_lviv_is_468_95_km_heading_west() {
        let mut m = Measurement::default();
        m.push(KYIV.0, KYIV.1).unwrap();
        m.push(LVIV.0, LVIV.1).unwrap();
        assert!((m.total_km() - 468.95).abs() < 0.01, "{}", m.total_km());
        let legs = m.legs();
        assert_eq!(legs.len(), 1);
        assert_eq!(legs[0].from, KYIV);
        assert_eq!(legs[0].to, LVIV);
        let bearing = legs[0].initial_bearing_deg;
        // WGS84 gives 264.18°; the sphere, computed independently, gives 264.16°.
        assert!((264.1..264.3).contains(&bearing), "{bearing}");
        let sphere = haversine_bearing(KYIV, LVIV);
        assert!((bearing - sphere).abs() < 0.1, "{bearing} vs {sphere}");
        assert_eq!(distance_text(m.total_km()), "468.95 km");
        assert!(bearing_text(bearing).ends_with("(W)"));
    }

    #[test]
    fn three_points_sum_their_legs_and_pop_clear_work() {
        let mut m = Measurement::default();
        assert!(m.legs().is_empty());
        assert_eq!(m.total_km(), 0.0);
        m.push(KYIV.0, KYIV.1).unwrap();
        assert!(m.legs().is_empty());
        m.push(LVIV.0, LVIV.1).unwrap();
        m.push(36.2304, 49.9935).unwrap(); // Kharkiv
        let legs = m.legs();
        assert_eq!(legs.len(), 2);
        assert_eq!(legs[1].from, LVIV);
        // Lviv → Kharkiv is roughly 870 km, heading east.
        assert!((850.0..900.0).contains(&legs[1].km), "{}", legs[1].km);
        assert!((80.0..100.0).contains(&legs[1].initial_bearing_deg));
        let sum: f64 = legs.iter().map(|l| l.km).sum();
        assert!((m.total_km() - sum).abs() < 1e-9);
        assert!(m.total_km() > 468.95 + 850.0);

        m.pop();
        assert_eq!(m.points(), &[KYIV, LVIV]);
        assert!((m.total_km() - 468.95).abs() < 0.01);
        m.clear();
        assert!(m.points().is_empty());
        m.pop(); // no panic on empty
        assert_eq!(m, Measurement::default());
    }

    #[test]
    fn invalid_points_are_refused_with_a_message() {
        let mut m = Measurement::default();
        let err = m.push(30.0, 95.0).unwrap_err();
        assert!(err.contains("latitude"), "{err}");
        let err = m.push(f64::NAN, 50.0).unwrap_err();
        assert!(!err.is_empty());
        assert!(m.push(200.0, 50.0).unwrap_err().contains("longitude"));
        assert!(m.points().is_empty());
    }

    #[test]
    fn coincident_points_give_a_zero_leg() {
        let mut m = Measurement::default();
        m.push(KYIV.0, KYIV.1).unwrap();
        m.push(KYIV.0, KYIV.1).unwrap();
        let leg = m.legs()[0];
        assert_eq!(leg.km, 0.0);
        assert_eq!(leg.initial_bearing_deg, 0.0);
    }

    #[test]
    fn legs_across_the_antimeridian_take_the_short_way() {
        let mut m = Measurement::default();
        m.push(179.5, 0.0).unwrap();
        m.push(-179.5, 0.0).unwrap();
        // 1° of longitude on the equator is 111.32 km on WGS84.
        assert!((m.total_km() - 111.32).abs() < 0.01, "{}", m.total_km());
        assert!((m.legs()[0].initial_bearing_deg - 90.0).abs() < 1e-6);
    }

    #[test]
    fn circle_points_are_at_the_radius() {
        for &(lon, lat, km) in &[
            (KYIV.0, KYIV.1, 300.0),
            (0.0, 0.0, 50.0),
            (20.0, 70.0, 1000.0),
            (-70.0, -55.0, 5000.0),
        ] {
            let ring = geodesic_circle(lon, lat, km, 64);
            assert_eq!(ring.len(), 64);
            for &p in &ring {
                let d = metres((lon, lat), p);
                assert!((d - km * 1000.0).abs() < 1.0, "{d} m for {km} km");
            }
        }
    }

    #[test]
    fn circle_at_60_north_is_wider_in_longitude_than_latitude() {
        let ring = geodesic_circle(25.0, 60.0, 500.0, 360);
        let (mut lon_min, mut lon_max) = (f64::MAX, f64::MIN);
        let (mut lat_min, mut lat_max) = (f64::MAX, f64::MIN);
        for &(lon, lat) in &ring {
            lon_min = lon_min.min(lon);
            lon_max = lon_max.max(lon);
            lat_min = lat_min.min(lat);
            lat_max = lat_max.max(lat);
        }
        let ratio = (lon_max - lon_min) / (lat_max - lat_min);
        // 1/cos(60°) = 2; a planar circle in degrees would give 1.
        assert!((1.9..2.2).contains(&ratio), "{ratio}");
        // And on the ground, north is further from the centre than south in degrees:
        // the ring is not symmetric in latitude either (meridians converge).
        assert!((lat_max - 60.0) > 4.4 && (60.0 - lat_min) > 4.4);
    }

    #[test]
    fn circle_across_the_antimeridian_is_continuous() {
        let ring = geodesic_circle(179.5, 0.0, 200.0, 72);
        for pair in ring.windows(2) {
            assert!((pair[1].0 - pair[0].0).abs() < 180.0, "{pair:?}");
        }
        // Closing step is short too (no pole inside).
        let (first, last) = (ring[0], ring[ring.len() - 1]);
        assert!((first.0 - last.0).abs() < 180.0);
        // It really crosses: the east side is unwrapped past 180, beside the centre.
        let max_lon = ring.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        let min_lon = ring.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        assert!(max_lon > 181.0 && min_lon > 177.0, "{min_lon}..{max_lon}");
    }

    #[test]
    fn circle_around_a_pole_is_continuous_and_winds_once() {
        // 5000 km around Kyiv passes beyond the North Pole (≈ 4400 km away).
        let ring = geodesic_circle(KYIV.0, KYIV.1, 5000.0, 180);
        for pair in ring.windows(2) {
            assert!((pair[1].0 - pair[0].0).abs() < 180.0, "{pair:?}");
        }
        let span = ring[ring.len() - 1].0 - ring[0].0;
        assert!(span.abs() > 340.0, "{span}");
    }

    #[test]
    fn circle_edge_cases() {
        assert_eq!(geodesic_circle(30.0, 50.0, 100.0, 0).len(), 3);
        assert_eq!(geodesic_circle(30.0, 50.0, 100.0, 2).len(), 3);
        let triangle = geodesic_circle(30.0, 50.0, 100.0, 1);
        assert!(triangle[0].0 == 30.0 || (triangle[0].0 - 30.0).abs() < 1e-9);
        assert!(triangle[0].1 > 50.0); // the first point is due north
        // Radius 0 (and nonsense) gives an empty ring, documented above.
        assert!(geodesic_circle(30.0, 50.0, 0.0, 64).is_empty());
        assert!(geodesic_circle(30.0, 50.0, -1.0, 64).is_empty());
        assert!(geodesic_circle(30.0, 50.0, f64::NAN, 64).is_empty());
        assert!(geodesic_circle(30.0, 95.0, 10.0, 64).is_empty());
    }

    #[test]
    fn bearing_texts() {
        assert_eq!(bearing_text(0.0), "0.0° (N)");
        assert_eq!(bearing_text(275.3), "275.3° (W)");
        assert_eq!(bearing_text(359.99), "0.0° (N)");
        assert_eq!(bearing_text(359.9), "359.9° (N)");
        assert_eq!(bearing_text(360.0), "0.0° (N)");
        assert_eq!(bearing_text(-90.0), "270.0° (W)");
        assert_eq!(bearing_text(45.0), "45.0° (NE)");
        assert_eq!(bearing_text(22.5), "22.5° (NNE)");
        assert_eq!(bearing_text(191.0), "191.0° (S)");
        assert_eq!(bearing_text(192.0), "192.0° (SSW)");
        assert_eq!(bearing_text(f64::NAN), "—");
    }

    #[test]
    fn distance_texts() {
        assert_eq!(distance_text(468.951), "468.95 km");
        assert_eq!(distance_text(3.2149), "3.21 km");
        assert_eq!(distance_text(0.85), "850 m");
        assert_eq!(distance_text(0.0), "0 m");
        assert_eq!(distance_text(0.9996), "1.00 km");
        assert_eq!(distance_text(1.0), "1.00 km");
        assert_eq!(distance_text(12_345.678), "12345.68 km");
        assert_eq!(distance_text(f64::NAN), "—");
    }

    #[test]
    fn radii_parse_sort_and_deduplicate() {
        assert_eq!(parse_radii("50, 100;300 km"), Ok(vec![50.0, 100.0, 300.0]));
        assert_eq!(
            parse_radii("300km; 50 100 50.0, 12.5 KM"),
            Ok(vec![12.5, 50.0, 100.0, 300.0])
        );
        assert_eq!(parse_radii("5000"), Ok(vec![5000.0]));
        assert_eq!(parse_radii(""), Ok(vec![]));
        assert_eq!(parse_radii(" , ; "), Ok(vec![]));
    }

    #[test]
    fn bad_radii_are_refused_naming_the_value() {
        for (text, bad) in [
            ("abc", "abc"),
            ("50, -5", "-5"),
            ("0", "0"),
            ("100; 9000", "9000"),
            ("NaN", "NaN"),
            ("inf", "inf"),
            ("1e400", "1e400"),
            ("50 kmm", "kmm"),
        ] {
            let err = parse_radii(text).unwrap_err();
            assert!(err.contains(&format!("“{bad}”")), "{text}: {err}");
        }
        let many: Vec<String> = (1..=21).map(|i| i.to_string()).collect();
        assert!(parse_radii(&many.join(",")).unwrap_err().contains("21"));
    }

    #[test]
    fn ring_labels_read_as_typed() {
        assert_eq!(radius_text(300.0), "300 km");
        assert_eq!(radius_text(12.5), "12.5 km");
    }
}
