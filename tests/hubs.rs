//! UI tests for hubs: placing, editing, moving, deleting, undo, and the ceasefire toggle.

mod app_window;

use app_window::screen_of;
use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Tool;
use coalition_map::map::MapData;
use coalition_map::model::hub::HubId;
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_file;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness_with(plan: Plan, preset: ViewPreset) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_plan(MapData::builtin().expect("maps"), plan);
    app.jump_to(preset);
    app_window::started(app)
}

/// Every input must have an accessible name; print them if not.
fn check_names(h: &Harness<'_, CoalitionApp>) {
    let unnamed = h.unnamed_widgets();
    assert!(unnamed.is_empty(), "unnamed: {unnamed:#?}");
}

fn sample() -> Harness<'static, CoalitionApp> {
    harness_with(plan_file::sample_plan(), ViewPreset::Ukraine)
}

fn hub_pos(h: &Harness<'_, CoalitionApp>, name: &str) -> (HubId, Pos2) {
    let hub = h
        .state()
        .plan()
        .hubs
        .iter()
        .find(|x| x.name == name)
        .expect("hub");
    (hub.id, screen_of(h, hub.lon, hub.lat))
}

fn button(h: &Harness<'_, CoalitionApp>, pos: Pos2, pressed: bool, modifiers: Modifiers) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    });
}

fn click_at(h: &mut Harness<'_, CoalitionApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(pos));
    h.step();
    button(h, pos, true, modifiers);
    h.step();
    button(h, pos, false, modifiers);
    h.step();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

fn drag(h: &mut Harness<'_, CoalitionApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(from));
    h.step();
    button(h, from, true, modifiers);
    h.step();
    for k in 1..=10 {
        let t = k as f32 / 10.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    button(h, to, false, modifiers);
    h.step();
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

fn status_line(h: &Harness<'_, CoalitionApp>) -> String {
    h.get_by_label_contains("Hubs: ")
        .value()
        .unwrap_or_default()
}

#[test]
fn place_a_hub_by_clicking_the_map_then_rename_and_undo() {
    let mut h = harness_with(Plan::default(), ViewPreset::Ukraine);
    h.get_by_label("Add hub").click();
    h.run();
    assert_eq!(h.state().tool(), Tool::AddHub);
    let kyiv = screen_of(&h, 30.5234, 50.4501);
    click_at(&mut h, kyiv, Modifiers::NONE);
    assert_eq!(h.state().plan().hubs.len(), 1);
    let hub = h.state().plan().hubs[0].clone();
    assert!(
        (hub.lon - 30.5234).abs() < 0.05 && (hub.lat - 50.4501).abs() < 0.05,
        "{hub:?}"
    );
    assert_eq!(hub.name, "Hub 1");
    assert_eq!(
        h.state().selection().iter().copied().collect::<Vec<_>>(),
        vec![hub.id]
    );
    let site = h.state_mut().sites()[0].clone();
    assert_eq!(site.oblast.map(|o| o.0), Some("UA-30".to_owned()));

    // Rename it in the form.
    let name = h.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Kyiv HQ");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().plan().hubs[0].name, "Kyiv HQ");

    // Undo restores the old name, redo the new one; undo twice removes the hub.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().hubs[0].name, "Hub 1");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().plan().hubs[0].name, "Kyiv HQ");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().plan().hubs.is_empty());

    // Escape leaves the add mode.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().tool(), Tool::Select);
}

#[test]
fn ceasefire_toggle_changes_active_count_and_undoes() {
    let mut h = sample();
    assert!(
        status_line(&h).starts_with("Hubs: 1 active · 8 inactive"),
        "{}",
        status_line(&h)
    );
    h.get_by_label("Active hubs: 1");
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    assert!(h.state().plan().ceasefire.in_effect());
    // Seven wait only for a ceasefire (or are always active); Odesa waits for
    // verification and the air hub for a peace agreement.
    assert!(
        status_line(&h).starts_with("Hubs: 7 active · 2 inactive"),
        "{}",
        status_line(&h)
    );
    h.get_by_label("Active hubs: 7");
    h.get_by_label("Verified").click();
    h.run();
    assert!(
        status_line(&h).starts_with("Hubs: 8 active · 1 inactive"),
        "{}",
        status_line(&h)
    );

    // Ending the ceasefire clears verification too.
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    assert!(!h.state().plan().ceasefire.verified());
    assert!(status_line(&h).starts_with("Hubs: 1 active · 8 inactive"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().plan().ceasefire.in_effect() && h.state().plan().ceasefire.verified());
    assert!(status_line(&h).starts_with("Hubs: 8 active"));
}

#[test]
fn delete_from_the_list_and_undo() {
    let mut h = sample();
    h.get_by_label("Lviv training hub").click();
    h.run();
    check_names(&h);
    let (id, _) = hub_pos(&h, "Lviv training hub");
    assert!(h.state().selection().contains(&id));
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 8);
    assert!(h.state().plan().hub(id).is_none());
    assert!(h.query_by_label("Lviv training hub").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 9);
    h.get_by_label("Lviv training hub");
}

#[test]
fn dragging_a_hub_moves_it_in_one_undo_step() {
    let mut h = sample();
    let (id, from) = hub_pos(&h, "Vinnytsia logistics hub");
    let before = h.state().plan().hub(id).cloned().unwrap();
    let to = from + egui::vec2(120.0, 60.0);
    drag(&mut h, from, to, Modifiers::NONE);
    let after = h.state().plan().hub(id).cloned().unwrap();
    let landed = screen_of(&h, after.lon, after.lat);
    assert!(
        (landed - to).length() < 2.0,
        "hub at {landed:?}, pointer at {to:?}"
    );
    assert!(after.lon > before.lon && after.lat < before.lat);
    // The site follows the hub.
    let i = h
        .state()
        .plan()
        .hubs
        .iter()
        .position(|x| x.id == id)
        .unwrap();
    let site = h.state_mut().sites()[i].clone();
    assert!(site.oblast.is_some());
    // One undo puts it back exactly.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().hub(id), Some(&before));
}

#[test]
fn shift_click_and_box_select_then_delete_together() {
    let mut h = sample();
    let (kyiv, kyiv_pos) = hub_pos(&h, "Kyiv coordination HQ");
    let (lviv, lviv_pos) = hub_pos(&h, "Lviv training hub");
    click_at(&mut h, kyiv_pos, Modifiers::NONE);
    click_at(&mut h, lviv_pos, Modifiers::SHIFT);
    assert_eq!(h.state().selection().len(), 2);
    assert!(h.state().selection().contains(&kyiv) && h.state().selection().contains(&lviv));
    h.get_by_label("2 hubs selected");
    // Clicking empty map clears the selection.
    let sea = screen_of(&h, 31.5, 45.2);
    click_at(&mut h, sea, Modifiers::NONE);
    assert!(h.state().selection().is_empty());
    // A Shift-drag box around Kyiv and Zhytomyr selects both, nothing else.
    let a = screen_of(&h, 28.0, 50.9);
    let b = screen_of(&h, 31.2, 49.9);
    drag(&mut h, a, b, Modifiers::SHIFT);
    let names: Vec<String> = h
        .state()
        .selection()
        .iter()
        .map(|id| h.state().plan().hub(*id).unwrap().name.clone())
        .collect();
    assert_eq!(names, vec!["Kyiv coordination HQ", "Zhytomyr military hub"]);
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 7);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 9);
}

#[test]
fn duplicate_copy_and_paste() {
    let mut h = sample();
    let (_, pos) = hub_pos(&h, "Dnipro protected equipment facility");
    click_at(&mut h, pos, Modifiers::NONE);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 10);
    let copy = h.state().plan().hubs.last().unwrap().clone();
    assert_eq!(copy.name, "Dnipro protected equipment facility (copy)");
    assert!((copy.lon - 35.0462 - 0.15).abs() < 1e-9);
    assert_eq!(
        h.state().selection().iter().copied().collect::<Vec<_>>(),
        vec![copy.id]
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::C);
    h.key_press_modifiers(Modifiers::COMMAND, Key::V);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 11);
    let ids: std::collections::BTreeSet<_> = h.state().plan().hubs.iter().map(|x| x.id).collect();
    assert_eq!(ids.len(), 11, "ids stay unique");
    assert_eq!(
        h.state().plan().hubs.last().unwrap().name,
        "Dnipro protected equipment facility (copy 2)"
    );
}

#[test]
fn warnings_show_in_list_and_form() {
    let mut h = sample();
    assert!(
        status_line(&h).contains("3 with warnings"),
        "{}",
        status_line(&h)
    );
    h.get_by_label("Kharkiv monitoring post").click();
    h.run();
    h.get_by_label_contains("km from hostile territory");
    h.get_by_label("Rzeszów support hub").click();
    h.run();
    h.get_by_label("Warning: outside Ukraine (in Poland)");
}

#[test]
fn bad_coordinates_in_the_form_are_refused_inline() {
    let mut h = sample();
    h.get_by_label("Odesa maritime hub").click();
    h.run();
    let (id, _) = hub_pos(&h, "Odesa maritime hub");
    let before = h.state().plan().hub(id).cloned().unwrap();
    let lat = h.get_by_role_and_label(Role::TextInput, "Latitude");
    lat.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Latitude")
        .type_text("95");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("latitude 95 is outside −90…90");
    assert_eq!(h.state().plan().hub(id), Some(&before));
}

#[test]
fn measure_tool_gives_geodesic_distance_and_bearing() {
    let mut h = harness_with(Plan::default(), ViewPreset::Ukraine);
    h.get_by_label("Measure").click();
    h.run();
    assert_eq!(h.state().tool(), Tool::Measure);
    h.get_by_label_contains("Measure: click points");
    let kyiv = screen_of(&h, 30.5234, 50.4501);
    let lviv = screen_of(&h, 24.0297, 49.8397);
    click_at(&mut h, kyiv, Modifiers::NONE);
    click_at(&mut h, lviv, Modifiers::NONE);
    // Kyiv 50.4501N 30.5234E to Lviv 49.8397N 24.0297E is 468.95 km on WGS84.
    let total = h.state().measurement().total_km();
    assert!((total - 468.95).abs() < 0.01, "{total}");
    h.get_by_label("Total 468.95 km");
    h.get_by_label_contains("Leg 1: 468.95 km at 264.2°");
    assert!(h.state().plan().hubs.is_empty(), "measuring places no hub");
    // Backspace removes the last point, Escape clears.
    h.key_press(Key::Backspace);
    h.run();
    assert_eq!(h.state().measurement().points().len(), 1);
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().measurement().points().is_empty());
}
