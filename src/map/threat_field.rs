//! Threat bands and the ceasefire zone as drawable geometry, computed from geodesic
//! distance fields — never from a planar buffer in degrees.
//!
//! A field is sampled on a longitude/latitude grid: each node holds the geodesic
//! distance (the same [`ControlIndex`]/[`SegmentIndex`] queries the hub analysis uses)
//! to hostile territory, or to the lines a ceasefire zone runs along. Marching squares
//! then trace the isolines at the plan's distances (40, 90, 300 km…), and the zone is
//! hatched by keeping the parts of diagonal lines where the field is under its
//! half-width. The work runs off the UI thread (see [`ControlScene::compute`]); the
//! result is plain line segments in longitude/latitude, cached by the app.

use geo::MultiPolygon;

use crate::model::control::{ControlFeature, ControlGeometry, ControlKind, ControlSettings};
use crate::model::control_index::ControlIndex;
use crate::projection::GeoBounds;

/// A segment in (lon, lat).
pub type GeoSegment = [(f64, f64); 2];

/// The area threat bands are computed over: Ukraine and its neighbours (beyond the
/// widest usual band from the front).
pub const THREAT_BOUNDS: GeoBounds = GeoBounds {
    min_lon: 16.0,
    min_lat: 40.5,
    max_lon: 46.0,
    max_lat: 57.0,
};
/// Grid step of the threat field, degrees of latitude (longitude steps are scaled so
/// cells are about square on the ground).
pub const THREAT_STEP_DEG: f64 = 0.1;
/// Grid step of the zone field as a fraction of the zone's half-width.
const ZONE_STEP_FRACTION: f64 = 0.2;
/// Spacing of the zone's hatching, degrees.
pub const HATCH_SPACING_DEG: f64 = 0.06;

/// A distance field on a regular lon/lat grid (row-major, south to north).
#[derive(Clone, Debug)]
pub struct Field {
    /// West edge.
    pub lon0: f64,
    /// South edge.
    pub lat0: f64,
    /// Longitude step, degrees.
    pub dlon: f64,
    /// Latitude step, degrees.
    pub dlat: f64,
    /// Columns.
    pub nx: usize,
    /// Rows.
    pub ny: usize,
    /// Distances in km (`f64::INFINITY` where there is nothing to measure to).
    pub values: Vec<f64>,
}

impl Field {
    /// Samples `f` on a grid over `bounds`, using up to `threads` threads.
    pub fn sample(
        bounds: GeoBounds,
        dlat: f64,
        threads: usize,
        f: &(dyn Fn(f64, f64) -> f64 + Sync),
    ) -> Field {
        let mid = ((bounds.min_lat + bounds.max_lat) / 2.0)
            .to_radians()
            .cos()
            .max(0.2);
        let dlon = dlat / mid;
        let nx = (((bounds.max_lon - bounds.min_lon) / dlon).ceil() as usize + 1).clamp(2, 4000);
        let ny = (((bounds.max_lat - bounds.min_lat) / dlat).ceil() as usize + 1).clamp(2, 4000);
        let mut values = vec![f64::INFINITY; nx * ny];
        let threads = threads.clamp(1, 16);
        let rows_per = ny.div_ceil(threads);
        std::thread::scope(|s| {
            for (chunk_index, chunk) in values.chunks_mut(rows_per * nx).enumerate() {
                s.spawn(move || {
                    for (k, v) in chunk.iter_mut().enumerate() {
                        let row = chunk_index * rows_per + k / nx;
                        let col = k % nx;
                        *v = f(
                            bounds.min_lon + col as f64 * dlon,
                            bounds.min_lat + row as f64 * dlat,
                        );
                    }
                });
            }
        });
        Field {
            lon0: bounds.min_lon,
            lat0: bounds.min_lat,
            dlon,
            dlat,
            nx,
            ny,
            values,
        }
    }

    fn at(&self, col: usize, row: usize) -> f64 {
        self.values[row * self.nx + col]
    }

    fn pos(&self, col: f64, row: f64) -> (f64, f64) {
        (self.lon0 + col * self.dlon, self.lat0 + row * self.dlat)
    }

    /// Bilinear value at a position (infinite outside the grid).
    pub fn value_at(&self, lon: f64, lat: f64) -> f64 {
        let x = (lon - self.lon0) / self.dlon;
        let y = (lat - self.lat0) / self.dlat;
        if !(x >= 0.0 && y >= 0.0) || x > (self.nx - 1) as f64 || y > (self.ny - 1) as f64 {
            return f64::INFINITY;
        }
        let (c, r) = ((x as usize).min(self.nx - 2), (y as usize).min(self.ny - 2));
        let (fx, fy) = (x - c as f64, y - r as f64);
        let a = self.at(c, r) * (1.0 - fx) + self.at(c + 1, r) * fx;
        let b = self.at(c, r + 1) * (1.0 - fx) + self.at(c + 1, r + 1) * fx;
        a * (1.0 - fy) + b * fy
    }

    /// The isoline at `level` as segments (marching squares, saddles split by the
    /// cell's mean).
    pub fn isoline(&self, level: f64) -> Vec<GeoSegment> {
        let mut out = Vec::new();
        for r in 0..self.ny - 1 {
            for c in 0..self.nx - 1 {
                // Corners counter-clockwise from south-west.
                let v = [
                    self.at(c, r),
                    self.at(c + 1, r),
                    self.at(c + 1, r + 1),
                    self.at(c, r + 1),
                ];
                if v.iter().any(|x| !x.is_finite()) {
                    continue;
                }
                let inside = v.map(|x| x < level);
                let case = inside
                    .iter()
                    .enumerate()
                    .fold(0, |acc, (i, &b)| acc | ((b as usize) << i));
                if case == 0 || case == 15 {
                    continue;
                }
                let corner = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
                // The crossing on edge i (from corner i to corner i+1).
                let cross = |i: usize| {
                    let j = (i + 1) % 4;
                    let t = ((level - v[i]) / (v[j] - v[i])).clamp(0.0, 1.0);
                    let (x0, y0) = corner[i];
                    let (x1, y1) = corner[j];
                    self.pos(c as f64 + x0 + t * (x1 - x0), r as f64 + y0 + t * (y1 - y0))
                };
                let crossing: Vec<usize> = (0..4)
                    .filter(|&i| inside[i] != inside[(i + 1) % 4])
                    .collect();
                match crossing.as_slice() {
                    [a, b] => out.push([cross(*a), cross(*b)]),
                    [a, b, cc, d] => {
                        // Saddle: pair the edges so the inside corners connect when the
                        // centre is inside.
                        let centre_inside = v.iter().sum::<f64>() / 4.0 < level;
                        if centre_inside == inside[0] {
                            out.push([cross(*a), cross(*b)]);
                            out.push([cross(*cc), cross(*d)]);
                        } else {
                            out.push([cross(*d), cross(*a)]);
                            out.push([cross(*b), cross(*cc)]);
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// Parts of diagonal lines (south-west to north-east, `spacing` degrees apart) where
    /// the field is below `level`: a hatching of that region.
    pub fn hatch(&self, level: f64, spacing: f64) -> Vec<GeoSegment> {
        let mut out = Vec::new();
        let (w, s) = (self.lon0, self.lat0);
        let e = w + (self.nx - 1) as f64 * self.dlon;
        let n = s + (self.ny - 1) as f64 * self.dlat;
        let step = self.dlat.min(self.dlon) / 2.0;
        // Lines lat = lon + k, k from (s - e) to (n - w).
        let mut k = ((s - e) / spacing).floor() * spacing;
        while k <= n - w {
            let start = w.max(s - k);
            let end = e.min(n - k);
            let mut run: Option<(f64, f64)> = None;
            let mut lon = start;
            while lon <= end {
                let lat = lon + k;
                let inside = self.value_at(lon, lat) < level;
                match (inside, run) {
                    (true, None) => run = Some((lon, lat)),
                    (false, Some(p)) => {
                        out.push([p, (lon - step, lat - step)]);
                        run = None;
                    }
                    _ => {}
                }
                lon += step;
            }
            if let Some(p) = run {
                out.push([p, (end, end + k)]);
            }
            k += spacing;
        }
        out
    }
}

/// One threat band's isoline.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Distance from hostile territory, km.
    pub km: f64,
    /// The isoline.
    pub segments: Vec<GeoSegment>,
}

/// Everything drawn for the control layers besides the features themselves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ControlScene {
    /// Threat-band isolines, nearest first.
    pub bands: Vec<Band>,
    /// The ceasefire zone's outline.
    pub zone_outline: Vec<GeoSegment>,
    /// The zone's hatching.
    pub zone_hatch: Vec<GeoSegment>,
    /// The zone's half-width, km.
    pub zone_half_width_km: f64,
}

/// What a [`ControlScene`] is computed from (owned, so it can go to another thread).
#[derive(Clone, Debug, PartialEq)]
pub struct SceneInput {
    /// Outlines of the hostile countries.
    pub hostile_countries: Vec<MultiPolygon<f64>>,
    /// The control features in effect (reference included when shown).
    pub features: Vec<ControlFeature>,
    /// The plan's rules.
    pub settings: ControlSettings,
}

impl SceneInput {
    /// The input for a plan on a map: hostile countries by the plan's roster, the
    /// plan's control features (and the reference when it is shown).
    pub fn for_plan(
        countries: &crate::model::geography::RegionLayer,
        plan: &crate::model::plan::Plan,
    ) -> Self {
        use crate::model::roster::Role;
        Self {
            hostile_countries: countries
                .regions()
                .iter()
                .filter(|r| plan.role(&r.code) == Role::Hostile)
                .map(|r| r.geometry.as_ref().clone())
                .collect(),
            features: crate::model::control::effective(&plan.control, &plan.control_settings)
                .cloned()
                .collect(),
            settings: plan.control_settings.clone(),
        }
    }
}

/// How many computed scenes [`ControlScene::cached`] keeps.
const CACHED_SCENES: usize = 4;

impl ControlScene {
    /// The scene for `input`, computed once and then reused while the input is the same
    /// (the slides of one plan, repeated exports): the last few are kept.
    pub fn cached(input: &SceneInput, threads: usize) -> std::sync::Arc<ControlScene> {
        use std::sync::{Arc, Mutex, PoisonError};
        type Cache = Vec<(SceneInput, Arc<ControlScene>)>;
        static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
        // Held while computing, so that parallel exports of the same plan wait for one
        // computation instead of each doing it.
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = cache.iter().position(|(k, _)| k == input) {
            let hit = cache.remove(i);
            let scene = hit.1.clone();
            cache.push(hit);
            return scene;
        }
        let scene = Arc::new(Self::compute(input, threads));
        if cache.len() >= CACHED_SCENES {
            cache.remove(0);
        }
        cache.push((input.clone(), scene.clone()));
        scene
    }

    /// Computes the threat bands over [`THREAT_BOUNDS`] and the ceasefire zone, on up
    /// to `threads` threads. Seconds of work for a large layer: call it off the UI thread.
    pub fn compute(input: &SceneInput, threads: usize) -> ControlScene {
        // Hostile territory: the hostile countries as areas, plus the occupied areas.
        let as_area = |mp: &MultiPolygon<f64>| ControlFeature {
            id: 0,
            name: String::new(),
            kind: ControlKind::Occupied,
            geometry: ControlGeometry::Area(mp.clone()),
            source: String::new(),
            as_of: jiff::civil::Date::default(),
            extra: Default::default(),
        };
        let countries: Vec<ControlFeature> = input.hostile_countries.iter().map(as_area).collect();
        let hostile = ControlIndex::build(
            countries.iter().chain(
                input
                    .features
                    .iter()
                    .filter(|f| f.kind == ControlKind::Occupied),
            ),
            &input.settings,
        );
        let mut scene = ControlScene {
            zone_half_width_km: input.settings.zone_half_width_km,
            ..ControlScene::default()
        };
        if !input.settings.threat_bands_km.is_empty() && !hostile.is_empty() {
            let field = Field::sample(THREAT_BOUNDS, THREAT_STEP_DEG, threads, &|lon, lat| {
                hostile.occupied_km(lon, lat).unwrap_or(f64::INFINITY)
            });
            scene.bands = input
                .settings
                .threat_bands_km
                .iter()
                .map(|&km| Band {
                    km,
                    segments: field.isoline(km),
                })
                .collect();
        }
        let lines = ControlIndex::build(
            input.features.iter().filter(|f| f.kind.makes_zone()),
            &input.settings,
        );
        let hw = input.settings.zone_half_width_km;
        if let Some(b) = zone_box(&input.features, hw) {
            let step = (hw * ZONE_STEP_FRACTION / 111.0).max(0.005);
            let field = Field::sample(b, step, threads, &|lon, lat| {
                lines
                    .zone_line(lon, lat)
                    .map_or(f64::INFINITY, |(km, _)| km)
            });
            scene.zone_outline = field.isoline(hw);
            scene.zone_hatch = field.hatch(hw, HATCH_SPACING_DEG);
        }
        scene
    }
}

/// The box the ceasefire zone is computed in: around every zone line, widened by the
/// half-width (and a cell). None when there is no zone: no zone line, or no width.
pub fn zone_box(features: &[ControlFeature], half_width_km: f64) -> Option<GeoBounds> {
    if half_width_km > 0.0 {
        zone_bounds(features, half_width_km)
    } else {
        None
    }
}

/// The box around every zone line, widened by the half-width (and a cell).
fn zone_bounds(features: &[ControlFeature], half_width_km: f64) -> Option<GeoBounds> {
    let mut b: Option<GeoBounds> = None;
    for f in features.iter().filter(|f| f.kind.makes_zone()) {
        for path in f.geometry.paths() {
            for c in &path.0 {
                let p = GeoBounds::new(c.x, c.y, c.x, c.y);
                b = Some(b.map_or(p, |b| b.union(p)));
            }
        }
    }
    let b = b?;
    let dlat = half_width_km / 110.0 * 1.3 + 0.05;
    let dlon = dlat
        / ((b.min_lat.abs().max(b.max_lat.abs()))
            .to_radians()
            .cos()
            .max(0.1));
    Some(GeoBounds::new(
        b.min_lon - dlon,
        (b.min_lat - dlat).max(-89.0),
        b.max_lon + dlon,
        (b.max_lat + dlat).min(89.0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::control::line_from_points;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn isolines_of_a_line_lie_at_the_geodesic_distance() {
        let line = ControlFeature {
            id: 1,
            name: "L".into(),
            kind: ControlKind::ContactLine,
            geometry: line_from_points(&[(33.0, 47.0), (33.0, 49.0)]),
            source: "t".into(),
            as_of: jiff::civil::date(2025, 1, 1),
            extra: Default::default(),
        };
        let input = SceneInput {
            hostile_countries: Vec::new(),
            features: vec![line],
            settings: ControlSettings::default(),
        };
        let scene = ControlScene::compute(&input, 2);
        assert!(
            scene.bands.is_empty(),
            "a line alone is not hostile territory"
        );
        assert!(!scene.zone_outline.is_empty() && !scene.zone_hatch.is_empty());
        // Every outline point beside the line's middle is ~15 km from it, geodesically.
        let mut checked = 0;
        for seg in &scene.zone_outline {
            let (lon, lat) = seg[0];
            if (47.5..48.5).contains(&lat) {
                let km = Geodesic.distance(Point::new(lon, lat), Point::new(33.0, lat)) / 1000.0;
                assert!((km - 15.0).abs() < 0.3, "{km} at {lon},{lat}");
                checked += 1;
            }
        }
        assert!(checked > 10);
        // Hatching stays inside the zone.
        for seg in &scene.zone_hatch {
            for (lon, lat) in seg {
                if (47.0..49.0).contains(lat) {
                    let km =
                        Geodesic.distance(Point::new(*lon, *lat), Point::new(33.0, *lat)) / 1000.0;
                    assert!(km < 15.5, "{km}");
                }
            }
        }
    }

    #[test]
    fn threat_bands_follow_the_reference_and_hostile_countries() {
        let g = crate::model::geography::Geography::builtin().unwrap();
        let plan = crate::model::plan::Plan::default();
        let input = SceneInput::for_plan(&g.countries, &plan);
        assert_eq!(input.hostile_countries.len(), 2);
        let scene = ControlScene::compute(&input, 2);
        assert_eq!(
            scene.bands.iter().map(|b| b.km).collect::<Vec<_>>(),
            [40.0, 90.0, 300.0]
        );
        let borders = crate::model::site::HostileBorders::for_plan(&g.countries, &plan);
        // Points on the 90 km isoline inside Ukraine are ~90 km from hostile territory.
        let mut checked = 0;
        for seg in scene.bands[1].segments.iter().step_by(7) {
            let (lon, lat) = seg[0];
            if g.countries
                .region_at(lon, lat)
                .is_some_and(|r| r.code == "UKR")
            {
                let km = borders.territory_km(&g, lon, lat).unwrap();
                assert!((km - 90.0).abs() < 3.0, "{km} at {lon},{lat}");
                checked += 1;
            }
        }
        assert!(checked > 10, "{checked}");
    }
}
