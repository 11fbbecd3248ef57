//! Checking and repairing control-feature geometry from files: non-finite or
//! out-of-range coordinates are refused, repeated vertices removed, open rings closed,
//! rings and lines too short to mean anything dropped, and self-intersecting polygons
//! made valid (geo's `MakeValid`, odd-even rule). Every repair is reported.

use geo::{Coord, LineString, MakeValid, MultiLineString, MultiPolygon, Polygon, Validation};
use serde_json::Value;

use crate::model::control::ControlGeometry;

/// A geometry and what was repaired in it.
pub type Repaired = (ControlGeometry, Vec<String>);

/// Raw parts before checking: areas as polygons of rings, lines as point lists.
#[derive(Debug, Default)]
pub struct RawParts {
    /// Polygons, each a list of rings (exterior first).
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
    /// Lines.
    pub lines: Vec<Vec<(f64, f64)>>,
    /// Points found (ignored by the caller with a note).
    pub points: usize,
}

fn position(v: &Value) -> Result<(f64, f64), String> {
    match v.as_array().map(Vec::as_slice) {
        Some([x, y, ..]) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => Ok((x, y)),
            _ => Err("a coordinate is not a number".into()),
        },
        _ => Err("a position needs [longitude, latitude]".into()),
    }
}

fn positions(v: &Value) -> Result<Vec<(f64, f64)>, String> {
    v.as_array()
        .ok_or("coordinates must be a list of positions")?
        .iter()
        .map(position)
        .collect()
}

fn rings(v: &Value) -> Result<Vec<Vec<(f64, f64)>>, String> {
    v.as_array()
        .ok_or("a polygon must be a list of rings")?
        .iter()
        .map(positions)
        .collect()
}

/// Collects the parts of a GeoJSON geometry (nested collections included).
pub fn collect_geojson(geometry: &Value, parts: &mut RawParts) -> Result<(), String> {
    let c = geometry.get("coordinates").unwrap_or(&Value::Null);
    match geometry.get("type").and_then(Value::as_str) {
        Some("Point") => parts.points += 1,
        Some("MultiPoint") => parts.points += c.as_array().map_or(1, Vec::len),
        Some("LineString") => parts.lines.push(positions(c)?),
        Some("MultiLineString") => {
            for l in c.as_array().ok_or("coordinates must be a list of lines")? {
                parts.lines.push(positions(l)?);
            }
        }
        Some("Polygon") => parts.polygons.push(rings(c)?),
        Some("MultiPolygon") => {
            for p in c
                .as_array()
                .ok_or("coordinates must be a list of polygons")?
            {
                parts.polygons.push(rings(p)?);
            }
        }
        Some("GeometryCollection") => {
            for g in geometry
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or("a GeometryCollection needs \"geometries\"")?
            {
                collect_geojson(g, parts)?;
            }
        }
        Some(other) => return Err(format!("unknown geometry type {other:?}")),
        None => return Err("the geometry has no type".into()),
    }
    Ok(())
}

/// A GeoJSON geometry as a checked control geometry (a plan file's own features:
/// exactly one of area or line).
pub fn from_geojson(geometry: &Value) -> Result<Repaired, String> {
    let mut parts = RawParts::default();
    collect_geojson(geometry, &mut parts)?;
    let mut out = build(parts)?;
    match out.len() {
        1 => Ok(out.remove(0)),
        _ => Err("mixes areas and lines; save them as separate features".into()),
    }
}

fn check_position((x, y): (f64, f64), at: usize) -> Result<Coord<f64>, String> {
    if !x.is_finite() || !y.is_finite() {
        return Err(format!("position {at} is not a finite number"));
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(format!(
            "position {at} ({x}, {y}) is outside longitude −180…180 / latitude −90…90"
        ));
    }
    Ok(Coord { x, y })
}

fn clean(points: &[(f64, f64)]) -> Result<Vec<Coord<f64>>, String> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(points.len());
    for (i, &p) in points.iter().enumerate() {
        let c = check_position(p, i + 1)?;
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// Checks and repairs parts: returns the area (if any polygon survives) and the line
/// (if any line survives), each with its notes. Errors when nothing usable is left.
pub fn build(parts: RawParts) -> Result<Vec<Repaired>, String> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut polygons = Vec::new();
    for (pi, rings) in parts.polygons.iter().enumerate() {
        let mut cleaned = Vec::new();
        for (ri, ring) in rings.iter().enumerate() {
            let mut r = clean(ring)?;
            if r.len() >= 3 && r.first() != r.last() {
                r.push(r[0]);
                notes.push(format!("polygon {} ring {}: closed", pi + 1, ri + 1));
            }
            if r.len() < 4 {
                notes.push(format!(
                    "polygon {} ring {}: dropped, fewer than 4 positions",
                    pi + 1,
                    ri + 1
                ));
                if ri == 0 {
                    cleaned.clear();
                    break;
                }
                continue;
            }
            cleaned.push(LineString(r));
        }
        if cleaned.is_empty() {
            continue;
        }
        let exterior = cleaned.remove(0);
        polygons.push(Polygon::new(exterior, cleaned));
    }
    if !polygons.is_empty() {
        let mut mp = MultiPolygon(polygons);
        if !mp.is_valid() {
            let fixed = mp
                .make_valid()
                .map_err(|e| format!("invalid polygon that cannot be repaired ({e:?})"))?;
            if fixed.0.is_empty() {
                return Err(
                    "the polygon has no area once its self-intersections are resolved".into(),
                );
            }
            notes.push("self-intersecting or overlapping rings repaired".into());
            mp = fixed;
        }
        out.push((ControlGeometry::Area(mp), std::mem::take(&mut notes)));
    }
    let mut lines = Vec::new();
    for (li, line) in parts.lines.iter().enumerate() {
        let l = clean(line)?;
        if l.len() < 2 {
            notes.push(format!(
                "line {}: dropped, fewer than 2 distinct positions",
                li + 1
            ));
            continue;
        }
        lines.push(LineString(l));
    }
    if !lines.is_empty() {
        out.push((ControlGeometry::Line(MultiLineString(lines)), notes));
    } else if out.is_empty() {
        return Err(if parts.polygons.is_empty() && parts.lines.is_empty() {
            "no area or line in it".into()
        } else {
            format!("nothing usable left ({})", notes.join("; "))
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;
    use serde_json::json;

    #[test]
    fn open_rings_are_closed_and_duplicates_removed() {
        let g = json!({"type":"Polygon","coordinates":[[[30,50],[31,50],[31,50],[31,51],[30,51]]]});
        let (geom, notes) = from_geojson(&g).unwrap();
        let ControlGeometry::Area(mp) = geom else {
            panic!()
        };
        assert_eq!(mp.0[0].exterior().0.len(), 5);
        assert_eq!(notes, vec!["polygon 1 ring 1: closed"]);
    }

    #[test]
    fn bowties_are_made_valid() {
        let g = json!({"type":"Polygon","coordinates":[[[30,50],[30,51],[31,50],[31,51],[30,50]]]});
        let (geom, notes) = from_geojson(&g).unwrap();
        let ControlGeometry::Area(mp) = geom else {
            panic!()
        };
        assert!(mp.is_valid());
        assert_eq!(mp.0.len(), 2);
        // Two triangles of a quarter of the square each.
        assert!(
            (mp.unsigned_area() - 0.5).abs() < 1e-9,
            "{}",
            mp.unsigned_area()
        );
        assert!(notes.iter().any(|n| n.contains("self-intersecting")));
    }

    #[test]
    fn bad_numbers_and_short_rings_are_refused() {
        let g = json!({"type":"Polygon","coordinates":[[[30,50],[31,50],[30,50]]]});
        assert!(from_geojson(&g).unwrap_err().contains("fewer than 4"));
        let g = json!({"type":"LineString","coordinates":[[30,50],[300,50]]});
        assert!(from_geojson(&g).unwrap_err().contains("position 2"));
        let g = json!({"type":"LineString","coordinates":[[30,50],[30,50]]});
        assert!(from_geojson(&g).unwrap_err().contains("fewer than 2"));
        let g = json!({"type":"LineString","coordinates":[[30,50],["x",50]]});
        assert!(from_geojson(&g).unwrap_err().contains("not a number"));
        let mut parts = RawParts::default();
        parts.lines.push(vec![(30.0, 50.0), (f64::NAN, 50.0)]);
        assert!(build(parts).unwrap_err().contains("not a finite number"));
    }
}
