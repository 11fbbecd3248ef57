//! Control features indexed for analysis: which occupied area a point lies in, and
//! geodesic distances to occupied territory, to the front (area outlines and contact or
//! ceasefire lines) and to the lines a ceasefire zone runs along.
//!
//! Point-in-area uses an R-tree of the areas' edges in longitude/latitude: the edges
//! crossing the eastward ray from the point are counted per area (odd-even rule), so a
//! query costs the edges near that ray, not the whole layer.

use std::collections::HashMap;

use jiff::civil::Date;
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Line};

use crate::model::control::{ControlFeature, ControlGeometry, ControlKind, ControlSettings};
use crate::model::sphere_index::SegmentIndex;

type Edge = GeomWithData<Line<[f64; 2]>, u32>;

/// An occupied area's name and as-of date.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaInfo {
    /// Name.
    pub name: String,
    /// As-of date.
    pub as_of: Date,
    /// Source.
    pub source: String,
}

/// The plan's control features, ready for fast questions.
#[derive(Debug, Default)]
pub struct ControlIndex {
    edges: RTree<Edge>,
    areas: Vec<AreaInfo>,
    occupied: SegmentIndex,
    front: SegmentIndex,
    zone_lines: SegmentIndex,
    line_names: Vec<String>,
    /// The plan's rules.
    pub settings: ControlSettings,
}

impl ControlIndex {
    /// Indexes control features under the plan's settings. Areas of kind "other" and
    /// lines of kind "other" are drawn but not judged.
    pub fn build<'a>(
        features: impl IntoIterator<Item = &'a ControlFeature>,
        settings: &ControlSettings,
    ) -> Self {
        let mut edges = Vec::new();
        let mut areas = Vec::new();
        let mut occupied_paths = Vec::new();
        let mut front_paths = Vec::new();
        let mut zone_paths = Vec::new();
        let mut line_names = Vec::new();
        for f in features {
            match (&f.geometry, f.kind) {
                (ControlGeometry::Area(_), ControlKind::Occupied) => {
                    let tag = areas.len() as u32;
                    areas.push(AreaInfo {
                        name: f.name.clone(),
                        as_of: f.as_of,
                        source: f.source.clone(),
                    });
                    for path in f.geometry.paths() {
                        for w in path.0.windows(2) {
                            edges.push(GeomWithData::new(
                                Line::new([w[0].x, w[0].y], [w[1].x, w[1].y]),
                                tag,
                            ));
                        }
                        occupied_paths.push((path, tag));
                        front_paths.push((path, u32::MAX));
                    }
                }
                (ControlGeometry::Line(_), kind) if kind.makes_zone() => {
                    let tag = line_names.len() as u32;
                    line_names.push(f.name.clone());
                    for path in f.geometry.paths() {
                        zone_paths.push((path, tag));
                        front_paths.push((path, tag));
                    }
                }
                _ => {}
            }
        }
        Self {
            edges: RTree::bulk_load(edges),
            areas,
            occupied: SegmentIndex::from_paths(occupied_paths),
            front: SegmentIndex::from_paths(front_paths),
            zone_lines: SegmentIndex::from_paths(zone_paths),
            line_names,
            settings: settings.clone(),
        }
    }

    /// Whether there is anything to judge against.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty() && self.zone_lines.is_empty()
    }

    /// The occupied area at a point (the first one listed, if areas overlap).
    pub fn area_at(&self, lon: f64, lat: f64) -> Option<&AreaInfo> {
        let ray = AABB::from_corners([lon, lat], [f64::MAX, lat]);
        let mut odd: HashMap<u32, bool> = HashMap::new();
        for e in self.edges.locate_in_envelope_intersecting(&ray) {
            let ([x1, y1], [x2, y2]) = (e.geom().from, e.geom().to);
            if (y1 > lat) != (y2 > lat) {
                let x = x1 + (lat - y1) / (y2 - y1) * (x2 - x1);
                if x > lon {
                    *odd.entry(e.data).or_default() ^= true;
                }
            }
        }
        odd.into_iter()
            .filter(|&(_, o)| o)
            .map(|(tag, _)| tag)
            .min()
            .and_then(|tag| self.areas.get(tag as usize))
    }

    /// Geodesic distance in km to occupied territory: 0 inside, else to the nearest
    /// outline; `None` without occupied areas.
    pub fn occupied_km(&self, lon: f64, lat: f64) -> Option<f64> {
        if self.area_at(lon, lat).is_some() {
            return Some(0.0);
        }
        self.occupied.distance_km(lon, lat)
    }

    /// Geodesic distance in km to the front: the nearest contact or ceasefire line or
    /// occupied-area outline; `None` when there is none.
    pub fn front_km(&self, lon: f64, lat: f64) -> Option<f64> {
        self.front.distance_km(lon, lat)
    }

    /// Distance in km to the nearest line a ceasefire zone runs along, with its name.
    pub fn zone_line(&self, lon: f64, lat: f64) -> Option<(f64, &str)> {
        let (km, tag, _) = self.zone_lines.nearest(lon, lat)?;
        Some((
            km,
            self.line_names.get(tag as usize).map_or("", String::as_str),
        ))
    }

    /// The index of the zone lines (for drawing the zone).
    pub fn zone_lines(&self) -> &SegmentIndex {
        &self.zone_lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::control::{area_from_ring, line_from_points};
    use geo::{Distance, Geodesic, Point};
    use serde_json::Map;

    fn feature(kind: ControlKind, geometry: ControlGeometry) -> ControlFeature {
        ControlFeature {
            id: 1,
            name: format!("{kind:?}"),
            kind,
            geometry,
            source: "test".into(),
            as_of: jiff::civil::date(2025, 1, 1),
            extra: Map::new(),
        }
    }

    #[test]
    fn areas_contain_points_with_holes() {
        let mut square = feature(
            ControlKind::Occupied,
            area_from_ring(&[(30.0, 50.0), (32.0, 50.0), (32.0, 52.0), (30.0, 52.0)]),
        );
        if let ControlGeometry::Area(mp) = &mut square.geometry {
            mp.0[0].interiors_push(geo::LineString::from(vec![
                (30.5, 50.5),
                (31.0, 50.5),
                (31.0, 51.0),
                (30.5, 51.0),
                (30.5, 50.5),
            ]));
        }
        let index = ControlIndex::build([&square], &ControlSettings::default());
        assert_eq!(
            index.area_at(31.5, 51.5).map(|a| a.name.as_str()),
            Some("Occupied")
        );
        assert!(index.area_at(30.75, 50.75).is_none(), "in the hole");
        assert!(index.area_at(33.0, 51.0).is_none());
        assert_eq!(index.occupied_km(31.5, 51.5), Some(0.0));
        // West of the west edge (a meridian): distance agrees with Geodesic to 0.1%.
        let km = index.occupied_km(29.0, 51.0).unwrap();
        let want = Geodesic.distance(Point::new(29.0, 51.0), Point::new(30.0, 51.0)) / 1000.0;
        assert!((km - want).abs() / want < 1e-3, "{km} vs {want}");
        assert_eq!(index.front_km(29.0, 51.0), Some(km));
        assert!(index.zone_line(29.0, 51.0).is_none());
    }

    #[test]
    fn lines_make_zones_and_fronts() {
        let line = feature(
            ControlKind::ContactLine,
            line_from_points(&[(36.0, 47.0), (36.0, 49.0)]),
        );
        let other = feature(
            ControlKind::Other,
            line_from_points(&[(20.0, 47.0), (20.0, 49.0)]),
        );
        let index = ControlIndex::build([&line, &other], &ControlSettings::default());
        let (km, name) = index.zone_line(36.1, 48.0).unwrap();
        let want = Geodesic.distance(Point::new(36.1, 48.0), Point::new(36.0, 48.0)) / 1000.0;
        assert!((km - want).abs() / want < 1e-3, "{km} vs {want}");
        assert_eq!(name, "ContactLine");
        assert!(index.occupied_km(36.1, 48.0).is_none());
        // The "other" line is not judged: the front is the contact line.
        assert!(index.front_km(20.0, 48.0).unwrap() > 1000.0);
    }
}
