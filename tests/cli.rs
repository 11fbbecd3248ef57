//! The command line, run as a real process: output, JSON shape and exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use coalition_map::model::plan_file;
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_coalition-map"))
}

fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("sample plan.geojson");
    std::fs::write(&path, plan_file::to_geojson(&plan_file::sample_plan())).unwrap();
    path
}

#[test]
fn check_prints_every_hub_and_exits_1_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("check")
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "warnings → exit 1");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1 + 9 + 1, "{text}");
    let kyiv = text
        .lines()
        .find(|l| l.contains("Kyiv coordination HQ"))
        .unwrap();
    assert!(
        kyiv.contains("UKR") && kyiv.contains("UA-30") && kyiv.contains("inactive"),
        "{kyiv}"
    );
    assert!(
        text.contains("9 hubs: 1 active, 8 inactive, 2 warning(s)"),
        "{text}"
    );
}

#[test]
fn check_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["check", "--json"])
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["active"], 1);
    assert_eq!(v["inactive"], 8);
    assert_eq!(v["warnings"], 2);
    let hubs = v["hubs"].as_array().unwrap();
    assert_eq!(hubs.len(), 9);
    let kyiv = hubs
        .iter()
        .find(|h| h["name"] == "Kyiv coordination HQ")
        .unwrap();
    for key in [
        "id",
        "name",
        "kind",
        "lon",
        "lat",
        "country",
        "oblast",
        "status",
        "hostile_border_km",
        "warnings",
    ] {
        assert!(kyiv.get(key).is_some(), "missing {key}");
    }
    assert_eq!(kyiv["country"], "UKR");
    assert_eq!(kyiv["oblast"], "UA-30");
    assert_eq!(kyiv["status"], "inactive");
    assert_eq!(kyiv["kind"], "force_hq");
    assert!(
        kyiv["lon"]
            .as_f64()
            .is_some_and(|x| (x - 30.5234).abs() < 1e-9)
    );
    let km = kyiv["hostile_border_km"].as_f64().unwrap();
    assert!((80.0..110.0).contains(&km), "{km}");
    let rzeszow = hubs
        .iter()
        .find(|h| h["name"] == "Rzeszów support hub")
        .unwrap();
    assert_eq!(rzeszow["country"], "POL");
    assert_eq!(rzeszow["oblast"], Value::Null);
    assert_eq!(rzeszow["status"], "active");
    assert_eq!(rzeszow["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn ceasefire_override_changes_statuses_for_the_run_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = bin()
        .args(["check", "--json", "--ceasefire", "on"])
        .arg(&file)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["active"], 7);
    assert_eq!(v["inactive"], 2);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the plan file is not touched"
    );
}

#[test]
fn foreign_points_without_warnings_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qgis.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Lviv depot"},"geometry":{"type":"Point","coordinates":[24.03,49.84]}}]}"#,
    )
    .unwrap();
    let out = bin().args(["check", "--json"]).arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hubs"][0]["oblast"], "UA-46");
    assert_eq!(v["warnings"], 0);
}

#[test]
fn bad_input_and_bad_usage_exit_2_with_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.geojson");
    std::fs::write(
        &broken,
        "{\"type\": \"FeatureCollection\",\n \"features\": [ nope ]}",
    )
    .unwrap();
    let out = bin().arg("check").arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("broken.geojson") && err.contains("line 2"),
        "{err}"
    );

    let missing = dir.path().join("missing.geojson");
    let out = bin().arg("check").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = bin()
        .args(["export", "--format", "shp", "--output"])
        .arg(dir.path().join("x.shp"))
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format"));
}

#[test]
fn export_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_file(dir.path());
    for (format, check) in [
        ("geojson", "\"FeatureCollection\""),
        ("kml", "<kml"),
        ("csv", "id,name,kind,lon,lat"),
        ("svg", "HYPOTHETICAL"),
    ] {
        let output = dir.path().join(format!("out.{format}"));
        let out = bin()
            .args([
                "export",
                "--format",
                format,
                "--ceasefire",
                "on",
                "--output",
            ])
            .arg(&output)
            .arg(&plan)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&output).unwrap();
        assert!(text.contains(check), "{format}");
    }
    let geojson: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.geojson")).unwrap())
            .unwrap();
    let active = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["status"] == "active")
        .count();
    assert_eq!(active, 7, "--ceasefire on applies to exports");
}
