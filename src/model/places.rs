//! Places where hubs can stand: cities, airfields and seaports in Ukraine and its
//! neighbours, loaded from the shipped `maps/cities.geojson`, `maps/airfields.geojson`
//! and `maps/ports.geojson` (built by `maps/build/build_places.py`; sources and dates
//! in `maps/README.md`).

use geojson::{Feature, GeoJson, GeometryValue};
use serde_json::Value as Json;

/// `maps/cities.geojson`: Natural Earth populated places, official Ukrainian romanisation.
pub static BUILTIN_CITIES: &str = include_str!("../../maps/cities.geojson");
/// `maps/airfields.geojson`: airportsdata cross-checked with Natural Earth airports.
pub static BUILTIN_AIRFIELDS: &str = include_str!("../../maps/airfields.geojson");
/// `maps/ports.geojson`: Natural Earth ports.
pub static BUILTIN_PORTS: &str = include_str!("../../maps/ports.geojson");

/// Where the place data comes from, with the editions, for attributions on maps.
pub const PLACES_ATTRIBUTION: &str = "Places: Natural Earth 1:10m populated places and ports (public domain, mirror of Jan 2024); airfields: airportsdata 20260905 (MIT) checked against Natural Earth";

/// What a place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A city or town.
    City,
    /// An airport or air base.
    Airfield,
    /// A seaport.
    Port,
}

impl PlaceKind {
    /// Every kind, in legend order.
    pub const ALL: [PlaceKind; 3] = [PlaceKind::City, PlaceKind::Airfield, PlaceKind::Port];

    /// A lower-case English noun ("city", "airfield", "port").
    pub fn noun(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Airfield => "airfield",
            PlaceKind::Port => "port",
        }
    }
}

/// Who uses an airfield, where the sources say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AirfieldUse {
    /// Civil aviation.
    Civil,
    /// An air base.
    Military,
    /// Both (Natural Earth's "mid and military", "major and military").
    Mixed,
}

impl AirfieldUse {
    /// "civil", "military" or "mixed".
    pub fn label(self) -> &'static str {
        match self {
            AirfieldUse::Civil => "civil",
            AirfieldUse::Military => "military",
            AirfieldUse::Mixed => "mixed",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "civil" => Some(AirfieldUse::Civil),
            "military" => Some(AirfieldUse::Military),
            "mixed" => Some(AirfieldUse::Mixed),
            _ => None,
        }
    }
}

/// One city, airfield or port.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// City, airfield or port.
    pub kind: PlaceKind,
    /// Display name (cities and ports in Ukraine in the official romanisation).
    pub name: String,
    /// Longitude, WGS 84 degrees.
    pub lon: f64,
    /// Latitude, WGS 84 degrees.
    pub lat: f64,
    /// ISO 3166-1 alpha-3 country code, by the map's own country polygons (so Crimea is UKR).
    pub country: String,
    /// Population (cities; Natural Earth's `pop_max`), when known.
    pub population: Option<u64>,
    /// ICAO location indicator (airfields), when known.
    pub icao: Option<String>,
    /// IATA code (airfields), when there is one.
    pub iata: Option<String>,
    /// Civil, military or mixed (airfields), where the sources say so.
    pub airfield_use: Option<AirfieldUse>,
    /// A national or regional capital (cities).
    pub capital: bool,
    /// Natural Earth's scale rank (cities and ports; lower is more important), when given.
    pub scalerank: Option<u8>,
}

impl Place {
    /// The label on a map: the name, and an airfield's ICAO code when it has one.
    pub fn label(&self) -> String {
        match &self.icao {
            Some(icao) => format!("{} ({icao})", self.name),
            None => self.name.clone(),
        }
    }
}

/// Why place data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    /// The text is not GeoJSON.
    #[error("{source_name}: not GeoJSON: {message}")]
    NotGeoJson {
        /// The file.
        source_name: String,
        /// The parser's message.
        message: String,
    },
    /// The GeoJSON is not a FeatureCollection.
    #[error("{source_name}: expected a FeatureCollection")]
    NotCollection {
        /// The file.
        source_name: String,
    },
    /// A feature lacks something every place needs.
    #[error("{source_name}: feature {index}: {problem}")]
    BadFeature {
        /// The file.
        source_name: String,
        /// The feature's position (0-based).
        index: usize,
        /// What is wrong.
        problem: String,
    },
}

/// Cities, airfields and ports, each sorted as the files are (country, then size or code).
#[derive(Clone, Debug, Default)]
pub struct Places {
    cities: Vec<Place>,
    airfields: Vec<Place>,
    ports: Vec<Place>,
}

impl Places {
    /// The shipped places (`maps/*.geojson`, embedded in the binary).
    pub fn builtin() -> Result<Places, PlacesError> {
        Ok(Places {
            cities: parse_places(PlaceKind::City, BUILTIN_CITIES, "maps/cities.geojson")?,
            airfields: parse_places(
                PlaceKind::Airfield,
                BUILTIN_AIRFIELDS,
                "maps/airfields.geojson",
            )?,
            ports: parse_places(PlaceKind::Port, BUILTIN_PORTS, "maps/ports.geojson")?,
        })
    }

    /// Places from lists (tests, benchmarks, other data).
    pub fn from_lists(cities: Vec<Place>, airfields: Vec<Place>, ports: Vec<Place>) -> Places {
        Places {
            cities,
            airfields,
            ports,
        }
    }

    /// Cities and towns.
    pub fn cities(&self) -> &[Place] {
        &self.cities
    }

    /// Airports and air bases.
    pub fn airfields(&self) -> &[Place] {
        &self.airfields
    }

    /// Seaports.
    pub fn ports(&self) -> &[Place] {
        &self.ports
    }

    /// The places of one kind.
    pub fn of_kind(&self, kind: PlaceKind) -> &[Place] {
        match kind {
            PlaceKind::City => &self.cities,
            PlaceKind::Airfield => &self.airfields,
            PlaceKind::Port => &self.ports,
        }
    }

    /// The airfield with this ICAO code (case-insensitive).
    pub fn airfield_by_icao(&self, icao: &str) -> Option<&Place> {
        self.airfields.iter().find(|p| {
            p.icao
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(icao))
        })
    }
}

/// Reads one places file: a FeatureCollection of Points with at least `name` and `country`.
pub fn parse_places(
    kind: PlaceKind,
    text: &str,
    source_name: &str,
) -> Result<Vec<Place>, PlacesError> {
    let geojson: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| PlacesError::NotGeoJson {
            source_name: source_name.to_string(),
            message: e.to_string(),
        })?;
    let GeoJson::FeatureCollection(fc) = geojson else {
        return Err(PlacesError::NotCollection {
            source_name: source_name.to_string(),
        });
    };
    fc.features
        .iter()
        .enumerate()
        .map(|(index, f)| {
            place_from_feature(kind, f).map_err(|problem| PlacesError::BadFeature {
                source_name: source_name.to_string(),
                index,
                problem,
            })
        })
        .collect()
}

fn place_from_feature(kind: PlaceKind, f: &Feature) -> Result<Place, String> {
    let (lon, lat) = match f.geometry.as_ref().map(|g| &g.value) {
        Some(GeometryValue::Point { coordinates: c }) if c.len() >= 2 => (c[0], c[1]),
        _ => return Err("not a Point".into()),
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("coordinates out of range: {lon}, {lat}"));
    }
    let text = |key: &str| -> Option<String> {
        f.property(key)
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let name = text("name").ok_or("no name")?;
    let country = text("country").ok_or_else(|| format!("{name}: no country"))?;
    Ok(Place {
        kind,
        name,
        lon,
        lat,
        country,
        population: f.property("population").and_then(Json::as_u64),
        icao: text("icao"),
        iata: text("iata"),
        airfield_use: text("use").as_deref().and_then(AirfieldUse::parse),
        capital: text("capital").is_some(),
        scalerank: f
            .property("scalerank")
            .and_then(Json::as_u64)
            .and_then(|r| u8::try_from(r).ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Geodesic, Point};

    fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
        Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0
    }

    #[test]
    fn builtin_loads_all_three_layers() {
        let p = Places::builtin().unwrap();
        assert_eq!(p.cities().len(), 243);
        assert_eq!(p.airfields().len(), 297);
        assert_eq!(p.ports().len(), 15);
        assert!(p.cities().iter().all(|c| c.kind == PlaceKind::City));
        assert!(p.airfields().iter().all(|c| c.kind == PlaceKind::Airfield));
        assert!(p.ports().iter().all(|c| c.kind == PlaceKind::Port));
        let ukr = |v: &[Place]| v.iter().filter(|c| c.country == "UKR").count();
        assert_eq!(ukr(p.cities()), 54);
        assert_eq!(ukr(p.airfields()), 45);
        assert_eq!(ukr(p.ports()), 5);
    }

    #[test]
    fn cities_use_the_official_ukrainian_romanisation() {
        let p = Places::builtin().unwrap();
        let city = |name: &str| p.cities().iter().find(|c| c.name == name);
        for name in [
            "Kyiv",
            "Lviv",
            "Odesa",
            "Kharkiv",
            "Dnipro",
            "Zaporizhzhia",
            "Mykolaiv",
            "Kropyvnytskyi",
            "Vinnytsia",
            "Sevastopol",
        ] {
            let c = city(name).unwrap_or_else(|| panic!("no {name}"));
            assert_eq!(c.country, "UKR", "{name}");
        }
        for old in [
            "Kiev",
            "Lvov",
            "Odessa",
            "Mykolayiv",
            "Zaporizhzhya",
            "Kirovohrad",
        ] {
            assert!(city(old).is_none(), "{old} is still spelt the old way");
        }
        let kyiv = city("Kyiv").unwrap();
        assert_eq!(kyiv.population, Some(2_709_000));
        assert!(kyiv.capital);
        assert!(km((kyiv.lon, kyiv.lat), (30.5234, 50.4501)) < 3.0);
        // Natural Earth puts Crimea's cities in RUS; the map's polygons (German view) say UKR.
        assert_eq!(city("Simferopol").unwrap().country, "UKR");
        // Minsk is a neighbour's capital.
        assert_eq!(city("Minsk").unwrap().country, "BLR");
    }

    #[test]
    fn airfields_have_codes_and_use() {
        let p = Places::builtin().unwrap();
        let kbp = p.airfield_by_icao("ukbb").unwrap();
        assert_eq!(kbp.iata.as_deref(), Some("KBP"));
        assert_eq!(kbp.country, "UKR");
        assert_eq!(kbp.airfield_use, Some(AirfieldUse::Civil));
        assert!(km((kbp.lon, kbp.lat), (30.8947, 50.3450)) < 0.1);
        assert_eq!(kbp.label(), "Boryspil International Airport (UKBB)");
        let myrhorod = p.airfield_by_icao("UKBM").unwrap();
        assert_eq!(myrhorod.airfield_use, Some(AirfieldUse::Military));
        // Natural Earth: "mid and military".
        assert_eq!(
            p.airfield_by_icao("UKLL").unwrap().airfield_use,
            Some(AirfieldUse::Mixed)
        );
        let rzeszow = p.airfield_by_icao("EPRZ").unwrap();
        assert_eq!(rzeszow.country, "POL");
        assert!(km((rzeszow.lon, rzeszow.lat), (22.019, 50.110)) < 3.0);
        // No two airfields share an ICAO code.
        let mut codes: Vec<_> = p
            .airfields()
            .iter()
            .filter_map(|a| a.icao.clone())
            .collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }

    #[test]
    fn ports_in_ukraine() {
        let p = Places::builtin().unwrap();
        let mut names: Vec<_> = p
            .ports()
            .iter()
            .filter(|c| c.country == "UKR")
            .map(|c| c.name.as_str())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["Berdiansk", "Kerch", "Kherson", "Odesa", "Sevastopol"]
        );
        let odesa = p.ports().iter().find(|c| c.name == "Odesa").unwrap();
        assert!(km((odesa.lon, odesa.lat), (30.75, 46.49)) < 5.0);
    }

    #[test]
    fn bad_files_are_reported_with_the_cause() {
        let err = parse_places(PlaceKind::Port, "{", "x.geojson").unwrap_err();
        assert!(
            err.to_string().starts_with("x.geojson: not GeoJSON"),
            "{err}"
        );
        let err = parse_places(
            PlaceKind::Port,
            r#"{"type":"Point","coordinates":[1,2]}"#,
            "x.geojson",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "x.geojson: expected a FeatureCollection");
        let err = parse_places(
            PlaceKind::Port,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#,
            "x.geojson",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "x.geojson: feature 0: A: no country");
        let err = parse_places(
            PlaceKind::Port,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A","country":"UKR"},"geometry":{"type":"Point","coordinates":[200,2]}}]}"#,
            "x.geojson",
        )
        .unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }
}
