//! UI tests for a briefer's habits: F5 from the first slide and Shift+F5 from the
//! selected one, a blacked-out screen (B or .), the shortcut list (F1 or ?), and plans
//! that open on the view they were saved with (else on Ukraine).

mod app_window;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::model::plan::Plan;
use coalition_map::projection::{GeoBounds, Projector};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample() -> Harness<'static, CoalitionApp> {
    app_window::started(CoalitionApp::with_sample_plan(
        MapData::builtin().expect("maps"),
    ))
}

fn slide(h: &Harness<'_, CoalitionApp>) -> Option<usize> {
    h.state().presentation().and_then(|p| p.slide)
}

fn on_screen(h: &Harness<'_, CoalitionApp>, lon: f64, lat: f64) -> bool {
    let map = h.state().map();
    let vp = map.viewport().expect("map drawn");
    let (x, y) = Projector::new(map.camera(), vp).screen_from_geo(lon, lat);
    x > vp.min_x && x < vp.min_x + vp.width && y > vp.min_y && y < vp.min_y + vp.height
}

#[test]
fn f5_starts_at_the_first_slide_and_shift_f5_at_the_selected_one() {
    let mut h = sample();
    h.state_mut().apply(Command::ShowSlide(2));
    h.run();
    h.key_press(Key::F5);
    h.run();
    assert_eq!(slide(&h), Some(0), "F5 starts from the beginning");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().presentation().is_none());

    h.state_mut().apply(Command::ShowSlide(2));
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::F5);
    h.run();
    assert_eq!(
        slide(&h),
        Some(2),
        "Shift+F5 starts from the selected slide"
    );
    let n = h.state().plan().slides.len();
    h.get_by_label(&format!("3 / {n}"));
}

#[test]
fn b_and_period_black_the_screen_and_a_slide_key_brings_it_back() {
    let mut h = sample();
    h.key_press(Key::F5);
    h.run();
    let caption = h.state().plan().slides[0].caption.clone();
    h.get_by_label(&caption);

    h.key_press(Key::B);
    h.run();
    assert!(h.state().presentation().is_some_and(|p| p.blacked_out));
    assert!(h.query_by_label(&caption).is_none(), "nothing but black");
    assert!(h.query_by_label("HYPOTHETICAL — PLANNING ONLY").is_none());

    h.key_press(Key::Period);
    h.run();
    assert!(h.state().presentation().is_some_and(|p| !p.blacked_out));
    h.get_by_label(&caption);

    h.key_press(Key::B);
    h.run();
    h.key_press(Key::PageDown);
    h.run();
    assert_eq!(slide(&h), Some(1));
    assert!(
        h.state().presentation().is_some_and(|p| !p.blacked_out),
        "moving on shows the next slide"
    );
    let n = h.state().plan().slides.len();
    h.get_by_label(&format!("2 / {n}"));
}

#[test]
fn f1_and_question_mark_list_every_shortcut() {
    let mut h = sample();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    h.key_press(Key::F1);
    h.run();
    h.get_by_label("Keyboard shortcuts");
    for row in coalition_map::ui::shortcuts::EDITOR
        .iter()
        .chain(coalition_map::ui::shortcuts::PRESENTING)
    {
        h.get_all_by_label(row.1).next().expect(row.1);
    }
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());

    // `?` arrives as text (Shift+/).
    h.event(egui::Event::Text("?".into()));
    h.run();
    h.get_by_label("Keyboard shortcuts");
    h.event(egui::Event::Text("?".into()));
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());

    // While presenting too.
    h.key_press(Key::F5);
    h.run();
    h.key_press(Key::F1);
    h.run();
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("Black screen on/off");
}

#[test]
fn a_question_mark_typed_into_a_field_stays_in_the_field() {
    let mut h = sample();
    h.get_by_label("Find:").click();
    h.run();
    h.get_by_label("Find:").type_text("?");
    h.run();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    assert_eq!(
        h.get_by_label("Find:").value().as_deref(),
        Some("?"),
        "the ? went into the search field"
    );
}

#[test]
fn a_plan_without_a_saved_view_opens_on_ukraine() {
    let h = app_window::started(CoalitionApp::new(MapData::builtin().expect("maps")));
    // Ukraine fills the view: Lviv, Kharkiv and Odesa are on screen, Paris is not.
    for (lon, lat) in [(24.03, 49.84), (36.23, 49.99), (30.73, 46.48)] {
        assert!(on_screen(&h, lon, lat), "{lon},{lat}");
    }
    assert!(!on_screen(&h, 2.35, 48.86), "not a Europe view");
}

#[test]
fn the_sample_plan_opens_on_its_saved_view() {
    let h = sample();
    let view = h.state().plan().view.expect("the sample plan has a view");
    let ukraine = h.state().preset_bounds(ViewPreset::Ukraine);
    assert!((view.min_lon - ukraine.min_lon).abs() < 0.1);
    assert!((view.max_lat - ukraine.max_lat).abs() < 0.1);
    assert_eq!(h.state().map().framed(), Some(view));
}

#[test]
fn saving_remembers_the_view_and_opening_returns_to_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("west.geojson");
    let mut h = app_window::started(CoalitionApp::with_plan(
        MapData::builtin().expect("maps"),
        Plan::default(),
    ));
    let west = GeoBounds::new(22.0, 48.0, 27.0, 51.5);
    h.state_mut().frame_view(west);
    h.run();
    assert!(h.state_mut().save_to(&path));
    h.run();
    assert!(
        !h.state_mut().is_dirty(),
        "the view alone does not dirty the plan"
    );

    // Elsewhere, then open the file: the map returns to the saved view.
    h.state_mut().jump_to(ViewPreset::Europe);
    h.run();
    assert!(on_screen(&h, 2.35, 48.86));
    h.state_mut().apply(Command::OpenPlan(path.clone()));
    h.run();
    let view = h.state().plan().view.expect("saved view read back");
    assert!((view.min_lon - west.min_lon).abs() < 1e-6);
    assert!((view.max_lat - west.max_lat).abs() < 1e-6);
    assert_eq!(h.state().map().framed(), Some(view));
    assert!(!on_screen(&h, 2.35, 48.86));
    assert!(on_screen(&h, 24.03, 49.84), "Lviv");
}
