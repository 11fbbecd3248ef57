//! Rendered snapshots (wgpu on the CPU through Mesa's lavapipe) of the map.
//!
//! The reference images live in `tests/snapshots/`. Regenerate them after an intended
//! visual change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`, and look at them.

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::map::MapData;
use egui_kittest::{Harness, SnapshotOptions};

fn harness(preset: ViewPreset, dark: bool) -> Harness<'static, CoalitionApp> {
    let mut app = CoalitionApp::new(MapData::builtin().expect("built-in maps load"));
    app.jump_to(preset);
    if dark {
        app.apply(coalition_map::command::Command::SetDarkMode(true));
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
    harness(ViewPreset::Europe, false).snapshot_options("europe_light", &options());
}

#[test]
fn ukraine_view_with_oblasts() {
    harness(ViewPreset::Ukraine, false).snapshot_options("ukraine_light", &options());
}

#[test]
fn ukraine_view_dark() {
    harness(ViewPreset::Ukraine, true).snapshot_options("ukraine_dark", &options());
}
