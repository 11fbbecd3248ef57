//! Plans as files in the app: save, dirty title, open (with the unsaved-changes
//! question), drag and drop, import, recovery.

use coalition_map::app::CoalitionApp;
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::model::plan_file;
use coalition_map::storage::Storage;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A file "dropped" on the window, as eframe would hand it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'_, CoalitionApp>, path: &std::path::Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_path_buf())));
}

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
}

#[test]
fn save_marks_clean_and_edits_mark_unsaved() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    let path = dir.path().join("brief.geojson");
    h.state_mut().apply(Command::SaveAs(path.clone()));
    h.run();
    assert!(path.exists());
    assert_eq!(h.state_mut().title(), "brief.geojson — coalition-map");
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    assert_eq!(
        h.state_mut().title(),
        "brief.geojson • unsaved — coalition-map"
    );
    // Undoing back to the saved plan is clean again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state_mut().is_dirty());
    // The saved file opens back to the same plan.
    let (back, _) = plan_file::from_geojson(&std::fs::read_to_string(&path).unwrap(), "x").unwrap();
    assert_eq!(&back, h.state().plan());
}

#[test]
fn opening_with_unsaved_changes_asks_first() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.geojson");
    let mut small = plan_file::sample_plan();
    small.hubs.truncate(2);
    small.title = "Other plan".into();
    std::fs::write(&other, plan_file::to_geojson(&small)).unwrap();

    let mut h = harness(app(&data));
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    h.state_mut().apply(Command::OpenPlan(other.clone()));
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 9, "cancel keeps the plan");

    h.state_mut().apply(Command::OpenPlan(other.clone()));
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().plan().title, "Other plan");
    assert_eq!(h.state().plan().hubs.len(), 2);
    assert_eq!(h.state().file(), Some(other.as_path()));
}

#[test]
fn dropping_a_file_opens_it_and_a_bad_one_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("points.csv");
    std::fs::write(&csv, "name,longitude,latitude,notes\n\"Depot, north\",30.6,50.5,from a spreadsheet\nBad,999,50,\n").unwrap();
    let bad = dir.path().join("image.geojson");
    std::fs::write(&bad, [0u8, 1, 2, 3]).unwrap();

    let mut h = harness(app(&data));
    drop_file(&mut h, &bad);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 9);
    h.get_by_label_contains("image.geojson: this is a binary file");

    drop_file(&mut h, &csv);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 1);
    assert_eq!(h.state().plan().hubs[0].name, "Depot, north");
    // The banner names the file; the import report window says the same in short.
    h.get_by_label_contains("points.csv: 1 hubs read, 1 skipped");
}

#[test]
fn import_adds_hubs_in_one_undo_step() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("more.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":1,"properties":{"name":"Extra A"},"geometry":{"type":"Point","coordinates":[30.1,50.1]}},
          {"type":"Feature","id":2,"properties":{"name":"Extra B"},"geometry":{"type":"MultiPoint","coordinates":[[30.2,50.2]]}}]}"#,
    )
    .unwrap();
    let mut h = harness(app(&data));
    h.state_mut().apply(Command::ImportHubs(file));
    h.run();
    // Nine sample hubs plus the two imported (the MultiPoint's single point too).
    assert_eq!(h.state().plan().hubs.len(), 11);
    let ids: std::collections::BTreeSet<_> = h.state().plan().hubs.iter().map(|x| x.id).collect();
    assert_eq!(
        ids.len(),
        11,
        "imported ids do not collide with the plan's 1 and 2"
    );
    assert_eq!(
        h.state().selection().len(),
        2,
        "the imported hubs are selected"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().plan().hubs.len(), 9);
}

#[test]
fn a_recovery_copy_is_offered_and_restored() {
    let data = tempfile::tempdir().unwrap();
    let storage = Storage::at(data.path());
    let mut unsaved = plan_file::sample_plan();
    unsaved.title = "Work in progress".into();
    unsaved.hubs.truncate(3);
    storage.write_recovery(&unsaved, None).unwrap();

    let mut h = harness(app(&data));
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().plan().title, "Work in progress");
    assert_eq!(h.state().plan().hubs.len(), 3);
    assert!(h.state_mut().is_dirty(), "restored work still needs saving");

    // Discarding removes the copy for good.
    storage.write_recovery(&unsaved, None).unwrap();
    let mut h = harness(app(&data));
    h.get_by_label("Discard").click();
    h.run();
    assert!(storage.recovery().is_none());
    assert_eq!(h.state().plan().hubs.len(), 9);
}

#[test]
fn unsaved_work_is_autosaved_to_the_recovery_copy() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    h.get_by_label("Ceasefire in effect").click();
    h.run();
    // Let egui's clock pass the autosave interval.
    for _ in 0..2 {
        h.input_mut().time = Some(h.input().time.unwrap_or(0.0) + 6.0);
        h.step();
    }
    let found = Storage::at(data.path())
        .recovery()
        .expect("recovery copy written");
    assert!(found.plan.ceasefire.in_effect());
}

/// Asks the app to close, as the window manager's close button does.
fn request_close(h: &mut Harness<'_, CoalitionApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
}

fn close_commands(h: &Harness<'_, CoalitionApp>) -> (bool, bool) {
    let commands = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    (
        commands.contains(&egui::ViewportCommand::CancelClose),
        commands.contains(&egui::ViewportCommand::Close),
    )
}

#[test]
fn closing_with_unsaved_changes_asks_and_discard_closes() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(app(&data));
    // Nothing unsaved: closing is not held back.
    request_close(&mut h);
    assert!(h.query_by_label("Unsaved changes").is_none());

    h.get_by_label("Ceasefire in effect").click();
    h.run();
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    assert_eq!(
        close_commands(&h),
        (true, false),
        "the close is cancelled while we ask"
    );
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label_contains("before closing");
    h.get_by_label("Discard").click();
    h.step();
    h.step();
    assert_eq!(
        close_commands(&h),
        (false, true),
        "then the app closes itself"
    );
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert!(
        Storage::at(data.path()).recovery().is_none(),
        "a deliberate discard leaves no recovery copy"
    );
}
