//! Hubs as a clean RFC 7946 GeoJSON point layer, with flat attributes for GIS tools.
//!
//! Unlike a saved plan (`model::plan_file`), this export carries no plan-level member
//! and writes each hub's computed status and site (country, oblast, distance to the
//! nearest hostile border, warnings) as plain properties, all of simple types, so that
//! GDAL and QGIS read them as String, Integer and Real fields. The helpers here also
//! define the attribute values the KML and CSV exports share.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::export::source::Records;
use crate::export::{HubRecord, kind_key};
use crate::model::hub::Activation;
use crate::model::hub_fields::{self, Formats};
use crate::model::site::Site;

/// Properties this export computes (the attributes `model::hub_fields` lists for
/// GeoJSON, in the order `Properties` writes them); a key of `Hub::extra` with one of
/// these names (in any case: GIS tools match field names case-insensitively) is not
/// written, so the computed value always wins.
pub const PROPERTIES: [&str; hub_fields::count(Formats::GEOJSON)] =
    hub_fields::names(Formats::GEOJSON);

/// The snake_case key of an activation condition, as in plan files.
pub fn activation_key(activation: Activation) -> &'static str {
    match activation {
        Activation::Always => "always",
        Activation::Ceasefire => "ceasefire",
        Activation::CeasefireVerified => "ceasefire_verified",
        Activation::PeaceAgreement => "peace_agreement",
    }
}

/// Rounds to 7 decimals (~1 cm), the precision of plan files too.
pub use crate::model::plan_file::round7;

/// Distance to the nearest hostile border rounded to 0.1 km, if known.
pub fn hostile_km_rounded(site: &Site) -> Option<f64> {
    site.hostile_km.map(|km| (km * 10.0).round() / 10.0)
}

/// A site's warnings as one line, joined with "; " (empty when there are none).
pub fn warnings_text(site: &Site) -> String {
    site.warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Contributors as one string, "FRA;POL", so GIS tools see a plain text field.
pub fn contributors_text(contributors: &[String]) -> String {
    contributors.join(";")
}

/// Range ring radii as one string, "50;300" (empty when there are none), for formats
/// whose fields are text; `model::measure::parse_radii` reads it back.
pub fn rings_text(radii_km: &[f64]) -> String {
    radii_km
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

/// A hub's properties, serialised in this order (then the hub's extra properties).
#[derive(Serialize)]
struct Properties<'a> {
    id: u64,
    name: &'a str,
    kind: String,
    kind_label: &'a str,
    lon: f64,
    lat: f64,
    lead_nation: &'a str,
    contributors: String,
    personnel: u32,
    activation: &'static str,
    status: &'static str,
    country: Option<&'a str>,
    country_name: Option<&'a str>,
    oblast: Option<&'a str>,
    oblast_name: Option<&'a str>,
    hostile_border_km: Option<f64>,
    warnings: String,
    notes: &'a str,
    /// Null rather than `[]` when there are none: GDAL types the field by the first
    /// value it meets, and an empty list makes it a JSON string instead of a RealList.
    range_rings_km: Option<&'a [f64]>,
    show_range_rings: bool,
    /// Days after its activation condition until the hub stands up (the timeline).
    stand_up_days: u32,
    #[serde(flatten)]
    nearest: crate::export::nearest::NearestProperties<'a>,
    /// The occupied area the hub lies in, or null.
    occupied: Option<&'a str>,
    /// Distance to the front (contact line or occupied-area outline), km, or null.
    front_km: Option<f64>,
    /// "ceasefire_zone", a threat band such as "threat_40km", or null.
    zone: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Serialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: u64,
    geometry: Geometry,
    properties: Properties<'a>,
}

/// `"type"` comes first: GDAL (and so QGIS) recognises GeoJSON by the start of a file.
#[derive(Serialize)]
struct FeatureCollection<'r, 'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Features<'r, 'a>,
}

/// The features, made one at a time as they are written (never all in memory).
struct Features<'r, 'a>(&'r Records<'a>);

impl Serialize for Features<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        self.0
            .visit_all(|record| seq.serialize_element(&feature(record)))?;
        seq.end()
    }
}

fn feature<'a>(record: &HubRecord<'a>) -> Feature<'a> {
    let hub = record.hub;
    let site = record.site;
    let code = |pair: &'a Option<(String, String)>| pair.as_ref().map(|(c, _)| c.as_str());
    let name = |pair: &'a Option<(String, String)>| pair.as_ref().map(|(_, n)| n.as_str());
    let (lon, lat) = (round7(hub.lon), round7(hub.lat));
    Feature {
        kind: "Feature",
        id: hub.id.0,
        geometry: Geometry {
            kind: "Point",
            coordinates: [lon, lat],
        },
        properties: Properties {
            id: hub.id.0,
            name: &hub.name,
            kind: kind_key(&hub.kind),
            kind_label: hub.kind.label(),
            lon,
            lat,
            lead_nation: &hub.lead_nation,
            contributors: contributors_text(&hub.contributors),
            personnel: hub.personnel,
            activation: activation_key(hub.activation),
            status: record.status.as_str(),
            country: code(&site.country),
            country_name: name(&site.country),
            oblast: code(&site.oblast),
            oblast_name: name(&site.oblast),
            hostile_border_km: hostile_km_rounded(site),
            warnings: warnings_text(site),
            notes: &hub.notes,
            range_rings_km: (!hub.range_rings_km.is_empty()).then_some(&hub.range_rings_km[..]),
            show_range_rings: hub.show_range_rings,
            stand_up_days: hub.stand_up_days,
            nearest: crate::export::nearest::NearestProperties::of(site),
            occupied: site.occupied.as_deref(),
            front_km: site.front_km.map(|km| (km * 10.0).round() / 10.0),
            zone: site.zone.map(|z| z.key()),
            extra: hub
                .extra
                .iter()
                .filter(|(k, _)| !PROPERTIES.iter().any(|p| p.eq_ignore_ascii_case(k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        },
    }
}

/// The hubs as a pretty-printed RFC 7946 FeatureCollection of Points (no foreign
/// members, no `crs`), one feature per hub with `id` = the hub's id number and flat
/// properties: id, name, kind, kind_label, lon, lat, lead_nation, contributors
/// ("FRA;POL"), personnel, activation, status, country, country_name, oblast,
/// oblast_name, hostile_border_km, warnings, notes, range_rings_km (an array of radii
/// in km, which GIS tools read as a list of reals; null when there are none),
/// show_range_rings, stand_up_days, the nearest airfield, port and city
/// (`export::nearest::FIELDS`: names, ICAO code and geodesic km), then the hub's own
/// extra properties.
pub fn hubs_geojson(records: &[HubRecord]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_hubs_geojson(&Records::Ready(records), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`hubs_geojson`] written as it goes, feature by feature.
pub fn write_hubs_geojson(records: &Records, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = FeatureCollection {
        kind: "FeatureCollection",
        features: Features(records),
    };
    serde_json::to_writer_pretty(&mut *w, &doc).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::export::records;
    use crate::model::geography::Geography;
    use crate::model::hub::{Hub, HubId, HubKind};
    use crate::model::plan::Plan;
    use crate::model::site::{Site, analyse_plan};
    use serde_json::json;

    /// Three hubs for the export tests: Kyiv (inactive, force HQ), a custom kind in
    /// Rzeszów with awkward text (active), and one with extra properties in Kharkiv.
    pub(crate) fn test_plan() -> Plan {
        let mut plan = Plan::default();
        let mut kyiv = Hub::new(HubId(0), "Kyiv coordination HQ", 30.5234, 50.4501);
        kyiv.kind = HubKind::ForceHq;
        kyiv.lead_nation = "FRA".into();
        kyiv.contributors = vec!["GBR".into(), "CAN".into()];
        kyiv.personnel = 400;
        kyiv.notes = "HQ".into();
        kyiv.range_rings_km = vec![50.0, 300.0];
        plan.insert_hub(kyiv);

        let mut odd = Hub::new(
            HubId(0),
            "Rzeszów & <test> \"quoted\", comma",
            21.99912345678,
            50.0412,
        );
        odd.kind = HubKind::Custom("Field hospital".into());
        odd.activation = Activation::Always;
        odd.lead_nation = "POL".into();
        odd.contributors = vec!["FRA".into(), "POL".into()];
        odd.personnel = 120;
        odd.notes = "Line one, \"two\"\nLine ü three; <b>&amp;</b>".into();
        plan.insert_hub(odd);

        let mut kharkiv = Hub::new(HubId(0), "Kharkiv post", 36.2304, 49.9935);
        kharkiv.kind = HubKind::MonitoringPost;
        kharkiv.activation = Activation::CeasefireVerified;
        kharkiv.extra.insert("colour".into(), json!("red"));
        kharkiv.extra.insert("size".into(), json!(3));
        kharkiv.extra.insert("status".into(), json!("stale"));
        kharkiv.extra.insert("Name".into(), json!("old name"));
        kharkiv.range_rings_km = vec![12.5];
        kharkiv.show_range_rings = false;
        plan.insert_hub(kharkiv);
        plan
    }

    pub(crate) fn test_sites(plan: &Plan) -> Vec<Site> {
        analyse_plan(plan, &Geography::builtin().unwrap())
    }

    #[test]
    fn activation_keys_match_the_plan_file_keys() {
        for a in Activation::ALL {
            assert_eq!(json!(activation_key(a)), serde_json::to_value(a).unwrap());
        }
    }

    #[test]
    fn properties_are_the_geojson_attributes_of_hub_fields() {
        assert_eq!(
            PROPERTIES,
            [
                "id",
                "name",
                "kind",
                "kind_label",
                "lon",
                "lat",
                "lead_nation",
                "contributors",
                "personnel",
                "activation",
                "status",
                "country",
                "country_name",
                "oblast",
                "oblast_name",
                "hostile_border_km",
                "warnings",
                "notes",
                "range_rings_km",
                "show_range_rings",
                "stand_up_days",
                "nearest_airfield_icao",
                "nearest_airfield",
                "nearest_airfield_km",
                "nearest_port",
                "nearest_port_km",
                "nearest_city",
                "nearest_city_km",
                "occupied",
                "front_km",
                "zone",
            ]
        );
    }

    #[test]
    fn properties_are_written_in_the_order_listed() {
        let mut plan = test_plan();
        for hub in &mut plan.hubs {
            hub.extra.clear();
        }
        let sites = test_sites(&plan);
        let recs = records(&plan, &sites);
        let text = serde_json::to_string(&feature(&recs[0]).properties).unwrap();
        let object: Map<String, Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(object.len(), PROPERTIES.len(), "{text}");
        let at: Vec<usize> = PROPERTIES
            .iter()
            .map(|p| text.find(&format!("\"{p}\":")).expect(p))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn hubs_geojson_is_a_clean_point_layer_with_flat_attributes() {
        let plan = test_plan();
        let sites = test_sites(&plan);
        let text = hubs_geojson(&records(&plan, &sites));
        assert!(
            text.starts_with("{\n  \"type\": \"FeatureCollection\",\n  \"features\": ["),
            "pretty-printed, type first: {}",
            &text[..60]
        );
        let doc: Value = serde_json::from_str(&text).unwrap();
        let top: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(top.len(), 2, "no foreign members or crs: {top:?}");
        assert_eq!(doc["type"], "FeatureCollection");
        let features = doc["features"].as_array().unwrap();
        assert_eq!(features.len(), 3);

        let kyiv = &features[0];
        assert_eq!(kyiv["type"], "Feature");
        assert_eq!(kyiv["id"], 1);
        assert_eq!(kyiv["geometry"]["type"], "Point");
        assert_eq!(kyiv["geometry"]["coordinates"], json!([30.5234, 50.4501]));
        let p = &kyiv["properties"];
        assert_eq!(p["id"], 1);
        assert_eq!(p["name"], "Kyiv coordination HQ");
        assert_eq!(p["kind"], "force_hq");
        assert_eq!(p["kind_label"], "Multinational force HQ / coordination");
        assert_eq!(p["nearest_airfield_icao"], "UKKK");
        assert_eq!(p["nearest_city"], "Kyiv");
        assert!(p["nearest_port_km"].as_f64().is_some_and(|km| km > 350.0));
        assert_eq!(
            (p["lon"].clone(), p["lat"].clone()),
            (json!(30.5234), json!(50.4501))
        );
        assert_eq!(p["lead_nation"], "FRA");
        assert_eq!(p["contributors"], "GBR;CAN");
        assert_eq!(p["personnel"], 400);
        assert_eq!(p["activation"], "ceasefire");
        assert_eq!(p["status"], "inactive");
        assert_eq!(p["country"], "UKR");
        assert_eq!(p["country_name"], "Ukraine");
        assert_eq!(p["oblast"], "UA-30");
        let km = p["hostile_border_km"].as_f64().unwrap();
        assert!((80.0..110.0).contains(&km), "{km}");
        assert_eq!((km * 10.0).round(), km * 10.0, "rounded to 0.1 km");
        assert_eq!(p["warnings"], "");
        assert_eq!(p["notes"], "HQ");
        assert_eq!(p["range_rings_km"], json!([50.0, 300.0]));
        assert_eq!(p["show_range_rings"], true);

        let odd = &features[1]["properties"];
        assert_eq!(odd["name"], "Rzeszów & <test> \"quoted\", comma");
        assert_eq!(odd["kind"], "Field hospital");
        assert_eq!(odd["kind_label"], "Field hospital");
        assert_eq!(features[1]["geometry"]["coordinates"][0], 21.9991235);
        assert_eq!(odd["status"], "active");
        assert_eq!(odd["activation"], "always");
        assert_eq!(odd["country"], "POL");
        assert_eq!(odd["oblast"], Value::Null);
        assert_eq!(odd["oblast_name"], Value::Null);
        assert_eq!(odd["warnings"], "outside Ukraine (in Poland)");
        assert_eq!(
            odd["notes"],
            "Line one, \"two\"\nLine ü three; <b>&amp;</b>"
        );

        let kharkiv = &features[2]["properties"];
        assert_eq!(kharkiv["colour"], "red");
        assert_eq!(kharkiv["size"], 3);
        assert_eq!(kharkiv["name"], "Kharkiv post");
        assert!(
            kharkiv.get("Name").is_none(),
            "no case-insensitive duplicate"
        );
        assert_eq!(
            kharkiv["status"], "inactive",
            "computed status wins over extra"
        );
        assert_eq!(kharkiv["activation"], "ceasefire_verified");
        assert_eq!(kharkiv["range_rings_km"], json!([12.5]));
        assert_eq!(kharkiv["show_range_rings"], false);
        assert_eq!(
            odd["range_rings_km"],
            Value::Null,
            "always there, for one schema"
        );
        assert_eq!(kharkiv["oblast"], "UA-63");
        assert!(
            kharkiv["warnings"]
                .as_str()
                .unwrap()
                .contains("km from hostile territory")
        );
        // Every property is a scalar, so GIS tools get plain fields, but the ring radii,
        // a list of numbers (GDAL: RealList).
        for f in features {
            for (k, v) in f["properties"].as_object().unwrap() {
                if k == "range_rings_km" && !v.is_null() {
                    assert!(v.as_array().unwrap().iter().all(Value::is_number), "{v}");
                } else {
                    assert!(!v.is_array() && !v.is_object(), "{k} = {v}");
                }
            }
        }
    }

    #[test]
    fn rings_text_reads_back() {
        assert_eq!(rings_text(&[50.0, 300.0]), "50;300");
        assert_eq!(rings_text(&[12.5]), "12.5");
        assert_eq!(rings_text(&[]), "");
        let back = crate::model::measure::parse_radii(&rings_text(&[0.25, 62.5, 1200.0]));
        assert_eq!(back, Ok(vec![0.25, 62.5, 1200.0]));
    }

    #[test]
    fn unknown_position_gives_null_site_fields() {
        let mut plan = Plan::default();
        plan.insert_hub(Hub::new(HubId(0), "At sea", 31.0, 43.0));
        let sites = vec![Site::default()];
        let doc: Value = serde_json::from_str(&hubs_geojson(&records(&plan, &sites))).unwrap();
        let p = &doc["features"][0]["properties"];
        assert_eq!(p["country"], Value::Null);
        assert_eq!(p["hostile_border_km"], Value::Null);
        assert_eq!(p["warnings"], "");
        let empty: Value = serde_json::from_str(&hubs_geojson(&[])).unwrap();
        assert_eq!(empty, json!({"type": "FeatureCollection", "features": []}));
    }
}
