//! Where a hub is: its country and oblast, how far it is from hostile territory, and
//! the warnings that follow.
//!
//! Distances are geodesic (WGS84, geo's `Geodesic`). To find the nearest hostile
//! border fast, border segments are indexed in 3-D unit-sphere coordinates, where the
//! straight-line (chord) distance orders points exactly as the great-circle distance
//! does; the nearest segment's closest point is then measured on the ellipsoid.

use geo::{Distance, Geodesic, Point};
use rstar::{RTree, primitives::Line};

use crate::model::geography::{Geography, Region, RegionLayer};
use crate::model::hub::Hub;
use crate::model::roster::{Role, Roster};

/// The borders (and coasts) of every country with the hostile role, indexed.
#[derive(Debug, Default)]
pub struct HostileBorders {
    tree: RTree<Line<[f64; 3]>>,
    codes: Vec<String>,
}

/// A point on the unit sphere: straight-line (chord) distances between such points
/// order pairs as great-circle distances do, so an R-tree of them finds nearest
/// neighbours on the globe (shared by `model::compare` and `model::coverage`).
pub fn unit(lon: f64, lat: f64) -> [f64; 3] {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn lon_lat(v: [f64; 3]) -> (f64, f64) {
    let r = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    (
        (v[1].atan2(v[0])).to_degrees(),
        (v[2] / r).asin().to_degrees(),
    )
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
        let mut segments = Vec::new();
        let mut codes = Vec::new();
        for region in regions {
            codes.push(region.code.clone());
            for polygon in &region.geometry {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    for w in ring.0.windows(2) {
                        segments.push(Line::new(unit(w[0].x, w[0].y), unit(w[1].x, w[1].y)));
                    }
                }
            }
        }
        Self {
            tree: RTree::bulk_load(segments),
            codes,
        }
    }

    /// Codes of the hostile countries indexed.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Geodesic distance in km from a point to the nearest hostile border or coast;
    /// `None` when no country is hostile.
    pub fn distance_km(&self, lon: f64, lat: f64) -> Option<f64> {
        let p = unit(lon, lat);
        let segment = self.tree.nearest_neighbor(&p)?;
        let (a, b) = (segment.from, segment.to);
        let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
        let ap = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
        let len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
        let t = if len2 > 0.0 {
            ((ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let q = [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
        let (qlon, qlat) = lon_lat(q);
        Some(Geodesic.distance(Point::new(lon, lat), Point::new(qlon, qlat)) / 1000.0)
    }
}

/// Something a planner should look at.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// The hub is not in Ukraine (`None`: not on any country, e.g. at sea).
    OutsideUkraine {
        /// The country it is in, if any.
        country: Option<String>,
    },
    /// The hub is within the plan's buffer of a hostile border.
    NearHostileBorder {
        /// Distance in km.
        km: f64,
        /// The plan's buffer in km.
        limit_km: f64,
    },
    /// An air hub far from any airfield, or a naval hub far from any port.
    Facility(crate::model::facilities::FacilityWarning),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::OutsideUkraine { country: Some(c) } => write!(f, "outside Ukraine (in {c})"),
            Warning::OutsideUkraine { country: None } => write!(f, "outside Ukraine (not on land)"),
            Warning::Facility(w) => write!(f, "{w}"),
            Warning::NearHostileBorder { km, limit_km } => {
                write!(
                    f,
                    "{km:.0} km from a hostile border (limit {limit_km:.0} km)"
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
    /// Distance to the nearest hostile border in km (0 inside hostile territory).
    pub hostile_km: Option<f64>,
    /// Warnings, most serious first.
    pub warnings: Vec<Warning>,
    /// Nearest airfield, port and city (filled by `facilities::annotate`).
    pub nearest: crate::model::facilities::HubFacilities,
}

/// Locates a hub and checks it against the plan's rules.
pub fn analyse(hub: &Hub, geography: &Geography, borders: &HostileBorders, buffer_km: f64) -> Site {
    let loc = geography.locate(hub.lon, hub.lat);
    let country = loc.country.map(|c| (c.code.clone(), c.name.clone()));
    let oblast = loc.oblast.map(|o| (o.code.clone(), o.name.clone()));
    let inside_hostile = loc
        .country
        .is_some_and(|c| borders.codes().contains(&c.code));
    let hostile_km = if inside_hostile {
        Some(0.0)
    } else {
        borders.distance_km(hub.lon, hub.lat)
    };
    let mut warnings = Vec::new();
    if let Some(km) = hostile_km.filter(|&km| km < buffer_km) {
        warnings.push(Warning::NearHostileBorder {
            km,
            limit_km: buffer_km,
        });
    }
    if country.as_ref().is_none_or(|(code, _)| code != "UKR") {
        warnings.push(Warning::OutsideUkraine {
            country: country.as_ref().map(|(_, name)| name.clone()),
        });
    }
    Site {
        country,
        oblast,
        hostile_km,
        warnings,
        nearest: Default::default(),
    }
}

/// Sites of every hub of a plan (for the command line and exports; the app caches them).
pub fn analyse_plan(plan: &crate::model::plan::Plan, geography: &Geography) -> Vec<Site> {
    let borders = HostileBorders::build(&geography.countries, &plan.roster);
    plan.hubs
        .iter()
        .map(|hub| {
            let mut site = analyse(hub, geography, &borders, plan.hostile_buffer_km);
            crate::model::facilities::annotate(&mut site, hub, &plan.facility_rules);
            site
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::HubId;

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
                .contains("km from a hostile border")
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
}
