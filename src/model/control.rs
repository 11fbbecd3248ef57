//! Control features: who holds what on the ground — occupied areas, the line of contact,
//! proposed ceasefire lines — each with a name, a source and an as-of date, plus the
//! plan's rules about them (ceasefire-zone width, threat bands, per-kind distances).
//!
//! In a plan file they are ordinary GeoJSON Polygon/MultiPolygon and
//! LineString/MultiLineString features next to the hub Points, told apart by the
//! property `"layer": "control"`, so QGIS and GDAL open them as any other layer.
//! The shipped reference (Natural Earth, before 24 Feb 2022) is not saved in plans:
//! it is embedded and switched on or off per plan.

use std::sync::LazyLock;

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use crate::model::hub::HubKind;

/// The shipped dated reference: areas outside Ukrainian government control before
/// 24 February 2022 (Natural Earth), built by `maps/build/build_reference.py`.
pub static REFERENCE_GEOJSON: &str = include_str!("../../maps/ukraine_ngca_pre2022.geojson");
/// How the reference layer is titled everywhere it shows.
pub const REFERENCE_TITLE: &str = "Outside government control before 24 Feb 2022 — Natural Earth";
/// The value of the `layer` property that marks a control feature in a plan file.
pub const LAYER: &str = "control";
/// Ids of the reference features (never saved, so they cannot clash with plan ids).
const REFERENCE_ID_BASE: u64 = u64::MAX - 16;

/// What a control feature stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ControlKind {
    /// Territory occupied by, or outside the control of, the government (an area).
    Occupied,
    /// The line of contact (a line).
    ContactLine,
    /// A proposed ceasefire line (a line).
    CeasefireLine,
    /// Anything else the planner wants on the map; drawn, not judged.
    Other,
}

impl ControlKind {
    /// Every kind, in menu order.
    pub const ALL: [ControlKind; 4] = [
        ControlKind::Occupied,
        ControlKind::ContactLine,
        ControlKind::CeasefireLine,
        ControlKind::Other,
    ];

    /// Key written to files.
    pub fn key(self) -> &'static str {
        match self {
            ControlKind::Occupied => "occupied",
            ControlKind::ContactLine => "contact_line",
            ControlKind::CeasefireLine => "ceasefire_line",
            ControlKind::Other => "other",
        }
    }

    /// Name for menus and legends.
    pub fn label(self) -> &'static str {
        match self {
            ControlKind::Occupied => "Occupied / non-government-controlled area",
            ControlKind::ContactLine => "Line of contact",
            ControlKind::CeasefireLine => "Proposed ceasefire line",
            ControlKind::Other => "Other",
        }
    }

    /// Reads a key or a label (any case); `None` when it is neither.
    pub fn parse(text: &str) -> Option<ControlKind> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(t) || k.label().eq_ignore_ascii_case(t))
            .or(match t.to_lowercase().as_str() {
                "ngca" | "non_government_controlled" | "area" => Some(ControlKind::Occupied),
                "line_of_contact" | "front" | "frontline" | "front_line" => {
                    Some(ControlKind::ContactLine)
                }
                _ => None,
            })
    }

    /// Whether a ceasefire zone runs along lines of this kind.
    pub fn makes_zone(self) -> bool {
        matches!(self, ControlKind::ContactLine | ControlKind::CeasefireLine)
    }
}

/// An area or a line, in longitude/latitude degrees.
#[derive(Clone, Debug, PartialEq)]
pub enum ControlGeometry {
    /// One or more polygons (with holes).
    Area(MultiPolygon<f64>),
    /// One or more polylines.
    Line(MultiLineString<f64>),
}

impl ControlGeometry {
    /// Number of vertices (closing vertices counted).
    pub fn vertex_count(&self) -> usize {
        match self {
            ControlGeometry::Area(mp) => mp
                .0
                .iter()
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                })
                .sum(),
            ControlGeometry::Line(ml) => ml.0.iter().map(|l| l.0.len()).sum(),
        }
    }

    /// Every ring (areas) or part (lines) as a coordinate list.
    pub fn paths(&self) -> Vec<&LineString<f64>> {
        match self {
            ControlGeometry::Area(mp) => {
                mp.0.iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                    .collect()
            }
            ControlGeometry::Line(ml) => ml.0.iter().collect(),
        }
    }

    /// Whether this is an area.
    pub fn is_area(&self) -> bool {
        matches!(self, ControlGeometry::Area(_))
    }
}

/// One dated control feature.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlFeature {
    /// Id, from the plan's id space (shared with hubs, so GeoJSON ids stay unique).
    pub id: u64,
    /// Name shown on the map and in warnings.
    pub name: String,
    /// What it stands for.
    pub kind: ControlKind,
    /// Where it lies.
    pub geometry: ControlGeometry,
    /// Who says so (e.g. "DeepStateMap export", "ISW", "drawn by planner").
    pub source: String,
    /// The date the source describes (required: control changes).
    pub as_of: Date,
    /// Properties the app does not know, kept and written back unchanged.
    pub extra: Map<String, Value>,
}

impl ControlFeature {
    /// "NAME, as of DATE".
    pub fn dated_name(&self) -> String {
        format!("{}, as of {}", self.name, self.as_of)
    }

    /// Whether this is one of the shipped reference features.
    pub fn is_reference(&self) -> bool {
        self.id >= REFERENCE_ID_BASE
    }
}

/// The plan's rules about control features.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlSettings {
    /// Half-width of the ceasefire zone along every contact or ceasefire line, km.
    pub zone_half_width_km: f64,
    /// Hub kinds allowed inside the zone (monitoring posts by default).
    pub zone_allowed: Vec<HubKind>,
    /// Threat bands: distances from hostile territory, km, ascending.
    pub threat_bands_km: Vec<f64>,
    /// Minimum distance from hostile territory per hub kind, km.
    pub min_distance_km: Vec<(HubKind, f64)>,
    /// Whether the shipped reference layer (before 24 Feb 2022) is used and shown.
    pub show_reference: bool,
}

/// Default ceasefire-zone half-width, km.
pub const DEFAULT_ZONE_HALF_WIDTH_KM: f64 = 15.0;
/// Default threat bands, km.
pub const DEFAULT_THREAT_BANDS_KM: [f64; 3] = [40.0, 90.0, 300.0];

impl Default for ControlSettings {
    fn default() -> Self {
        Self {
            zone_half_width_km: DEFAULT_ZONE_HALF_WIDTH_KM,
            zone_allowed: vec![HubKind::MonitoringPost],
            threat_bands_km: DEFAULT_THREAT_BANDS_KM.to_vec(),
            min_distance_km: Vec::new(),
            show_reference: true,
        }
    }
}

impl ControlSettings {
    /// The minimum distance from hostile territory set for a hub kind, if any.
    pub fn min_distance_for(&self, kind: &HubKind) -> Option<f64> {
        self.min_distance_km
            .iter()
            .find(|(k, _)| k == kind)
            .map(|&(_, km)| km)
    }
}

/// The key a hub kind is written as (snake_case for built-in kinds, the name otherwise).
pub fn kind_key(kind: &HubKind) -> String {
    match kind {
        HubKind::Custom(name) => name.clone(),
        k => serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

/// The plan settings as JSON, for the plan file's `coalition_map` member.
pub fn settings_to_json(s: &ControlSettings) -> Value {
    let min: Map<String, Value> = s
        .min_distance_km
        .iter()
        .map(|(k, km)| (kind_key(k), json!(km)))
        .collect();
    json!({
        "ceasefire_zone_km": s.zone_half_width_km,
        "zone_allowed_kinds": s.zone_allowed.iter().map(kind_key).collect::<Vec<_>>(),
        "threat_bands_km": s.threat_bands_km,
        "min_distance_km": min,
        "show_reference": s.show_reference,
    })
}

fn positive_km(v: &Value) -> Option<f64> {
    v.as_f64()
        .filter(|km| km.is_finite() && *km >= 0.0 && *km <= 20_000.0)
}

/// Reads plan settings; anything missing or unusable takes its default.
pub fn settings_from_json(value: Option<&Value>) -> ControlSettings {
    let mut s = ControlSettings::default();
    let Some(v) = value else { return s };
    if let Some(km) = v.get("ceasefire_zone_km").and_then(positive_km) {
        s.zone_half_width_km = km;
    }
    if let Some(kinds) = v.get("zone_allowed_kinds").and_then(Value::as_array) {
        s.zone_allowed = kinds
            .iter()
            .filter_map(Value::as_str)
            .map(HubKind::parse)
            .collect();
    }
    if let Some(bands) = v.get("threat_bands_km").and_then(Value::as_array) {
        let mut b: Vec<f64> = bands
            .iter()
            .filter_map(positive_km)
            .filter(|&km| km > 0.0)
            .collect();
        b.sort_by(f64::total_cmp);
        b.dedup();
        s.threat_bands_km = b;
    }
    if let Some(min) = v.get("min_distance_km").and_then(Value::as_object) {
        s.min_distance_km = min
            .iter()
            .filter_map(|(k, km)| Some((HubKind::parse(k), positive_km(km)?)))
            .collect();
    }
    if let Some(show) = v.get("show_reference").and_then(Value::as_bool) {
        s.show_reference = show;
    }
    s
}

/// A control feature as a GeoJSON feature (geometry rounded to 7 decimals).
#[derive(serde::Serialize)]
pub struct FeatureJson {
    r#type: &'static str,
    id: u64,
    geometry: Value,
    properties: Map<String, Value>,
}

fn coords(ls: &LineString<f64>) -> Vec<[f64; 2]> {
    use crate::model::plan_file::round7;
    ls.0.iter().map(|c| [round7(c.x), round7(c.y)]).collect()
}

/// GeoJSON geometry of a control feature: Polygon/LineString when there is one part,
/// Multi… otherwise.
pub fn geometry_json(g: &ControlGeometry) -> Value {
    let polygon = |p: &Polygon<f64>| {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(coords)
            .collect::<Vec<_>>()
    };
    match g {
        ControlGeometry::Area(mp) if mp.0.len() == 1 => {
            json!({"type": "Polygon", "coordinates": polygon(&mp.0[0])})
        }
        ControlGeometry::Area(mp) => json!({
            "type": "MultiPolygon",
            "coordinates": mp.0.iter().map(polygon).collect::<Vec<_>>()
        }),
        ControlGeometry::Line(ml) if ml.0.len() == 1 => {
            json!({"type": "LineString", "coordinates": coords(&ml.0[0])})
        }
        ControlGeometry::Line(ml) => json!({
            "type": "MultiLineString",
            "coordinates": ml.0.iter().map(coords).collect::<Vec<_>>()
        }),
    }
}

/// A control feature as a plan-file feature.
pub fn to_feature(f: &ControlFeature) -> FeatureJson {
    let mut properties = f.extra.clone();
    properties.insert("layer".into(), json!(LAYER));
    properties.insert("name".into(), json!(f.name));
    properties.insert("kind".into(), json!(f.kind.key()));
    properties.insert("source".into(), json!(f.source));
    properties.insert("as_of".into(), json!(f.as_of.to_string()));
    FeatureJson {
        r#type: "Feature",
        id: f.id,
        geometry: geometry_json(&f.geometry),
        properties,
    }
}

/// Parses an as-of date: ISO `2025-03-01`, or a timestamp's date part
/// (`2025-03-01T12:00:00Z`).
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let day = t.get(..10).unwrap_or(t);
    day.parse::<Date>()
        .map_err(|_| format!("{t:?} is not a date (YYYY-MM-DD)"))
}

/// Whether a GeoJSON feature is a control feature (its `layer` or `role` says so).
pub fn is_control_feature(feature: &Value) -> bool {
    let props = feature.get("properties");
    ["layer", "role"].iter().any(|k| {
        props
            .and_then(|p| p.get(*k))
            .and_then(Value::as_str)
            .is_some_and(|v| v.eq_ignore_ascii_case(LAYER))
    })
}

const KNOWN: [&str; 6] = ["layer", "role", "name", "kind", "source", "as_of"];

/// Reads a plan-file feature marked as a control feature. `None` when the feature is not
/// one (it is then read as a hub); `Some(Err)` says why a control feature was skipped,
/// e.g. "feature 4 (\"Front\"): as_of \"x\" is not a date (YYYY-MM-DD)".
pub fn from_feature(feature: &Value, index: usize) -> Option<Result<Vec<ControlFeature>, String>> {
    if !is_control_feature(feature) {
        return None;
    }
    Some(read_features(feature, index, None).map(|(f, _)| f))
}

/// What an imported feature takes when its file does not say.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureDefaults {
    /// Name prefix for unnamed features.
    pub name: String,
    /// Kind for areas.
    pub area_kind: ControlKind,
    /// Kind for lines.
    pub line_kind: ControlKind,
    /// Source.
    pub source: String,
    /// As-of date; `None`: every feature must carry its own `as_of`.
    pub as_of: Option<Date>,
}

/// Whether a kind suits a geometry: occupied is an area, contact and ceasefire lines are
/// lines, "other" is either.
pub fn kind_fits(kind: ControlKind, geometry: &ControlGeometry) -> bool {
    match kind {
        ControlKind::Occupied => geometry.is_area(),
        ControlKind::ContactLine | ControlKind::CeasefireLine => !geometry.is_area(),
        ControlKind::Other => true,
    }
}

/// Reads a GeoJSON feature as control features (one area and/or one line), repairing its
/// geometry (the notes say how; points are ignored with a note). Properties the feature
/// lacks come from `defaults` (import) or are errors (plan files).
pub(crate) fn read_features(
    feature: &Value,
    index: usize,
    defaults: Option<&FeatureDefaults>,
) -> Result<(Vec<ControlFeature>, Vec<String>), String> {
    use crate::model::control_geometry::{RawParts, build, collect_geojson};
    let props = feature
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let get = |k: &str| {
        props
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let name = get("name")
        .map(str::to_owned)
        .or_else(|| defaults.map(|d| format!("{} {index}", d.name)))
        .unwrap_or_else(|| format!("Control feature {index}"));
    let label = format!("feature {index} ({name:?})");
    let geometry = feature
        .get("geometry")
        .filter(|g| !g.is_null())
        .ok_or_else(|| format!("{label}: no geometry"))?;
    let mut parts = RawParts::default();
    collect_geojson(geometry, &mut parts).map_err(|e| format!("{label}: {e}"))?;
    let mut notes = Vec::new();
    if parts.points > 0 {
        notes.push(format!("{label}: {} point(s) ignored", parts.points));
        if parts.polygons.is_empty() && parts.lines.is_empty() {
            return Ok((Vec::new(), notes));
        }
    }
    let built = build(parts).map_err(|e| format!("{label}: {e}"))?;
    let wanted = match get("kind") {
        Some(k) => {
            Some(ControlKind::parse(k).ok_or_else(|| format!("{label}: unknown kind {k:?}"))?)
        }
        None => None,
    };
    let source = get("source")
        .map(str::to_owned)
        .or_else(|| defaults.map(|d| d.source.clone()))
        .ok_or_else(|| format!("{label}: no source"))?;
    let as_of = match get("as_of") {
        Some(d) => parse_date(d).map_err(|e| format!("{label}: as_of {e}"))?,
        None => defaults
            .and_then(|d| d.as_of)
            .ok_or_else(|| format!("{label}: no as_of date"))?,
    };
    let extra: Map<String, Value> = props
        .iter()
        .filter(|(k, _)| !KNOWN.contains(&k.to_lowercase().as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let many = built.len() > 1;
    let mut out = Vec::new();
    for (geometry, repairs) in built {
        notes.extend(repairs.into_iter().map(|n| format!("{label}: {n}")));
        let fallback = match (defaults, geometry.is_area()) {
            (Some(d), true) => d.area_kind,
            (Some(d), false) => d.line_kind,
            (None, true) => ControlKind::Occupied,
            (None, false) => ControlKind::ContactLine,
        };
        let kind = match wanted {
            Some(k) if kind_fits(k, &geometry) => k,
            Some(k) => {
                notes.push(format!(
                    "{label}: kind {:?} does not suit its {}; read as {:?}",
                    k.key(),
                    if geometry.is_area() { "area" } else { "line" },
                    fallback.key()
                ));
                fallback
            }
            None => fallback,
        };
        let kind = if kind_fits(kind, &geometry) {
            kind
        } else {
            ControlKind::Other
        };
        out.push(ControlFeature {
            id: if many {
                0
            } else {
                feature.get("id").and_then(Value::as_u64).unwrap_or(0)
            },
            name: match (many, geometry.is_area()) {
                (true, true) => format!("{name} (area)"),
                (true, false) => format!("{name} (line)"),
                _ => name.clone(),
            },
            kind,
            geometry,
            source: source.clone(),
            as_of,
            extra: extra.clone(),
        });
    }
    Ok((out, notes))
}

/// Gives control features without an id, or with one a hub or another feature already
/// has, a fresh id from the plan.
pub fn assign_ids(plan: &mut crate::model::plan::Plan) {
    let mut seen: std::collections::HashSet<u64> = plan.hubs.iter().map(|h| h.id.0).collect();
    let stale: Vec<usize> = (0..plan.control.len())
        .filter(|&i| {
            let id = plan.control[i].id;
            id == 0 || id >= REFERENCE_ID_BASE || !seen.insert(id)
        })
        .collect();
    for i in stale {
        plan.control[i].id = plan.allocate_id().0;
    }
}

/// The shipped reference features (parsed once).
pub fn reference() -> &'static [ControlFeature] {
    static REFERENCE: LazyLock<Vec<ControlFeature>> = LazyLock::new(|| {
        let doc: Value = serde_json::from_str(REFERENCE_GEOJSON).unwrap_or(Value::Null);
        doc.get("features")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .flat_map(|(i, f)| match read_features(f, i + 1, None) {
                Ok((features, _)) => features,
                Err(e) => {
                    log::error!("the shipped control reference is invalid: {e}");
                    Vec::new()
                }
            })
            .enumerate()
            .map(|(i, mut feature)| {
                feature.id = REFERENCE_ID_BASE + i as u64;
                feature
            })
            .collect()
    });
    &REFERENCE
}

/// The control features a plan is judged against: the reference (when the plan shows
/// it), then the plan's own.
pub fn effective<'a>(
    features: &'a [ControlFeature],
    settings: &ControlSettings,
) -> impl Iterator<Item = &'a ControlFeature> + Clone {
    let reference: &'static [ControlFeature] = if settings.show_reference {
        reference()
    } else {
        &[]
    };
    reference.iter().chain(features.iter())
}

/// Which vertex of a geometry: the path (ring or line part, in [`ControlGeometry::paths`]
/// order) and the vertex within it (rings without their closing vertex).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VertexRef {
    /// Path index.
    pub path: usize,
    /// Vertex index.
    pub vertex: usize,
}

/// Applies `edit` to one path's vertex list (rings open, without the closing vertex),
/// then closes rings again. Returns `None` when the path does not exist or the edit
/// would leave too few vertices (3 for a ring, 2 for a line).
pub fn edit_path(
    g: &ControlGeometry,
    path: usize,
    edit: impl FnOnce(&mut Vec<Coord<f64>>),
) -> Option<ControlGeometry> {
    let mut g = g.clone();
    match &mut g {
        ControlGeometry::Line(ml) => {
            let line = ml.0.get_mut(path)?;
            edit(&mut line.0);
            if line.0.len() < 2 {
                return None;
            }
        }
        ControlGeometry::Area(mp) => {
            let mut k = 0;
            let mut ok = None;
            for poly in mp.0.iter_mut() {
                let rings = 1 + poly.interiors().len();
                if path < k + rings {
                    let r = path - k;
                    let mut ring: Vec<Coord<f64>> = if r == 0 {
                        poly.exterior().0.clone()
                    } else {
                        poly.interiors()[r - 1].0.clone()
                    };
                    if ring.len() > 1 && ring.first() == ring.last() {
                        ring.pop();
                    }
                    edit(&mut ring);
                    if ring.len() < 3 {
                        return None;
                    }
                    ring.push(ring[0]);
                    let ring = LineString(ring);
                    if r == 0 {
                        poly.exterior_mut(|e| *e = ring);
                    } else {
                        poly.interiors_mut(|i| i[r - 1] = ring);
                    }
                    ok = Some(());
                    break;
                }
                k += rings;
            }
            ok?;
        }
    }
    Some(g)
}

/// Builds an area from one exterior ring of (lon, lat) points (closed if needed).
pub fn area_from_ring(points: &[(f64, f64)]) -> ControlGeometry {
    let mut ring: Vec<Coord<f64>> = points.iter().map(|&(x, y)| Coord { x, y }).collect();
    if ring.first() != ring.last()
        && let Some(&first) = ring.first()
    {
        ring.push(first);
    }
    ControlGeometry::Area(MultiPolygon(vec![Polygon::new(
        LineString(ring),
        Vec::new(),
    )]))
}

/// Builds a line from (lon, lat) points.
pub fn line_from_points(points: &[(f64, f64)]) -> ControlGeometry {
    ControlGeometry::Line(MultiLineString(vec![LineString(
        points.iter().map(|&(x, y)| Coord { x, y }).collect(),
    )]))
}

#[cfg(test)]
mod tests;
