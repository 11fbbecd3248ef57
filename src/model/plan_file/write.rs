//! Writing a plan as a GeoJSON FeatureCollection.

use serde_json::{Map, Value, json};

use super::{FORMAT, VERSION};
use crate::model::hub::{Hub, HubKind};
use crate::model::plan::{DEFAULT_COVERAGE_RADIUS_KM, Plan};
use crate::model::roster::RosterEntry;

fn hub_properties(hub: &Hub) -> Map<String, Value> {
    let mut props = hub.extra.clone();
    let kind = match &hub.kind {
        HubKind::Custom(name) => Value::String(name.clone()),
        k => serde_json::to_value(k).unwrap_or(Value::Null),
    };
    props.insert("name".into(), json!(hub.name));
    props.insert("kind".into(), kind);
    props.insert("lead_nation".into(), json!(hub.lead_nation));
    props.insert("contributors".into(), json!(hub.contributors));
    props.insert("personnel".into(), json!(hub.personnel));
    props.insert(
        "activation".into(),
        serde_json::to_value(hub.activation).unwrap_or(Value::Null),
    );
    props.insert("notes".into(), json!(hub.notes));
    // Written only when set, so plans without rings stay as they were.
    if !hub.range_rings_km.is_empty() {
        props.insert("range_rings_km".into(), json!(hub.range_rings_km));
        props.insert("show_range_rings".into(), json!(hub.show_range_rings));
    }
    // Written only when set, so plans without a timeline stay as they were.
    if hub.stand_up_days > 0 {
        props.insert("stand_up_days".into(), json!(hub.stand_up_days));
    }
    props
}

/// Rounds to 7 decimals (~1 cm), so files stay small and stable, as RFC 7946 advises.
pub fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// Serialises a plan as pretty-printed GeoJSON.
pub fn to_geojson(plan: &Plan) -> String {
    // Structs, not `json!`, so the members come out in this order: GDAL (and with it
    // QGIS) recognise GeoJSON by a "type" near the start of the file.
    #[derive(serde::Serialize)]
    struct Geometry {
        r#type: &'static str,
        coordinates: [f64; 2],
    }
    #[derive(serde::Serialize)]
    struct Feature {
        r#type: &'static str,
        id: u64,
        geometry: Geometry,
        properties: Map<String, Value>,
    }
    // Hub points, then control features (areas and lines), in one array.
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum AnyFeature {
        Hub(Feature),
        Control(crate::model::control::FeatureJson),
    }
    #[derive(serde::Serialize)]
    struct Document {
        r#type: &'static str,
        features: Vec<AnyFeature>,
        coalition_map: Value,
    }
    let features = plan
        .hubs
        .iter()
        .map(|hub| {
            AnyFeature::Hub(Feature {
                r#type: "Feature",
                id: hub.id.0,
                geometry: Geometry {
                    r#type: "Point",
                    coordinates: [round7(hub.lon), round7(hub.lat)],
                },
                properties: hub_properties(hub),
            })
        })
        .chain(
            plan.control
                .iter()
                .map(|f| AnyFeature::Control(crate::model::control::to_feature(f))),
        )
        .collect();
    let roster: Vec<&RosterEntry> = plan.roster.entries().collect();
    let mut meta = json!({
            "format": FORMAT,
            "version": VERSION,
            "title": plan.title,
            "ceasefire": {
                "in_effect": plan.ceasefire.in_effect(),
                "verified": plan.ceasefire.verified(),
                "peace_signed": plan.ceasefire.peace_signed(),
            },
            "hostile_buffer_km": plan.hostile_buffer_km,
            "facility_rules": plan.facility_rules.to_json(),
            "next_id": plan.next_id,
            "roster_sources": plan.roster.sources(),
            "roster": roster,
            "slides": plan.slides.iter().map(crate::model::slide::to_json).collect::<Vec<_>>(),
            "control": crate::model::control::settings_to_json(&plan.control_settings),
    });
    // Written only when set, so plans saved without a view stay as they were.
    if let (Some(b), Some(map)) = (plan.view, meta.as_object_mut()) {
        map.insert(
            "view".into(),
            json!([b.min_lon, b.min_lat, b.max_lon, b.max_lat].map(round7)),
        );
    }
    // Timeline and coverage settings are written only when set, so plans without them
    // stay as they were.
    if let Some(day) = plan.ceasefire.day() {
        meta["ceasefire"]["day"] = json!(day);
    }
    if let Some(date) = &plan.ceasefire_date {
        meta["ceasefire_date"] = json!(date);
    }
    if plan.coverage_radius_km != DEFAULT_COVERAGE_RADIUS_KM {
        meta["coverage_radius_km"] = json!(plan.coverage_radius_km);
    }
    let doc = Document {
        r#type: "FeatureCollection",
        features,
        coalition_map: meta,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
