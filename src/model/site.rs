//! Where a hub is: its country and oblast, whether it lies in occupied territory, how far
//! it is from hostile territory and from the front, which zone or threat band it is in,
//! and the warnings that follow.
//!
//! Hostile territory is every country the roster marks hostile plus every occupied area
//! of the plan's control layer. Distances are geodesic (WGS84, geo's `Geodesic`),
//! found with [`SegmentIndex`] (an R-tree on the unit sphere).

use jiff::civil::Date;

use crate::model::control::{ControlFeature, ControlSettings};
use crate::model::control_index::ControlIndex;
use crate::model::geography::{Geography, Region, RegionLayer};
use crate::model::hub::Hub;
use crate::model::roster::{Role, Roster};
use crate::model::sphere_index::SegmentIndex;
/// A point on the unit sphere (shared by `model::compare` and `model::coverage`).
pub use crate::model::sphere_index::unit;

/// How far offshore a point still counts as on the coast, km: the 1:10m coastline
/// leaves some harbour-city centres a few hundred metres at sea.
pub const COAST_TOLERANCE_KM: f64 = 2.0;

/// Hostile territory, indexed: the borders (and coasts) of every country with the
/// hostile role, and the plan's control features with its rules about them.
#[derive(Debug, Default)]
pub struct HostileBorders {
    countries: SegmentIndex,
    codes: Vec<String>,
    /// The plan's control features (empty unless built with them).
    pub control: ControlIndex,
}

impl HostileBorders {
    /// Indexes the outlines of the countries the roster marks hostile.
    pub fn build(countries: &RegionLayer, roster: &Roster) -> Self {
        Self::outlines(
            countries
                .regions()
                .iter()
                .filter(|r| roster.role(&r.code) == Role::Hostile),
        )
    }

    /// Indexes the outlines of any regions, e.g. of one oblast for the coverage
    /// analysis (`model::coverage`): [`HostileBorders::distance_km`] is then the
    /// geodesic distance to that outline.
    pub fn outlines<'a>(regions: impl IntoIterator<Item = &'a Region>) -> Self {
        let regions: Vec<&Region> = regions.into_iter().collect();
        let paths = regions.iter().flat_map(|region| {
            region
                .geometry
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .map(|ring| (ring, 0))
        });
        Self {
            countries: SegmentIndex::from_paths(paths),
            codes: regions.iter().map(|r| r.code.clone()).collect(),
            control: ControlIndex::default(),
        }
    }

    /// Adds control features (with the plan's settings) to hostile territory.
    pub fn with_control<'a>(
        mut self,
        features: impl IntoIterator<Item = &'a ControlFeature>,
        settings: &ControlSettings,
    ) -> Self {
        self.control = ControlIndex::build(features, settings);
        self
    }

    /// Hostile countries and the plan's control layer (with the shipped reference when
    /// the plan shows it): what every hub of the plan is judged against.
    pub fn for_plan(countries: &RegionLayer, plan: &crate::model::plan::Plan) -> Self {
        Self::build(countries, &plan.roster).with_control(
            crate::model::control::effective(&plan.control, &plan.control_settings),
            &plan.control_settings,
        )
    }

    /// Codes of the hostile countries indexed.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Geodesic distance in km from a point to the nearest hostile country's border or
    /// coast; `None` when no country is hostile.
    pub fn distance_km(&self, lon: f64, lat: f64) -> Option<f64> {
        self.countries.distance_km(lon, lat)
    }

    /// Geodesic distance in km to hostile territory (hostile countries and occupied
    /// areas; 0 inside); `None` when there is none.
    pub fn territory_km(&self, geography: &Geography, lon: f64, lat: f64) -> Option<f64> {
        let inside_country = geography
            .countries
            .region_at(lon, lat)
            .is_some_and(|c| self.codes.contains(&c.code));
        let country = if inside_country {
            Some(0.0)
        } else {
            self.distance_km(lon, lat)
        };
        match (country, self.control.occupied_km(lon, lat)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Which band of the plan a hub is in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Zone {
    /// Within the ceasefire zone's half-width of a contact or ceasefire line.
    CeasefireZone,
    /// Within this many km of hostile territory (the smallest band that holds it).
    Threat(f64),
}

impl Zone {
    /// Key for files and the command line: `ceasefire_zone`, `threat_40km`.
    pub fn key(&self) -> String {
        match self {
            Zone::CeasefireZone => "ceasefire_zone".into(),
            Zone::Threat(km) => format!("threat_{}km", crate::model::site::km_text(*km)),
        }
    }
}

/// A distance in km as short text: "40", "12.5".
pub fn km_text(km: f64) -> String {
    if km.fract() == 0.0 {
        format!("{km:.0}")
    } else {
        format!("{km}")
    }
}

/// Something a planner should look at.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// The hub lies in an occupied (non-government-controlled) area: an error.
    Occupied {
        /// The area's name.
        area: String,
        /// The date its source describes.
        as_of: Date,
    },
    /// The hub is not in Ukraine (`None`: not on any country, e.g. at sea).
    OutsideUkraine {
        /// The country it is in, if any.
        country: Option<String>,
    },
    /// The hub is inside the ceasefire zone and its kind is not allowed there.
    InCeasefireZone {
        /// Distance to the line, km.
        km: f64,
        /// The line's name.
        line: String,
        /// The zone's half-width, km.
        half_width_km: f64,
    },
    /// The hub is closer to hostile territory than the plan allows for its kind.
    TooCloseForKind {
        /// The kind's label.
        kind: String,
        /// Distance in km.
        km: f64,
        /// The minimum for the kind, km.
        min_km: f64,
    },
    /// The hub is within the plan's buffer of hostile territory.
    NearHostileBorder {
        /// Distance in km.
        km: f64,
        /// The plan's buffer in km.
        limit_km: f64,
    },
    /// An air hub far from any airfield, or a naval hub far from any port.
    Facility(crate::model::facilities::FacilityWarning),
}

impl Warning {
    /// Whether this is an error (drawn as such), not just something to look at.
    pub fn is_error(&self) -> bool {
        matches!(self, Warning::Occupied { .. })
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Occupied { area, as_of } => {
                write!(f, "in occupied area: {area}, as of {as_of}")
            }
            Warning::OutsideUkraine { country: Some(c) } => write!(f, "outside Ukraine (in {c})"),
            Warning::OutsideUkraine { country: None } => write!(f, "outside Ukraine (not on land)"),
            Warning::Facility(w) => write!(f, "{w}"),
            Warning::InCeasefireZone {
                km,
                line,
                half_width_km,
            } => write!(
                f,
                "in the ceasefire zone: {km:.1} km from {line} (zone {half_width_km:.0} km each side)"
            ),
            Warning::TooCloseForKind { kind, km, min_km } => write!(
                f,
                "{km:.0} km from hostile territory ({kind}: at least {min_km:.0} km)"
            ),
            Warning::NearHostileBorder { km, limit_km } => {
                write!(
                    f,
                    "{km:.0} km from hostile territory (limit {limit_km:.0} km)"
                )
            }
        }
    }
}

/// Where a hub is and what is wrong with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Site {
    /// Country code and name.
    pub country: Option<(String, String)>,
    /// Oblast code and name (in Ukraine).
    pub oblast: Option<(String, String)>,
    /// Distance to the nearest hostile territory in km (0 inside it).
    pub hostile_km: Option<f64>,
    /// Warnings, most serious first.
    pub warnings: Vec<Warning>,
    /// Nearest airfield, port and city (filled by `facilities::annotate`).
    pub nearest: crate::model::facilities::HubFacilities,
    /// Name of the occupied area the hub lies in.
    pub occupied: Option<String>,
    /// Distance to the front (nearest contact or ceasefire line or occupied-area
    /// outline) in km; `None` when the plan has none.
    pub front_km: Option<f64>,
    /// The ceasefire zone or threat band the hub is in.
    pub zone: Option<Zone>,
    /// The hub is just offshore and took the nearest land's country and oblast.
    pub on_coast: bool,
}

impl Site {
    /// Whether any warning is an error.
    pub fn has_error(&self) -> bool {
        self.warnings.iter().any(Warning::is_error)
    }
}

/// The nearest region of a layer within `max_km` of a point (for points just offshore).
fn nearest_region(layer: &RegionLayer, lon: f64, lat: f64, max_km: f64) -> Option<(usize, f64)> {
    layer.nearest_outline_within(lon, lat, max_km)
}

/// Locates a hub and checks it against the plan's rules (hostile territory, control
/// features, zones and per-kind distances travel in `borders`).
pub fn analyse(hub: &Hub, geography: &Geography, borders: &HostileBorders, buffer_km: f64) -> Site {
    let (lon, lat) = (hub.lon, hub.lat);
    let loc = geography.locate(lon, lat);
    let mut country = loc.country.map(|c| (c.code.clone(), c.name.clone()));
    let mut oblast = loc.oblast.map(|o| (o.code.clone(), o.name.clone()));
    let mut on_coast = false;
    if country.is_none()
        && let Some((i, _)) = nearest_region(&geography.countries, lon, lat, COAST_TOLERANCE_KM)
    {
        let c = &geography.countries.regions()[i];
        country = Some((c.code.clone(), c.name.clone()));
        on_coast = true;
        if c.code == "UKR" {
            oblast = nearest_region(&geography.oblasts, lon, lat, COAST_TOLERANCE_KM)
                .map(|(j, _)| &geography.oblasts.regions()[j])
                .map(|o| (o.code.clone(), o.name.clone()));
        }
    }
    let control = &borders.control;
    let area = control.area_at(lon, lat);
    let inside_hostile = country
        .as_ref()
        .is_some_and(|(code, _)| borders.codes().contains(code));
    let country_km = if inside_hostile {
        Some(0.0)
    } else {
        borders.distance_km(lon, lat)
    };
    let hostile_km = match (country_km, control.occupied_km(lon, lat)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let front_km = control.front_km(lon, lat);
    let settings = &control.settings;
    let zone_line = control
        .zone_line(lon, lat)
        .filter(|&(km, _)| km <= settings.zone_half_width_km);
    let zone = if zone_line.is_some() {
        Some(Zone::CeasefireZone)
    } else {
        hostile_km.and_then(|km| {
            settings
                .threat_bands_km
                .iter()
                .find(|&&band| km <= band)
                .map(|&band| Zone::Threat(band))
        })
    };

    let mut warnings = Vec::new();
    if let Some(a) = area {
        warnings.push(Warning::Occupied {
            area: a.name.clone(),
            as_of: a.as_of,
        });
    }
    if country.as_ref().is_none_or(|(code, _)| code != "UKR") {
        warnings.push(Warning::OutsideUkraine {
            country: country.as_ref().map(|(_, name)| name.clone()),
        });
    }
    if let Some((km, line)) = zone_line
        && !settings.zone_allowed.contains(&hub.kind)
    {
        warnings.push(Warning::InCeasefireZone {
            km,
            line: line.to_owned(),
            half_width_km: settings.zone_half_width_km,
        });
    }
    if let (Some(km), Some(min_km)) = (hostile_km, settings.min_distance_for(&hub.kind))
        && km < min_km
    {
        warnings.push(Warning::TooCloseForKind {
            kind: hub.kind.label().to_owned(),
            km,
            min_km,
        });
    }
    if let Some(km) = hostile_km.filter(|&km| km < buffer_km) {
        warnings.push(Warning::NearHostileBorder {
            km,
            limit_km: buffer_km,
        });
    }
    Site {
        country,
        oblast,
        hostile_km,
        warnings,
        nearest: Default::default(),
        occupied: area.map(|a| a.name.clone()),
        front_km,
        zone,
        on_coast,
    }
}

/// Sites of every hub of a plan (for the command line and exports; the app caches them).
pub fn analyse_plan(plan: &crate::model::plan::Plan, geography: &Geography) -> Vec<Site> {
    let borders = HostileBorders::for_plan(&geography.countries, plan);
    analyse_hubs(plan, plan.hubs.iter(), geography, &borders)
}

/// Sites of some hubs of a plan, in the order given, against `borders` (built once with
/// [`HostileBorders::for_plan`]): what streamed exports compute a chunk at a time.
pub fn analyse_hubs<'a>(
    plan: &crate::model::plan::Plan,
    hubs: impl Iterator<Item = &'a Hub>,
    geography: &Geography,
    borders: &HostileBorders,
) -> Vec<Site> {
    use rayon::prelude::*;
    let hubs: Vec<&Hub> = hubs.collect();
    // Each hub is independent: spread them over the cores (order is kept).
    hubs.par_iter()
        .map(|hub| {
            let mut site = analyse(hub, geography, borders, plan.hostile_buffer_km);
            crate::model::facilities::annotate(&mut site, hub, &plan.facility_rules);
            site
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::HubId;
    use geo::{Distance, Geodesic, Point};

    fn setup() -> (Geography, HostileBorders) {
        let g = Geography::builtin().unwrap();
        let b = HostileBorders::build(&g.countries, &Roster::builtin());
        (g, b)
    }

    #[test]
    fn hostile_borders_are_russia_and_belarus() {
        let (_, b) = setup();
        let mut codes = b.codes().to_vec();
        codes.sort();
        assert_eq!(codes, vec!["BLR", "RUS"]);
    }

    #[test]
    fn distances_to_hostile_borders_are_geodesic_and_plausible() {
        let (_, b) = setup();
        // Kharkiv is ~30 km from the Russian border, Kyiv ~90 km from Belarus, and
        // Lviv ~190 km from Belarus's southern border near 24.0°E 51.55°N.
        let kharkiv = b.distance_km(36.2304, 49.9935).unwrap();
        assert!((25.0..40.0).contains(&kharkiv), "Kharkiv {kharkiv}");
        let kyiv = b.distance_km(30.5234, 50.4501).unwrap();
        assert!((80.0..110.0).contains(&kyiv), "Kyiv {kyiv}");
        let lviv = b.distance_km(24.0297, 49.8397).unwrap();
        let to_belarus =
            Geodesic.distance(Point::new(24.0297, 49.8397), Point::new(24.0, 51.55)) / 1000.0;
        assert!(
            (lviv - to_belarus).abs() < 15.0,
            "Lviv {lviv} vs {to_belarus}"
        );
        // A point on the Russia–Ukraine border itself is ~0.
        let on = b.distance_km(35.5, 50.36).unwrap();
        assert!(on < 15.0, "{on}");
    }

    #[test]
    fn no_hostile_country_means_no_distance() {
        let g = Geography::builtin().unwrap();
        let mut roster = Roster::builtin();
        roster.set_role("RUS", "Russia", Role::Other);
        roster.set_role("BLR", "Belarus", Role::Other);
        let b = HostileBorders::build(&g.countries, &roster);
        assert!(b.distance_km(30.0, 50.0).is_none());
    }

    #[test]
    fn warnings_for_outside_and_near_border() {
        let (g, b) = setup();
        let kyiv = Hub::new(HubId(1), "Kyiv", 30.5234, 50.4501);
        let site = analyse(&kyiv, &g, &b, 50.0);
        assert_eq!(site.country.as_ref().map(|c| c.0.as_str()), Some("UKR"));
        assert_eq!(site.oblast.as_ref().map(|c| c.0.as_str()), Some("UA-30"));
        assert!(site.warnings.is_empty(), "{:?}", site.warnings);

        let kharkiv = Hub::new(HubId(2), "Kharkiv", 36.2304, 49.9935);
        let site = analyse(&kharkiv, &g, &b, 50.0);
        assert!(matches!(
            site.warnings.as_slice(),
            [Warning::NearHostileBorder { .. }]
        ));
        assert!(
            site.warnings[0]
                .to_string()
                .contains("km from hostile territory")
        );

        let rzeszow = Hub::new(HubId(3), "Rzeszów", 21.9991, 50.0412);
        let site = analyse(&rzeszow, &g, &b, 50.0);
        assert_eq!(
            site.warnings,
            vec![Warning::OutsideUkraine {
                country: Some("Poland".into())
            }]
        );

        let sea = Hub::new(HubId(4), "Sea", 31.0, 43.0);
        let site = analyse(&sea, &g, &b, 50.0);
        assert!(
            site.warnings
                .contains(&Warning::OutsideUkraine { country: None })
        );

        let moscow = Hub::new(HubId(5), "Moscow", 37.6173, 55.7558);
        let site = analyse(&moscow, &g, &b, 50.0);
        assert_eq!(site.hostile_km, Some(0.0));
        assert_eq!(site.warnings.len(), 2);
    }

    fn plan_borders(plan: &crate::model::plan::Plan) -> (Geography, HostileBorders) {
        let g = Geography::builtin().unwrap();
        let b = HostileBorders::for_plan(&g.countries, plan);
        (g, b)
    }

    #[test]
    fn the_reference_layer_marks_donetsk_luhansk_and_simferopol_occupied() {
        let plan = crate::model::plan::Plan::default();
        let (g, b) = plan_borders(&plan);
        for (name, lon, lat, area) in [
            ("Donetsk", 37.80, 48.02, "Donbass"),
            ("Luhansk", 39.30, 48.57, "Donbass"),
            ("Simferopol", 34.10, 44.95, "Crimea"),
        ] {
            let site = analyse(&Hub::new(HubId(1), name, lon, lat), &g, &b, 50.0);
            assert!(
                site.occupied
                    .as_deref()
                    .is_some_and(|a| a.starts_with(area)),
                "{name}: {:?}",
                site.occupied
            );
            assert!(site.has_error(), "{name}");
            assert_eq!(site.hostile_km, Some(0.0), "{name}");
            assert!(
                site.warnings[0].to_string().contains("as of 2022-02-23"),
                "{}",
                site.warnings[0]
            );
        }
        // Mariupol is 15.7 km from the Donbass polygon.
        let site = analyse(&Hub::new(HubId(2), "Mariupol", 37.55, 47.10), &g, &b, 50.0);
        assert!(site.occupied.is_none());
        let front = site.front_km.unwrap();
        assert!((front - 15.7).abs() < 0.15, "{front}");
        assert_eq!(site.hostile_km, Some(front));
        assert_eq!(site.zone, Some(Zone::Threat(40.0)));
        assert_eq!(site.zone.unwrap().key(), "threat_40km");
        // Kyiv has no front without a line; the reference areas are far away.
        let site = analyse(&Hub::new(HubId(3), "Kyiv", 30.5234, 50.4501), &g, &b, 50.0);
        assert!(site.front_km.unwrap() > 400.0);
        assert!(site.warnings.is_empty(), "{:?}", site.warnings);
        // With the reference switched off, nothing is occupied and there is no front.
        let mut off = crate::model::plan::Plan::default();
        off.control_settings.show_reference = false;
        let (g, b) = plan_borders(&off);
        let site = analyse(&Hub::new(HubId(1), "Donetsk", 37.80, 48.02), &g, &b, 50.0);
        assert!(site.occupied.is_none() && site.front_km.is_none());
        assert!(!site.has_error());
    }

    #[test]
    fn coastal_city_centres_take_the_nearest_land() {
        let mut plan = crate::model::plan::Plan::default();
        plan.control_settings.show_reference = false;
        let (g, b) = plan_borders(&plan);
        for (name, lon, lat, oblast) in [
            ("Sevastopol", 33.5254, 44.6166, "UA-40"),
            ("Kherson", 32.62, 46.64, "UA-65"),
        ] {
            let site = analyse(&Hub::new(HubId(1), name, lon, lat), &g, &b, 50.0);
            assert_eq!(
                site.country.as_ref().map(|c| c.0.as_str()),
                Some("UKR"),
                "{name}"
            );
            assert_eq!(
                site.oblast.as_ref().map(|c| c.0.as_str()),
                Some(oblast),
                "{name}"
            );
            assert!(site.on_coast, "{name}");
            assert!(
                !site
                    .warnings
                    .iter()
                    .any(|w| matches!(w, Warning::OutsideUkraine { .. })),
                "{name}: {:?}",
                site.warnings
            );
        }
        // Kherson is not warned at all (Sevastopol lies in Crimea, near Russia's coast).
        let site = analyse(&Hub::new(HubId(1), "Kherson", 32.62, 46.64), &g, &b, 50.0);
        assert!(site.warnings.is_empty(), "{:?}", site.warnings);
        // Open sea stays "not on land".
        let site = analyse(&Hub::new(HubId(1), "Sea", 31.0, 43.0), &g, &b, 50.0);
        assert!(!site.on_coast && site.country.is_none());
    }

    #[test]
    fn zone_and_per_kind_rules_follow_the_plan() {
        use crate::model::control::{ControlFeature, ControlKind, line_from_points};
        use crate::model::hub::HubKind;
        let mut plan = crate::model::plan::Plan::default();
        plan.control_settings.show_reference = false;
        plan.control.push(ControlFeature {
            id: 1,
            name: "Test line".into(),
            kind: ControlKind::ContactLine,
            geometry: line_from_points(&[(33.0, 47.0), (33.0, 49.0)]),
            source: "test".into(),
            as_of: jiff::civil::date(2025, 1, 1),
            extra: Default::default(),
        });
        plan.control_settings.min_distance_km = vec![(HubKind::Air, 90.0)];
        let (g, b) = plan_borders(&plan);
        // 0.1° east of the meridian line at 48°N ≈ 7.5 km: in the 15 km zone.
        let mut hub = Hub::new(HubId(1), "Post", 33.1, 48.0);
        let want = Geodesic.distance(Point::new(33.1, 48.0), Point::new(33.0, 48.0)) / 1000.0;
        let site = analyse(&hub, &g, &b, 50.0);
        assert!((site.front_km.unwrap() - want).abs() / want < 1e-3);
        assert_eq!(site.zone, Some(Zone::CeasefireZone));
        assert!(matches!(
            site.warnings.as_slice(),
            [Warning::InCeasefireZone { .. }]
        ));
        assert!(site.warnings[0].to_string().contains("Test line"));
        hub.kind = HubKind::MonitoringPost;
        assert!(analyse(&hub, &g, &b, 50.0).warnings.is_empty());
        // A line is not hostile territory; an air base near Russia is judged per kind.
        let mut air = Hub::new(HubId(2), "Air", 36.2304, 49.9935);
        air.kind = HubKind::Air;
        let site = analyse(&air, &g, &b, 10.0);
        assert!(matches!(
            site.warnings.as_slice(),
            [Warning::TooCloseForKind { min_km: 90.0, .. }]
        ));
    }
}
