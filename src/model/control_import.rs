//! Importing control features from GeoJSON, KML and KMZ files (the formats
//! DeepStateMap-style and ISW-style exports come in).
//!
//! Areas and lines become control features; points are ignored with a note; geometry is
//! checked and repaired (`model::control_geometry`), and what cannot be repaired is
//! refused with a message naming the file and the feature. Nothing here panics on a
//! file's content.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::model::control::{ControlFeature, FeatureDefaults, read_features};
use crate::model::control_geometry::{RawParts, build};

/// Largest file read (KMZ: largest uncompressed KML inside), bytes.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{file}: cannot read: {cause}")]
    Io {
        /// File name.
        file: String,
        /// What the system said.
        cause: String,
    },
    /// The file is not a format we read, or is broken.
    #[error("{file}: {cause}")]
    Format {
        /// File name.
        file: String,
        /// What is wrong.
        cause: String,
    },
    /// Nothing usable in it.
    #[error("{file}: no areas or lines to import{}", notes_suffix(.notes))]
    Empty {
        /// File name.
        file: String,
        /// Why features were skipped.
        notes: Vec<String>,
    },
}

fn notes_suffix(notes: &[String]) -> String {
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}

/// What an import produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The features, ids 0 (the plan gives them ids when they are added).
    pub features: Vec<ControlFeature>,
    /// What was repaired, ignored or refused, each naming the file and the feature.
    pub notes: Vec<String>,
    /// Vertices imported.
    pub vertices: usize,
}

/// Imports a file by its content (zip → KMZ, `<` → KML, otherwise GeoJSON).
pub fn import_bytes(
    bytes: &[u8],
    file: &str,
    defaults: &FeatureDefaults,
) -> Result<Imported, ImportError> {
    let mut imported = if bytes.starts_with(b"PK") {
        let kml = kml_from_kmz(bytes, file)?;
        from_kml(&kml, file, defaults)?
    } else {
        let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Format {
            file: file.into(),
            cause: format!("not UTF-8 text ({e})"),
        })?;
        let text = text.trim_start_matches('\u{feff}');
        if text.trim_start().starts_with('<') {
            from_kml(text, file, defaults)?
        } else {
            from_geojson(text, file, defaults)?
        }
    };
    if imported.features.is_empty() {
        return Err(ImportError::Empty {
            file: file.into(),
            notes: imported.notes,
        });
    }
    imported.vertices = imported
        .features
        .iter()
        .map(|f| f.geometry.vertex_count())
        .sum();
    Ok(imported)
}

/// Imports a file from disk; `defaults` fill in what the file does not say.
pub fn import_path(path: &Path, defaults: &FeatureDefaults) -> Result<Imported, ImportError> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| ImportError::Io {
        file: file.clone(),
        cause: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_BYTES {
        return Err(ImportError::Format {
            file,
            cause: format!("{len} bytes is more than the {MAX_BYTES} this app reads"),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    import_bytes(&bytes, &file, defaults)
}

fn kml_from_kmz(bytes: &[u8], file: &str) -> Result<String, ImportError> {
    let err = |cause: String| ImportError::Format {
        file: file.into(),
        cause,
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| err(format!("not a readable KMZ (zip) file: {e}")))?;
    // The main document is doc.kml by convention, else the first .kml.
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let name = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| names.iter().find(|n| n.to_lowercase().ends_with(".kml")))
        .ok_or_else(|| err("the KMZ holds no .kml file".into()))?
        .clone();
    let entry = zip
        .by_name(&name)
        .map_err(|e| err(format!("{name} in the KMZ: {e}")))?;
    let mut text = String::new();
    entry
        .take(MAX_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| err(format!("{name} in the KMZ: {e}")))?;
    Ok(text)
}

/// Imports GeoJSON text: a FeatureCollection, a Feature or a bare geometry.
pub fn from_geojson(
    text: &str,
    file: &str,
    defaults: &FeatureDefaults,
) -> Result<Imported, ImportError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ImportError::Format {
        file: file.into(),
        cause: format!("invalid JSON: {e}"),
    })?;
    let features: Vec<Value> = match doc.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => doc
            .get("features")
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| ImportError::Format {
                file: file.into(),
                cause: "\"features\" must be an array".into(),
            })?,
        Some("Feature") => vec![doc],
        Some(_) => vec![serde_json::json!({"type": "Feature", "geometry": doc})],
        None => {
            return Err(ImportError::Format {
                file: file.into(),
                cause: "not GeoJSON (no \"type\")".into(),
            });
        }
    };
    let mut out = Imported::default();
    for (i, f) in features.iter().enumerate() {
        match read_features(f, i + 1, Some(defaults)) {
            Ok((features, notes)) => {
                out.features.extend(features);
                out.notes
                    .extend(notes.into_iter().map(|n| format!("{file}: {n}")));
            }
            Err(reason) => out.notes.push(format!("{file}: {reason}")),
        }
    }
    Ok(out)
}

fn kml_coords(coords: &[kml::types::Coord]) -> Vec<(f64, f64)> {
    coords.iter().map(|c| (c.x, c.y)).collect()
}

fn kml_parts(geometry: &kml::types::Geometry, parts: &mut RawParts) {
    use kml::types::Geometry as G;
    match geometry {
        G::Point(_) => parts.points += 1,
        G::LineString(l) => parts.lines.push(kml_coords(&l.coords)),
        G::LinearRing(r) => parts.lines.push(kml_coords(&r.coords)),
        G::Polygon(p) => parts.polygons.push(
            std::iter::once(&p.outer)
                .chain(&p.inner)
                .map(|r| kml_coords(&r.coords))
                .collect(),
        ),
        G::MultiGeometry(m) => {
            for g in &m.geometries {
                kml_parts(g, parts);
            }
        }
        _ => {}
    }
}

/// Placemarks (name, geometry parts) in document order, folders included.
fn placemarks(k: &kml::Kml, out: &mut Vec<(Option<String>, RawParts)>) {
    use kml::Kml as K;
    match k {
        K::KmlDocument(d) => d.elements.iter().for_each(|e| placemarks(e, out)),
        K::Document { elements, .. } => elements.iter().for_each(|e| placemarks(e, out)),
        K::Folder(f) => f.elements.iter().for_each(|e| placemarks(e, out)),
        K::Placemark(p) => {
            let mut parts = RawParts::default();
            if let Some(g) = &p.geometry {
                kml_parts(g, &mut parts);
            }
            out.push((p.name.clone(), parts));
        }
        _ => {}
    }
}

/// Imports KML text: every Placemark's polygons and lines.
pub fn from_kml(
    text: &str,
    file: &str,
    defaults: &FeatureDefaults,
) -> Result<Imported, ImportError> {
    let Some(as_of) = defaults.as_of else {
        return Err(ImportError::Format {
            file: file.into(),
            cause: "KML placemarks carry no as-of date: give one for the file".into(),
        });
    };
    // The kml crate panics on some malformed input (e.g. an empty Point, found by the
    // fuzz test below): such a file is refused like any other unreadable one.
    let parsed =
        std::panic::catch_unwind(|| text.parse::<kml::Kml>()).map_err(|_| ImportError::Format {
            file: file.into(),
            cause: "not readable KML (the KML reader failed on it)".into(),
        })?;
    let kml: kml::Kml = parsed.map_err(|e: kml::Error| ImportError::Format {
        file: file.into(),
        cause: format!("not readable KML: {e}"),
    })?;
    let mut found = Vec::new();
    placemarks(&kml, &mut found);
    let mut out = Imported::default();
    for (i, (name, parts)) in found.into_iter().enumerate() {
        let index = i + 1;
        let name = name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("{} {index}", defaults.name));
        let label = format!("{file}: feature {index} ({name:?})");
        if parts.points > 0 {
            out.notes
                .push(format!("{label}: {} point(s) ignored", parts.points));
            if parts.polygons.is_empty() && parts.lines.is_empty() {
                continue;
            }
        }
        if parts.polygons.is_empty() && parts.lines.is_empty() {
            out.notes.push(format!("{label}: no geometry"));
            continue;
        }
        match build(parts) {
            Ok(built) => {
                let many = built.len() > 1;
                for (geometry, notes) in built {
                    out.notes
                        .extend(notes.into_iter().map(|n| format!("{label}: {n}")));
                    let area = geometry.is_area();
                    out.features.push(ControlFeature {
                        id: 0,
                        name: match (many, area) {
                            (true, true) => format!("{name} (area)"),
                            (true, false) => format!("{name} (line)"),
                            _ => name.clone(),
                        },
                        kind: if area {
                            defaults.area_kind
                        } else {
                            defaults.line_kind
                        },
                        geometry,
                        source: defaults.source.clone(),
                        as_of,
                        extra: Default::default(),
                    });
                }
            }
            Err(reason) => out.notes.push(format!("{label}: {reason}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::control::{ControlGeometry, ControlKind};
    use proptest::prelude::*;

    fn defaults() -> FeatureDefaults {
        FeatureDefaults {
            name: "Imported".into(),
            area_kind: ControlKind::Occupied,
            line_kind: ControlKind::ContactLine,
            source: "test export".into(),
            as_of: Some(jiff::civil::date(2025, 6, 1)),
        }
    }

    pub(crate) const KML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Front</name>
<Folder><name>Areas</name>
<Placemark><name>Area A</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
35.0,47.0 36.0,47.0 36.0,48.0 35.0,48.0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Folder>
<Placemark><name>Line L</name><LineString><coordinates>34,46 35,47,0 36,49</coordinates></LineString></Placemark>
<Placemark><name>HQ</name><Point><coordinates>30,50</coordinates></Point></Placemark>
<Placemark><name>Broken</name><LineString><coordinates>34,46</coordinates></LineString></Placemark>
</Document></kml>"#;

    #[test]
    fn kml_areas_and_lines_are_read_points_ignored() {
        let got = import_bytes(KML.as_bytes(), "front.kml", &defaults()).unwrap();
        let names: Vec<&str> = got.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Area A", "Line L"]);
        assert_eq!(got.features[0].kind, ControlKind::Occupied);
        assert_eq!(got.features[1].kind, ControlKind::ContactLine);
        assert_eq!(got.features[0].as_of, jiff::civil::date(2025, 6, 1));
        let ControlGeometry::Area(mp) = &got.features[0].geometry else {
            panic!()
        };
        assert_eq!(mp.0[0].exterior().0.len(), 5, "closed");
        assert!(
            got.notes
                .iter()
                .any(|n| n == "front.kml: feature 3 (\"HQ\"): 1 point(s) ignored"),
            "{:?}",
            got.notes
        );
        assert!(
            got.notes
                .iter()
                .any(|n| n.starts_with("front.kml: feature 4 (\"Broken\")")),
            "{:?}",
            got.notes
        );
    }

    #[test]
    fn kmz_is_unzipped() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            zip.start_file("doc.kml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, KML.as_bytes()).unwrap();
            zip.finish().unwrap();
        }
        let got = import_bytes(buf.get_ref(), "front.kmz", &defaults()).unwrap();
        assert_eq!(got.features.len(), 2);
        let err = import_bytes(b"PK\x03\x04garbage", "bad.kmz", &defaults()).unwrap_err();
        assert!(
            err.to_string().starts_with("bad.kmz: not a readable KMZ"),
            "{err}"
        );
    }

    #[test]
    fn geojson_properties_override_defaults() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Zone","kind":"other","source":"ISW","as_of":"2025-02-01"},
           "geometry":{"type":"MultiPolygon","coordinates":[[[[30,50],[31,50],[31,51],[30,50]]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[30,50],[31,51]]}},
          {"type":"Feature","properties":{"name":"NaN"},"geometry":{"type":"LineString","coordinates":[[30,50],[null,51]]}},
          {"type":"Feature","properties":{"name":"P"},"geometry":{"type":"Point","coordinates":[30,50]}}]}"#;
        let got = import_bytes(text.as_bytes(), "isw.geojson", &defaults()).unwrap();
        assert_eq!(got.features.len(), 2);
        assert_eq!(got.features[0].kind, ControlKind::Other);
        assert_eq!(got.features[0].source, "ISW");
        assert_eq!(got.features[0].as_of, jiff::civil::date(2025, 2, 1));
        assert_eq!(got.features[1].name, "Imported 2");
        assert_eq!(got.features[1].source, "test export");
        assert_eq!(got.notes.len(), 2, "{:?}", got.notes);
        assert!(got.notes[0].starts_with("isw.geojson: feature 3 (\"NaN\")"));
        let err = import_bytes(
            b"{\"type\":\"FeatureCollection\",\"features\":[]}",
            "e.geojson",
            &defaults(),
        )
        .unwrap_err();
        assert!(matches!(err, ImportError::Empty { .. }));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn importers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = import_bytes(&bytes, "fuzz", &defaults());
        }

        #[test]
        fn geometry_fuzz_never_panics(coords in proptest::collection::vec(
            (prop_oneof![Just(f64::NAN), -200.0..200.0f64], -100.0..100.0f64), 0..12),
            kind in 0..3usize) {
            let pts: Vec<String> = coords.iter().map(|(x, y)| format!("{x},{y}")).collect();
            let kml = match kind {
                0 => format!("<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>", pts.join(" ")),
                1 => format!("<kml><Placemark><LineString><coordinates>{}</coordinates></LineString></Placemark></kml>", pts.join(" ")),
                _ => format!("<kml><Document><Placemark><MultiGeometry><Point><coordinates>{}</coordinates></Point></MultiGeometry></Placemark></Document></kml>", pts.first().cloned().unwrap_or_default()),
            };
            let _ = import_bytes(kml.as_bytes(), "fuzz.kml", &defaults());
            let json: Vec<String> = coords.iter().map(|(x, y)| format!("[{},{}]", if x.is_nan() { "null".into() } else { x.to_string() }, y)).collect();
            let gj = format!("{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}", json.join(","));
            let _ = import_bytes(gj.as_bytes(), "fuzz.geojson", &defaults());
        }
    }
}
