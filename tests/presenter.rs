//! The presenter view with two displays: the room's view in a viewport of its own
//! (embedded here, as egui does when asked), the current and next slide, notes, timer
//! and slide list in the main window; one display keeps the full-screen mode; a display
//! that is not there falls back to a normal window with a message.

use coalition_map::app::CoalitionApp;
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::ui::presenter::{Audience, DisplayChoice, DisplayInfo};
use egui::{Key, ViewportCommand, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn displays(n: usize) -> Vec<DisplayInfo> {
    (0..n)
        .map(|i| DisplayInfo {
            name: format!("HDMI-{}", i + 1),
            size: [1920, 1080],
        })
        .collect()
}

fn harness(n_displays: usize) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
    app.set_displays(displays(n_displays));
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(400)
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    h.ctx.set_embed_viewports(true);
    h.run();
    h
}

/// Runs frames until glides end (the presenter view's clock repaints every half second,
/// so the harness would never settle).
fn run(h: &mut Harness<'_, CoalitionApp>) {
    h.run_steps(12);
}

fn slide(h: &Harness<'_, CoalitionApp>) -> Option<usize> {
    h.state().presentation().and_then(|p| p.slide)
}

/// The rectangle of the room's (embedded) window: its title bar down to the bottom of
/// what it shows.
fn audience_rect(h: &Harness<'_, CoalitionApp>) -> egui::Rect {
    let title = format!("{} — audience", h.state().plan().title);
    let bar = h.get_by_label(&title).rect();
    let hints = h
        .get_by_label(coalition_map::ui::presentation::KEY_HINTS)
        .rect();
    egui::Rect::from_min_max(egui::pos2(bar.left() - 20.0, bar.top()), hints.max).expand(20.0)
}

#[test]
fn next_and_previous_from_the_presenter_view_change_the_rooms_view() {
    let mut h = harness(2);
    // View → Present on → Display 2.
    h.get_by_label("View").click();
    run(&mut h);
    h.get_by_label("Present on").hover();
    run(&mut h);
    h.get_by_label("Display 2: HDMI-2, 1920×1080 (presenter view here)")
        .click();
    run(&mut h);

    h.key_press(Key::F5);
    run(&mut h);
    let pres = h.state().presentation().expect("presenting");
    assert_eq!(pres.audience, Audience::Display(1));
    assert_eq!(slide(&h), Some(0));
    h.get_by_label("Presenter view");
    let room = audience_rect(&h);
    let counter = h.get_by_label("1 / 7").rect();
    assert!(room.contains_rect(counter), "{counter:?} in {room:?}");

    h.get_by_label("Next").click();
    run(&mut h);
    assert_eq!(slide(&h), Some(1));
    assert!(h.query_by_label("1 / 7").is_none());
    let counter = h.get_by_label("2 / 7").rect();
    assert!(audience_rect(&h).contains_rect(counter));
    // The presenter sees where they are and what comes next.
    h.get_by_label("Now · slide 2 of 7");
    h.get_by_label("Next · slide 3 of 7");

    // The notes are in the presenter view only, also after N.
    let notes = h.state().plan().slides[1].notes.clone();
    for _ in 0..2 {
        let shown: Vec<_> = h.get_all_by_label(&notes).collect();
        assert_eq!(shown.len(), 1, "the notes once, for the presenter");
        assert!(!audience_rect(&h).intersects(shown[0].rect()));
        h.key_press(Key::N);
        run(&mut h);
    }
    assert_eq!(h.get_all_by_label("Speaker notes").count(), 1);

    h.get_by_label("Previous").click();
    run(&mut h);
    assert_eq!(slide(&h), Some(0));
    h.get_by_label("1 / 7");

    // Keys and a clicker work here too; the slide list jumps.
    h.key_press(Key::PageDown);
    run(&mut h);
    assert_eq!(slide(&h), Some(1));
    let third = format!("3. {}", h.state().plan().slides[2].caption);
    // (The embedded room's window may lie over the list: the click goes to the item.)
    h.get_by_label(&third).click_accesskit();
    run(&mut h);
    assert_eq!(slide(&h), Some(2));
    h.get_by_label("3 / 7");

    h.get_by_label("End (Esc)").click();
    run(&mut h);
    assert!(h.state().presentation().is_none());
    assert!(h.query_by_label("Presenter view").is_none());
    h.get_by_label("Add hub");
}

#[test]
fn with_one_display_the_room_sees_this_screen_full_screen() {
    let mut h = harness(1);
    h.event(egui::Event::Key {
        key: Key::F5,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    let commands = h
        .output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default();
    assert!(commands.contains(&ViewportCommand::Fullscreen(true)));
    run(&mut h);
    let pres = h.state().presentation().expect("presenting");
    assert_eq!(pres.audience, Audience::ThisScreen);
    assert!(h.query_by_label("Presenter view").is_none());
    let notes = h.state().plan().slides[0].notes.clone();
    assert!(h.query_by_label(&notes).is_none(), "notes on demand only");
    h.key_press(Key::N);
    run(&mut h);
    h.get_by_label(&notes);
}

#[test]
fn two_displays_present_automatically_with_the_presenter_view() {
    let mut h = harness(2);
    h.key_press(Key::F5);
    run(&mut h);
    let pres = h.state().presentation().expect("presenting");
    assert!(matches!(pres.audience, Audience::Display(_)));
    h.get_by_label("Presenter view");
    h.get_by_label("1 / 7");
}

#[test]
fn a_display_that_is_not_there_falls_back_to_a_window_with_a_message() {
    let mut h = harness(1);
    h.state_mut()
        .apply(Command::SetPresentDisplay(DisplayChoice::Display(2)));
    h.key_press(Key::F5);
    run(&mut h);
    let pres = h.state().presentation().expect("presenting");
    assert!(matches!(pres.audience, Audience::Window(_)));
    let message = h.state().message().expect("a message").text.clone();
    assert!(message.starts_with("Display 3 is not connected (1 found)"));
    h.get_by_label(&message);
    h.get_by_label("Presenter view");
    let counter = h.get_by_label("1 / 7").rect();
    assert!(audience_rect(&h).contains_rect(counter));
}
