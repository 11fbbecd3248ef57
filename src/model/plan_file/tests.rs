use serde_json::json;

use super::*;
use crate::model::hub::{HubKind, Status};

#[test]
fn sample_plan_is_complete_and_hypothetical() {
    let (plan, report) = from_geojson(SAMPLE_PLAN, "sample").unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(plan.title.to_uppercase().contains("HYPOTHETICAL"));
    assert!(plan.hubs.len() >= 8);
    for name in ["Kyiv", "Lviv", "Odesa", "Dnipro", "Kharkiv"] {
        assert!(plan.hubs.iter().any(|h| h.name.contains(name)), "{name}");
    }
    let kinds: std::collections::HashSet<_> = plan.hubs.iter().map(|h| h.kind.clone()).collect();
    assert!(kinds.len() >= 6);
    assert!(!plan.ceasefire.in_effect());
    assert!(plan.hubs.iter().any(|h| plan.status(h) == Status::Active));
    assert!(plan.hubs.iter().any(|h| plan.status(h) == Status::Inactive));
}

#[test]
fn round_trip_keeps_everything() {
    let (mut plan, _) = from_geojson(SAMPLE_PLAN, "sample").unwrap();
    plan.ceasefire.set_in_effect(true);
    plan.ceasefire.set_verified(true);
    plan.hubs[0]
        .extra
        .insert("qgis_style".into(), json!({"size": 3}));
    plan.hubs[1].kind = HubKind::Custom("Field hospital".into());
    plan.roster
        .set_role("HUN", "Hungary", crate::model::roster::Role::Observer);
    plan.hubs[2].range_rings_km = vec![50.0, 300.0];
    plan.hubs[2].show_range_rings = false;
    plan.hubs[3].stand_up_days = 45;
    plan.ceasefire.set_day(Some(20));
    plan.ceasefire_date = Some("2026-06-01".into());
    plan.coverage_radius_km = 150.0;
    plan.slides.push(crate::model::slide::Slide::new(
        "Extra",
        crate::projection::GeoBounds::new(30.0, 49.0, 31.5, 51.0),
        plan.ceasefire,
    ));
    let text = to_geojson(&plan);
    let (back, report) = from_geojson(&text, "saved").unwrap();
    assert!(report.skipped.is_empty());
    assert_eq!(back, plan);
}

#[test]
fn foreign_point_files_are_read_with_defaults() {
    let text = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},
          "features":[
            {"type":"Feature","properties":{"name":"A","colour":"red","personnel":"250","contributors":"fra; pol"},"geometry":{"type":"Point","coordinates":[30.5,50.4,120.0]}},
            {"type":"Feature","properties":{"name":"Road"},"geometry":{"type":"LineString","coordinates":[[30,50],[31,51]]}},
            {"type":"Feature","properties":{},"geometry":null},
            {"type":"Feature","properties":{"name":"Bad"},"geometry":{"type":"Point","coordinates":[200,50]}}]}"#;
    let (plan, report) = from_geojson(text, "qgis.geojson").unwrap();
    assert_eq!(plan.hubs.len(), 1);
    let hub = &plan.hubs[0];
    assert_eq!((hub.lon, hub.lat), (30.5, 50.4));
    assert_eq!(hub.personnel, 250);
    assert_eq!(hub.contributors, vec!["FRA", "POL"]);
    assert_eq!(hub.extra.get("colour"), Some(&json!("red")));
    assert_eq!(hub.id, HubId(1));
    assert_eq!(report.skipped.len(), 3);
    assert!(report.skipped[0].contains("LineString"));
    assert!(report.skipped[1].contains("no geometry"));
    assert!(report.skipped[2].contains("longitude 200"));
}

#[test]
fn multipoints_become_one_hub_per_point() {
    let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Posts"},"geometry":{"type":"MultiPoint","coordinates":[[30,50],[31,51,200]]}},
          {"type":"Feature","properties":{"name":"Single"},"geometry":{"type":"MultiPoint","coordinates":[[32,49]]}},
          {"type":"Feature","properties":{"name":"Bad"},"geometry":{"type":"MultiPoint","coordinates":[[32,49],[32,"x"]]}}]}"#;
    let (plan, report) = from_geojson(text, "m.geojson").unwrap();
    let names: Vec<&str> = plan.hubs.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, vec!["Posts 1", "Posts 2", "Single"]);
    assert_eq!((plan.hubs[1].lon, plan.hubs[1].lat), (31.0, 51.0));
    assert_eq!(
        report.skipped,
        vec!["feature 3: coordinates are not numbers".to_owned()]
    );
}

#[test]
fn range_rings_are_read_from_lists_and_text() {
    let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"A","range_rings_km":[300, "50"]},"geometry":{"type":"Point","coordinates":[30,50]}},
          {"type":"Feature","properties":{"name":"B","range_rings_km":"100;25 km","show_range_rings":"false"},"geometry":{"type":"Point","coordinates":[31,50]}},
          {"type":"Feature","properties":{"name":"C","range_rings_km":[-5]},"geometry":{"type":"Point","coordinates":[32,50]}}]}"#;
    let (plan, report) = from_geojson(text, "r.geojson").unwrap();
    assert_eq!(plan.hubs[0].range_rings_km, vec![50.0, 300.0]);
    assert!(plan.hubs[0].show_range_rings);
    assert_eq!(plan.hubs[1].range_rings_km, vec![25.0, 100.0]);
    assert!(!plan.hubs[1].show_range_rings);
    assert_eq!(plan.hubs.len(), 2);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].starts_with("feature 3: range_rings_km:")
            && report.skipped[0].contains("more than 0 km"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn slides_are_kept_in_order_and_bad_ones_reported() {
    let (plan, report) = from_geojson(SAMPLE_PLAN, "sample").unwrap();
    assert!(report.skipped.is_empty());
    assert!(plan.slides.len() >= 3);
    let text = r#"{"type":"FeatureCollection","features":[],"coalition_map":{"slides":[
            {"caption":"One","bbox":[22,44,40,53]},
            {"caption":"Broken","bbox":[40,44,22,53]},
            {"caption":"Three","bbox":[23,45,41,54],"ceasefire":{"in_effect":true}}]}}"#;
    let (plan, report) = from_geojson(text, "s.geojson").unwrap();
    let captions: Vec<&str> = plan.slides.iter().map(|s| s.caption.as_str()).collect();
    assert_eq!(captions, ["One", "Three"]);
    assert!(plan.slides[1].ceasefire.in_effect());
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].starts_with("slide 2: the view box"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn broken_and_wrong_files_are_explained() {
    let err = from_geojson(
        "{\"type\": \"FeatureCollection\",\n \"features\": [,]}",
        "p.geojson",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("p.geojson: invalid JSON at line 2"),
        "{err}"
    );
    let err = from_geojson("[1,2]", "p.geojson").unwrap_err();
    assert!(matches!(err, PlanError::NotFeatureCollection { .. }));
    let err = from_geojson(
        r#"{"type":"FeatureCollection","features":[],"coalition_map":{"version":9}}"#,
        "p",
    )
    .unwrap_err();
    assert!(matches!(err, PlanError::Version { version: 9, .. }));
}

#[test]
fn the_saved_view_round_trips_and_a_bad_one_is_skipped_with_a_note() {
    let mut plan = Plan::default();
    assert!(
        !to_geojson(&plan).contains("\"view\""),
        "written only when set"
    );
    plan.view = Some(crate::projection::GeoBounds::new(
        22.123456789,
        44.3,
        40.2,
        52.4,
    ));
    let text = to_geojson(&plan);
    let (back, report) = from_geojson(&text, "p").unwrap();
    assert!(report.skipped.is_empty());
    let view = back.view.unwrap();
    assert_eq!(view.min_lon, 22.1234568, "rounded to 7 decimals");
    assert_eq!(
        (view.min_lat, view.max_lon, view.max_lat),
        (44.3, 40.2, 52.4)
    );

    for (bad, cause) in [
        ("[40, 44, 22, 52]", "is empty"),
        ("[0, 0, 1]", "must be [west, south, east, north]"),
        ("[0, -90, 1, 1]", "outside the world"),
    ] {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[],"coalition_map":{{"view":{bad}}}}}"#
        );
        let (plan, report) = from_geojson(&text, "p").unwrap();
        assert_eq!(plan.view, None, "{bad}");
        assert_eq!(report.skipped.len(), 1, "{bad}");
        assert!(
            report.skipped[0].starts_with("the saved view: ") && report.skipped[0].contains(cause),
            "{bad}: {:?}",
            report.skipped
        );
    }
}
