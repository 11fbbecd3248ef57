//! The `diff` and `coverage` commands, run as a real process: exit codes, JSON shape
//! and values (distances checked against geo's `Geodesic`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use coalition_map::model::places::Places;
use coalition_map::model::plan_file;
use geo::{Distance, Geodesic, Point};
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_coalition-map"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn sample(dir: &Path) -> PathBuf {
    write(dir, "sample plan.geojson", plan_file::SAMPLE_PLAN)
}

fn alt(dir: &Path) -> PathBuf {
    write(dir, "option b.geojson", plan_file::SAMPLE_PLAN_ALT)
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect()
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0
}

#[test]
fn diff_of_a_plan_with_itself_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample(dir.path());
    let b = write(
        dir.path(),
        "copy.geojson",
        &plan_file::to_geojson(&plan_file::sample_plan()),
    );
    let out = bin()
        .args(["diff", "--json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v = json(&out);
    assert_eq!(v["unchanged"], 9);
    for key in ["added", "removed", "moved", "changed"] {
        assert_eq!(v[key], serde_json::json!([]), "{key}");
    }
}

#[test]
fn diff_of_the_two_sample_plans_lists_every_difference() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["diff", "--json"])
        .arg(sample(dir.path()))
        .arg(alt(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "they differ → exit 1");
    let v = json(&out);
    assert_eq!(
        names(&v["added"]),
        ["Mykolaiv military hub", "Constanța support hub"]
    );
    assert_eq!(
        names(&v["removed"]),
        ["Dnipro protected equipment facility"]
    );
    assert_eq!(v["removed"][0]["id"], 4);
    let moved = v["moved"].as_array().unwrap();
    assert_eq!(moved.len(), 1);
    let m = &moved[0];
    assert_eq!(m["id"], 6);
    assert_eq!(m["name"], "Uman logistics hub");
    assert_eq!(m["from"], serde_json::json!([28.4682, 49.2331]));
    assert_eq!(m["to"], serde_json::json!([30.2219, 48.7484]));
    let expect = km((28.4682, 49.2331), (30.2219, 48.7484));
    assert!(
        (m["km"].as_f64().unwrap() - expect).abs() < 0.006,
        "{} vs {expect}",
        m["km"]
    );
    let changed: Vec<(u64, Vec<&str>)> = v["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_u64().unwrap(),
                c["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            (2, vec!["personnel"]),
            (3, vec!["personnel", "activation", "stand_up_days"]),
            (6, vec!["name", "notes"]),
        ]
    );
    assert_eq!(v["unchanged"], 5);
}

#[test]
fn diff_text_reads_as_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("diff")
        .arg(sample(dir.path()))
        .arg(alt(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("+ added    Mykolaiv military hub (H10)"),
        "{text}"
    );
    assert!(
        text.contains("- removed  Dnipro protected equipment facility (H4)"),
        "{text}"
    );
    assert!(
        text.contains("> moved    Uman logistics hub (H6)"),
        "{text}"
    );
    assert!(
        text.ends_with("2 added, 1 removed, 1 moved, 3 changed, 5 unchanged\n"),
        "{text}"
    );
}

#[test]
fn diff_of_bad_input_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample(dir.path());
    let missing = dir.path().join("missing.geojson");
    let out = bin().arg("diff").arg(&a).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.geojson"));
    let broken = write(
        dir.path(),
        "broken.geojson",
        "{\"type\": \"FeatureCollection\",",
    );
    let out = bin().arg("diff").arg(&broken).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.geojson") && err.contains("invalid JSON"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// Runs `coverage --json` on the sample plan with `args`.
fn coverage(dir: &Path, args: &[&str]) -> Output {
    bin()
        .arg("coverage")
        .arg(sample(dir))
        .arg("--json")
        .args(args)
        .output()
        .unwrap()
}

fn oblast<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["oblasts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

#[test]
fn coverage_json_has_the_documented_shape_and_geodesic_distances() {
    let dir = tempfile::tempdir().unwrap();
    let out = coverage(dir.path(), &["--ceasefire", "peace"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v = json(&out);
    assert_eq!(v["radius_km"], 100.0);
    let oblasts = v["oblasts"].as_array().unwrap();
    assert_eq!(oblasts.len(), 27);
    for key in ["code", "name", "nearest_hub", "nearest_km", "covered"] {
        assert!(oblasts[0].get(key).is_some(), "{key}");
    }
    let kyiv = oblast(&v, "UA-30");
    assert_eq!(kyiv["nearest_hub"], "Kyiv coordination HQ");
    assert_eq!(kyiv["nearest_km"], 0.0);
    assert_eq!(kyiv["covered"], true);
    assert_eq!(oblast(&v, "UA-32")["covered"], true);

    // Every city's nearest hub and distance agree with a brute-force Geodesic search
    // over the nine hubs (all active after a peace agreement).
    let plan = plan_file::sample_plan();
    let places = Places::builtin().unwrap();
    let ukraine: Vec<_> = places
        .cities()
        .iter()
        .filter(|c| c.country == "UKR")
        .collect();
    let cities = v["cities"].as_array().unwrap();
    assert_eq!(cities.len(), ukraine.len());
    assert!(cities.len() > 20, "{}", cities.len());
    let mut covered = 0;
    for (c, place) in cities.iter().zip(&ukraine) {
        for key in ["name", "population", "nearest_hub", "km"] {
            assert!(c.get(key).is_some(), "{key}");
        }
        assert_eq!(c["name"], place.name.as_str());
        let city = (place.lon, place.lat);
        let best = plan
            .hubs
            .iter()
            .min_by(|a, b| km((a.lon, a.lat), city).total_cmp(&km((b.lon, b.lat), city)))
            .unwrap();
        let expect = km((best.lon, best.lat), city);
        let km_json = c["km"].as_f64().unwrap();
        assert_eq!(c["nearest_hub"], best.name.as_str(), "{}", place.name);
        assert!(
            (km_json - expect).abs() <= 0.05,
            "{}: {km_json} vs {expect}",
            place.name
        );
        assert_eq!(c["covered"], km_json <= 100.0, "{}", place.name);
        if km_json <= 100.0 {
            covered += c["population"].as_u64().unwrap_or(0);
        }
    }
    assert_eq!(v["population_covered"], covered);
    assert!(v["population_total"].as_u64().unwrap() > covered);
    let kyiv_city = cities.iter().find(|c| c["name"] == "Kyiv").unwrap();
    assert_eq!(kyiv_city["nearest_hub"], "Kyiv coordination HQ");
    assert_eq!(kyiv_city["covered"], true);
}

#[test]
fn coverage_follows_the_ceasefire_condition_and_the_timeline_day() {
    let dir = tempfile::tempdir().unwrap();
    // No ceasefire: only the Rzeszów support hub in Poland is active.
    let v = json(&coverage(dir.path(), &["--ceasefire", "off"]));
    assert_eq!(oblast(&v, "UA-30")["covered"], false);
    assert_eq!(oblast(&v, "UA-30")["nearest_hub"], "Rzeszów support hub");
    assert_eq!(
        oblast(&v, "UA-46")["covered"],
        true,
        "Lviv oblast borders Poland"
    );

    // Day 0 of a ceasefire: the Kyiv HQ stands up on D+7.
    let v = json(&coverage(dir.path(), &["--ceasefire", "on", "--day", "0"]));
    assert_eq!(oblast(&v, "UA-30")["covered"], false);
    let v = json(&coverage(dir.path(), &["--ceasefire", "on", "--day", "7"]));
    assert_eq!(oblast(&v, "UA-30")["covered"], true);
    assert_eq!(oblast(&v, "UA-30")["nearest_hub"], "Kyiv coordination HQ");

    // A wider radius covers more.
    let narrow = json(&coverage(
        dir.path(),
        &["--ceasefire", "on", "--radius", "50"],
    ));
    let wide = json(&coverage(
        dir.path(),
        &["--ceasefire", "on", "--radius", "300"],
    ));
    let count = |v: &Value| {
        v["oblasts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["covered"] == true)
            .count()
    };
    assert_eq!(wide["radius_km"], 300.0);
    assert!(count(&wide) > count(&narrow));
    assert!(wide["population_covered"].as_u64() > narrow["population_covered"].as_u64());
}

#[test]
fn coverage_of_bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = coverage(dir.path(), &["--ceasefire", "off", "--day", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--day 3"));
    let out = coverage(dir.path(), &["--radius", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("radius"));
    let out = coverage(dir.path(), &["--ceasefire", "maybe"]);
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["coverage", "no-such-plan.geojson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-plan.geojson"));
}

#[test]
fn coverage_text_has_tables_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("coverage")
        .arg(sample(dir.path()))
        .args(["--ceasefire", "verified"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Coverage within 100 km of an active hub"),
        "{text}"
    );
    let kyiv = text.lines().find(|l| l.starts_with("UA-30")).unwrap();
    assert!(
        kyiv.contains("yes") && kyiv.contains("Kyiv coordination HQ"),
        "{kyiv}"
    );
    assert!(
        text.contains("oblasts,") && text.contains("population covered"),
        "{text}"
    );
}
