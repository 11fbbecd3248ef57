//! Rendered snapshots (wgpu on the CPU through Mesa's lavapipe) of the map.
//!
//! The reference images live in `tests/snapshots/`. Regenerate them after an intended
//! visual change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`, and look at them.

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::model::hub::Ceasefire;
use egui_kittest::{Harness, SnapshotOptions};

fn harness(preset: ViewPreset, dark: bool, ceasefire: bool) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::with_sample_plan(MapData::builtin().expect("built-in maps load"));
    app.jump_to(preset);
    if dark {
        app.apply(Command::SetDarkMode(true));
    }
    if ceasefire {
        app.apply(Command::SetCeasefire(Ceasefire::new(true, false, false)));
    }
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(200)
        .wgpu()
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    h.run();
    h
}

/// Tight enough that a missing country, a wrong fill or a shifted border fails:
/// at most 0.05% of the pixels may differ beyond the per-pixel threshold.
fn options() -> SnapshotOptions {
    SnapshotOptions::new()
        .threshold(0.6)
        .max_failed_pixels(1366 * 768 / 2000)
}

#[test]
fn default_europe_view() {
    harness(ViewPreset::Europe, false, false).snapshot_options("europe_light", &options());
}

/// The sample plan before a ceasefire: one active support hub, the rest planned.
#[test]
fn ukraine_view_with_oblasts_and_planned_hubs() {
    harness(ViewPreset::Ukraine, false, false).snapshot_options("ukraine_light", &options());
}

/// After the ceasefire: active and inactive hubs side by side (Odesa still waits for
/// verification, the air hub for a peace agreement).
#[test]
fn ukraine_view_after_ceasefire() {
    harness(ViewPreset::Ukraine, false, true).snapshot_options("ukraine_ceasefire", &options());
}

#[test]
fn ukraine_view_dark() {
    harness(ViewPreset::Ukraine, true, true).snapshot_options("ukraine_dark", &options());
}

/// Presentation mode on a slide: title bar, projector theme, legend, charts column and
/// the ceasefire badge ("After a verified ceasefire", slide 3 of the sample plan).
#[test]
fn presentation_slide_with_charts() {
    let mut h = harness(ViewPreset::Ukraine, false, false);
    h.state_mut().apply(Command::Present(Some(2)));
    h.run();
    h.snapshot_options("present_verified", &options());
}

/// The dark projector theme with geodesic range rings (slide 4: three hubs and rings).
#[test]
fn presentation_dark_with_range_rings() {
    let mut h = harness(ViewPreset::Ukraine, true, false);
    h.state_mut().apply(Command::Present(Some(3)));
    h.run();
    h.snapshot_options("present_rings_dark", &options());
}
