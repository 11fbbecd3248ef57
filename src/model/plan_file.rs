//! Plans as GeoJSON (RFC 7946) files.
//!
//! A plan is a FeatureCollection of Point features, one per hub, with the hub's fields
//! as properties, so QGIS or GDAL open it as a point layer. Plan-level data sits in a
//! top-level `coalition_map` member, which GeoJSON readers ignore (RFC 7946 §6.1).
//! Properties the app does not know are kept and written back unchanged.

use serde_json::{Map, Value};

use crate::model::field_map::{self, Field, FieldMapping, IdAssigner, Nations, Resolved};
use crate::model::hub::{Activation, Ceasefire, Hub, HubId, validate_position};
use crate::model::measure::parse_radii;
use crate::model::plan::{DEFAULT_COVERAGE_RADIUS_KM, DEFAULT_HOSTILE_BUFFER_KM, Plan};
use crate::model::roster::{Roster, RosterEntry};

mod sample;
mod write;

pub use sample::{
    SAMPLE_PLAN, SAMPLE_PLAN_ALT, SAMPLE_PLAN_ALT_NAME, SAMPLE_PLAN_NAME, sample_plan,
    sample_plan_alt,
};
pub use write::{round7, to_geojson};

/// Name of the foreign member holding plan-level data.
pub const PLAN_MEMBER: &str = "coalition_map";
/// Format tag written into [`PLAN_MEMBER`].
pub const FORMAT: &str = "coalition-map-plan";
/// Format version written by this build.
pub const VERSION: u64 = 1;

/// Why a plan could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// JSON syntax error.
    #[error("{source_name}: invalid JSON at line {line}, column {column}: {cause}")]
    Json {
        /// File name.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        cause: String,
    },
    /// Valid JSON but not a FeatureCollection.
    #[error("{source_name}: not a GeoJSON FeatureCollection: {cause}")]
    NotFeatureCollection {
        /// File name.
        source_name: String,
        /// What is wrong.
        cause: String,
    },
    /// A plan written by a newer version.
    #[error(
        "{source_name}: plan format version {version} is newer than this app understands ({VERSION})"
    )]
    Version {
        /// File name.
        source_name: String,
        /// Version found.
        version: u64,
    },
}

/// What reading a plan skipped, for the user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadReport {
    /// Features read as hubs.
    pub hubs: usize,
    /// Features and slides skipped, with the reason, e.g. "feature 3: geometry is a
    /// LineString" or "slide 2: the view box … is empty".
    pub skipped: Vec<String>,
    /// What was read but not as written, e.g. "feature 4: id 3 is used by another hub;
    /// renumbered 12" or "feature 5: personnel -5 is not a whole number…; left at 0".
    pub notes: Vec<String>,
    /// Columns read under another name, e.g. "type as kind", "feature id as name".
    pub mapped: Vec<String>,
}

/// Where a skipped item was in its file, parsed from a [`ReadReport::skipped`] line.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SkippedItem {
    /// 1-based feature number (GeoJSON, KML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<usize>,
    /// 1-based row, counting the header as row 1 (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// 1-based slide number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<usize>,
    /// Why it was skipped.
    pub reason: String,
}

impl SkippedItem {
    /// Splits "feature 3: reason" / "row 4 (line 5): reason" / "slide 2: reason".
    pub fn parse(line: &str) -> Self {
        let mut item = SkippedItem {
            feature: None,
            row: None,
            slide: None,
            reason: line.to_owned(),
        };
        let Some((place, reason)) = line.split_once(": ") else {
            return item;
        };
        let mut words = place.split_whitespace();
        let (Some(what), Some(n)) = (words.next(), words.next().and_then(|n| n.parse().ok()))
        else {
            return item;
        };
        match what {
            "feature" => item.feature = Some(n),
            "row" => item.row = Some(n),
            "slide" => item.slide = Some(n),
            _ => return item,
        }
        item.reason = reason.to_owned();
        item
    }
}

/// Fields GDAL's KML driver adds that mean nothing for a hub.
const GDAL_KML_FIELDS: [&str; 10] = [
    "description",
    "altitudemode",
    "tessellate",
    "extrude",
    "visibility",
    "draworder",
    "icon",
    "begin",
    "end",
    "timestamp",
];

/// Whether a property is dropped on reading: GDAL's KML extras, the columns our own
/// exports compute (one list, `plan_csv::DERIVED`, recomputed anyway), and the
/// position columns GDAL copies from the geometry.
pub(crate) fn dropped_on_read(lower: &str) -> bool {
    GDAL_KML_FIELDS.contains(&lower)
        || crate::model::plan_csv::DERIVED.contains(&lower)
        || ["lon", "lat", "fid"].contains(&lower)
}

/// Whether an unmapped property (or CSV column) is kept with the hub: not one this
/// reader drops, and not a second column for a field a plan file writes under that
/// name ("Name" beside "name"), which saving would overwrite.
pub(crate) fn kept_as_extra(key: &str) -> bool {
    let lower = key.to_lowercase();
    !dropped_on_read(&lower) && !PROPERTY_FIELDS.iter().any(|f| f.key() == lower)
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
            .collect(),
        // Spreadsheets and GDAL often flatten lists to "FRA;POL" or "FRA, POL".
        Some(Value::String(s)) => s
            .split([';', ',', '|'])
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// The fields properties can fill (the position comes from the geometry).
const PROPERTY_FIELDS: [Field; 11] = [
    Field::Name,
    Field::Kind,
    Field::LeadNation,
    Field::Contributors,
    Field::Personnel,
    Field::Activation,
    Field::Notes,
    Field::Id,
    Field::RangeRings,
    Field::ShowRangeRings,
    Field::StandUpDays,
];

/// An id as read: a usable one, none, or why it cannot be used.
type IdRead = Result<Option<u64>, String>;

/// What reading features shares: the import rules, the last property keys matched
/// (features of one file usually share them) and what the report collects.
struct FeatureReader<'a> {
    nations: Nations,
    mapping: Option<&'a FieldMapping>,
    last: Option<(Vec<String>, Resolved)>,
    mapped: std::collections::BTreeSet<String>,
    notes: Vec<String>,
}

impl FeatureReader<'_> {
    fn resolve(&mut self, keys: Vec<String>) -> &Resolved {
        if self.last.as_ref().is_none_or(|(k, _)| *k != keys) {
            let resolved = Resolved::for_fields(&keys, self.mapping, &PROPERTY_FIELDS);
            for m in resolved.describe(&keys) {
                if !self.mapped.contains(&m) {
                    self.mapped.insert(m);
                }
            }
            self.last = Some((keys, resolved));
        }
        &self.last.as_ref().expect("just set").1
    }
}

/// Reads one feature as a hub, or says why it cannot be one.
/// Reads `[lon, lat, …]` (a third value, altitude, is ignored).
fn position(value: Option<&Value>, index: usize) -> Result<(f64, f64), String> {
    match value.and_then(Value::as_array).map(|c| c.as_slice()) {
        Some([x, y, ..]) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => {
                validate_position(x, y).map_err(|e| format!("feature {index}: {e}"))?;
                Ok((x, y))
            }
            _ => Err(format!("feature {index}: coordinates are not numbers")),
        },
        _ => Err(format!(
            "feature {index}: a point needs [longitude, latitude]"
        )),
    }
}

/// Reads one feature as hubs: a Point gives one, a MultiPoint one per point (named
/// "Name 1", "Name 2"… when there are several); anything else says why it cannot.
fn hubs_from_feature(
    reader: &mut FeatureReader<'_>,
    feature: &Value,
    index: usize,
) -> Result<Vec<(Hub, IdRead)>, String> {
    let geometry = feature.get("geometry").unwrap_or(&Value::Null);
    let positions = match geometry.get("type").and_then(Value::as_str) {
        Some("Point") => vec![position(geometry.get("coordinates"), index)?],
        Some("MultiPoint") => geometry
            .get("coordinates")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("feature {index}: a MultiPoint needs a list of points"))?
            .iter()
            .map(|p| position(Some(p), index))
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => {
            return Err(format!(
                "feature {index}: geometry is a {other}, not a Point"
            ));
        }
        None => return Err(format!("feature {index}: no geometry")),
    };
    // The properties are read once per feature, not once per point.
    let (first, rest) = positions
        .split_first()
        .ok_or_else(|| format!("feature {index}: an empty MultiPoint"))?;
    let (hub, id) = hub_from_properties(reader, feature, index, first.0, first.1)?;
    if rest.is_empty() {
        return Ok(vec![(hub, id)]);
    }
    Ok(positions
        .iter()
        .enumerate()
        .map(|(k, &(lon, lat))| {
            let mut one = hub.clone();
            // "Name 1", "Name 2"…, within the name limit.
            let suffix = format!(" {}", k + 1);
            let keep = field_map::MAX_NAME_CHARS.saturating_sub(suffix.len());
            one.name = hub.name.chars().take(keep).collect::<String>() + &suffix;
            one.lon = lon;
            one.lat = lat;
            (one, Ok(None))
        })
        .collect())
}

fn hub_from_properties(
    reader: &mut FeatureReader<'_>,
    feature: &Value,
    index: usize,
    lon: f64,
    lat: f64,
) -> Result<(Hub, IdRead), String> {
    let empty = Map::new();
    let all = feature
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let keys: Vec<String> = all.keys().cloned().collect();
    let resolved = reader.resolve(keys.clone()).clone();
    let get = |field: Field| resolved.column_of(field).and_then(|i| all.get(&keys[i]));
    let place = format!("feature {index}");
    let mut notes = Vec::new();

    // GDAL's RFC 7946 writer with ID_FIELD=name puts the name in the feature id.
    let feature_id = feature.get("id");
    let name = match (text_of(get(Field::Name)), feature_id) {
        (Some(name), _) => name,
        (None, Some(Value::String(s))) if !s.trim().is_empty() => {
            if !reader.mapped.contains("feature id as name") {
                reader.mapped.insert("feature id as name".into());
            }
            s.trim().to_owned()
        }
        _ => format!("Hub {index}"),
    };
    let (name, note) = field_map::limit_text(name, field_map::MAX_NAME_CHARS, "name");
    notes.extend(note);
    let mut hub = Hub::new(HubId(0), name, lon, lat);
    if let Some(kind) = text_of(get(Field::Kind)) {
        hub.kind = field_map::kind(&kind);
    }
    if let Some(lead) = text_of(get(Field::LeadNation)) {
        let (code, note) = reader.nations.read(&lead, "lead nation");
        hub.lead_nation = code;
        notes.extend(note);
    }
    hub.contributors = list_of(get(Field::Contributors))
        .into_iter()
        .map(|c| {
            reader
                .nations
                .code(&c)
                .map_or_else(|| c.to_uppercase(), str::to_owned)
        })
        .collect();
    hub.personnel = field_map::personnel(get(Field::Personnel).unwrap_or(&Value::Null))
        .unwrap_or_else(|e| {
            notes.push(e);
            0
        });
    if let Some(a) = text_of(get(Field::Activation)) {
        hub.activation = serde_json::from_value::<Activation>(Value::String(a.clone()))
            .ok()
            .or_else(|| {
                Activation::ALL
                    .into_iter()
                    .find(|x| x.label().eq_ignore_ascii_case(&a))
            })
            .ok_or_else(|| format!("{place}: unknown activation {a:?}"))?;
    }
    let (notes_text, note) = field_map::limit_text(
        text_of(get(Field::Notes)).unwrap_or_default(),
        field_map::MAX_NOTES_CHARS,
        "notes",
    );
    hub.notes = notes_text;
    notes.extend(note);
    hub.stand_up_days = match get(Field::StandUpDays) {
        None | Some(Value::Null) => 0,
        Some(v) => crate::model::timeline::parse_days(v)
            .map_err(|e| format!("feature {index}: stand_up_days: {e}"))?,
    };
    hub.range_rings_km = match get(Field::RangeRings) {
        None | Some(Value::Null) => Ok(Vec::new()),
        // Spreadsheets and GDAL flatten lists to text: "50;300".
        Some(Value::String(s)) => parse_radii(s),
        Some(Value::Number(n)) => parse_radii(&n.to_string()),
        Some(Value::Array(items)) => parse_radii(
            &items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
        Some(other) => Err(format!("{other} is not a list of distances")),
    }
    .map_err(|e| format!("{place}: range_rings_km: {e}"))?;
    hub.show_range_rings = match get(Field::ShowRangeRings) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !matches!(s.trim().to_lowercase().as_str(), "false" | "0" | "no"),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        _ => true,
    };
    // The id: the feature's own (a number), else an `id` property.
    let id = match feature_id {
        Some(v @ Value::Number(_)) => field_map::id(Some(v)),
        _ => field_map::id(get(Field::Id)),
    };
    hub.extra = keys
        .iter()
        .zip(&resolved.by_column)
        .filter(|(k, field)| field.is_none() && kept_as_extra(k))
        .filter_map(|(k, _)| all.get(k).map(|v| (k.clone(), v.clone())))
        .collect();
    reader
        .notes
        .extend(notes.into_iter().map(|n| format!("{place}: {n}")));
    Ok((hub, id))
}

/// A timeline day from the plan file: a whole number of days, else none.
fn read_day(value: Option<&Value>) -> Option<u32> {
    value.and_then(|v| crate::model::timeline::parse_days(v).ok())
}

/// Reads a plan from GeoJSON text. Any FeatureCollection of points is accepted; plan
/// data missing from it takes default values. `source_name` names the file in errors.
pub fn from_geojson(text: &str, source_name: &str) -> Result<(Plan, ReadReport), PlanError> {
    from_geojson_mapped(text, source_name, None)
}

/// [`from_geojson`] with the user's choice of which property fills which field.
pub fn from_geojson_mapped(
    text: &str,
    source_name: &str,
    mapping: Option<&FieldMapping>,
) -> Result<(Plan, ReadReport), PlanError> {
    // Windows tools write a byte order mark; JSON parsers refuse it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = serde_json::from_str(text).map_err(|e| PlanError::Json {
        source_name: source_name.into(),
        line: e.line(),
        column: e.column(),
        cause: {
            let msg = e.to_string();
            msg.rfind(" at line ")
                .map_or(msg.clone(), |i| msg[..i].to_owned())
        },
    })?;
    let not_fc = |cause: &str| PlanError::NotFeatureCollection {
        source_name: source_name.into(),
        cause: cause.into(),
    };
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(not_fc(
            "the top-level \"type\" must be \"FeatureCollection\"",
        ));
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| not_fc("\"features\" must be an array"))?;

    let mut plan = Plan::default();
    let mut slide_errors = Vec::new();
    if let Some(meta) = doc.get(PLAN_MEMBER) {
        let version = meta
            .get("version")
            .and_then(Value::as_u64)
            .unwrap_or(VERSION);
        if version > VERSION {
            return Err(PlanError::Version {
                source_name: source_name.into(),
                version,
            });
        }
        if let Some(title) = meta.get("title").and_then(Value::as_str) {
            plan.title = title.to_owned();
        }
        if let Some(c) = meta.get("ceasefire") {
            let flag = |k: &str| c.get(k).and_then(Value::as_bool).unwrap_or(false);
            plan.ceasefire =
                Ceasefire::new(flag("in_effect"), flag("verified"), flag("peace_signed"))
                    .with_day(read_day(c.get("day")));
        }
        plan.ceasefire_date = meta
            .get("ceasefire_date")
            .and_then(Value::as_str)
            .filter(|d| crate::model::timeline::parse_date(d).is_some())
            .map(str::to_owned);
        plan.coverage_radius_km = meta
            .get("coverage_radius_km")
            .and_then(Value::as_f64)
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(DEFAULT_COVERAGE_RADIUS_KM);
        plan.hostile_buffer_km = meta
            .get("hostile_buffer_km")
            .and_then(Value::as_f64)
            .filter(|v| v.is_finite() && *v >= 0.0)
            .unwrap_or(DEFAULT_HOSTILE_BUFFER_KM);
        plan.facility_rules =
            crate::model::facilities::FacilityRules::from_json(meta.get("facility_rules"));
        if let Some(entries) = meta.get("roster").and_then(Value::as_array) {
            let entries: Vec<RosterEntry> = entries
                .iter()
                .filter_map(|e| serde_json::from_value(e.clone()).ok())
                .collect();
            let sources = meta
                .get("roster_sources")
                .and_then(|s| serde_json::from_value(s.clone()).ok())
                .unwrap_or_default();
            if !entries.is_empty() {
                plan.roster = Roster::from_entries(entries, sources);
            }
        }
        plan.next_id = meta.get("next_id").and_then(Value::as_u64).unwrap_or(1);
        if let Some(value) = meta.get("view") {
            match read_view(value) {
                Ok(view) => plan.view = Some(view),
                Err(e) => slide_errors.push(format!("the saved view: {e}")),
            }
        }
        plan.control_settings = crate::model::control::settings_from_json(meta.get("control"));
        for (i, value) in meta
            .get("slides")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            match crate::model::slide::from_json(value) {
                Ok(slide) => plan.slides.push(slide),
                Err(e) => slide_errors.push(format!("slide {}: {e}", i + 1)),
            }
        }
    } else {
        plan.title = source_name.to_owned();
    }

    let mut report = ReadReport {
        skipped: slide_errors,
        ..ReadReport::default()
    };
    let mut reader = FeatureReader {
        nations: Nations::new(&plan.roster),
        mapping,
        last: None,
        mapped: Default::default(),
        notes: Vec::new(),
    };
    let mut ids = IdAssigner::default();
    for (i, feature) in features.iter().enumerate() {
        // Control features (areas and lines with `"layer": "control"`).
        if let Some(read) = crate::model::control::from_feature(feature, i + 1) {
            match read {
                Ok(f) => plan.control.extend(f),
                Err(reason) => report.skipped.push(reason),
            }
            continue;
        }
        match hubs_from_feature(&mut reader, feature, i + 1) {
            Ok(hubs) => {
                for (mut hub, id) in hubs {
                    // Missing or duplicate ids get fresh ones; unique ids are kept.
                    hub.id = ids.check(plan.hubs.len(), id, &format!("feature {}", i + 1));
                    plan.hubs.push(hub);
                    report.hubs += 1;
                }
            }
            Err(reason) => report.skipped.push(reason),
        }
    }
    report.notes = reader.notes;
    report.notes.extend(ids.finish(&mut plan));
    report.mapped = reader.mapped.into_iter().collect();
    // Control features whose ids are missing or taken by a hub get fresh ones.
    crate::model::control::assign_ids(&mut plan);
    plan.ensure_next_id();
    Ok((plan, report))
}

/// Reads the plan's saved view, a GeoJSON-style `[west, south, east, north]`.
fn read_view(value: &Value) -> Result<crate::projection::GeoBounds, String> {
    let [w, s, e, n]: [f64; 4] = serde_json::from_value(value.clone())
        .map_err(|_| "must be [west, south, east, north] in degrees".to_owned())?;
    let view = crate::projection::GeoBounds::new(w, s, e, n);
    crate::model::slide::validate_view(view).map_err(|e| e.to_string())?;
    Ok(view)
}

#[cfg(test)]
mod tests;
