//! Coverage: which oblasts and cities lie within a radius of an active hub, the nearest
//! hub to each and how far it is, and the population covered.
//!
//! All distances are geodesic (WGS84, geo's `Geodesic`). An oblast is within reach when
//! its polygon comes within the radius of a hub (0 km for a hub inside it). Hubs are
//! indexed on the unit sphere (`site::unit`), and each oblast's outline as in
//! `model::site`, so 10,000 hubs cost milliseconds, not a scan of every pair.

use geo::{Distance, Geodesic, Point};
use rstar::{RTree, primitives::GeomWithData};
use serde::Serialize;

use crate::model::geography::RegionLayer;
use crate::model::hub::{Ceasefire, Hub, Status};
use crate::model::polygon_index::PolygonIndex;
use crate::model::site::{HostileBorders, unit};
use crate::projection::GeoBounds;

/// A lower bound of geodesic km per radian of the unit-sphere angle between two
/// points given by geodetic latitude and longitude (the ellipsoid's smallest radius of
/// curvature is 6,335 km), used only to stop searches early, never as a distance.
const KM_PER_RADIAN_MIN: f64 = 6_300.0;

/// A place whose coverage is asked for (a city of `model::places`, or any point).
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    /// Name as shown.
    pub name: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Inhabitants, if known.
    pub population: Option<u64>,
}

/// One oblast in a coverage report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OblastCoverage {
    /// ISO 3166-2 code, e.g. "UA-32".
    pub code: String,
    /// Name.
    pub name: String,
    /// The hub nearest to its polygon (none without active hubs).
    pub nearest_hub: Option<String>,
    /// Geodesic distance from that hub to the polygon, km (0 inside), to 0.1 km.
    pub nearest_km: Option<f64>,
    /// Whether the nearest hub is within the radius.
    pub covered: bool,
}

/// One city in a coverage report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CityCoverage {
    /// Name.
    pub name: String,
    /// Inhabitants, if known.
    pub population: Option<u64>,
    /// The nearest active hub.
    pub nearest_hub: Option<String>,
    /// Geodesic distance to it, km, to 0.1 km.
    pub km: Option<f64>,
    /// Whether it is within the radius.
    pub covered: bool,
}

/// What the active hubs of a plan cover.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageReport {
    /// The radius, km.
    pub radius_km: f64,
    /// Every oblast, in the layer's order.
    pub oblasts: Vec<OblastCoverage>,
    /// Every city asked about, in the order given.
    pub cities: Vec<CityCoverage>,
    /// Inhabitants of the covered cities.
    pub population_covered: u64,
    /// Inhabitants of all the cities.
    pub population_total: u64,
}

impl CoverageReport {
    /// Oblasts covered.
    pub fn oblasts_covered(&self) -> usize {
        self.oblasts.iter().filter(|o| o.covered).count()
    }

    /// Cities covered.
    pub fn cities_covered(&self) -> usize {
        self.cities.iter().filter(|c| c.covered).count()
    }

    /// As one JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// For people: oblasts, then cities, then totals.
    pub fn to_text(&self) -> String {
        let fmt_km = |km: Option<f64>| km.map_or("-".to_owned(), |k| format!("{k:.1} km"));
        let mut out = format!(
            "Coverage within {} km of an active hub (geodesic)\n\n{:<7} {:<28} {:<8} {:>10}  nearest hub\n",
            self.radius_km, "oblast", "name", "covered", "distance"
        );
        for o in &self.oblasts {
            out.push_str(&format!(
                "{:<7} {:<28} {:<8} {:>10}  {}\n",
                o.code,
                o.name,
                if o.covered { "yes" } else { "no" },
                fmt_km(o.nearest_km),
                o.nearest_hub.as_deref().unwrap_or("-")
            ));
        }
        out.push_str(&format!(
            "\n{:<24} {:>10} {:<8} {:>10}  nearest hub\n",
            "city", "population", "covered", "distance"
        ));
        for c in &self.cities {
            out.push_str(&format!(
                "{:<24} {:>10} {:<8} {:>10}  {}\n",
                c.name,
                c.population.map_or("-".to_owned(), |p| p.to_string()),
                if c.covered { "yes" } else { "no" },
                fmt_km(c.km),
                c.nearest_hub.as_deref().unwrap_or("-")
            ));
        }
        out.push_str(&format!(
            "\n{} of {} oblasts, {} of {} cities covered; population covered {} of {} ({:.0}%)\n",
            self.oblasts_covered(),
            self.oblasts.len(),
            self.cities_covered(),
            self.cities.len(),
            self.population_covered,
            self.population_total,
            percent(self.population_covered, self.population_total)
        ));
        out
    }
}

/// The shipped cities of Ukraine (`model::places`, Natural Earth populated places with
/// the official Ukrainian romanisation of their names) as towns for coverage.
/// Coverage is of Ukraine: cities of neighbouring countries are left out.
pub fn shipped_towns() -> Result<Vec<Town>, String> {
    let places = crate::model::places::Places::builtin().map_err(|e| e.to_string())?;
    Ok(places
        .cities()
        .iter()
        .filter(|c| c.country == "UKR")
        .map(|c| Town {
            name: c.name.clone(),
            lon: c.lon,
            lat: c.lat,
            population: c.population,
        })
        .collect())
}

/// `part` as a percentage of `whole` (0 when `whole` is 0).
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// The hubs active under a ceasefire state (its timeline day included), by the one
/// activation rule, `Hub::status`.
pub fn active_hubs<'a>(hubs: &'a [Hub], ceasefire: &Ceasefire) -> Vec<&'a Hub> {
    hubs.iter()
        .filter(|h| h.status(ceasefire) == Status::Active)
        .collect()
}

/// A spherical cap holding a region: its centre on the unit sphere and angular radius.
#[derive(Clone, Copy, Debug)]
struct Cap {
    centre: [f64; 3],
    radius: f64,
}

/// Angle (radians) between two unit vectors from their squared chord.
fn angle_from_chord2(chord2: f64) -> f64 {
    2.0 * (chord2.sqrt() / 2.0).min(1.0).asin()
}

/// One oblast prepared for coverage.
#[derive(Debug)]
struct PreparedOblast {
    code: String,
    name: String,
    area: PolygonIndex,
    bounds: GeoBounds,
    outline: HostileBorders,
    cap: Cap,
}

impl PreparedOblast {
    /// Whether a point is in the oblast (or on its border).
    fn contains(&self, lon: f64, lat: f64) -> bool {
        let b = self.bounds;
        (b.min_lon..=b.max_lon).contains(&lon)
            && (b.min_lat..=b.max_lat).contains(&lat)
            && self.area.contains(lon, lat)
    }
}

/// The oblast layer prepared for coverage: each outline indexed, each polygon in a cap.
/// Build once per geography; [`CoverageIndex::report`] is then cheap.
#[derive(Debug, Default)]
pub struct CoverageIndex {
    oblasts: Vec<PreparedOblast>,
}

impl CoverageIndex {
    /// Prepares the oblasts of a geography.
    pub fn new(oblasts: &RegionLayer) -> Self {
        let oblasts = oblasts
            .regions()
            .iter()
            .map(|r| {
                let points: Vec<[f64; 3]> = r
                    .geometry
                    .iter()
                    .flat_map(|p| p.exterior().0.iter())
                    .map(|c| unit(c.x, c.y))
                    .collect();
                let mut sum = [0.0; 3];
                for p in &points {
                    (0..3).for_each(|k| sum[k] += p[k]);
                }
                let norm = (sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]).sqrt();
                let centre = if norm > 0.0 {
                    sum.map(|v| v / norm)
                } else {
                    unit(r.label_point.0, r.label_point.1)
                };
                let radius = points
                    .iter()
                    .map(|p| angle_from_chord2(chord2(*p, centre)))
                    .fold(0.0, f64::max);
                PreparedOblast {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    area: PolygonIndex::build(&r.geometry),
                    bounds: r.bounds,
                    outline: HostileBorders::outlines([r]),
                    cap: Cap { centre, radius },
                }
            })
            .collect();
        Self { oblasts }
    }

    /// Which oblasts and towns lie within `radius_km` of one of `hubs` (the active
    /// ones, see [`active_hubs`]), with the nearest hub to each.
    pub fn report(&self, hubs: &[&Hub], radius_km: f64, towns: &[Town]) -> CoverageReport {
        let tree = RTree::bulk_load(
            hubs.iter()
                .enumerate()
                .map(|(i, h)| GeomWithData::new(unit(h.lon, h.lat), i))
                .collect(),
        );
        let round = |km: f64| (km * 10.0).round() / 10.0;

        let oblasts = self
            .oblasts
            .iter()
            .map(|region| {
                let cap = region.cap;
                let mut best: Option<(f64, usize)> = None;
                for (candidate, chord2) in tree.nearest_neighbor_iter_with_distance_2(&cap.centre) {
                    let lower = (angle_from_chord2(chord2) - cap.radius) * KM_PER_RADIAN_MIN;
                    if best.is_some_and(|(km, _)| lower > km || km == 0.0) {
                        break;
                    }
                    let h = hubs[candidate.data];
                    let km = if region.contains(h.lon, h.lat) {
                        0.0
                    } else {
                        match region.outline.distance_km(h.lon, h.lat) {
                            Some(km) => km,
                            None => continue,
                        }
                    };
                    if best.is_none_or(|(b, _)| km < b) {
                        best = Some((km, candidate.data));
                    }
                }
                OblastCoverage {
                    code: region.code.clone(),
                    name: region.name.clone(),
                    nearest_hub: best.map(|(_, i)| hubs[i].name.clone()),
                    nearest_km: best.map(|(km, _)| round(km)),
                    covered: best.is_some_and(|(km, _)| km <= radius_km),
                }
            })
            .collect();

        let cities: Vec<CityCoverage> = towns
            .iter()
            .map(|t| {
                let best = nearest_hub(&tree, hubs, t.lon, t.lat);
                CityCoverage {
                    name: t.name.clone(),
                    population: t.population,
                    nearest_hub: best.map(|(_, i)| hubs[i].name.clone()),
                    km: best.map(|(km, _)| round(km)),
                    covered: best.is_some_and(|(km, _)| km <= radius_km),
                }
            })
            .collect();
        let population_total = towns.iter().filter_map(|t| t.population).sum();
        let population_covered = cities
            .iter()
            .filter(|c| c.covered)
            .filter_map(|c| c.population)
            .sum();
        CoverageReport {
            radius_km,
            oblasts,
            cities,
            population_covered,
            population_total,
        }
    }
}

fn chord2(a: [f64; 3], b: [f64; 3]) -> f64 {
    (0..3).map(|k| (a[k] - b[k]).powi(2)).sum()
}

/// The hub nearest to a point (geodesic km, index in `hubs`): candidates come from the
/// R-tree in order of angle until none can be nearer than the best so far.
fn nearest_hub(
    tree: &RTree<GeomWithData<[f64; 3], usize>>,
    hubs: &[&Hub],
    lon: f64,
    lat: f64,
) -> Option<(f64, usize)> {
    let here = Point::new(lon, lat);
    let mut best: Option<(f64, usize)> = None;
    for (candidate, chord2) in tree.nearest_neighbor_iter_with_distance_2(&unit(lon, lat)) {
        if best.is_some_and(|(km, _)| angle_from_chord2(chord2) * KM_PER_RADIAN_MIN > km) {
            break;
        }
        let h = hubs[candidate.data];
        let km = Geodesic.distance(here, Point::new(h.lon, h.lat)) / 1000.0;
        if best.is_none_or(|(b, _)| km < b) {
            best = Some((km, candidate.data));
        }
    }
    best
}

/// Population covered under each ceasefire condition (no ceasefire, in effect,
/// verified, peace agreement), at the state's timeline day: for the chart and the
/// comparison.
pub fn population_by_condition(
    index: &CoverageIndex,
    hubs: &[Hub],
    day: Option<u32>,
    radius_km: f64,
    towns: &[Town],
) -> [(Ceasefire, u64); 4] {
    CONDITIONS.map(|c| {
        let c = c.with_day(day);
        let active = active_hubs(hubs, &c);
        (
            c,
            index.report(&active, radius_km, towns).population_covered,
        )
    })
}

/// The four ceasefire conditions in order: none, in effect, verified, peace (with
/// verification).
pub const CONDITIONS: [Ceasefire; 4] = [
    Ceasefire::new(false, false, false),
    Ceasefire::new(true, false, false),
    Ceasefire::new(true, true, false),
    Ceasefire::new(true, true, true),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::Geography;
    use crate::model::hub::{Activation, HubId};

    const KYIV: (f64, f64) = (30.5234, 50.4501);

    fn towns() -> Vec<Town> {
        vec![
            Town {
                name: "Bila Tserkva".into(),
                lon: 30.1167,
                lat: 49.8,
                population: Some(200_131),
            },
            Town {
                name: "Chernihiv".into(),
                lon: 31.3,
                lat: 51.5,
                population: Some(307_684),
            },
            Town {
                name: "Lviv".into(),
                lon: 24.0297,
                lat: 49.8397,
                population: Some(717_273),
            },
            Town {
                name: "Nowhere".into(),
                lon: 29.0,
                lat: 50.0,
                population: None,
            },
        ]
    }

    #[test]
    fn a_hub_at_kyiv_covers_the_capital_and_its_oblast() {
        let geo = Geography::builtin().unwrap();
        let index = CoverageIndex::new(&geo.oblasts);
        let hub = Hub::new(HubId(1), "Kyiv HQ", KYIV.0, KYIV.1);
        let report = index.report(&[&hub], 100.0, &towns());
        let get = |code: &str| report.oblasts.iter().find(|o| o.code == code).unwrap();
        assert_eq!(
            get("UA-30").nearest_km,
            Some(0.0),
            "the hub is in Kyiv city"
        );
        assert!(get("UA-30").covered && get("UA-32").covered);
        assert_eq!(get("UA-32").nearest_hub.as_deref(), Some("Kyiv HQ"));
        // Kyiv city is a hole in Kyiv oblast: its border is a few km from the centre.
        assert!(get("UA-32").nearest_km.unwrap() < 20.0);
        for far in ["UA-46", "UA-65", "UA-43", "UA-09"] {
            assert!(!get(far).covered, "{far}");
            assert!(get(far).nearest_km.unwrap() > 250.0, "{far}");
        }
        assert_eq!(report.oblasts.len(), geo.oblasts.regions().len());

        // City distances are geo's Geodesic, to 0.1 km.
        for (town, city) in towns().iter().zip(&report.cities) {
            let expect = Geodesic
                .distance(Point::new(KYIV.0, KYIV.1), Point::new(town.lon, town.lat))
                / 1000.0;
            assert!((city.km.unwrap() - expect).abs() <= 0.05, "{}", city.name);
            assert_eq!(city.covered, expect <= 100.0, "{}", city.name);
        }
        let covered: Vec<&str> = report
            .cities
            .iter()
            .filter(|c| c.covered)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(covered, ["Bila Tserkva"]);
        assert_eq!(report.population_covered, 200_131);
        assert_eq!(report.population_total, 200_131 + 307_684 + 717_273);
    }

    #[test]
    fn oblast_distances_agree_with_geodesic_to_their_outlines() {
        let geo = Geography::builtin().unwrap();
        let index = CoverageIndex::new(&geo.oblasts);
        let hub = Hub::new(HubId(1), "Kyiv HQ", KYIV.0, KYIV.1);
        let report = index.report(&[&hub], 100.0, &[]);
        for (region, oblast) in geo.oblasts.regions().iter().zip(&report.oblasts) {
            if region.code == "UA-30" {
                continue;
            }
            // Reference: the nearest outline vertex by geo's Geodesic. The nearest
            // point can lie between vertices, so ours may be a little shorter.
            let vertex_km = region
                .geometry
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|ring| ring.0.iter())
                .map(|c| {
                    Geodesic.distance(Point::new(KYIV.0, KYIV.1), Point::new(c.x, c.y)) / 1000.0
                })
                .fold(f64::INFINITY, f64::min);
            let ours = oblast.nearest_km.unwrap();
            assert!(
                ours <= vertex_km + 0.05 && ours >= vertex_km - 2.0,
                "{}: {ours} vs {vertex_km}",
                region.code
            );
        }
    }

    #[test]
    fn the_nearest_of_many_hubs_is_found_and_conditions_matter() {
        let geo = Geography::builtin().unwrap();
        let index = CoverageIndex::new(&geo.oblasts);
        let mut hubs = vec![
            Hub::new(HubId(1), "Kyiv HQ", KYIV.0, KYIV.1),
            Hub::new(HubId(2), "Lviv training", 24.0297, 49.8397),
            Hub::new(HubId(3), "Odesa naval", 30.7233, 46.4825),
        ];
        hubs[1].activation = Activation::CeasefireVerified;
        hubs[2].activation = Activation::Always;
        hubs[0].stand_up_days = 30;
        let towns = towns();
        let by_condition = population_by_condition(&index, &hubs, None, 100.0, &towns);
        let pops: Vec<u64> = by_condition.iter().map(|(_, p)| *p).collect();
        // Odesa covers none of these towns; Kyiv adds Bila Tserkva, Lviv adds Lviv.
        assert_eq!(pops, [0, 200_131, 200_131 + 717_273, 200_131 + 717_273]);
        // On D+10 Kyiv has not stood up yet.
        let early = population_by_condition(&index, &hubs, Some(10), 100.0, &towns);
        assert_eq!(early[1].1, 0);
        assert_eq!(early[2].1, 717_273);

        let all: Vec<&Hub> = hubs.iter().collect();
        let report = index.report(&all, 100.0, &towns);
        let lviv = &report.cities[2];
        assert_eq!(lviv.nearest_hub.as_deref(), Some("Lviv training"));
        assert_eq!(lviv.km, Some(0.0));
        let odesa = report.oblasts.iter().find(|o| o.code == "UA-51").unwrap();
        assert_eq!(
            (odesa.nearest_hub.as_deref(), odesa.nearest_km),
            (Some("Odesa naval"), Some(0.0))
        );
        // Without hubs nothing is covered and nothing is nearest.
        let none = index.report(&[], 100.0, &towns);
        assert!(
            none.oblasts
                .iter()
                .all(|o| !o.covered && o.nearest_hub.is_none())
        );
        assert_eq!(none.population_covered, 0);
    }
}
