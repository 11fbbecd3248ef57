//! What the app's UI tests share: the real app in a test window, run until its control
//! layers have arrived, and where a place is on its screen.

// Each test file takes what it needs from here, so some leave a helper unused.
#![allow(dead_code)]

use coalition_map::app::CoalitionApp;
use coalition_map::projection::Projector;
use egui::Pos2;
use egui_kittest::Harness;

/// `app` in a window of `size` points at `pixels_per_point`, as it stands once its
/// first frames are drawn and its control layers (threat bands, zone) have arrived.
pub fn started_at(
    app: CoalitionApp,
    size: [f32; 2],
    pixels_per_point: f32,
) -> Harness<'static, CoalitionApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_pixels_per_point(pixels_per_point)
        .with_max_steps(400)
        .build_ui_state(|ui, app: &mut CoalitionApp| app.ui(ui), app);
    h.run();
    // The layers come from a background job; a test's assertions are about the map as
    // it stays, and must not depend on how busy the machine is when that job ends.
    h.state_mut().wait_for_control_layers();
    h.run();
    h
}

/// `app` started (as `started_at`) in a 1366×768 window, the common laptop screen.
pub fn started(app: CoalitionApp) -> Harness<'static, CoalitionApp> {
    started_at(app, [1366.0, 768.0], 1.0)
}

/// Where (`lon`, `lat`) is on the map as the app shows it now.
pub fn screen_of(h: &Harness<'_, CoalitionApp>, lon: f64, lat: f64) -> Pos2 {
    let map = h.state().map();
    let p = Projector::new(map.camera(), map.viewport().expect("the map is drawn"));
    let (x, y) = p.screen_from_geo(lon, lat);
    Pos2::new(x as f32, y as f32)
}
