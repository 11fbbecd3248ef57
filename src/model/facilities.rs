//! The nearest airfield, port and city of a hub (geodesic), and the plan's rules on
//! them: an air hub should be at an airfield, a naval hub at a port.
//!
//! Places are indexed in 3-D unit-sphere coordinates, where the straight-line
//! (chord) distance orders points as the great-circle distance does; the few nearest
//! by chord are then measured on the WGS84 ellipsoid (geo's `Geodesic`) and the
//! nearest of those is taken, so the answer is right on the ellipsoid too.

use geo::{Distance, Geodesic, Point};
use rstar::{RTree, primitives::GeomWithData};

use crate::model::hub::{Hub, HubKind};
use crate::model::places::{Place, PlaceKind, Places};

/// Default: an air hub farther than this from any airfield is flagged, in km.
pub const DEFAULT_AIRFIELD_KM: f64 = 10.0;
/// Default: a naval hub farther than this from any port is flagged, in km.
pub const DEFAULT_PORT_KM: f64 = 10.0;
/// Default: a suggested site must be at least this far from every hub, in km.
pub const DEFAULT_HUB_SPACING_KM: f64 = 25.0;

/// How many chord-nearest candidates are measured on the ellipsoid. The chord and the
/// ellipsoidal orders differ only for near-ties (< 0.5 % apart), which 4 covers.
const CANDIDATES: usize = 4;

/// The plan's distances for where hubs stand (saved in the plan file).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FacilityRules {
    /// An air hub farther than this from every airfield gets a warning, km.
    pub airfield_km: f64,
    /// A naval hub farther than this from every port gets a warning, km.
    pub port_km: f64,
    /// A suggested site must be at least this far from every existing hub, km.
    pub hub_spacing_km: f64,
}

impl Default for FacilityRules {
    fn default() -> Self {
        Self {
            airfield_km: DEFAULT_AIRFIELD_KM,
            port_km: DEFAULT_PORT_KM,
            hub_spacing_km: DEFAULT_HUB_SPACING_KM,
        }
    }
}

impl FacilityRules {
    /// The rules as the plan file's `facility_rules` member.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "airfield_km": self.airfield_km,
            "port_km": self.port_km,
            "hub_spacing_km": self.hub_spacing_km,
        })
    }

    /// Reads the plan file's `facility_rules` member; a missing or invalid distance
    /// (negative, not a number) keeps its default.
    pub fn from_json(value: Option<&serde_json::Value>) -> Self {
        let d = Self::default();
        let get = |key: &str, default: f64| {
            value
                .and_then(|v| v.get(key))
                .and_then(serde_json::Value::as_f64)
                .filter(|v| v.is_finite() && *v >= 0.0)
                .unwrap_or(default)
        };
        Self {
            airfield_km: get("airfield_km", d.airfield_km),
            port_km: get("port_km", d.port_km),
            hub_spacing_km: get("hub_spacing_km", d.hub_spacing_km),
        }
    }
}

/// A place and how far it is, in km on the ellipsoid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nearest<'a> {
    /// The place.
    pub place: &'a Place,
    /// Geodesic distance, km.
    pub km: f64,
}

/// The nearest airfield, port and city of one point.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NearestFacilities<'a> {
    /// Nearest airfield.
    pub airfield: Option<Nearest<'a>>,
    /// Nearest seaport.
    pub port: Option<Nearest<'a>>,
    /// Nearest city or town.
    pub city: Option<Nearest<'a>>,
}

impl NearestFacilities<'_> {
    /// The nearest place of one kind.
    pub fn of_kind(&self, kind: PlaceKind) -> Option<Nearest<'_>> {
        match kind {
            PlaceKind::City => self.city,
            PlaceKind::Airfield => self.airfield,
            PlaceKind::Port => self.port,
        }
    }

    /// One line for tooltips and the hub form: "UKBB Boryspil … 0.3 km · port … · city …".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.airfield {
            parts.push(format!("airfield {} {}", n.place.label(), km_text(n.km)));
        }
        if let Some(n) = self.port {
            parts.push(format!("port {} {}", n.place.name, km_text(n.km)));
        }
        if let Some(n) = self.city {
            parts.push(format!("city {} {}", n.place.name, km_text(n.km)));
        }
        parts.join(" · ")
    }
}

/// A distance for people: one decimal below 10 km, whole km above.
pub fn km_text(km: f64) -> String {
    if km < 10.0 {
        format!("{km:.1} km")
    } else {
        format!("{km:.0} km")
    }
}

/// What the facility rules say about a hub.
#[derive(Clone, Debug, PartialEq)]
pub enum FacilityWarning {
    /// An air hub is farther than the plan allows from every airfield.
    FarFromAirfield {
        /// Distance to the nearest airfield, km (`None`: no airfield known).
        km: Option<f64>,
        /// The plan's limit, km.
        limit_km: f64,
    },
    /// A naval hub is farther than the plan allows from every port.
    FarFromPort {
        /// Distance to the nearest port, km (`None`: no port known).
        km: Option<f64>,
        /// The plan's limit, km.
        limit_km: f64,
    },
}

impl std::fmt::Display for FacilityWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, km, limit) = match self {
            FacilityWarning::FarFromAirfield { km, limit_km } => ("an airfield", km, limit_km),
            FacilityWarning::FarFromPort { km, limit_km } => ("a port", km, limit_km),
        };
        match km {
            Some(km) => write!(f, "{km:.0} km from {what} (limit {limit:.0} km)"),
            None => write!(
                f,
                "no {} on the map",
                &what[what.find(' ').map_or(0, |i| i + 1)..]
            ),
        }
    }
}

type Entry = GeomWithData<[f64; 3], usize>;

/// Cities, airfields and ports indexed for nearest-place queries.
#[derive(Debug, Default)]
pub struct FacilityIndex {
    places: Places,
    cities: RTree<Entry>,
    airfields: RTree<Entry>,
    ports: RTree<Entry>,
}

/// A point on the unit sphere.
pub fn unit(lon: f64, lat: f64) -> [f64; 3] {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn tree(places: &[Place]) -> RTree<Entry> {
    RTree::bulk_load(
        places
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(unit(p.lon, p.lat), i))
            .collect(),
    )
}

/// Geodesic distance between two lon/lat points, km.
pub fn geodesic_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0
}

impl FacilityIndex {
    /// Indexes the places.
    pub fn new(places: Places) -> Self {
        Self {
            cities: tree(places.cities()),
            airfields: tree(places.airfields()),
            ports: tree(places.ports()),
            places,
        }
    }

    /// The shipped places, indexed; `None` (and a log line) if they cannot be read,
    /// which only a broken build could cause.
    pub fn builtin() -> Option<Self> {
        match Places::builtin() {
            Ok(p) => Some(Self::new(p)),
            Err(e) => {
                log::error!("{e}");
                None
            }
        }
    }

    /// The places indexed.
    pub fn places(&self) -> &Places {
        &self.places
    }

    fn tree_of(&self, kind: PlaceKind) -> &RTree<Entry> {
        match kind {
            PlaceKind::City => &self.cities,
            PlaceKind::Airfield => &self.airfields,
            PlaceKind::Port => &self.ports,
        }
    }

    /// The nearest place of a kind to a point, with its geodesic distance.
    pub fn nearest(&self, kind: PlaceKind, lon: f64, lat: f64) -> Option<Nearest<'_>> {
        let places = self.places.of_kind(kind);
        let p = unit(lon, lat);
        let chord = |e: &Entry| {
            let g = e.geom();
            ((g[0] - p[0]).powi(2) + (g[1] - p[1]).powi(2) + (g[2] - p[2]).powi(2)).sqrt()
        };
        let mut best_chord = None;
        self.tree_of(kind)
            .nearest_neighbor_iter(&p)
            .take(CANDIDATES)
            // Only near-ties of the chord nearest can be nearer on the ellipsoid
            // (the two orders differ by well under 1 %): measure just those.
            .take_while(|e| {
                let c = chord(e);
                let best = *best_chord.get_or_insert(c);
                c <= best * 1.01 + 1e-12
            })
            .map(|e| {
                let place = &places[e.data];
                Nearest {
                    place,
                    km: geodesic_km((lon, lat), (place.lon, place.lat)),
                }
            })
            .min_by(|a, b| a.km.total_cmp(&b.km))
    }

    /// The nearest airfield, port and city of a point.
    pub fn nearest_all(&self, lon: f64, lat: f64) -> NearestFacilities<'_> {
        NearestFacilities {
            airfield: self.nearest(PlaceKind::Airfield, lon, lat),
            port: self.nearest(PlaceKind::Port, lon, lat),
            city: self.nearest(PlaceKind::City, lon, lat),
        }
    }

    /// Places of any of `kinds` within `km` of a point (for snapping and lists),
    /// nearest first.
    pub fn within(&self, kinds: &[PlaceKind], lon: f64, lat: f64, km: f64) -> Vec<Nearest<'_>> {
        // Chord length of an arc of `km` on a sphere of the mean radius, with a margin
        // for the ellipsoid.
        let chord = 2.0
            * (km / 6371.0088 / 2.0)
                .min(std::f64::consts::FRAC_PI_2)
                .sin()
            * 1.01;
        let p = unit(lon, lat);
        let mut out: Vec<Nearest> = kinds
            .iter()
            .flat_map(|&kind| {
                let places = self.places.of_kind(kind);
                self.tree_of(kind)
                    .locate_within_distance(p, chord * chord)
                    .map(move |e| &places[e.data])
            })
            .map(|place| Nearest {
                place,
                km: geodesic_km((lon, lat), (place.lon, place.lat)),
            })
            .filter(|n| n.km <= km)
            .collect();
        out.sort_by(|a, b| a.km.total_cmp(&b.km));
        out
    }
}

/// The facility rule for a hub: an air hub needs an airfield, a naval hub a port,
/// within the plan's distances. Other kinds have none.
pub fn check(
    hub: &Hub,
    nearest: &NearestFacilities,
    rules: &FacilityRules,
) -> Vec<FacilityWarning> {
    check_km(
        hub,
        nearest.airfield.map(|n| n.km),
        nearest.port.map(|n| n.km),
        rules,
    )
}

/// [`check`] from the distances alone (km to the nearest airfield and port).
pub fn check_km(
    hub: &Hub,
    airfield_km: Option<f64>,
    port_km: Option<f64>,
    rules: &FacilityRules,
) -> Vec<FacilityWarning> {
    let mut out = Vec::new();
    match hub.kind {
        HubKind::Air => {
            let km = airfield_km;
            if km.is_none_or(|km| km > rules.airfield_km) {
                out.push(FacilityWarning::FarFromAirfield {
                    km,
                    limit_km: rules.airfield_km,
                });
            }
        }
        HubKind::Naval => {
            let km = port_km;
            if km.is_none_or(|km| km > rules.port_km) {
                out.push(FacilityWarning::FarFromPort {
                    km,
                    limit_km: rules.port_km,
                });
            }
        }
        _ => {}
    }
    out
}

/// A hub's nearest airfield, port and city, owned, as kept in its [`Site`](crate::model::site::Site)
/// and written by `check` and the exports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HubFacilities {
    /// Nearest airfield: ICAO code (if any), name, km.
    pub airfield: Option<(Option<String>, String, f64)>,
    /// Nearest port: name, km.
    pub port: Option<(String, f64)>,
    /// Nearest city: name, km.
    pub city: Option<(String, f64)>,
}

impl HubFacilities {
    /// Owned copies of the nearest places.
    pub fn from_nearest(n: &NearestFacilities) -> Self {
        Self {
            airfield: n
                .airfield
                .map(|a| (a.place.icao.clone(), a.place.name.clone(), a.km)),
            port: n.port.map(|a| (a.place.name.clone(), a.km)),
            city: n.city.map(|a| (a.place.name.clone(), a.km)),
        }
    }

    /// Whether nothing is known (no place data).
    pub fn is_empty(&self) -> bool {
        self.airfield.is_none() && self.port.is_none() && self.city.is_none()
    }

    /// Lines for the hub form and the list's tooltip: "Airfield: Boryspil … (UKBB), 0.5 km".
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((icao, name, km)) = &self.airfield {
            let code = icao
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            out.push(format!("Nearest airfield: {name}{code}, {}", km_text(*km)));
        }
        if let Some((name, km)) = &self.port {
            out.push(format!("Nearest port: {name}, {}", km_text(*km)));
        }
        if let Some((name, km)) = &self.city {
            out.push(format!("Nearest city: {name}, {}", km_text(*km)));
        }
        out
    }
}

static BUILTIN: std::sync::OnceLock<Option<FacilityIndex>> = std::sync::OnceLock::new();

/// The shipped places, indexed once per process (they are embedded in the binary).
pub fn builtin_index() -> Option<&'static FacilityIndex> {
    BUILTIN.get_or_init(FacilityIndex::builtin).as_ref()
}

/// Adds a hub's nearest places and the facility rule's warnings to its site.
pub fn annotate(site: &mut crate::model::site::Site, hub: &Hub, rules: &FacilityRules) {
    fill_nearest(site, hub);
    add_warnings(site, hub, rules);
}

/// Sets a site's nearest places (they depend only on the position, so the app caches
/// them with the rest of the site).
pub fn fill_nearest(site: &mut crate::model::site::Site, hub: &Hub) {
    if let Some(index) = builtin_index() {
        site.nearest = HubFacilities::from_nearest(&index.nearest_all(hub.lon, hub.lat));
    }
}

/// Adds the facility rule's warnings for the hub's kind, from its site's nearest places
/// (nothing when they are unknown).
pub fn add_warnings(site: &mut crate::model::site::Site, hub: &Hub, rules: &FacilityRules) {
    if site.nearest.is_empty() {
        return;
    }
    let airfield = site.nearest.airfield.as_ref().map(|a| a.2);
    let port = site.nearest.port.as_ref().map(|p| p.1);
    site.warnings.extend(
        check_km(hub, airfield, port, rules)
            .into_iter()
            .map(crate::model::site::Warning::Facility),
    );
}

/// Rounds km to one decimal, as files write them.
pub fn km_rounded(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::HubId;

    fn index() -> FacilityIndex {
        FacilityIndex::new(Places::builtin().unwrap())
    }

    #[test]
    fn boryspil_hub_is_at_ukbb() {
        let ix = index();
        let n = ix.nearest(PlaceKind::Airfield, 30.8947, 50.3450).unwrap();
        assert_eq!(n.place.icao.as_deref(), Some("UKBB"));
        assert!(n.km < 2.0, "{}", n.km);
        let expected = geodesic_km((30.8947, 50.3450), (n.place.lon, n.place.lat));
        assert!((n.km - expected).abs() < 1e-9);
    }

    #[test]
    fn odesa_port_hub_is_at_odesa() {
        let ix = index();
        let n = ix.nearest(PlaceKind::Port, 30.75, 46.49).unwrap();
        assert_eq!(n.place.name, "Odesa");
        assert!(n.km < 5.0, "{}", n.km);
        // Measured against geo's Geodesic for NE's port position (30.73704, 46.50111).
        let expected = geodesic_km((30.75, 46.49), (30.73704, 46.50111));
        assert!((n.km - expected).abs() < 1e-6, "{} vs {expected}", n.km);
        assert!((1.0..2.5).contains(&n.km));
    }

    #[test]
    fn nearest_matches_a_brute_force_geodesic_scan() {
        let ix = index();
        // A grid over Ukraine: the indexed answer is the true geodesic minimum.
        for i in 0..12 {
            for j in 0..8 {
                let (lon, lat) = (22.5 + i as f64 * 1.4, 44.6 + j as f64 * 0.9);
                for kind in PlaceKind::ALL {
                    let best = ix
                        .places()
                        .of_kind(kind)
                        .iter()
                        .map(|p| geodesic_km((lon, lat), (p.lon, p.lat)))
                        .fold(f64::INFINITY, f64::min);
                    let got = ix.nearest(kind, lon, lat).unwrap().km;
                    assert!(
                        (got - best).abs() < 1e-9,
                        "{kind:?} at {lon},{lat}: {got} vs {best}"
                    );
                }
            }
        }
    }

    #[test]
    fn nearest_all_near_kyiv() {
        let ix = index();
        let n = ix.nearest_all(30.5234, 50.4501);
        assert_eq!(n.city.unwrap().place.name, "Kyiv");
        assert!(n.city.unwrap().km < 2.0);
        // Zhuliany (UKKK) is ~6 km from the centre; Sviatoshyn (UKKT) ~9 km.
        assert_eq!(n.airfield.unwrap().place.icao.as_deref(), Some("UKKK"));
        // The nearest port to Kyiv is on the Black Sea, Odesa or Kherson, > 350 km.
        assert!(n.port.unwrap().km > 350.0);
        assert!(
            n.summary()
                .starts_with("airfield Kyiv Zhuliany International Airport (UKKK) ")
        );
    }

    #[test]
    fn within_lists_places_nearest_first() {
        let ix = index();
        let found = ix.within(&[PlaceKind::Airfield], 30.5234, 50.4501, 30.0);
        let codes: Vec<_> = found
            .iter()
            .filter_map(|n| n.place.icao.as_deref())
            .collect();
        assert_eq!(&codes[..2], ["UKKK", "UKKT"]);
        assert!(codes.contains(&"UKBB"));
        assert!(found.windows(2).all(|w| w[0].km <= w[1].km));
        assert!(found.iter().all(|n| n.km <= 30.0));
        assert!(ix.within(&PlaceKind::ALL, 31.0, 43.0, 5.0).is_empty());
    }

    #[test]
    fn air_and_naval_hubs_need_their_facility() {
        let ix = index();
        let rules = FacilityRules::default();
        let mut hub = Hub::new(HubId(1), "Air", 30.8947, 50.3450);
        hub.kind = HubKind::Air;
        let n = ix.nearest_all(hub.lon, hub.lat);
        assert!(check(&hub, &n, &rules).is_empty());
        // Bila Tserkva: its airfield is not in the data; Chepelevka (UKKH) ~27 km.
        hub.lon = 30.13;
        hub.lat = 49.77;
        let n = ix.nearest_all(hub.lon, hub.lat);
        let w = check(&hub, &n, &rules);
        assert!(
            matches!(w.as_slice(), [FacilityWarning::FarFromAirfield { km: Some(km), limit_km }] if *km > 10.0 && *limit_km == 10.0),
            "{w:?}"
        );
        assert!(
            w[0].to_string()
                .ends_with("km from an airfield (limit 10 km)"),
            "{}",
            w[0]
        );
        // A larger plan setting clears it.
        let wide = FacilityRules {
            airfield_km: 60.0,
            ..rules
        };
        assert!(check(&hub, &n, &wide).is_empty());

        hub.kind = HubKind::Naval;
        hub.lon = 30.75;
        hub.lat = 46.49;
        let n = ix.nearest_all(hub.lon, hub.lat);
        assert!(check(&hub, &n, &rules).is_empty());
        // Mykolaiv's port is not in Natural Earth: Kherson is ~55 km.
        hub.lon = 31.98;
        hub.lat = 46.97;
        let n = ix.nearest_all(hub.lon, hub.lat);
        let w = check(&hub, &n, &rules);
        assert!(
            w[0].to_string().contains("km from a port (limit 10 km)"),
            "{w:?}"
        );
        // Other kinds have no facility rule.
        hub.kind = HubKind::Logistics;
        assert!(check(&hub, &n, &rules).is_empty());
        assert_eq!(
            FacilityWarning::FarFromPort {
                km: None,
                limit_km: 10.0
            }
            .to_string(),
            "no port on the map"
        );
    }

    #[test]
    fn rules_read_and_write_json() {
        let r = FacilityRules {
            airfield_km: 12.5,
            port_km: 8.0,
            hub_spacing_km: 40.0,
        };
        assert_eq!(FacilityRules::from_json(Some(&r.to_json())), r);
        assert_eq!(FacilityRules::from_json(None), FacilityRules::default());
        let bad = serde_json::json!({"airfield_km": -3, "port_km": "x"});
        assert_eq!(
            FacilityRules::from_json(Some(&bad)),
            FacilityRules::default()
        );
    }
}
