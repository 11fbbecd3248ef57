//! Hub actions where the hand is: right-click a hub on the map for its actions (a
//! country keeps its role menu); the hub list and the slide list bring a new or chosen
//! row into view; the list/form split can be dragged.

mod app_window;

use app_window::screen_of;
use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::model::hub::{Hub, HubId};
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_file;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(plan: Plan) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_plan(MapData::builtin().expect("maps"), plan);
    app.jump_to(ViewPreset::Ukraine);
    app_window::started(app)
}

fn right_click(h: &mut Harness<'_, CoalitionApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
}

fn hub_named<'a>(h: &'a Harness<'_, CoalitionApp>, name: &str) -> Option<&'a Hub> {
    h.state().plan().hubs.iter().find(|x| x.name == name)
}

#[test]
fn right_click_a_hub_then_duplicate_makes_a_named_copy() {
    let mut h = harness(plan_file::sample_plan());
    let n = h.state().plan().hubs.len();
    let odesa = hub_named(&h, "Odesa maritime hub").expect("hub").clone();
    let pos = screen_of(&h, odesa.lon, odesa.lat);
    right_click(&mut h, pos);
    // The hub's actions, not the country's roles.
    assert!(h.query_by_label("Role in the coalition:").is_none());
    for action in ["Edit…", "Delete", "Range rings", "Show in list"] {
        h.get_by_label(action);
    }
    h.get_by_label("Duplicate").click();
    h.run();
    assert_eq!(h.state().plan().hubs.len(), n + 1);
    let copy = hub_named(&h, "Odesa maritime hub (copy)").expect("the copy");
    assert_eq!(copy.kind, odesa.kind);
    assert!(
        h.state().selection().contains(&copy.id),
        "the copy is selected"
    );
    assert!(
        h.query_by_label("Show in list").is_none(),
        "the menu closed"
    );

    // Undo takes the copy away again.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), n);
}

#[test]
fn right_click_a_hub_toggles_its_rings_or_deletes_it_and_a_country_keeps_its_roles() {
    let mut h = harness(plan_file::sample_plan());
    let odesa = hub_named(&h, "Odesa maritime hub").expect("hub").clone();
    assert!(!odesa.range_rings_km.is_empty());
    let pos = screen_of(&h, odesa.lon, odesa.lat);
    right_click(&mut h, pos);
    h.get_by_label("Range rings").click();
    h.run();
    let after = h.state().plan().hub(odesa.id).expect("hub").clone();
    assert_eq!(after.show_range_rings, !odesa.show_range_rings);

    right_click(&mut h, pos);
    h.get_by_label("Delete").click();
    h.run();
    assert!(h.state().plan().hub(odesa.id).is_none());

    // Where no hub is, the country's role menu.
    let chisinau = screen_of(&h, 28.86, 47.01);
    right_click(&mut h, chisinau);
    h.get_by_label("Role in the coalition:");
    assert!(h.query_by_label("Show in list").is_none());
}

/// Whether a row labelled `name` shows in the hub list, above the list/form split (the
/// form below repeats the selected hub's name as its heading).
fn in_list(h: &Harness<'_, CoalitionApp>, name: &str) -> bool {
    let handle = h.get_by_label("Resize the hub list").rect();
    let list_top = h.get_by_label("Find:").rect().bottom();
    h.get_all_by_label(name).any(|n| {
        let r = n.rect();
        r.top() >= list_top && r.bottom() <= handle.top()
    })
}

/// A plan of `n` hubs on a grid over Ukraine, named "Hub 0001"…
fn many_hubs(n: usize) -> Plan {
    let mut plan = Plan::default();
    for k in 0..n {
        let lon = 24.0 + (k % 20) as f64 * 0.6;
        let lat = 46.5 + (k / 20) as f64 * 0.3;
        plan.insert_hub(Hub::new(HubId(0), format!("Hub {:04}", k + 1), lon, lat));
    }
    plan
}

#[test]
fn show_in_list_and_a_new_hub_scroll_into_view() {
    let mut h = harness(many_hubs(150));
    // The list lays out only the rows in view: far rows are not there at all.
    assert!(h.query_by_label("Hub 0140").is_none());
    let id = hub_named(&h, "Hub 0140").expect("hub").id;
    let hub = h.state().plan().hub(id).expect("hub").clone();
    // Close in, where the grid's hubs are single symbols, not cluster discs.
    h.state_mut()
        .frame_view(coalition_map::projection::GeoBounds::new(
            hub.lon - 0.4,
            hub.lat - 0.25,
            hub.lon + 0.4,
            hub.lat + 0.25,
        ));
    h.run();
    let pos = screen_of(&h, hub.lon, hub.lat);
    right_click(&mut h, pos);
    h.get_by_label("Show in list").click();
    h.run();
    assert!(h.state().selection().contains(&id));
    assert!(in_list(&h, "Hub 0140"), "the row is in view");

    // Back to the top, then a hub added at the end comes into view.
    let first = hub_named(&h, "Hub 0001").expect("hub").id;
    h.state_mut().apply(Command::RevealHub(first));
    h.run();
    assert!(h.query_by_label("Hub 0140").is_none());
    h.state_mut().apply(Command::AddHub {
        lon: 30.0,
        lat: 49.0,
    });
    h.run();
    let name = h
        .state()
        .selection()
        .iter()
        .next()
        .and_then(|id| h.state().plan().hub(*id))
        .expect("the new hub")
        .name
        .clone();
    assert!(in_list(&h, &name), "the new hub's row is in view");
}

#[test]
fn the_list_and_form_split_can_be_dragged() {
    let mut h = harness(many_hubs(60));
    let before = h.get_by_label("Resize the hub list").rect();
    let from = before.center();
    let to = from + egui::vec2(0.0, 120.0);
    h.event(Event::PointerMoved(from));
    h.step();
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for k in 1..=6 {
        h.event(Event::PointerMoved(from + (to - from) * (k as f32 / 6.0)));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let after = h.get_by_label("Resize the hub list").rect();
    assert!(
        (after.top() - before.top() - 120.0).abs() < 12.0,
        "{before:?} → {after:?}"
    );
}

#[test]
fn a_new_slide_scrolls_into_view_in_the_slide_list() {
    let mut h = harness(plan_file::sample_plan());
    h.state_mut().apply(Command::ShowSlide(0));
    h.run();
    h.get_by_label("Slides").click();
    h.run();
    let first = format!("1. {}", h.state().plan().slides[0].caption);
    let list_top = h.get_by_label(&first).rect().top();
    for _ in 0..8 {
        h.state_mut().apply(Command::AddSlide);
        h.run();
    }
    let n = h.state().plan().slides.len();
    let last = h.get_by_label(&format!("{n}. Slide {n}")).rect();
    assert!(
        last.top() >= list_top - 0.5 && last.bottom() <= list_top + 161.0,
        "{last:?} in the list from {list_top}"
    );
}
