//! UI tests for briefing: presentation mode, slide keys, the live ceasefire keys, the
//! slides panel (create, rename, reorder, delete, undo) and range rings in the hub form.

mod app_window;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::map::MapData;
use coalition_map::projection::Projector;
use egui::{Key, Modifiers, ViewportCommand, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample() -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
    app.jump_to(ViewPreset::Ukraine);
    app_window::started(app)
}

/// The viewport commands of the last frame.
fn viewport_commands(h: &Harness<'_, CoalitionApp>) -> Vec<ViewportCommand> {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

/// Presses a key, runs exactly the frame that sees it and returns that frame's
/// viewport commands (then releases the key).
fn press_one_frame(h: &mut Harness<'_, CoalitionApp>, key: Key) -> Vec<ViewportCommand> {
    let event = |pressed| egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    h.event(event(true));
    h.step();
    let commands = viewport_commands(h);
    h.event(event(false));
    h.step();
    commands
}

fn slide(h: &Harness<'_, CoalitionApp>) -> Option<usize> {
    h.state().presentation().and_then(|p| p.slide)
}

/// Asserts that the camera shows slide `i`'s box as large as it fits in the space the
/// padding, the marking (top left) and the legend leave free, centred there, and that
/// the legend covers none of it.
fn assert_camera_on_slide(h: &Harness<'_, CoalitionApp>, i: usize) {
    let view = h.state().plan().slides[i].view;
    let map = h.state().map();
    let vp = map.viewport().expect("drawn");
    let p = Projector::new(map.camera(), vp);
    let (x0, y0) = p.screen_from_geo(view.min_lon, view.max_lat);
    let (x1, y1) = p.screen_from_geo(view.max_lon, view.min_lat);
    let insets = map.insets();
    // At least 24 px padding, plus the marking above.
    assert!(insets.left >= 24.0 && insets.right >= 24.0);
    assert!(insets.top >= 52.0 && insets.bottom >= 40.0);
    let (left, top) = (vp.min_x + insets.left, vp.min_y + insets.top);
    let (right, bottom) = (
        vp.min_x + vp.width - insets.right,
        vp.min_y + vp.height - insets.bottom,
    );
    assert!(
        ((x0 + x1) / 2.0 - (left + right) / 2.0).abs() < 1.0,
        "slide {i}: x"
    );
    assert!(
        ((y0 + y1) / 2.0 - (top + bottom) / 2.0).abs() < 1.0,
        "slide {i}: y {y0} {y1} {top} {bottom} {insets:?} {vp:?} {:?}",
        map.camera()
    );
    assert!(x0 >= left - 0.5 && x1 <= right + 0.5, "slide {i}: sides");
    assert!(y0 >= top - 0.5 && y1 <= bottom + 0.5);
    let fill_x = (x1 - x0) / (right - left);
    let fill_y = (y1 - y0) / (bottom - top);
    assert!((fill_x.max(fill_y) - 1.0).abs() < 0.01, "{fill_x} {fill_y}");
    if let Some(legend) = h.query_by_label_contains("Legend") {
        let shown = egui::Rect::from_min_max(
            egui::pos2(x0 as f32, y0 as f32),
            egui::pos2(x1 as f32, y1 as f32),
        );
        assert!(
            !legend.rect().shrink(0.5).intersects(shown),
            "slide {i}: the legend {:?} covers the box {shown:?}",
            legend.rect()
        );
    }
}

#[test]
fn f5_enters_full_screen_presentation_and_escape_leaves() {
    let mut h = sample();
    assert!(h.query_by_label("Add hub").is_some());
    let zoom_before = h.ctx.zoom_factor();

    let commands = press_one_frame(&mut h, Key::F5);
    assert!(commands.contains(&ViewportCommand::Fullscreen(true)));
    h.run();
    assert_eq!(slide(&h), Some(0));
    assert!((h.ctx.zoom_factor() - zoom_before * 1.25).abs() < 1e-6);
    // Chrome is gone; the title bar, the marking and the state bar are there.
    assert!(h.query_by_label("Add hub").is_none());
    assert!(h.query_by_label("Hubs").is_none(), "side panel hidden");
    h.get_by_label(&h.state().plan().slides[0].caption.clone());
    h.get_by_label("1 / 7");
    h.get_by_label("NO CEASEFIRE");
    h.get_by_label("1 active · 8 inactive hubs");
    assert_camera_on_slide(&h, 0);

    let commands = press_one_frame(&mut h, Key::Escape);
    assert!(commands.contains(&ViewportCommand::Fullscreen(false)));
    h.run();
    assert!(h.state().presentation().is_none());
    assert!((h.ctx.zoom_factor() - zoom_before).abs() < 1e-6);
    h.get_by_label("Add hub");

    // The toolbar button does the same as F5.
    h.get_by_label("Present").click();
    h.run();
    assert_eq!(slide(&h), Some(0));
    h.key_press(Key::F5);
    h.run();
    assert!(h.state().presentation().is_none(), "F5 also leaves");
}

#[test]
fn every_slide_key_moves_through_the_deck_with_a_glide() {
    let mut h = sample();
    h.key_press(Key::F5);
    h.run();
    for (key, expected) in [
        (Key::ArrowRight, 1),
        (Key::PageDown, 2),
        (Key::Space, 3),
        (Key::ArrowRight, 4),
        (Key::ArrowRight, 5),
        (Key::ArrowRight, 6),
        (Key::ArrowRight, 6),
    ] {
        h.key_press(key);
        h.step();
        assert_eq!(slide(&h), Some(expected), "{key:?}");
        h.run();
        assert!(!h.state().map().is_animating());
        assert_camera_on_slide(&h, expected);
        h.get_by_label(&format!("{} / 7", expected + 1));
    }
    for (key, expected) in [
        (Key::ArrowLeft, 5),
        (Key::ArrowLeft, 4),
        (Key::ArrowLeft, 3),
        (Key::PageUp, 2),
        (Key::Backspace, 1),
        (Key::ArrowLeft, 0),
        (Key::PageUp, 0),
    ] {
        h.key_press(key);
        h.run();
        assert_eq!(slide(&h), Some(expected), "{key:?}");
        assert_camera_on_slide(&h, expected);
    }
    h.key_press(Key::End);
    h.run();
    assert_eq!(slide(&h), Some(6));
    h.key_press(Key::Home);
    h.run();
    assert_eq!(slide(&h), Some(0));
    // The move between slides is a glide, not a jump.
    h.key_press(Key::PageDown);
    h.step();
    h.step();
    assert!(h.state().map().is_animating());
    h.run();
    assert_camera_on_slide(&h, 1);
}

#[test]
fn ceasefire_keys_change_the_room_view_but_not_the_plan() {
    let mut h = sample();
    h.key_press(Key::F5);
    h.run();
    h.key_press(Key::ArrowRight); // "Before a ceasefire"
    h.run();
    h.get_by_label("NO CEASEFIRE");
    h.get_by_label("1 active · 8 inactive hubs");

    h.key_press(Key::C);
    h.run();
    h.get_by_label("CEASEFIRE IN EFFECT, NOT YET VERIFIED");
    h.get_by_label("7 active · 2 inactive hubs");
    h.key_press(Key::V);
    h.run();
    h.get_by_label("CEASEFIRE VERIFIED");
    h.get_by_label("8 active · 1 inactive hubs");
    h.key_press(Key::P);
    h.run();
    h.get_by_label("PEACE AGREEMENT SIGNED");
    h.get_by_label("9 active · 0 inactive hubs");
    h.key_press(Key::C);
    h.run();
    h.get_by_label("NO CEASEFIRE");

    // The next slide brings its own state (a verified ceasefire).
    h.key_press(Key::ArrowRight);
    h.run();
    h.get_by_label("CEASEFIRE VERIFIED");
    h.get_by_label("8 active · 1 inactive hubs");

    // None of it touched the plan or its history.
    assert!(!h.state().plan().ceasefire.in_effect());
    assert!(!h.state_mut().is_dirty());
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Active hubs: 1");
}

#[test]
fn editing_is_locked_while_presenting() {
    let mut h = sample();
    let before = h.state().plan().clone();
    h.key_press(Key::F5);
    h.run();
    // Select-all, delete, the add-hub key and undo do nothing to the plan.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    h.key_press(Key::A);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    // A click on the map places nothing.
    let vp = h.state().map().viewport().expect("drawn");
    let (cx, cy) = vp.center();
    let pos = egui::pos2(cx as f32, cy as f32);
    h.event(egui::Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    assert_eq!(*h.state().plan(), before);
    assert!(h.state().presentation().is_some());
}

#[test]
fn notes_and_charts_show_on_request() {
    let mut h = sample();
    h.key_press(Key::F5);
    h.run();
    let charts = "Active vs inactive hubs by ceasefire condition";
    assert!(h.query_by_label(charts).is_none(), "slide 1 has no charts");
    h.key_press(Key::N);
    h.run();
    h.get_by_label("Speaker notes");
    h.get_by_label(&h.state().plan().slides[0].notes.clone());
    h.key_press(Key::ArrowRight);
    h.run();
    h.get_by_label(charts);
    h.get_by_label(&h.state().plan().slides[1].notes.clone());
    h.key_press(Key::N);
    h.run();
    assert!(h.query_by_label("Speaker notes").is_none());
}

#[test]
fn slides_are_created_renamed_reordered_and_deleted_with_undo() {
    let mut h = sample();
    h.get_by_label("Slides").click();
    h.run();
    h.get_by_label("New slide from this view").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.slides.len(), 8);
    let new = &plan.slides[7];
    assert_eq!(new.caption, "Slide 8");
    assert_eq!(new.ceasefire, plan.ceasefire);
    // The slide keeps the map's view: Ukraine, as the harness framed it.
    let ukr = h
        .state()
        .data()
        .geography
        .countries
        .get("UKR")
        .expect("Ukraine")
        .bounds;
    assert_eq!(new.view, ukr);
    assert_eq!(h.state().selected_slide(), Some(7));

    // Rename: one edit, one undo step.
    let caption = h.get_by_label("Caption");
    caption.focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Caption").type_text("Kyiv close-up");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().plan().slides[7].caption, "Kyiv close-up");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().slides[7].caption, "Slide 8");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().plan().slides[7].caption, "Kyiv close-up");

    // Reorder: up twice, then undo once.
    h.get_by_label("Move up").click();
    h.run();
    h.get_by_label("Move up").click();
    h.run();
    assert_eq!(captions(&h)[5], "Kyiv close-up");
    assert_eq!(h.state().selected_slide(), Some(5));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(captions(&h)[6], "Kyiv close-up");

    // Delete, then undo brings it back in its place.
    h.get_by_label("4. After a peace agreement: air, maritime and monitoring reach")
        .click();
    h.run();
    h.get_by_label("Delete slide").click();
    h.run();
    assert_eq!(h.state().plan().slides.len(), 7);
    assert!(!captions(&h).iter().any(|c| c.starts_with("After a peace")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(captions(&h)[3].starts_with("After a peace"));

    // The editor's layer switches are plan changes too.
    h.get_by_label("4. After a peace agreement: air, maritime and monitoring reach")
        .click();
    h.run();
    assert!(h.state().plan().slides[3].layers.range_rings);
    h.get_by_label("Range rings").click();
    h.run();
    assert!(!h.state().plan().slides[3].layers.range_rings);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().plan().slides[3].layers.range_rings);
}

#[test]
fn range_rings_are_edited_in_the_hub_form() {
    let mut h = sample();
    h.get_by_label("Odesa maritime hub").click();
    h.run();
    let rings = h.get_by_label("Range rings");
    assert_eq!(rings.value().as_deref(), Some("100, 250"));
    rings.focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Range rings").type_text("50; 500 km");
    h.key_press(Key::Enter);
    h.run();
    let odesa = |h: &Harness<'_, CoalitionApp>| {
        h.state()
            .plan()
            .hubs
            .iter()
            .find(|x| x.name == "Odesa maritime hub")
            .cloned()
            .expect("Odesa")
    };
    assert_eq!(odesa(&h).range_rings_km, vec![50.0, 500.0]);

    // A bad radius is explained and changes nothing.
    h.get_by_label("Range rings").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Range rings").type_text("50, -3");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label_contains("more than 0 km");
    assert_eq!(odesa(&h).range_rings_km, vec![50.0, 500.0]);

    // Per-hub switch, with undo (by keyboard: the form's end may be scrolled away).
    h.get_by_label("Show this hub's rings").focus();
    h.key_press(Key::Space);
    h.run();
    assert!(!odesa(&h).show_range_rings);
    h.key_press(Key::Escape);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(odesa(&h).show_range_rings);
}

#[test]
fn a_slide_can_show_only_the_selected_hubs() {
    use coalition_map::model::slide::HubFilter;
    let mut h = sample();
    h.get_by_label("Kyiv coordination HQ").click();
    h.run();
    let kyiv = *h.state().selection().iter().next().expect("selected");
    h.get_by_label("Slides").click();
    h.run();
    h.get_by_label("1. Overview: the Coalition of the Willing and nine hypothetical hubs")
        .click();
    h.run();
    // By keyboard: the editor's end may be scrolled out of view.
    h.get_by_label("Use selected hubs (1)").focus();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().plan().slides[0].hubs, HubFilter::Only(vec![kyiv]));
    h.get_by_label("Present from here").click();
    h.run();
    let shown = &h.state().presentation().expect("presenting").shown;
    assert_eq!(shown.hubs.len(), 1);
    assert_eq!(shown.hubs[0].id, kyiv);
    h.get_by_label("0 active · 1 inactive hubs");
}

#[test]
fn the_app_exports_one_svg_per_slide_into_a_folder() {
    use coalition_map::command::Command;
    let mut h = sample();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("deck");
    h.state_mut().apply(Command::ExportSlides(
        out.clone(),
        coalition_map::export::Format::Svg,
    ));
    h.run();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("folder written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7);
    assert!(names[0].starts_with("01-overview"), "{names:?}");
    assert_eq!(names[4], "05-the-western-corridor-rzeszow-to-lviv.svg");
    assert_eq!(names[6], "07-option-b-french-led-south-what-it-changes.svg");
    let last = std::fs::read_to_string(out.join(&names[4])).expect("svg");
    assert!(last.contains("The western corridor: Rzeszów to Lviv"));
    h.get_by_label_contains("Wrote 7 slides as SVG to");

    // A file where the folder should be: the cause is shown, nothing is written.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "x").expect("file");
    h.state_mut().apply(Command::ExportSlides(
        blocked.clone(),
        coalition_map::export::Format::Svg,
    ));
    h.run();
    h.get_by_label_contains("Slides not exported");
    assert_eq!(
        std::fs::read_to_string(&blocked).expect("still a file"),
        "x"
    );
}

fn captions(h: &Harness<'_, CoalitionApp>) -> Vec<String> {
    h.state()
        .plan()
        .slides
        .iter()
        .map(|s| s.caption.clone())
        .collect()
}

/// Typing a caption and pressing a slide button at once renames, then moves, the same
/// slide; typing and leaving the tab keeps the typing.
#[test]
fn typing_is_committed_before_buttons_and_when_the_tab_is_left() {
    let mut h = sample();
    h.get_by_label("Slides").click();
    h.run();
    h.get_by_label("5. The western corridor: Rzeszów to Lviv")
        .click();
    h.run();
    h.get_by_label("Caption").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Caption").type_text("Corridor");
    h.run();
    h.get_by_label("Move up").click();
    h.run();
    let after = captions(&h);
    assert_eq!(after.len(), 7);
    assert_eq!(after[3], "Corridor");
    assert!(after[4].starts_with("After a peace agreement"), "{after:?}");
    // One undo takes back the move, the next the rename.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(captions(&h)[4], "Corridor");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(captions(&h)[4], "The western corridor: Rzeszów to Lviv");

    h.get_by_label("5. The western corridor: Rzeszów to Lviv")
        .click();
    h.run();
    h.get_by_label("Speaker notes").focus();
    h.get_by_label("Speaker notes")
        .type_text(" Mention the rail link.");
    h.run();
    h.get_by_label("Roster").click();
    h.run();
    assert!(
        h.state().plan().slides[4]
            .notes
            .ends_with("Mention the rail link."),
        "{}",
        h.state().plan().slides[4].notes
    );
}

#[test]
fn a_slide_made_from_a_slide_is_the_same_slide() {
    use coalition_map::command::Command;
    let mut h = sample();
    h.state_mut().apply(Command::ShowSlide(2));
    h.run();
    h.state_mut().apply(Command::AddSlide);
    h.run();
    let slides = &h.state().plan().slides;
    assert_eq!(slides[7].view, slides[2].view);

    // After panning, the slide is what shows inside the fit padding: showing it again
    // brings back the same camera.
    h.state_mut().pan_by(-120.0, 40.0);
    h.run();
    let camera = h.state().map().camera();
    h.state_mut().apply(Command::AddSlide);
    h.state_mut().apply(Command::ShowSlide(0));
    h.run();
    h.state_mut().apply(Command::ShowSlide(8));
    h.run();
    let back = h.state().map().camera();
    assert!(
        (back.zoom - camera.zoom).abs() < 0.01,
        "{back:?} {camera:?}"
    );
    let scale = 256.0 * camera.zoom.exp2();
    assert!(((back.center.x - camera.center.x) * scale).abs() < 1.0);
    assert!(((back.center.y - camera.center.y) * scale).abs() < 1.0);
}

#[test]
fn nothing_edits_the_plan_while_presenting() {
    use coalition_map::command::Command;
    let mut h = sample();
    let before = h.state().plan().clone();
    h.key_press(Key::F5);
    h.run();
    let id = before.hubs[0].id;
    for command in [
        Command::DeleteHubs(vec![id]),
        Command::AddHub {
            lon: 30.0,
            lat: 50.0,
        },
        Command::DeleteSlide(0),
        Command::AddSlide,
        Command::Undo,
        Command::NewPlan,
    ] {
        h.state_mut().apply(command);
    }
    h.run();
    assert_eq!(*h.state().plan(), before);
    assert!(h.state().presentation().is_some());
}

#[test]
fn hidden_hubs_cannot_be_picked() {
    use coalition_map::command::Command;
    use coalition_map::model::slide::Layers;
    let mut h = sample();
    h.state_mut().apply(Command::SetLayers(Layers {
        hubs: false,
        ..Layers::default()
    }));
    h.run();
    let kyiv = h.state().plan().hubs[0].clone();
    let map = h.state().map();
    let p = Projector::new(map.camera(), map.viewport().expect("drawn"));
    let (x, y) = p.screen_from_geo(kyiv.lon, kyiv.lat);
    let pos = egui::pos2(x as f32, y as f32);
    h.event(egui::Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    assert!(h.state().selection().is_empty());
}
