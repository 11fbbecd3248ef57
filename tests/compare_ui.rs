//! UI tests for deciding between plans: opening a comparison (path injected, no native
//! dialog), the timeline slider, the coverage layer and the population chart.

use std::path::PathBuf;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::model::hub::{Ceasefire, Status};
use coalition_map::model::plan_file;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample() -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
    app.jump_to(ViewPreset::Ukraine);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(300)
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    h.run();
    h
}

fn alt_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample_plan_alt.geojson")
}

fn active(h: &Harness<'_, CoalitionApp>) -> usize {
    let plan = h.state().plan();
    plan.hubs
        .iter()
        .filter(|hub| plan.status(hub) == Status::Active)
        .count()
}

#[test]
fn comparing_with_another_plan_shows_the_differences_and_figures() {
    let mut h = sample();
    // The File menu offers it (the dialog itself is native, so the path is injected).
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Compare with…");
    h.state_mut().apply(Command::CompareWith(alt_path()));
    h.run();

    let diff = h.state_mut().comparison().expect("comparing").diff.clone();
    assert_eq!(
        (
            diff.added.len(),
            diff.removed.len(),
            diff.moved.len(),
            diff.changed.len(),
            diff.unchanged
        ),
        (2, 1, 1, 3, 5)
    );
    h.get_by_label("Comparison");
    h.get_by_label("2 added · 1 removed · 1 moved · 3 changed · 5 unchanged");
    // The map's key names plan B and counts each kind of mark.
    h.get_by_label("Comparison key");
    h.get_by_label("Compared with sample_plan_alt.geojson");
    for row in ["Added: 2", "Removed: 1", "Moved: 1", "Changed: 3"] {
        h.get_by_label(row);
    }
    h.get_by_label("Mykolaiv military hub");
    // Also in the hub list, so more than once.
    assert!(
        h.query_all_by_label("Dnipro protected equipment facility")
            .count()
            >= 2
    );
    // Moved and changed (renamed): two rows.
    assert_eq!(h.query_all_by_label("Uman logistics hub").count(), 2);
    h.get_by_label("personnel, activation, stand_up_days");
    // Side-by-side figures: nine hubs against ten.
    let figures = h.state_mut().comparison().unwrap().figures.clone();
    assert_eq!((figures[0].hubs, figures[1].hubs), (9, 10));
    assert_eq!(figures[0].personnel_total, 4670);
    assert_eq!(
        figures[1].personnel_total,
        4670 - 350 - 300 + 300 + 800 + 400
    );
    assert_eq!(
        figures[0].active_by_condition[0],
        ("No ceasefire".to_owned(), 1)
    );
    assert_eq!(
        figures[1].active_by_condition[0].1, 2,
        "Rzeszów and Constanța"
    );
    assert!(figures[0].population_total > 0);

    // The comparison follows edits of the plan: deleting Dnipro here makes it no
    // longer "removed" in B.
    let dnipro = h
        .state()
        .plan()
        .hubs
        .iter()
        .find(|x| x.name.starts_with("Dnipro"))
        .unwrap()
        .id;
    h.state_mut().apply(Command::DeleteHubs(vec![dnipro]));
    h.run();
    assert!(h.state_mut().comparison().unwrap().diff.removed.is_empty());
    h.get_by_label("2 added · 0 removed · 1 moved · 3 changed · 5 unchanged");

    h.get_by_label("Close").click();
    h.run();
    assert!(h.state_mut().comparison().is_none());
}

#[test]
fn a_plan_that_cannot_be_read_is_reported_and_nothing_changes() {
    let mut h = sample();
    h.state_mut()
        .apply(Command::CompareWith(PathBuf::from("/no/such/plan.geojson")));
    h.run();
    assert!(h.state_mut().comparison().is_none());
    let msg = h.state().message().expect("message").clone();
    assert!(msg.is_error && msg.text.contains("plan.geojson"), "{msg:?}");
    assert_eq!(h.state().plan().hubs.len(), 9);
}

#[test]
fn moving_the_timeline_slider_changes_the_active_count() {
    let mut h = sample();
    h.state_mut()
        .apply(Command::SetCeasefire(Ceasefire::new(true, false, false)));
    h.run();
    assert_eq!(
        active(&h),
        7,
        "no timeline: every hub waiting for a ceasefire is up"
    );

    // Switching the timeline on starts at D+0: only the Kharkiv post (D+0) and the
    // Rzeszów hub (always) are up.
    h.get_by_label("Timeline").click();
    h.run();
    assert_eq!(h.state().plan().ceasefire.day(), Some(0));
    assert_eq!(active(&h), 2);
    h.get_by_label("1 of 6 stood up");

    // A click in the middle of the slider (D+0…D+90) jumps to about D+45.
    // The slider and its value box both carry the label: the rail is the wider one.
    let slider = h
        .get_all_by_label("Days since the ceasefire")
        .max_by(|a, b| a.rect().width().total_cmp(&b.rect().width()))
        .unwrap();
    let rect = slider.rect();
    slider.click();
    h.run();
    let day = h.state().plan().ceasefire.day().expect("a day");
    assert!((30..60).contains(&day), "{day}");
    // Kyiv D+7, Vinnytsia D+14, Lviv and Zhytomyr D+30 are up; Dnipro (D+60) is not.
    assert_eq!(active(&h), 6);
    assert!(rect.width() > 50.0);

    // The whole slider move is one undo step.
    h.state_mut().apply(Command::Undo);
    h.run();
    assert_eq!(h.state().plan().ceasefire.day(), None);
    assert_eq!(active(&h), 7);
}

#[test]
fn the_coverage_layer_and_population_chart_follow_the_ceasefire() {
    let mut h = sample();
    h.state_mut().apply(Command::ToggleCoverage);
    h.run();
    assert!(h.state().coverage_shown());
    let before = h.state_mut().coverage_report().expect("coverage").clone();
    assert!(
        before
            .oblasts
            .iter()
            .any(|o| o.code == "UA-46" && o.covered)
    );
    assert!(
        !before
            .oblasts
            .iter()
            .any(|o| o.code == "UA-30" && o.covered)
    );
    h.state_mut()
        .apply(Command::SetCeasefire(Ceasefire::new(true, true, true)));
    h.run();
    let after = h.state_mut().coverage_report().unwrap().clone();
    assert!(after.oblasts.iter().any(|o| o.code == "UA-30" && o.covered));
    assert!(after.population_covered > before.population_covered);

    h.get_by_label("Charts").click();
    h.run();
    h.get_by_label(coalition_map::ui::charts::POPULATION_HEADING);
}

#[test]
fn the_sample_plans_comparison_slide_names_the_alternative() {
    let plan = plan_file::sample_plan();
    let slide = plan.slides.last().unwrap();
    assert_eq!(
        slide.compare_with.as_deref(),
        Some("sample_plan_alt.geojson")
    );
    let alt = plan_file::sample_plan_alt();
    assert!(alt.title.contains("HYPOTHETICAL"));
    assert_eq!(alt.hubs.len(), 10);
}

/// Presenting the sample's last slide draws the comparison it asks for, as its files
/// do: the key names the alternative and counts what it changes against the plan
/// shown (the slide's ceasefire state).
#[test]
fn the_comparison_slide_keys_what_the_alternative_changes() {
    let mut h = sample();
    let plan = h.state().plan().clone();
    let last = plan.slides.len() - 1;
    let shown = coalition_map::export::svg::slide_plan(&plan, &plan.slides[last]);
    let alt = plan_file::sample_plan_alt();
    let diff = coalition_map::model::compare::compare(&shown, &alt);
    h.state_mut().apply(Command::Present(Some(last)));
    h.run();
    h.get_by_label("Comparison key");
    h.get_by_label("Compared with sample_plan_alt.geojson");
    for row in [
        format!("Added: {}", diff.added.len()),
        format!("Removed: {}", diff.removed.len()),
        format!("Moved: {}", diff.moved.len()),
        format!("Changed: {}", diff.changed.len()),
    ] {
        h.get_by_label(&row);
    }
    assert!(!diff.added.is_empty() && !diff.moved.is_empty());
    // The first slide compares with nothing: no key.
    h.state_mut().apply(Command::GoToSlide(0));
    h.run();
    assert!(h.query_by_label("Comparison key").is_none());
}

/// A slide comparing with a plan that is not there says so on the map.
#[test]
fn a_missing_comparison_plan_is_said_on_the_slide() {
    let mut h = sample();
    let plan = h.state().plan().clone();
    let last = plan.slides.len() - 1;
    let mut slide = plan.slides[last].clone();
    slide.compare_with = Some("no_such_plan.geojson".into());
    h.state_mut().apply(Command::UpdateSlide {
        index: last,
        slide: Box::new(slide),
    });
    h.run();
    h.state_mut().apply(Command::Present(Some(last)));
    h.run();
    h.get_by_label("No comparison");
    h.get_by_label("no_such_plan.geojson: no such plan file next to this plan");
}
