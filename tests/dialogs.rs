//! File dialogs that always answer: with no desktop dialog (no portal, no zenity), the
//! app's own opens, and every file action ends in a visible message.

use coalition_map::app::CoalitionApp;
use coalition_map::command::Command;
use coalition_map::export::Format;
use coalition_map::map::MapData;
use coalition_map::model::plan_file;
use coalition_map::native_dialog::Unavailable;
use coalition_map::storage::Storage;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: CoalitionApp) -> Harness<'static, CoalitionApp> {
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(300)
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    h.run();
    h
}

fn app(storage: &tempfile::TempDir) -> CoalitionApp {
    CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"))
        .with_storage(Some(Storage::at(storage.path())))
        .with_native_dialogs(Box::new(Unavailable("no portal in this test".into())))
}

fn type_path(h: &mut Harness<'_, CoalitionApp>, path: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, "File name or path:");
    field.focus();
    h.run();
    // Clear the proposed name first.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "File name or path:")
        .type_text(path);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

fn banner(h: &Harness<'_, CoalitionApp>) -> String {
    h.state()
        .message()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn ctrl_s_without_a_native_dialog_opens_the_apps_own_and_saves() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    assert!(h.state().file().is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.state().file_dialog().is_some(), "the app's dialog opened");
    h.get_by_label("Save the plan");
    // The whole dialog fits the window, also after many frames: its title, the path
    // field and its buttons are on screen (it once grew by a frame's height each frame).
    for _ in 0..20 {
        h.step();
    }
    for (what, node) in [
        ("title", h.get_by_label("Save the plan")),
        (
            "path field",
            h.get_by_role_and_label(Role::TextInput, "File name or path:"),
        ),
        ("Cancel", h.get_by_label("Cancel")),
    ] {
        let r = node.rect();
        assert!(
            r.min.y >= 0.0 && r.max.y <= 768.0,
            "{what} at {r:?} is off the screen"
        );
    }
    let target = dir.path().join("brief.geojson");
    type_path(&mut h, &target.display().to_string());
    assert!(h.state().file_dialog().is_none(), "the dialog closed");
    assert!(target.exists());
    let (back, _) =
        plan_file::from_geojson(&std::fs::read_to_string(&target).unwrap(), "x").unwrap();
    assert_eq!(&back, h.state().plan());
    let text = format!("Saved to {}", target.display());
    assert_eq!(banner(&h), text);
    h.get_by_label(&text);
    // The folder is remembered for the next dialog.
    assert_eq!(
        Storage::at(data.path()).recent_folders()[0],
        dir.path().canonicalize().unwrap()
    );
}

#[test]
fn the_dialog_lists_files_and_keys_choose_one_to_open() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut small = plan_file::sample_plan();
    small.hubs.truncate(3);
    std::fs::write(
        dir.path().join("small.geojson"),
        plan_file::to_geojson(&small),
    )
    .unwrap();
    std::fs::write(dir.path().join("ignore.kml"), "<kml/>").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let mut h = harness(app(&data));
    h.state_mut()
        .apply(Command::SaveAs(dir.path().join("start.geojson")));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    // Folders first, then plans; other types are not listed.
    h.get_by_label("sub/");
    h.get_by_label("small.geojson");
    assert!(h.query_by_label("ignore.kml").is_none());
    // Arrow keys move through the list (sub/, small.geojson, start.geojson); Enter opens.
    h.key_press(egui::Key::ArrowDown);
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().file_dialog().is_none());
    assert_eq!(h.state().plan().hubs.len(), 3);
    assert!(
        banner(&h).contains("small.geojson: 3 hubs read"),
        "{}",
        banner(&h)
    );
}

#[test]
fn cancelling_and_failing_are_said_out_loud() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    h.state_mut().apply(Command::PickExport(Format::Kml));
    h.run();
    assert!(h.state().file_dialog().is_some());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().file_dialog().is_none());
    assert_eq!(banner(&h), "Export cancelled: nothing was written.");

    // An export into a folder that does not exist: the error names the file.
    h.state_mut().apply(Command::PickExport(Format::Kml));
    h.run();
    type_path(&mut h, "/nonexistent-folder-cm/hubs.kml");
    // The dialog refuses it itself, with the reason, and stays open.
    assert!(h.state().file_dialog().is_some());
    h.get_by_label_contains("does not exist");
    h.get_by_label("Cancel").click();
    h.run();

    let dir = tempfile::tempdir().unwrap();
    h.state_mut().apply(Command::PickExport(Format::Kml));
    h.run();
    let kml = dir.path().join("hubs");
    type_path(&mut h, &kml.display().to_string());
    let written = dir.path().join("hubs.kml");
    assert!(written.exists(), "the type's extension was added");
    assert_eq!(
        banner(&h),
        format!("Exported 9 hubs to {}", written.display())
    );
}

#[test]
fn quit_with_unsaved_changes_can_always_save() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    h.state_mut().apply(Command::NewPlan);
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().file_dialog().is_some());
    assert!(
        h.query_by_label("Unsaved changes").is_none(),
        "the question waits"
    );
    let target = dir.path().join("before-new.geojson");
    type_path(&mut h, &target.display().to_string());
    assert!(target.exists());
    // Saved, then the new plan started.
    assert!(h.state().plan().hubs.is_empty());
    assert!(h.state().pending_confirmation().is_none());
}

#[test]
fn an_import_maps_type_and_lead_columns_and_reports_what_it_skipped() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hubs.csv");
    std::fs::write(
        &file,
        "name,type,lead,lon,lat\n\
         Kyiv HQ,hq,France,30.52,50.45\n\
         Odesa port,port,GB,30.72,46.48\n\
         Far away,air,POL,200,50\n\
         Storage,depot,Poland,24.03,49.84\n",
    )
    .unwrap();
    let mut h = harness(app(&data));
    let before = h.state().plan().hubs.len();
    h.state_mut().apply(Command::ImportHubs(file.clone()));
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.hubs.len(), before + 3);
    let new: Vec<(&str, String, &str)> = plan.hubs[before..]
        .iter()
        .map(|hub| {
            (
                hub.name.as_str(),
                coalition_map::export::kind_key(&hub.kind),
                hub.lead_nation.as_str(),
            )
        })
        .collect();
    assert_eq!(
        new,
        [
            ("Kyiv HQ", "force_hq".to_owned(), "FRA"),
            ("Odesa port", "naval".to_owned(), "GBR"),
            ("Storage", "protected_facility".to_owned(), "POL"),
        ]
    );
    // The report window lists what was read, skipped and mapped.
    h.get_by_label("Import report");
    h.get_by_label("3 hubs read, 1 skipped");
    h.get_by_label("Skipped row 4: longitude 200 is outside −180…180");
    h.get_by_label("Fields mapped: type as kind, lead as lead nation");
    assert!(banner(&h).starts_with("Imported "), "{}", banner(&h));
    h.get_by_label("Close report").click();
    h.run();
    assert!(h.state().import_report().is_none());
}

#[test]
fn when_the_app_cannot_decide_the_import_dialog_asks_and_remembers() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("standorte.csv");
    let text = "Standort,Ost,Nord\nKyiv,30.52,50.45\nLviv,24.03,49.84\n";
    std::fs::write(&file, text).unwrap();
    let mut h = harness(app(&data));
    let before = h.state().plan().hubs.len();
    h.state_mut().apply(Command::ImportHubs(file.clone()));
    h.run();
    assert!(
        h.state().import_dialog().is_some(),
        "no coordinate columns: ask"
    );
    h.get_by_label("Import hubs: which column is which?");
    // The columns and a preview of the first rows.
    h.get_by_label("Standort");
    h.get_by_label("30.52");
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label("Choose the longitude column.");
    {
        let dialog = h.state_mut().import_dialog_mut().unwrap();
        dialog.choose(
            "Standort",
            Some(coalition_map::model::field_map::Field::Name),
        );
        dialog.choose("Ost", Some(coalition_map::model::field_map::Field::Lon));
        dialog.choose("Nord", Some(coalition_map::model::field_map::Field::Lat));
    }
    h.run();
    h.get_by_label("Import").click();
    h.run();
    assert!(h.state().import_dialog().is_none());
    let plan = h.state().plan();
    assert_eq!(plan.hubs.len(), before + 2);
    assert_eq!(plan.hubs[before].name, "Kyiv");
    assert_eq!(
        (plan.hubs[before].lon, plan.hubs[before].lat),
        (30.52, 50.45)
    );
    // A file with the same columns imports at once with the remembered mapping.
    let again = dir.path().join("mehr.csv");
    std::fs::write(&again, "Nord,Standort,Ost\n46.48,Odesa,30.72\n").unwrap();
    h.state_mut().apply(Command::ImportHubs(again));
    h.run();
    assert!(h.state().import_dialog().is_none());
    let plan = h.state().plan();
    assert_eq!(plan.hubs.len(), before + 3);
    assert_eq!(plan.hubs[before + 2].name, "Odesa");
}

/// File → Open of a foreign file whose columns the app cannot place asks which column
/// is which, as an import does; cancelling leaves the plan as it was, and the mapping
/// chosen is replayed the next time.
#[test]
fn opening_a_file_with_unknown_columns_asks_which_is_which() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bases.csv");
    std::fs::write(&file, "Ort,Ost,Nord\nKyiv,30.52,50.45\nLviv,24.03,49.84\n").unwrap();
    let mut h = harness(app(&data));
    let sample = h.state().plan().clone();
    h.state_mut().apply(Command::OpenPlan(file.clone()));
    h.run();
    h.get_by_label("Open as a plan: which column is which?");
    h.get_by_label("Ort");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().import_dialog().is_none());
    assert_eq!(banner(&h), "Open cancelled: the plan is unchanged.");
    assert_eq!(h.state().plan(), &sample, "cancelling changed the plan");

    h.state_mut().apply(Command::OpenPlan(file.clone()));
    h.run();
    {
        let dialog = h.state_mut().import_dialog_mut().unwrap();
        use coalition_map::model::field_map::Field;
        dialog.choose("Ort", Some(Field::Name));
        dialog.choose("Ost", Some(Field::Lon));
        dialog.choose("Nord", Some(Field::Lat));
    }
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert!(h.state().import_dialog().is_none());
    let names: Vec<&str> = h
        .state()
        .plan()
        .hubs
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    assert_eq!(names, ["Kyiv", "Lviv"], "the file is the plan now");
    assert_eq!(h.state().plan().hubs[1].lon, 24.03);
    assert!(banner(&h).contains("bases.csv"), "{}", banner(&h));

    // The same columns open at once the next time.
    let again = dir.path().join("more.csv");
    std::fs::write(&again, "Nord,Ort,Ost\n46.48,Odesa,30.72\n").unwrap();
    h.state_mut().apply(Command::OpenPlan(again));
    h.run();
    assert!(h.state().import_dialog().is_none());
    assert_eq!(h.state().plan().hubs[0].name, "Odesa");
}

/// File → Export → the PDF deck, through the app's own dialog (no portal here): a page
/// per slide of the sample plan, rendered without a window; PNG of the view likewise.
#[test]
fn the_briefing_deck_and_the_png_export_from_the_menu() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    let slides = h.state().plan().slides.len();
    assert!(slides >= 5);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Briefing deck as PDF (a page per slide)…")
        .click();
    h.run();
    assert!(h.state().file_dialog().is_some(), "the in-app dialog asks");
    type_path(&mut h, &dir.path().join("deck").display().to_string());
    let pdf = dir.path().join("deck.pdf");
    let bytes = std::fs::read(&pdf).expect("the deck was written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        String::from_utf8_lossy(&bytes).contains(&format!("/Count {slides}")),
        "a page per slide"
    );
    assert_eq!(
        banner(&h),
        format!(
            "Exported the briefing deck ({slides} pages, one per slide) to {}",
            pdf.display()
        )
    );

    h.state_mut().apply(Command::PickExport(Format::Png));
    h.run();
    type_path(&mut h, &dir.path().join("view.png").display().to_string());
    let png = dir.path().join("view.png");
    let image = image::open(&png).expect("a PNG").to_rgba8();
    assert!(
        image.width() > 400 && image.height() > 300,
        "{:?}",
        image.dimensions()
    );
    assert!(
        banner(&h).starts_with("Exported the view (9 hubs) to "),
        "{}",
        banner(&h)
    );
}
