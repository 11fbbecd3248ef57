//! UI tests with egui_kittest: the real app, driven through its accessibility tree.

mod app_window;

use coalition_map::app::CoalitionApp;
use coalition_map::map::MapData;
use coalition_map::projection::Projector;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// An empty plan on the Europe view (most of these tests hover over other countries).
fn app() -> CoalitionApp {
    let mut app = CoalitionApp::new(MapData::builtin().expect("built-in maps load"));
    app.jump_to(coalition_map::app::ViewPreset::Europe);
    app
}

fn projector(h: &Harness<'_, CoalitionApp>) -> Projector {
    let map = h.state().map();
    Projector::new(map.camera(), map.viewport().expect("map drawn"))
}

fn screen_of(h: &Harness<'_, CoalitionApp>, lon: f64, lat: f64) -> Pos2 {
    let (x, y) = projector(h).screen_from_geo(lon, lat);
    Pos2::new(x as f32, y as f32)
}

/// The map is framed once at start. The control legend, which a fitted map keeps clear
/// of, is built from the plan's features, which are known at once, not from the
/// threat bands and zone a background job brings later: so the map does not jump when
/// that job ends.
#[test]
fn the_map_holds_still_when_the_control_layers_arrive() {
    let app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(400)
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    // Two frames: the first lays out the panels, the second frames the map.
    h.step();
    h.step();
    assert!(!h.state().control_view().features.is_empty());
    let framed = h.state().map().camera();
    h.state_mut().wait_for_control_layers();
    h.run();
    assert!(h.state().control_view().scene.is_some());
    assert_eq!(h.state().map().camera(), framed);
}

#[test]
fn window_starts_with_legend_and_marking() {
    let h = app_window::started(CoalitionApp::new(MapData::builtin().expect("maps")));
    h.get_by_label("Coalition of the Willing");
    h.get_by_label("Host nation: 1");
    h.get_by_label("Lead nation: 2");
    h.get_by_label("Coalition member: 30");
    h.get_by_label("Hostile: 2");
    h.get_by_label("Fit Ukraine");
    // The first view is Ukraine (a plan with no saved view): Kyiv is on screen, Paris not.
    let p = projector(&h);
    let vp = p.viewport();
    let inside = |(lon, lat): (f64, f64)| {
        let (x, y) = p.screen_from_geo(lon, lat);
        x > vp.min_x && x < vp.min_x + vp.width && y > vp.min_y && y < vp.min_y + vp.height
    };
    assert!(inside((30.52, 50.45)));
    assert!(!inside((2.35, 48.86)));
}

#[test]
fn hovering_ukraine_shows_its_name_role_and_oblast() {
    let mut h = app_window::started(app());
    let kyiv = screen_of(&h, 30.5234, 50.4501);
    h.hover_at(kyiv);
    h.run();
    let status = h.get_by_label_contains("Ukraine (UKR) — Host nation");
    let text = status.value().unwrap_or_default();
    assert!(text.contains("Kyiv (city) (UA-30)"), "{text:?}");
    // Somewhere over Poland the readout changes country.
    let warsaw = screen_of(&h, 21.0122, 52.2297);
    h.hover_at(warsaw);
    h.run();
    h.get_by_label_contains("Poland (POL) — Coalition member");
    assert!(h.query_by_label_contains("Ukraine (UKR)").is_none());
}

#[test]
fn fit_ukraine_moves_the_camera_to_ukraine() {
    let mut h = app_window::started(app());
    let before = h.state().map().camera();
    h.get_by_label("Fit Ukraine").click();
    h.run();
    let after = h.state().map().camera();
    assert!(!h.state().map().is_animating());
    assert!(after.zoom > before.zoom + 1.0, "{before:?} → {after:?}");
    // Ukraine's bounding box now fills what the padding and the legend leave free.
    let p = projector(&h);
    let b = h
        .state()
        .preset_bounds(coalition_map::app::ViewPreset::Ukraine);
    let (x0, y0) = p.screen_from_geo(b.min_lon, b.max_lat);
    let (x1, y1) = p.screen_from_geo(b.max_lon, b.min_lat);
    let vp = p.viewport();
    let i = h.state().map().insets();
    let (left, top) = (vp.min_x + i.left, vp.min_y + i.top);
    let (right, bottom) = (
        vp.min_x + vp.width - i.right,
        vp.min_y + vp.height - i.bottom,
    );
    assert!(x0 >= left - 0.5 && x1 <= right + 0.5);
    assert!(y0 >= top - 0.5 && y1 <= bottom + 0.5);
    let fill_w = (x1 - x0) / (right - left);
    let fill_h = (y1 - y0) / (bottom - top);
    assert!(fill_w > 0.9 || fill_h > 0.9, "{fill_w} {fill_h}");
    assert!((x1 - x0) / vp.width > 0.6, "still most of the map");
    // …and the legend covers none of it.
    let legend = h.get_by_label("Legend").rect();
    let shown = egui::Rect::from_min_max(
        egui::pos2(x0 as f32, y0 as f32),
        egui::pos2(x1 as f32, y1 as f32),
    );
    assert!(!legend.intersects(shown), "{legend:?} {shown:?}");
}

#[test]
fn keyboard_zoom_and_pan() {
    let mut h = app_window::started(app());
    let before = h.state().map().camera();
    h.key_press(Key::Plus);
    h.run();
    let zoomed = h.state().map().camera();
    assert!((zoomed.zoom - before.zoom - 1.0).abs() < 1e-9);
    h.key_press(Key::ArrowRight);
    h.run();
    let panned = h.state().map().camera();
    assert!(panned.center.x > zoomed.center.x);
    assert_eq!(panned.zoom, zoomed.zoom);
}

#[test]
fn right_click_role_change_updates_legend_and_undo_restores_it() {
    let mut h = app_window::started(app());
    let budapest = screen_of(&h, 19.04, 47.50);
    h.hover_at(budapest);
    h.run();
    h.get_by_label_contains("Hungary (HUN) — Other");
    // Right-click Hungary and make it a member.
    h.drag_at(budapest); // press…
    h.event(egui::Event::PointerButton {
        pos: budapest,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    h.event(egui::Event::PointerButton {
        pos: budapest,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: budapest,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    h.get_by_label("Role in the coalition:");
    h.get_by_label("Coalition member").click();
    h.run();
    h.get_by_label("Coalition member: 31");
    assert_eq!(
        h.state().plan().role("HUN"),
        coalition_map::model::roster::Role::Member
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label("Coalition member: 30");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    h.get_by_label("Coalition member: 31");
}

#[test]
fn roster_panel_search_and_role_change() {
    let mut h = app_window::started(app());
    h.get_by_label("Roster").click();
    h.run();
    h.get_by_label("Search:");
    let search = h.get_by_role(egui::accesskit::Role::TextInput);
    search.click();
    search.type_text("Slovakia");
    h.run();
    // Only Slovakia's row is left; open its role menu and pick Observer.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Slovakia")
        .click();
    h.run();
    h.get_by_label("Observer").click();
    h.run();
    h.get_by_label("Observer: 2");
    assert_eq!(
        h.state().plan().role("SVK"),
        coalition_map::model::roster::Role::Observer
    );
}

#[test]
fn bad_basemap_shows_cause_and_keeps_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.geojson");
    std::fs::write(
        &bad,
        "{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": ",
    )
    .unwrap();
    let mut a = app();
    let countries = a.data().geography.countries.regions().len();
    a.load_basemap(&bad);
    let mut h = app_window::started(a);
    let msg = h.get_by_label_contains("broken.geojson");
    let text = msg.value().unwrap_or_default();
    assert!(text.contains("line 2"), "{text}");
    assert_eq!(
        h.state().data().geography.countries.regions().len(),
        countries
    );
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.query_by_label_contains("broken.geojson").is_none());
}

#[test]
fn another_basemap_replaces_countries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"iso_a3":"UKR","name":"Ukraine"},"geometry":{"type":"Polygon","coordinates":[[[22,44],[40,44],[40,52],[22,52],[22,44]]]}},
          {"type":"Feature","properties":{"iso_a3":"POL","name":"Poland"},"geometry":{"type":"Polygon","coordinates":[[[14,49],[22,49],[22,55],[14,55],[14,49]]]}}]}"#,
    )
    .unwrap();
    let mut a = app();
    a.load_basemap(&path);
    let mut h = app_window::started(a);
    assert_eq!(h.state().data().geography.countries.regions().len(), 2);
    h.get_by_label_contains("2 areas loaded");
    let p = screen_of(&h, 18.0, 52.0);
    h.hover_at(p);
    h.run();
    h.get_by_label_contains("Poland (POL)");
}

#[test]
fn dark_theme_toggle() {
    let mut h = app_window::started(app());
    assert!(!h.state().dark_mode());
    h.get_by_label("Dark theme").click();
    h.run();
    assert!(h.state().dark_mode());
    h.get_by_label("Light theme");
}

#[test]
fn idle_map_requests_no_repaint() {
    let mut h = app_window::started(app());
    // After settling, a frame without input must not ask for another one.
    h.step();
    let out = h.output();
    let repaint = out
        .viewport_output
        .values()
        .any(|v| v.repaint_delay.is_zero());
    assert!(!repaint, "idle frame asked for an immediate repaint");
}

#[test]
fn hovering_reuses_the_cached_map() {
    let mut h = app_window::started(app());
    let before = h.state().map().rebuilds();
    for (lon, lat) in [(30.5, 50.4), (24.0, 49.8), (21.0, 52.2), (2.35, 48.86)] {
        let p = screen_of(&h, lon, lat);
        h.hover_at(p);
        h.run();
    }
    assert_eq!(
        h.state().map().rebuilds(),
        before,
        "pointer moves must not rebuild the map"
    );
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert!(
        h.state().map().rebuilds() > before,
        "a camera move must rebuild it"
    );
}

#[test]
fn charts_tab_follows_the_ceasefire() {
    let mut h = app_window::started(CoalitionApp::with_sample_plan(
        MapData::builtin().expect("built-in maps load"),
    ));
    h.get_by_label("Charts").click();
    h.run();
    h.get_by_label("Personnel by lead nation");
    h.get_by_label("Active vs inactive hubs by ceasefire condition");
    assert!(h.query_by_label_contains("No ceasefire (now)").is_some());
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    assert!(
        h.query_by_label_contains("Ceasefire in effect (now)")
            .is_some()
    );
}
