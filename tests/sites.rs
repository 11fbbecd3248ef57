//! Where hubs can stand: `suggest` and the new `check` fields run as a real process,
//! and the app's place layers, snapping and "Suggest sites" tab driven with kittest.

mod app_window;

use app_window::screen_of;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::{Command, Tool};
use coalition_map::map::MapData;
use coalition_map::model::facilities::geodesic_km;
use coalition_map::model::places::Places;
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_file;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::Value;

fn bin() -> Process {
    Process::new(env!("CARGO_BIN_EXE_coalition-map"))
}

fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("sample plan.geojson");
    std::fs::write(&path, plan_file::to_geojson(&plan_file::sample_plan())).unwrap();
    path
}

#[test]
fn suggest_air_gives_airfields_in_ukraine_that_follow_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["suggest", "--kind", "air", "--count", "50", "--json"])
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let candidates = v["candidates"].as_array().unwrap();
    assert!(candidates.len() >= 10, "{v}");
    let plan = plan_file::sample_plan();
    let places = Places::builtin().unwrap();
    for c in candidates {
        for key in [
            "name",
            "lon",
            "lat",
            "country",
            "oblast",
            "hostile_km",
            "nearest_hub_km",
            "score",
        ] {
            assert!(c.get(key).is_some(), "missing {key} in {c}");
        }
        let (lon, lat) = (c["lon"].as_f64().unwrap(), c["lat"].as_f64().unwrap());
        // An airfield of the shipped data, at its exact position.
        let field = places
            .airfields()
            .iter()
            .find(|a| a.lon == lon && a.lat == lat)
            .unwrap_or_else(|| panic!("not an airfield: {c}"));
        assert_eq!(c["name"], field.name.as_str());
        assert_eq!(c["icao"].as_str(), field.icao.as_deref());
        assert_eq!(c["country"], "UKR");
        assert!(c["oblast"].as_str().unwrap().starts_with("UA-"));
        assert!(c["hostile_km"].as_f64().unwrap() >= plan.hostile_buffer_km);
        let spacing = plan.facility_rules.hub_spacing_km;
        for hub in &plan.hubs {
            let km = geodesic_km((hub.lon, hub.lat), (lon, lat));
            assert!(
                km >= spacing,
                "{} is {km:.1} km from {}",
                c["name"],
                hub.name
            );
        }
        let nearest = plan
            .hubs
            .iter()
            .map(|h| geodesic_km((h.lon, h.lat), (lon, lat)))
            .fold(f64::INFINITY, f64::min);
        assert!((c["nearest_hub_km"].as_f64().unwrap() - nearest).abs() < 0.06);
    }
    let scores: Vec<f64> = candidates
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn suggest_text_exit_codes_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let out = bin()
        .args(["suggest", "--kind", "naval"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("places satisfy the rules for a naval hub"),
        "{text}"
    );

    // A spacing wider than Ukraine leaves nothing: exit 1, an empty list.
    let mut plan = plan_file::sample_plan();
    plan.facility_rules.hub_spacing_km = 5000.0;
    let wide = dir.path().join("wide.geojson");
    std::fs::write(&wide, plan_file::to_geojson(&plan)).unwrap();
    let out = bin()
        .args(["suggest", "--kind", "logistics", "--json"])
        .arg(&wide)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["candidates"], Value::Array(vec![]));

    let out = bin()
        .args(["suggest", "--kind", "submarine"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let missing = dir.path().join("missing.geojson");
    let out = bin()
        .args(["suggest", "--kind", "air"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.geojson"));
}

#[test]
fn check_json_has_the_nearest_facilities() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["check", "--json"])
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hubs = v["hubs"].as_array().unwrap();
    let hub = |name: &str| hubs.iter().find(|h| h["name"] == name).unwrap().clone();
    let odesa = hub("Odesa maritime hub");
    assert_eq!(odesa["nearest_port"]["name"], "Odesa");
    assert!(odesa["nearest_port"]["km"].as_f64().unwrap() < 5.0);
    let kyiv = hub("Kyiv coordination HQ");
    assert_eq!(kyiv["nearest_city"]["name"], "Kyiv");
    assert_eq!(kyiv["nearest_airfield"]["icao"], "UKKK");
    for h in hubs {
        for key in ["nearest_airfield", "nearest_port", "nearest_city"] {
            assert!(
                h[key]["name"].is_string() && h[key]["km"].is_f64(),
                "{key} in {h}"
            );
        }
        assert!(h["nearest_airfield"].get("icao").is_some());
    }
    // The sample's Khmelnytskyi air hub is ~49 km from Khmelnytskyi airport (UKLH).
    let air = hub("Khmelnytskyi air hub");
    assert_eq!(air["nearest_airfield"]["icao"], "UKLH");
    let warnings: Vec<&str> = air["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.ends_with("km from an airfield (limit 10 km)")),
        "{warnings:?}"
    );
}

// ---------------------------------------------------------------------------------
// The app.

fn harness_with(plan: Plan, preset: ViewPreset) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_plan(MapData::builtin().expect("maps"), plan);
    app.jump_to(preset);
    app_window::started(app)
}

fn click_at(h: &mut Harness<'_, CoalitionApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        });
        h.step();
    }
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

#[test]
fn place_layers_toggle_from_the_view_menu() {
    let mut h = harness_with(plan_file::sample_plan(), ViewPreset::Ukraine);
    assert!(h.state().layers().airfields && h.state().layers().cities);
    assert!(h.state().layers().ports);
    // Open the View menu and tick one of its checkboxes (a click closes the menu).
    let toggle = |h: &mut Harness<'static, CoalitionApp>, label: &str| {
        h.get_by_label("View").click();
        h.run();
        h.get_by_label(label).click();
        h.run();
    };
    toggle(&mut h, "Airfields");
    assert!(!h.state().layers().airfields);
    assert!(h.state().layers().cities, "only the airfields changed");
    toggle(&mut h, "Airfields");
    toggle(&mut h, "Seaports");
    assert!(h.state().layers().airfields && !h.state().layers().ports);
}

#[test]
fn alt_click_with_the_add_tool_snaps_onto_an_airfield() {
    let mut h = harness_with(Plan::default(), ViewPreset::Ukraine);
    h.state_mut().apply(Command::SetTool(Tool::AddHub));
    h.run();
    let places = Places::builtin().unwrap();
    let myrhorod = places.airfield_by_icao("UKBM").unwrap();
    // A few pixels off the symbol: a plain click lands where clicked…
    let near = screen_of(&h, myrhorod.lon, myrhorod.lat) + egui::vec2(7.0, -5.0);
    click_at(&mut h, near, Modifiers::NONE);
    let hub = h.state().plan().hubs[0].clone();
    assert!(hub.lon != myrhorod.lon && hub.lat != myrhorod.lat);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().plan().hubs.is_empty());
    // …with Alt held it lands exactly on the airfield.
    click_at(&mut h, near, Modifiers::ALT);
    let hub = h.state().plan().hubs[0].clone();
    assert_eq!((hub.lon, hub.lat), (myrhorod.lon, myrhorod.lat));
    // The same through the toolbar's Snap toggle, without Alt.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label("Snap").click();
    h.run();
    assert!(h.state().map().snap());
    click_at(&mut h, near, Modifiers::NONE);
    let hub = h.state().plan().hubs[0].clone();
    assert_eq!((hub.lon, hub.lat), (myrhorod.lon, myrhorod.lat));
}

#[test]
fn suggest_sites_places_a_hub_and_undo_removes_it() {
    let mut h = harness_with(plan_file::sample_plan(), ViewPreset::Ukraine);
    let before = h.state().plan().clone();
    h.get_by_label("Sites").click();
    h.run();
    h.get_by_label_contains("satisfy the plan's rules");
    // Air is the default kind; the best airfield by the model is listed first.
    let data = MapData::builtin().unwrap();
    let index = coalition_map::model::facilities::FacilityIndex::new(Places::builtin().unwrap());
    let report = coalition_map::cli_suggest::report(
        &before,
        &data,
        &index,
        &coalition_map::model::hub::HubKind::Air,
        1,
    );
    let best = &report.candidates[0];
    let title = match &best.icao {
        Some(icao) => format!("{} ({icao})", best.name),
        None => best.name.clone(),
    };
    let first = format!("Place hub at {title}");
    assert!(h.get_all_by_label_contains("Place hub at ").count() > 1);
    h.get_by_label(&first).click();
    h.run();
    let plan = h.state().plan().clone();
    assert_eq!(plan.hubs.len(), before.hubs.len() + 1);
    let added = plan.hubs.last().unwrap();
    assert_eq!(added.kind, coalition_map::model::hub::HubKind::Air);
    let places = Places::builtin().unwrap();
    let field = places
        .airfields()
        .iter()
        .find(|a| a.lon == added.lon && a.lat == added.lat)
        .expect("on an airfield");
    assert_eq!(first, format!("Place hub at {}", field.label()));
    assert_eq!(added.name, format!("{} air hub", field.name));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(*h.state().plan(), before);
}
