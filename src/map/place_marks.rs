//! Cities, airfields and seaports on a map: which are shown at a zoom, where, with
//! which label, and their style. Shared by the screen (`ui::map_view`) and the SVG
//! export (`export::svg`), so both show the same places the same way; every style
//! constant of the place layers is here.

use crate::map::labels::LabelCandidate;
use crate::model::facilities::FacilityIndex;
use crate::model::places::{AirfieldUse, Place, PlaceKind};
use crate::model::slide::Layers;
use crate::projection::Projector;

/// How a kind of place is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaceStyle {
    /// Symbol fill, RGB.
    pub fill: [u8; 3],
    /// Symbol outline, RGB.
    pub stroke: [u8; 3],
    /// Symbol radius in pixels (cities: the smallest; bigger cities get up to +2).
    pub radius: f64,
    /// Label font size in points.
    pub label_size: f64,
    /// Base priority of its labels against country (10–40) and oblast (~25) names.
    pub label_priority: f64,
}

/// The style of a kind, for the light or dark map.
pub fn style(kind: PlaceKind, dark: bool) -> PlaceStyle {
    match (kind, dark) {
        (PlaceKind::City, false) => PlaceStyle {
            fill: [0x33, 0x33, 0x33],
            stroke: [0xff, 0xff, 0xff],
            radius: 2.5,
            label_size: 11.0,
            label_priority: 22.0,
        },
        (PlaceKind::City, true) => PlaceStyle {
            fill: [0xe6, 0xe6, 0xe6],
            stroke: [0x20, 0x20, 0x20],
            radius: 2.5,
            label_size: 11.0,
            label_priority: 22.0,
        },
        (PlaceKind::Airfield, false) => PlaceStyle {
            fill: [0xff, 0xff, 0xff],
            stroke: [0x5b, 0x2c, 0x83],
            radius: 4.5,
            label_size: 10.0,
            label_priority: 16.0,
        },
        (PlaceKind::Airfield, true) => PlaceStyle {
            fill: [0x20, 0x20, 0x28],
            stroke: [0xc9, 0xa6, 0xf0],
            radius: 4.5,
            label_size: 10.0,
            label_priority: 16.0,
        },
        (PlaceKind::Port, false) => PlaceStyle {
            fill: [0x0b, 0x5f, 0xa5],
            stroke: [0xff, 0xff, 0xff],
            radius: 4.0,
            label_size: 10.0,
            label_priority: 18.0,
        },
        (PlaceKind::Port, true) => PlaceStyle {
            fill: [0x5c, 0xb3, 0xff],
            stroke: [0x10, 0x10, 0x10],
            radius: 4.0,
            label_size: 10.0,
            label_priority: 18.0,
        },
    }
}

/// The attribution every picture with place layers carries.
pub const ATTRIBUTION: &str = "Places: Natural Earth (PD) · airfields: airportsdata 20260905 (MIT)";

/// Screen radius within which a hub snaps to a place, in pixels.
pub const SNAP_RADIUS_PX: f64 = 22.0;

/// Below this zoom (a world or continent view) no airfield is drawn: a hundred symbols
/// round Ukraine would be a pile hiding the hubs.
pub const AIRFIELDS_FROM_ZOOM: f64 = 4.5;
/// Below this zoom no seaport is drawn, for the same reason.
pub const PORTS_FROM_ZOOM: f64 = 4.0;

/// Whether a place is shown at `zoom`: cities by population (≥ 1 M or a national
/// capital below zoom 5, ≥ 300 k or any capital below 6, ≥ 100 k below 7, all from 7);
/// airfields with an IATA code or a military use from [`AIRFIELDS_FROM_ZOOM`], all
/// from 7; ports from [`PORTS_FROM_ZOOM`].
pub fn shown_at(place: &Place, zoom: f64) -> bool {
    match place.kind {
        PlaceKind::City => {
            let pop = place.population.unwrap_or(0);
            if zoom < 5.0 {
                pop >= 1_000_000 || (place.capital && place.scalerank.is_some_and(|r| r <= 1))
            } else if zoom < 6.0 {
                pop >= 300_000 || place.capital
            } else if zoom < 7.0 {
                pop >= 100_000 || place.capital
            } else {
                true
            }
        }
        PlaceKind::Airfield => {
            zoom >= 7.0
                || (zoom >= AIRFIELDS_FROM_ZOOM
                    && (place.iata.is_some()
                        || matches!(
                            place.airfield_use,
                            Some(AirfieldUse::Military | AirfieldUse::Mixed)
                        )))
        }
        PlaceKind::Port => zoom >= PORTS_FROM_ZOOM,
    }
}

/// A place's label at `zoom`, or `None` while it is unlabelled: cities by name; ports
/// by name from zoom 5; airfields by ICAO code from zoom 6 and "name (ICAO)" from 7.5.
pub fn label_at(place: &Place, zoom: f64) -> Option<String> {
    match place.kind {
        PlaceKind::City => Some(place.name.clone()),
        PlaceKind::Port => (zoom >= 5.0).then(|| place.name.clone()),
        PlaceKind::Airfield if zoom >= 7.5 => Some(place.label()),
        PlaceKind::Airfield if zoom >= 6.0 => {
            Some(place.icao.clone().unwrap_or_else(|| place.name.clone()))
        }
        PlaceKind::Airfield => None,
    }
}

/// Symbol radius of a place: cities grow with population (to +2 px at 1 M).
pub fn radius(place: &Place, style: &PlaceStyle) -> f64 {
    match place.kind {
        PlaceKind::City => {
            let pop = place.population.unwrap_or(0) as f64;
            style.radius + (pop / 1_000_000.0).min(1.0) * 2.0
        }
        _ => style.radius,
    }
}

/// A place on the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMark<'a> {
    /// The place.
    pub place: &'a Place,
    /// Screen position, pixels.
    pub x: f64,
    /// Screen position, pixels.
    pub y: f64,
    /// Symbol radius, pixels.
    pub radius: f64,
    /// Its label text and font size, if labelled at this zoom.
    pub label: Option<(String, f64)>,
}

impl PlaceMark<'_> {
    /// Where its label would go: right of the symbol, vertically centred, measured
    /// with `width` (the caller owns the fonts).
    pub fn label_candidate(&self, width: f64, height: f64, dark: bool) -> LabelCandidate {
        let st = style(self.place.kind, dark);
        let bonus = self
            .place
            .population
            .map_or(0.0, |p| (p.max(1) as f64).log10());
        LabelCandidate {
            x: self.x + self.radius + 3.0 + width / 2.0,
            y: self.y,
            width,
            height,
            priority: st.label_priority + bonus,
            flip: 0.0,
        }
    }
}

/// The places of the layers switched on that are shown at the projector's zoom and lie
/// inside `(min_x, min_y, max_x, max_y)` (screen pixels): cities first (largest
/// first), then ports, then airfields, so the smaller symbols are drawn on top.
pub fn marks<'a>(
    index: &'a FacilityIndex,
    layers: &Layers,
    p: &Projector,
    bounds: (f64, f64, f64, f64),
    dark: bool,
) -> Vec<PlaceMark<'a>> {
    let zoom = p.camera().zoom;
    let mut out = Vec::new();
    for (kind, on) in [
        (PlaceKind::City, layers.cities),
        (PlaceKind::Port, layers.ports),
        (PlaceKind::Airfield, layers.airfields),
    ] {
        if !on {
            continue;
        }
        let st = style(kind, dark);
        for place in index.places().of_kind(kind) {
            if !shown_at(place, zoom) {
                continue;
            }
            let (x, y) = p.screen_from_geo(place.lon, place.lat);
            if x < bounds.0 || x > bounds.2 || y < bounds.1 || y > bounds.3 {
                continue;
            }
            out.push(PlaceMark {
                place,
                x,
                y,
                radius: radius(place, &st),
                label: label_at(place, zoom).map(|t| (t, st.label_size)),
            });
        }
    }
    out
}

/// The kinds a snap may land on: those whose layer is shown, or all when none is.
pub fn snap_kinds(layers: &Layers) -> Vec<PlaceKind> {
    let on: Vec<PlaceKind> = [
        (PlaceKind::Airfield, layers.airfields),
        (PlaceKind::Port, layers.ports),
        (PlaceKind::City, layers.cities),
    ]
    .into_iter()
    .filter_map(|(k, on)| on.then_some(k))
    .collect();
    if on.is_empty() {
        PlaceKind::ALL.to_vec()
    } else {
        on
    }
}

/// The place a hub at screen point `(x, y)` snaps to: the nearest of `kinds` within
/// [`SNAP_RADIUS_PX`] on screen (measured geodesically from the point).
pub fn snap_target<'a>(
    index: &'a FacilityIndex,
    kinds: &[PlaceKind],
    p: &Projector,
    x: f64,
    y: f64,
) -> Option<&'a Place> {
    let (lon, lat) = p.geo_from_screen(x, y);
    let (lon2, lat2) = p.geo_from_screen(x + SNAP_RADIUS_PX, y);
    let km = crate::model::facilities::geodesic_km((lon, lat), (lon2, lat2));
    let found = index.within(kinds, lon, lat, km);
    found.first().map(|n| n.place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::places::Places;
    use crate::projection::{Camera, ScreenRect};

    fn projector(zoom: f64) -> Projector {
        Projector::new(
            Camera::looking_at(31.0, 49.0, zoom),
            ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                width: 1200.0,
                height: 800.0,
            },
        )
    }

    #[test]
    fn more_places_as_the_map_zooms_in() {
        let index = FacilityIndex::new(Places::builtin().unwrap());
        let layers = Layers::default();
        let count = |zoom: f64, kind: PlaceKind| {
            let p = projector(zoom);
            marks(&index, &layers, &p, (0.0, 0.0, 1200.0, 800.0), false)
                .iter()
                .filter(|m| m.place.kind == kind)
                .count()
        };
        // At zoom 4.5 the whole region is in view: only the million cities (Kyiv,
        // Kharkiv, Dnipro, Minsk, Moscow…) and capitals.
        let wide = count(4.5, PlaceKind::City);
        let closer = count(5.5, PlaceKind::City);
        assert!(wide >= 4 && wide < closer, "{wide} {closer}");
        let p = projector(4.5);
        let shown: Vec<_> = marks(&index, &layers, &p, (0.0, 0.0, 1200.0, 800.0), false)
            .into_iter()
            .filter(|m| m.place.kind == PlaceKind::City)
            .map(|m| m.place.name.clone())
            .collect();
        assert!(shown.contains(&"Kyiv".to_owned()) && shown.contains(&"Kharkiv".to_owned()));
        assert!(!shown.contains(&"Poltava".to_owned()));
        let fields = |zoom: f64| {
            index
                .places()
                .airfields()
                .iter()
                .filter(|a| shown_at(a, zoom))
                .count()
        };
        assert!(fields(6.5) < fields(7.5));
        assert_eq!(fields(7.5), 297);
        // A world view (Fit coalition) draws no airfield or port pile round Ukraine.
        assert_eq!(fields(2.0), 0);
        assert!(fields(4.6) > 0);
        assert!(!index.places().ports().iter().any(|p| shown_at(p, 3.0)));
        // Layers switched off draw nothing.
        let off = Layers {
            cities: false,
            airfields: false,
            ports: false,
            ..Layers::default()
        };
        assert!(marks(&index, &off, &p, (0.0, 0.0, 1200.0, 800.0), false).is_empty());
        assert_eq!(snap_kinds(&off), PlaceKind::ALL.to_vec());
    }

    #[test]
    fn labels_by_zoom() {
        let places = Places::builtin().unwrap();
        let ukbb = places.airfield_by_icao("UKBB").unwrap();
        assert_eq!(label_at(ukbb, 5.0), None);
        assert_eq!(label_at(ukbb, 6.5).as_deref(), Some("UKBB"));
        assert_eq!(
            label_at(ukbb, 8.0).as_deref(),
            Some("Boryspil International Airport (UKBB)")
        );
        let odesa = places.ports().iter().find(|p| p.name == "Odesa").unwrap();
        assert_eq!(label_at(odesa, 4.0), None);
        assert_eq!(label_at(odesa, 5.0).as_deref(), Some("Odesa"));
    }

    #[test]
    fn snapping_finds_the_airfield_under_the_pointer() {
        let index = FacilityIndex::new(Places::builtin().unwrap());
        let p = projector(8.0);
        let ukbb = index.places().airfield_by_icao("UKBB").unwrap();
        let (x, y) = p.screen_from_geo(ukbb.lon, ukbb.lat);
        let hit = snap_target(&index, &[PlaceKind::Airfield], &p, x + 10.0, y - 8.0).unwrap();
        assert_eq!(hit.icao.as_deref(), Some("UKBB"));
        assert!(snap_target(&index, &[PlaceKind::Airfield], &p, x + 60.0, y).is_none());
    }
}
