//! The presenting screen holds at common projector and display sizes: for every slide of
//! the shipped sample plan, the title, caption, counter, ceasefire badge, hub counts,
//! key hints, legend and charts column neither overlap nor leave the screen, the charts
//! fit their column, and the legend covers nothing of the slide's box. The editor's
//! toolbar keeps every control on screen down to the smallest window.

mod app_window;

use coalition_map::app::CoalitionApp;
use coalition_map::map::MapData;
use coalition_map::projection::Projector;
use coalition_map::ui::presentation::{KEY_HINTS, ceasefire_badge, counter_text, counts_text};
use egui::{Key, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn presenting(size: [f32; 2], pixels_per_point: f32) -> Harness<'static, CoalitionApp> {
    let app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
    let mut h = app_window::started_at(app, size, pixels_per_point);
    h.key_press(Key::F5);
    h.run();
    assert_eq!(h.state().presentation().and_then(|p| p.slide), Some(0));
    h
}

/// The named rectangles of the presenting screen, as the accessibility tree has them.
fn pieces(h: &Harness<'_, CoalitionApp>) -> Vec<(String, Rect)> {
    let app = h.state();
    let pres = app.presentation().expect("presenting");
    let i = pres.slide.expect("a slide");
    let plan = app.plan();
    let counts = pres.shown.status_counts();
    let mut v = vec![
        ("plan title".to_owned(), h.get_by_label(&plan.title).rect()),
        (
            "caption".to_owned(),
            h.get_by_label(&plan.slides[i].caption).rect(),
        ),
        (
            "counter".to_owned(),
            h.get_by_label(&counter_text(i, plan.slides.len())).rect(),
        ),
        (
            "badge".to_owned(),
            h.get_by_label(&ceasefire_badge(pres.ceasefire).0).rect(),
        ),
        (
            "counts".to_owned(),
            h.get_by_label(&counts_text(counts.active, counts.inactive))
                .rect(),
        ),
        ("hints".to_owned(), h.get_by_label(KEY_HINTS).rect()),
    ];
    if pres.layers.legend {
        let legend = h
            .query_by_label("Legend")
            .or_else(|| h.query_by_label("Legend (collapsed)"))
            .expect("the legend");
        v.push(("legend".to_owned(), legend.rect()));
    }
    if pres.layers.charts {
        v.push(("charts".to_owned(), h.get_by_label("Charts").rect()));
    }
    v
}

/// Checks every slide at one screen size.
fn check_every_slide(size: [f32; 2], pixels_per_point: f32) {
    let mut h = presenting(size, pixels_per_point);
    let n = h.state().plan().slides.len();
    assert_eq!(n, 7, "the sample plan's slides");
    let mut charts_seen = 0;
    let mut legends_seen = 0;
    for i in 0..n {
        if i > 0 {
            h.key_press(Key::PageDown);
            h.run();
        }
        assert_eq!(h.state().presentation().and_then(|p| p.slide), Some(i));
        let at = format!("{size:?}@{pixels_per_point}, slide {}", i + 1);
        // The screen in points, at the presentation's zoom.
        let screen = h.ctx.content_rect();
        let pieces = pieces(&h);
        for (k, (a, ra)) in pieces.iter().enumerate() {
            assert!(
                screen.expand(0.5).contains_rect(*ra),
                "{at}: {a} {ra:?} leaves the screen {screen:?}"
            );
            for (b, rb) in &pieces[k + 1..] {
                assert!(
                    !ra.shrink(0.5).intersects(rb.shrink(0.5)),
                    "{at}: {a} {ra:?} overlaps {b} {rb:?}"
                );
            }
        }
        // The charts are inside their column, every row of them.
        if let Some((_, column)) = pieces.iter().find(|(name, _)| name == "charts") {
            charts_seen += 1;
            let plots = h.get_all_by_role(egui::Role::Image).collect::<Vec<_>>();
            let charts: Vec<Rect> = plots
                .iter()
                .filter(|p| {
                    p.accesskit_node().label().is_some_and(|l| {
                        l.starts_with("Personnel by lead nation")
                            || l.starts_with("Active vs inactive")
                    })
                })
                .map(|p| p.rect())
                .collect();
            assert_eq!(charts.len(), 2, "{at}: both charts");
            for r in charts {
                assert!(
                    column.expand(0.5).contains_rect(r),
                    "{at}: a chart {r:?} is cut from its column {column:?}"
                );
                assert!(r.height() > 40.0, "{at}: a chart squashed to {r:?}");
            }
        }
        // The legend covers nothing of the slide's box.
        if let Some((_, legend)) = pieces.iter().find(|(name, _)| name == "legend") {
            legends_seen += 1;
            let view = h.state().plan().slides[i].view;
            let map = h.state().map();
            let p = Projector::new(map.camera(), map.viewport().expect("drawn"));
            let (x0, y0) = p.screen_from_geo(view.min_lon, view.max_lat);
            let (x1, y1) = p.screen_from_geo(view.max_lon, view.min_lat);
            let shown = Rect::from_min_max(
                egui::pos2(x0 as f32, y0 as f32),
                egui::pos2(x1 as f32, y1 as f32),
            );
            assert!(
                !legend.shrink(0.5).intersects(shown),
                "{at}: the legend {legend:?} covers the slide's box {shown:?}"
            );
        }
    }
    assert!(charts_seen >= 2, "slides 2 and 3 show charts");
    assert!(legends_seen >= 5);
}

#[test]
fn every_slide_holds_at_1024_by_600() {
    check_every_slide([1024.0, 600.0], 1.0);
}

#[test]
fn every_slide_holds_at_1280_by_720() {
    check_every_slide([1280.0, 720.0], 1.0);
}

#[test]
fn every_slide_holds_at_1366_by_768() {
    check_every_slide([1366.0, 768.0], 1.0);
}

#[test]
fn every_slide_holds_at_1920_by_1080() {
    check_every_slide([1920.0, 1080.0], 1.0);
}

#[test]
fn every_slide_holds_at_4k_hidpi() {
    // 3840×2160 pixels at 2 pixels per point.
    check_every_slide([1920.0, 1080.0], 2.0);
}

#[test]
fn a_click_on_the_legend_header_collapses_and_expands_it() {
    let mut h = presenting([1366.0, 768.0], 1.0);
    let expanded = h.get_by_label("Legend").rect();
    h.get_by_label("Coalition of the Willing").click();
    h.run();
    let collapsed = h.get_by_label("Legend (collapsed)").rect();
    assert!(collapsed.height() < expanded.height() / 3.0);
    assert!(
        h.query_by_label_contains("Lead nation").is_none(),
        "rows hidden"
    );
    h.get_by_label("Coalition of the Willing").click();
    h.run();
    h.get_by_label("Legend");
    assert!(h.query_by_label_contains("Lead nation").is_some());
}

/// The editor's toolbar at a window size: every control is wholly on screen and none
/// overlaps another.
fn toolbar_holds(size: [f32; 2]) {
    let app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
    let h = app_window::started_at(app, size, 1.0);
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size.into());
    let controls = [
        "File",
        "Edit",
        "View",
        "Select",
        "Add hub",
        "Measure",
        "Snap",
        "Verified",
        "Peace agreement",
        "Fit Ukraine",
        "Fit coalition",
        "Present",
        "Dark theme",
    ];
    let rects: Vec<(&str, Rect)> = controls
        .iter()
        .map(|&label| (label, h.get_by_label(label).rect()))
        .collect();
    for (label, rect) in &rects {
        assert!(
            screen.contains_rect(*rect),
            "{label} at {rect:?} leaves the {size:?} window"
        );
    }
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            assert!(!ra.intersects(*rb), "{a} {ra:?} overlaps {b} {rb:?}");
        }
    }
}

#[test]
fn the_toolbar_holds_at_1024_by_600_and_at_the_smallest_window() {
    toolbar_holds([1024.0, 600.0]);
    // The window's minimum inner size (src/main.rs).
    toolbar_holds([800.0, 500.0]);
    toolbar_holds([1366.0, 768.0]);
}
