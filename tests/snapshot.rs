//! Rendered snapshots (wgpu on the CPU through Mesa's lavapipe) of the map.
//!
//! The reference images live in `tests/snapshots/`. Regenerate them after an intended
//! visual change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`, and look at them.

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::model::hub::Ceasefire;
use egui_kittest::{Harness, SnapshotOptions};

/// Fails with what to install when no Vulkan driver is there for wgpu to use (a fresh
/// machine has Mesa GL but not lavapipe).
fn require_vulkan() {
    if !cfg!(target_os = "linux")
        || std::env::var_os("VK_ICD_FILENAMES").is_some()
        || std::env::var_os("VK_DRIVER_FILES").is_some()
    {
        return;
    }
    let dirs = [
        "/usr/share/vulkan/icd.d",
        "/etc/vulkan/icd.d",
        "/usr/local/share/vulkan/icd.d",
    ];
    let found = dirs.iter().any(|d| {
        std::fs::read_dir(d).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
    });
    assert!(
        found,
        "the snapshot tests render through wgpu on a CPU Vulkan device, and no Vulkan \
         driver is installed (nothing in {}). Install Mesa's lavapipe: \
         `sudo apt-get install mesa-vulkan-drivers libvulkan1`, or run `scripts/test`, \
         which installs it and then runs cargo test.",
        dirs.join(", ")
    );
}

fn harness(preset: ViewPreset, dark: bool, ceasefire: bool) -> Harness<'static, CoalitionApp> {
    require_vulkan();
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
    settle(&mut h);
    h
}

/// Runs until the background control work (threat bands) has arrived and the frames
/// it causes are done: the control legend's size changes the map's fit, so a snapshot
/// taken before it arrives depends on how busy the machine is.
fn settle(h: &mut Harness<'static, CoalitionApp>) {
    h.run();
    h.state_mut().wait_for_control_layers();
    h.run();
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

/// The overview slide (Europe): the nine hubs over Ukraine drawn as cluster discs with
/// their counts and status rings, not nine symbols on top of each other.
#[test]
fn overview_slide_with_clusters() {
    let mut h = harness(ViewPreset::Ukraine, false, false);
    h.state_mut().apply(Command::Present(Some(0)));
    settle(&mut h);
    h.snapshot_options("present_overview_clusters", &options());
}

/// *Fit coalition* (the world): the hubs are one disc saying how many, with no pile of
/// airfields round it.
#[test]
fn fit_coalition_with_clusters() {
    harness(ViewPreset::Coalition, false, false).snapshot_options("coalition_clusters", &options());
}
