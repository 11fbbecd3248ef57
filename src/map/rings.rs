//! Range rings in world coordinates: each hub's geodesic circles, densified once per
//! plan change and projected per frame by the screen and by the SVG exporter alike.

use crate::model::hub::{Hub, HubId};
use crate::model::measure::range_ring;
pub use crate::model::measure::segments_for;
use crate::model::plan::Plan;
use crate::projection::{Projector, WorldPoint, world_from_geo};

/// One range ring of one hub.
#[derive(Clone, Debug, PartialEq)]
pub struct WorldRing {
    /// The hub it belongs to.
    pub hub: HubId,
    /// Radius, km.
    pub radius_km: f64,
    /// The circle, densified so its chords stay within a fraction of a pixel of the
    /// true curve at the zooms where it fits on screen. Open: see `closed`.
    pub points: Vec<WorldPoint>,
    /// False when the circle encloses a pole: it is then a wavy line across the map
    /// and its ends must not be joined.
    pub closed: bool,
    /// Bounding box, world coordinates (min, max).
    pub bounds: (WorldPoint, WorldPoint),
}

/// The geodesic rings of one hub (all of them, whether shown or not).
pub fn hub_rings(hub: &Hub) -> Vec<WorldRing> {
    hub.range_rings_km
        .iter()
        .filter_map(|&radius_km| {
            let (ring, closed) = range_ring(hub.lon, hub.lat, radius_km);
            if ring.is_empty() {
                return None;
            }
            let points: Vec<WorldPoint> = ring
                .iter()
                .map(|&(lon, lat)| world_from_geo(lon, lat))
                .collect();
            let mut min = WorldPoint::new(f64::INFINITY, f64::INFINITY);
            let mut max = WorldPoint::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
            for p in &points {
                min = WorldPoint::new(min.x.min(p.x), min.y.min(p.y));
                max = WorldPoint::new(max.x.max(p.x), max.y.max(p.y));
            }
            Some(WorldRing {
                hub: hub.id,
                radius_km,
                points,
                closed,
                bounds: (min, max),
            })
        })
        .collect()
}

/// Every ring of every hub of the plan, in hub order then ascending radius.
pub fn plan_rings(plan: &Plan) -> Vec<WorldRing> {
    plan.hubs.iter().flat_map(hub_rings).collect()
}

impl WorldRing {
    /// Whether any of the ring can be seen through `p`'s viewport (with `margin` px).
    pub fn visible(&self, p: &Projector, margin: f64) -> bool {
        let (a, b) = (
            p.screen_from_world(self.bounds.0),
            p.screen_from_world(self.bounds.1),
        );
        let v = p.viewport();
        let too_small = (b.0 - a.0).abs() < 2.0 && (b.1 - a.1).abs() < 2.0;
        !too_small
            && b.0 >= v.min_x - margin
            && a.0 <= v.min_x + v.width + margin
            && b.1 >= v.min_y - margin
            && a.1 <= v.min_y + v.height + margin
    }

    /// The ring in screen coordinates.
    pub fn screen_points(&self, p: &Projector) -> Vec<(f64, f64)> {
        self.points
            .iter()
            .map(|w| p.screen_from_world(*w))
            .collect()
    }

    /// Where the ring's label goes: its northernmost point (bearing 0, the first).
    pub fn label_anchor(&self, p: &Projector) -> Option<(f64, f64)> {
        self.points.first().map(|w| p.screen_from_world(*w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{Camera, ScreenRect, geo_from_world};
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn rings_are_geodesic_circles_in_world_coordinates() {
        let mut hub = Hub::new(HubId(7), "Air", 27.21, 49.76);
        hub.range_rings_km = vec![150.0, 300.0];
        let rings = hub_rings(&hub);
        assert_eq!(rings.len(), 2);
        assert_eq!(rings[1].radius_km, 300.0);
        assert_eq!(rings[1].points.len(), segments_for(300.0));
        assert!(rings.iter().all(|r| r.closed && r.hub == HubId(7)));
        let centre = Point::new(27.21, 49.76);
        for p in &rings[1].points {
            let (lon, lat) = geo_from_world(*p);
            let d = Geodesic.distance(centre, Point::new(lon, lat)) / 1000.0;
            assert!((d - 300.0).abs() < 1e-6, "{d}");
        }
        // Mercator stretches north: the ring is taller than wide on the projected plane.
        let (min, max) = rings[1].bounds;
        assert!(max.y - min.y > max.x - min.x);
    }

    #[test]
    fn a_ring_round_the_pole_is_not_closed() {
        let mut hub = Hub::new(HubId(1), "Far north", 30.0, 80.0);
        hub.range_rings_km = vec![1500.0];
        assert!(!hub_rings(&hub)[0].closed);
    }

    #[test]
    fn culling_keeps_rings_on_screen_only() {
        let mut hub = Hub::new(HubId(1), "Kyiv", 30.52, 50.45);
        hub.range_rings_km = vec![100.0];
        let ring = &hub_rings(&hub)[0];
        let viewport = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: 800.0,
            height: 600.0,
        };
        let over_kyiv = Projector::new(Camera::looking_at(30.5, 50.4, 6.0), viewport);
        assert!(ring.visible(&over_kyiv, 0.0));
        let (x, y) = ring.label_anchor(&over_kyiv).unwrap();
        assert!((x - 400.0).abs() < 5.0 && y < 300.0, "{x},{y}");
        let over_paris = Projector::new(Camera::looking_at(2.35, 48.85, 6.0), viewport);
        assert!(!ring.visible(&over_paris, 0.0));
        // At world zoom a 50 km ring is under 2 px: not worth a stroke.
        hub.range_rings_km = vec![50.0];
        let world = Projector::new(Camera::looking_at(0.0, 0.0, 0.5), viewport);
        assert!(!hub_rings(&hub)[0].visible(&world, 0.0));
    }
}
