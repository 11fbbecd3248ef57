//! Control layers end to end: `check --control` and its JSON, plan files with control
//! features, and the app (drawing and editing an area with undo, importing a KML that
//! changes hubs' warnings, toggling the layers).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::{Command, Tool};
use coalition_map::map::MapData;
use coalition_map::model::control::{ControlKind, FeatureDefaults};
use coalition_map::model::hub::{Hub, HubId, HubKind};
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_file;
use coalition_map::projection::Projector;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::Value;

fn bin() -> Process {
    Process::new(env!("CARGO_BIN_EXE_coalition-map"))
}

/// Hubs at Donetsk (occupied before 2022), Mariupol (15.7 km from the Donbass area),
/// Zaporizhzhia and Lviv.
fn war_plan() -> Plan {
    let mut plan = Plan::default();
    for (name, lon, lat) in [
        ("Donetsk", 37.80, 48.02),
        ("Mariupol", 37.55, 47.10),
        ("Zaporizhzhia", 35.14, 47.84),
        ("Lviv", 24.03, 49.84),
    ] {
        plan.insert_hub(Hub::new(HubId(0), name, lon, lat));
    }
    plan
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A line of contact east of Zaporizhzhia (illustrative, made for the test) and an area
/// around Melitopol.
const KML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Test area</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
35.1,46.6 35.7,46.6 35.7,47.0 35.1,47.0 35.1,46.6
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Test line</name><LineString><coordinates>35.25,47.5 35.25,48.2</coordinates></LineString></Placemark>
<Placemark><name>A post</name><Point><coordinates>35.2,47.8</coordinates></Point></Placemark>
</Document></kml>"#;

fn hub<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == name)
        .unwrap()
}

#[test]
fn check_json_reports_occupied_front_and_zone() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(
        dir.path(),
        "war.geojson",
        &plan_file::to_geojson(&war_plan()),
    );
    let out = bin().args(["check", "--json"]).arg(&plan).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let donetsk = hub(&v, "Donetsk");
    assert!(
        donetsk["occupied"].as_str().unwrap().starts_with("Donbass"),
        "{donetsk}"
    );
    assert!(
        donetsk["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("in occupied area: Donbass")
    );
    let mariupol = hub(&v, "Mariupol");
    assert_eq!(mariupol["occupied"], Value::Null);
    let front = mariupol["front_km"].as_f64().unwrap();
    assert!((front - 15.7).abs() < 0.15, "{front}");
    assert_eq!(mariupol["zone"], "threat_40km");
    let lviv = hub(&v, "Lviv");
    assert_eq!(lviv["zone"], "threat_300km");
    assert!(lviv["front_km"].as_f64().unwrap() > 700.0);

    // A KML line of contact: Zaporizhzhia is now in the ceasefire zone.
    let kml = write(dir.path(), "front.kml", KML);
    let out = bin()
        .args(["check", "--json", "--as-of", "2025-06-01", "--control"])
        .arg(&kml)
        .arg(&plan)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"A post\"): 1 point(s) ignored"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let zap = hub(&v, "Zaporizhzhia");
    assert_eq!(zap["zone"], "ceasefire_zone", "{zap}");
    assert!(
        (zap["front_km"].as_f64().unwrap() - 8.5).abs() < 1.0,
        "{zap}"
    );
    assert!(
        zap["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("in the ceasefire zone")),
        "{zap}"
    );

    // KML carries no dates: without --as-of it is refused, naming the file.
    let out = bin()
        .args(["check", "--control"])
        .arg(&kml)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("front.kml") && stderr.contains("as-of date"),
        "{stderr}"
    );
}

#[test]
fn plans_with_control_features_round_trip_and_old_plans_still_open() {
    let mut plan = war_plan();
    plan.control_settings.show_reference = false;
    plan.control_settings.zone_half_width_km = 20.0;
    plan.control_settings.min_distance_km = vec![(HubKind::Air, 90.0)];
    let imported = coalition_map::model::control_import::import_bytes(
        KML.as_bytes(),
        "front.kml",
        &FeatureDefaults {
            name: "front".into(),
            area_kind: ControlKind::Occupied,
            line_kind: ControlKind::ContactLine,
            source: "test".into(),
            as_of: Some(jiff::civil::date(2025, 6, 1)),
        },
    )
    .unwrap();
    for mut f in imported.features {
        f.id = plan.allocate_id().0;
        plan.control.push(f);
    }
    let text = plan_file::to_geojson(&plan);
    let (back, report) = plan_file::from_geojson(&text, "p").unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(back, plan);
    let v: Value = serde_json::from_str(&text).unwrap();
    let types: Vec<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["geometry"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["Point", "Point", "Point", "Point", "Polygon", "LineString"]
    );
    // A plan written before control layers existed reads with the defaults.
    let old = r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[30.5,50.4]},"properties":{"name":"Kyiv"}}],"coalition_map":{"format":"coalition-map-plan","version":1,"title":"Old"}}"#;
    let (old, report) = plan_file::from_geojson(old, "old.geojson").unwrap();
    assert!(report.skipped.is_empty());
    assert!(old.control.is_empty());
    assert!(old.control_settings.show_reference);
}

// ---------------------------------------------------------------------------------------
// The app.

/// Runs frames until the UI settles, waiting for background control work (threat
/// bands, imports) in between, which keeps asking for repaints while it runs.
fn settle(h: &mut Harness<'_, CoalitionApp>) {
    h.run_steps(4);
    h.state_mut().wait_for_control_layers();
    h.run_steps(4);
    h.state_mut().wait_for_control_layers();
    h.run();
}

fn harness(plan: Plan) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_plan(MapData::builtin().expect("maps"), plan);
    app.jump_to(ViewPreset::Ukraine);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(300)
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    settle(&mut h);
    h
}

fn screen_of(h: &Harness<'_, CoalitionApp>, lon: f64, lat: f64) -> Pos2 {
    let map = h.state().map();
    let p = Projector::new(map.camera(), map.viewport().expect("drawn"));
    let (x, y) = p.screen_from_geo(lon, lat);
    Pos2::new(x as f32, y as f32)
}

fn button(h: &Harness<'_, CoalitionApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn click_at(h: &mut Harness<'_, CoalitionApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.step();
    button(h, pos, true);
    h.step();
    button(h, pos, false);
    h.step();
    settle(h);
    // Far apart in time, so clicks are not read as a double-click.
    for _ in 0..3 {
        h.step();
    }
}

fn drag(h: &mut Harness<'_, CoalitionApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    button(h, from, true);
    h.step();
    for k in 1..=10 {
        let t = k as f32 / 10.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    button(h, to, false);
    h.step();
    settle(h);
}

fn exterior(h: &Harness<'_, CoalitionApp>) -> Vec<(f64, f64)> {
    match &h.state().plan().control[0].geometry {
        coalition_map::model::control::ControlGeometry::Area(mp) => {
            mp.0[0].exterior().0.iter().map(|c| (c.x, c.y)).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn draw_an_area_edit_a_vertex_and_undo() {
    let mut h = harness(Plan::default());
    h.get_by_label("Control").click();
    settle(&mut h);
    h.get_by_label("Draw area").click();
    settle(&mut h);
    assert_eq!(h.state().tool(), Tool::DrawArea);
    for (lon, lat) in [(31.0, 49.0), (32.0, 49.0), (32.0, 50.0)] {
        let pos = screen_of(&h, lon, lat);
        click_at(&mut h, pos);
    }
    h.key_press(Key::Enter);
    settle(&mut h);
    // The form asks for the date; saving without one is refused.
    h.get_by_label("Save").click();
    settle(&mut h);
    h.get_by_label_contains("not a date");
    // The user clicks into the date field, then types.
    h.get_by_role_and_label(Role::TextInput, "As of (YYYY-MM-DD)")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "As of (YYYY-MM-DD)")
        .type_text("2025-06-01");
    settle(&mut h);
    h.get_by_label("Save").click();
    settle(&mut h);
    assert_eq!(h.state().plan().control.len(), 1);
    let f = h.state().plan().control[0].clone();
    assert_eq!(f.kind, ControlKind::Occupied);
    assert_eq!(f.as_of, jiff::civil::date(2025, 6, 1));
    let ring = exterior(&h);
    assert_eq!(ring.len(), 4, "{ring:?}");
    assert!((ring[1].0 - 32.0).abs() < 0.05 && (ring[1].1 - 49.0).abs() < 0.05);

    // Choose it in the list; drag its second vertex.
    h.key_press(Key::Escape);
    settle(&mut h);
    h.get_by_label_contains("Drawn area — ").click();
    settle(&mut h);
    let from = screen_of(&h, ring[1].0, ring[1].1);
    let to = from + egui::vec2(40.0, 30.0);
    drag(&mut h, from, to);
    let moved = exterior(&h);
    assert!(moved[1].0 > 32.1 && moved[1].1 < 48.95, "{moved:?}");
    assert_eq!(moved[0], ring[0]);

    // One undo puts the vertex back; another removes the area.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(exterior(&h), ring);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(h.state().plan().control.is_empty());
}

#[test]
fn importing_a_kml_changes_hub_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let kml = write(dir.path(), "front.kml", KML);
    let mut plan = war_plan();
    plan.insert_hub(Hub::new(HubId(0), "Melitopol", 35.37, 46.84));
    let mut h = harness(plan);
    let warnings = |h: &mut Harness<'_, CoalitionApp>, name: &str| {
        let i = h
            .state()
            .plan()
            .hubs
            .iter()
            .position(|x| x.name == name)
            .unwrap();
        h.state_mut().sites()[i]
            .warnings
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
    };
    assert!(warnings(&mut h, "Melitopol").is_empty());
    assert!(warnings(&mut h, "Zaporizhzhia").is_empty());
    h.state_mut().apply(Command::ImportControl {
        path: kml,
        defaults: Box::new(FeatureDefaults {
            name: "front".into(),
            area_kind: ControlKind::Occupied,
            line_kind: ControlKind::ContactLine,
            source: "test export".into(),
            as_of: Some(jiff::civil::date(2025, 6, 1)),
        }),
    });
    h.state_mut().wait_for_control_layers();
    settle(&mut h);
    assert_eq!(h.state().plan().control.len(), 2);
    let message = h.state().message().unwrap().text.clone();
    assert!(
        message.contains("1 area(s) and 1 line(s) imported"),
        "{message}"
    );
    assert!(message.contains("point(s) ignored"), "{message}");
    let mel = warnings(&mut h, "Melitopol");
    assert!(
        mel[0] == "in occupied area: Test area, as of 2025-06-01",
        "{mel:?}"
    );
    let zap = warnings(&mut h, "Zaporizhzhia");
    assert!(
        zap.iter().any(|w| w.contains("in the ceasefire zone")),
        "{zap:?}"
    );
    // The zone was computed off the UI thread and is drawn.
    let scene = h.state().control_view().scene.clone().unwrap();
    assert!(!scene.zone_outline.is_empty());
    // Undo removes the imported layer and its warnings.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(warnings(&mut h, "Melitopol").is_empty());
}

#[test]
fn layers_toggle_from_the_view_menu() {
    let mut h = harness(plan_file::sample_plan());
    assert!(h.state().layers().control);
    assert!(!h.state().layers().threat_bands);
    h.get_by_label("View").click();
    settle(&mut h);
    h.get_by_label("Threat bands").click();
    settle(&mut h);
    assert!(h.state().layers().threat_bands);
    if h.query_by_label("Control areas and lines").is_none() {
        h.get_by_label("View").click();
        settle(&mut h);
    }
    h.get_by_label("Control areas and lines").click();
    settle(&mut h);
    assert!(!h.state().layers().control);
    // The reference layer is a plan setting: switching it off is one undo step.
    assert!(h.state().plan().control_settings.show_reference);
    if h.query_by_label(coalition_map::model::control::REFERENCE_TITLE)
        .is_none()
    {
        h.get_by_label("View").click();
        settle(&mut h);
    }
    h.get_by_label(coalition_map::model::control::REFERENCE_TITLE)
        .click();
    settle(&mut h);
    assert!(!h.state().plan().control_settings.show_reference);
    h.state_mut().apply(Command::Undo);
    settle(&mut h);
    assert!(h.state().plan().control_settings.show_reference);
}

#[test]
fn still_and_hovered_frames_reuse_the_control_drawing() {
    let mut h = harness(plan_file::sample_plan());
    assert!(h.state().layers().control && h.state().layers().ceasefire_zone);
    let before = h.state().map().control_rebuilds();
    assert!(before > 0, "the control layers were drawn");
    h.run_steps(3);
    for (lon, lat) in [(34.0, 45.0), (37.8, 48.0), (36.8, 49.3)] {
        let p = screen_of(&h, lon, lat);
        h.hover_at(p);
        h.run();
    }
    assert_eq!(
        h.state().map().control_rebuilds(),
        before,
        "still frames and pointer moves must not rebuild the control layers"
    );
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert!(
        h.state().map().control_rebuilds() > before,
        "a camera move rebuilds them"
    );
}
