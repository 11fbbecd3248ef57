//! The polygon features of a GeoJSON file as a region layer reads them: straight from
//! the text into rings of (longitude, latitude) when the file is a plain collection of
//! Polygons and MultiPolygons, else through the `geojson` crate, which names what is
//! wrong (or what other geometry a feature has) for the messages.
//!
//! Why two ways in: the `geojson` crate deserializes each object into a generic tree
//! and then into its types, and keeps every position in a small vector. For the 6 MB
//! basemap that was most of the start-up time. The straight reader builds the rings
//! and nothing else; anything it does not expect (another geometry type, a position
//! with one number, a bare Geometry) makes it give up, and the crate reads the file.

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};

/// A polygon: its exterior ring, then its holes; each ring as (longitude, latitude).
pub type Rings = Vec<Vec<(f64, f64)>>;

/// What a feature brings to a region layer.
#[derive(Debug, PartialEq)]
pub enum Shape {
    /// No geometry (`"geometry": null`).
    Missing,
    /// A geometry that is not a Polygon or MultiPolygon, by its type's name.
    Other(&'static str),
    /// The polygons (one for a Polygon).
    Polygons(Vec<Rings>),
    /// A position with fewer than two numbers: how many it has.
    ShortPosition(usize),
}

/// One feature: its properties and its shape.
#[derive(Debug)]
pub struct RawFeature {
    /// The feature's properties, if it has any.
    pub properties: Option<geojson::JsonObject>,
    /// Its polygons, or why it has none.
    pub shape: Shape,
}

/// What the file holds.
#[derive(Debug)]
pub enum Contents {
    /// Features (a FeatureCollection, or a single Feature as one).
    Features(Vec<RawFeature>),
    /// A bare Geometry, which names nothing.
    BareGeometry,
}

/// Reads the features of `text`; the error is serde_json's for the `geojson` crate's
/// reading (the straight reading's own errors are never shown: they only send the file
/// the slow way).
pub fn read(text: &str) -> Result<Contents, serde_json::Error> {
    if let Ok(plain) = serde_json::from_str::<PlainCollection>(text)
        && plain.kind == "FeatureCollection"
    {
        let features = plain
            .features
            .into_iter()
            .map(|f| RawFeature {
                properties: f.properties,
                shape: match f.geometry {
                    None => Shape::Missing,
                    Some(PlainGeometry::Polygon(p)) => Shape::Polygons(vec![rings(p)]),
                    Some(PlainGeometry::MultiPolygon(m)) => {
                        Shape::Polygons(m.into_iter().map(rings).collect())
                    }
                },
            })
            .collect();
        return Ok(Contents::Features(features));
    }
    let parsed: geojson::GeoJson = serde_json::from_str(text)?;
    Ok(match parsed {
        geojson::GeoJson::FeatureCollection(fc) => {
            Contents::Features(fc.features.into_iter().map(from_crate).collect())
        }
        geojson::GeoJson::Feature(f) => Contents::Features(vec![from_crate(f)]),
        geojson::GeoJson::Geometry(_) => Contents::BareGeometry,
    })
}

fn rings(polygon: Vec<PlainRing>) -> Rings {
    polygon.into_iter().map(|r| r.0).collect()
}

/// A feature read by the `geojson` crate, as the layer wants it.
fn from_crate(feature: geojson::Feature) -> RawFeature {
    let shape = match feature.geometry {
        None => Shape::Missing,
        Some(geometry) => {
            let polygons: Vec<Vec<Vec<geojson::Position>>> = match geometry.value {
                geojson::GeometryValue::Polygon { coordinates } => vec![coordinates],
                geojson::GeometryValue::MultiPolygon { coordinates } => coordinates,
                other => {
                    return RawFeature {
                        properties: feature.properties,
                        shape: Shape::Other(other.type_name()),
                    };
                }
            };
            let short = polygons
                .iter()
                .flatten()
                .flatten()
                .map(|c| c.as_slice().len())
                .find(|&n| n < 2);
            match short {
                Some(n) => Shape::ShortPosition(n),
                None => Shape::Polygons(
                    polygons
                        .into_iter()
                        .map(|p| {
                            p.into_iter()
                                .map(|r| r.iter().map(|c| (c[0], c[1])).collect())
                                .collect()
                        })
                        .collect(),
                ),
            }
        }
    };
    RawFeature {
        properties: feature.properties,
        shape,
    }
}

/// A FeatureCollection as the straight reader takes it (other members are skipped).
#[derive(Deserialize)]
struct PlainCollection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<PlainFeature>,
}

#[derive(Deserialize)]
struct PlainFeature {
    #[serde(default)]
    properties: Option<geojson::JsonObject>,
    #[serde(default)]
    geometry: Option<PlainGeometry>,
}

/// Only the two polygon types: anything else fails, and the crate reads the file.
#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum PlainGeometry {
    Polygon(Vec<PlainRing>),
    MultiPolygon(Vec<Vec<PlainRing>>),
}

/// A ring read straight into (longitude, latitude) pairs; a third number (altitude) is
/// skipped, fewer than two fail.
struct PlainRing(Vec<(f64, f64)>);

impl<'de> Deserialize<'de> for PlainRing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RingVisitor;
        impl<'de> Visitor<'de> for RingVisitor {
            type Value = PlainRing;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of positions")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PlainRing, A::Error> {
                let mut ring = Vec::with_capacity(seq.size_hint().unwrap_or(16));
                while let Some(Position(x, y)) = seq.next_element()? {
                    ring.push((x, y));
                }
                Ok(PlainRing(ring))
            }
        }
        d.deserialize_seq(RingVisitor)
    }
}

struct Position(f64, f64);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a position of at least two numbers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
                use serde::de::Error;
                let x = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let y = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Position(x, y))
            }
        }
        d.deserialize_seq(PositionVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Vec<RawFeature> {
        match read(text).expect("reads") {
            Contents::Features(f) => f,
            Contents::BareGeometry => panic!("features expected"),
        }
    }

    const SQUARE: &str = "[[0,0],[1,0],[1,1],[0,1],[0,0]]";

    #[test]
    fn plain_collections_read_straight_with_holes_parts_and_altitudes() {
        let text = format!(
            r#"{{"type":"FeatureCollection","name":"x","features":[
              {{"type":"Feature","properties":{{"name":"A"}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE},[[0.2,0.2,5],[0.4,0.2,5],[0.4,0.4,5],[0.2,0.2,5]]]}}}},
              {{"type":"Feature","properties":null,"geometry":{{"type":"MultiPolygon","coordinates":[[{SQUARE}],[[[5,5],[6,5],[6,6],[5,5]]]]}}}},
              {{"type":"Feature","properties":{{}},"geometry":null}}]}}"#
        );
        let f = features(&text);
        assert_eq!(f.len(), 3);
        let Shape::Polygons(a) = &f[0].shape else {
            panic!("{:?}", f[0].shape)
        };
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].len(), 2, "exterior and hole");
        assert_eq!(a[0][1][1], (0.4, 0.2), "the altitude is dropped");
        assert_eq!(
            f[0].properties.as_ref().and_then(|p| p.get("name")),
            Some(&serde_json::json!("A"))
        );
        let Shape::Polygons(b) = &f[1].shape else {
            panic!("{:?}", f[1].shape)
        };
        assert_eq!(b.len(), 2);
        assert_eq!(b[1][0][2], (6.0, 6.0));
        assert!(f[1].properties.is_none());
        assert_eq!(f[2].shape, Shape::Missing);
    }

    #[test]
    fn what_the_straight_reader_cannot_take_is_read_by_the_crate() {
        // A point among the polygons: named, not lost.
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[1,2]}}}},
              {{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE}]}}}}]}}"#
        );
        let f = features(&text);
        assert_eq!(f[0].shape, Shape::Other("Point"));
        assert!(matches!(&f[1].shape, Shape::Polygons(p) if p[0][0].len() == 5));
        // A position of one number.
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]}}]}"#;
        assert_eq!(features(text)[0].shape, Shape::ShortPosition(1));
        // A single Feature, and "coordinates" before "type".
        let text = format!(
            r#"{{"type":"Feature","properties":{{"n":1}},"geometry":{{"coordinates":[{SQUARE}],"type":"Polygon"}}}}"#
        );
        assert!(matches!(&features(&text)[0].shape, Shape::Polygons(p) if p.len() == 1));
        // A bare geometry.
        let text = format!(r#"{{"type":"Polygon","coordinates":[{SQUARE}]}}"#);
        assert!(matches!(read(&text), Ok(Contents::BareGeometry)));
    }

    #[test]
    fn broken_json_gives_serde_json_error_with_its_place() {
        let e =
            read("{\"type\":\"FeatureCollection\",\n\"features\":[ oops ]}").expect_err("broken");
        assert_eq!(e.line(), 2);
        assert!(e.is_syntax());
    }

    #[test]
    fn both_readings_give_the_same_rings_for_the_shipped_oblasts() {
        let text = crate::model::geography::BUILTIN_OBLASTS;
        let straight = features(text);
        let parsed: geojson::GeoJson = serde_json::from_str(text).expect("geojson");
        let geojson::GeoJson::FeatureCollection(fc) = parsed else {
            panic!("a collection")
        };
        let by_crate: Vec<RawFeature> = fc.features.into_iter().map(from_crate).collect();
        assert_eq!(straight.len(), by_crate.len());
        assert!(straight.len() >= 27);
        for (a, b) in straight.iter().zip(&by_crate) {
            assert_eq!(a.shape, b.shape);
            assert_eq!(a.properties, b.properties);
        }
    }
}
