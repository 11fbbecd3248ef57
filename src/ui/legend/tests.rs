//! Tests of the on-screen legends.

use super::*;

/// A legend's size as the app's default plan gives it on screen.
const EXPANDED: Vec2 = Vec2::new(200.0, 262.0);
const COLLAPSED: Vec2 = Vec2::new(200.0, 38.0);

/// The box `view` on screen when fitted into `map` with `insets`.
fn fitted(map: Rect, view: GeoBounds, insets: Insets) -> Rect {
    let vp = ScreenRect {
        min_x: f64::from(map.min.x),
        min_y: f64::from(map.min.y),
        width: f64::from(map.width()),
        height: f64::from(map.height()),
    };
    let p = Projector::new(Camera::fit_inside(view, vp.width, vp.height, insets), vp);
    let (x0, y0) = p.screen_from_geo(view.min_lon, view.max_lat);
    let (x1, y1) = p.screen_from_geo(view.max_lon, view.min_lat);
    Rect::from_min_max(
        egui::pos2(x0 as f32, y0 as f32),
        egui::pos2(x1 as f32, y1 as f32),
    )
}

#[test]
fn the_legend_goes_where_it_covers_nothing_and_costs_least() {
    let base = Insets::uniform(24.0);
    let ukraine = GeoBounds::new(22.1, 44.3, 40.3, 52.4);
    // A wide map: Ukraine fits by its height and leaves the right corners free.
    let wide = Rect::from_min_size(egui::pos2(0.0, 0.0), Vec2::new(1600.0, 500.0));
    let spot = place(
        wide,
        EXPANDED,
        Some(ukraine),
        base,
        Default::default(),
        24.0,
        None,
    );
    assert_eq!(
        (spot.corner, spot.avoid),
        (Corner::TopRight, Avoid::Nothing)
    );
    assert_eq!(spot.insets, base);
    assert!(!fitted(wide, ukraine, spot.insets).intersects(spot.rect));
    // A map of Ukraine's shape: the box is made smaller to keep clear of the legend,
    // in whichever way loses least, and it is as large as any other clear choice.
    let snug = Rect::from_min_size(egui::pos2(100.0, 50.0), Vec2::new(1000.0, 620.0));
    let spot = place(
        snug,
        EXPANDED,
        Some(ukraine),
        base,
        Default::default(),
        24.0,
        None,
    );
    assert_ne!(spot.avoid, Avoid::Nothing);
    let shown = fitted(snug, ukraine, spot.insets);
    assert!(!shown.intersects(spot.rect), "{shown:?} {spot:?}");
    assert!(snug.contains_rect(shown));
    let under = fitted(snug, ukraine, base);
    assert!(
        under.intersects(spot.rect),
        "without room the legend would cover it"
    );
    for corner in Corner::ALL {
        let r = rect_in(snug, corner, EXPANDED, 24.0);
        assert!(snug.contains_rect(r));
        if !under.intersects(r) {
            assert!(shown.area() >= under.area() * 0.99);
        }
    }
    // Panned away (no box): it stays where it was, insets and all.
    let kept = place(
        snug,
        EXPANDED,
        None,
        base,
        (spot.corner, spot.avoid),
        24.0,
        None,
    );
    assert_eq!(kept, spot);
}

#[test]
fn fits_keep_clear_of_the_panels_at_the_bottom_left_and_so_does_the_legend() {
    let base = Insets::uniform(24.0);
    let map = Rect::from_min_size(egui::pos2(0.0, 80.0), Vec2::new(1366.0, 630.0));
    // The control legend and a comparison key stacked bottom left.
    let panels = Rect::from_min_max(egui::pos2(13.0, 365.0), egui::pos2(520.0, 636.0));
    // The sample's comparison slide (19° by 9°) is height-bound here: the box goes
    // right of the panels, and the legend to a corner of its own.
    let slide = GeoBounds::new(21.6, 43.5, 40.6, 52.7);
    let spot = place(
        map,
        EXPANDED,
        Some(slide),
        base,
        Default::default(),
        24.0,
        Some(panels),
    );
    let shown = fitted(map, slide, spot.insets);
    assert!(!shown.intersects(panels), "{shown:?} {spot:?}");
    assert!(!shown.intersects(spot.rect), "{shown:?} {spot:?}");
    assert!(!spot.rect.intersects(panels), "{spot:?}");
    assert!(
        spot.insets.left > 500.0 && spot.insets.bottom < 100.0,
        "{spot:?}"
    );
    // Not told of them, the box would run under them.
    let blind = place(
        map,
        EXPANDED,
        Some(slide),
        base,
        Default::default(),
        24.0,
        None,
    );
    assert!(fitted(map, slide, blind.insets).intersects(panels));
    // A band 60° wide and 5° high is width-bound: it goes above them instead.
    let band = GeoBounds::new(0.0, 45.0, 60.0, 50.0);
    let spot = place(
        map,
        EXPANDED,
        Some(band),
        base,
        Default::default(),
        24.0,
        Some(panels),
    );
    assert!(
        !fitted(map, band, spot.insets).intersects(panels),
        "{spot:?}"
    );
    assert!(
        spot.insets.bottom > 300.0 && spot.insets.left < 100.0,
        "{spot:?}"
    );
}

#[test]
fn a_collapsed_legend_is_a_header_only() {
    let map = Rect::from_min_size(egui::pos2(0.0, 0.0), Vec2::new(800.0, 400.0));
    for corner in Corner::ALL {
        assert!(map.contains_rect(rect_in(map, corner, COLLAPSED, 24.0)));
    }
    // Bottom right, it keeps above credits however many lines they take.
    for credits in [24.0, 61.0] {
        let r = rect_in(map, Corner::BottomRight, COLLAPSED, credits);
        assert_eq!(r.bottom(), 400.0 - credits - 4.0);
    }
}

/// The sample plan's control view while its background work runs (the features alone)
/// and once it has ended (prepared, with the zone computed; no hostile countries, whose
/// field takes seconds in a debug build), for the zone half-width `zone_km`.
fn pending_and_done(zone_km: f64) -> (ControlView, ControlView) {
    use crate::map::control_view::PreparedControl;
    use crate::map::threat_field::{ControlScene, SceneInput};
    let plan = crate::model::plan_file::sample_plan();
    let mut settings = plan.control_settings.clone();
    settings.zone_half_width_km = zone_km;
    let features = Arc::new(
        crate::model::control::effective(&plan.control, &settings)
            .cloned()
            .collect::<Vec<_>>(),
    );
    let pending = ControlView {
        features: Arc::clone(&features),
        settings: settings.clone(),
        revision: 1,
        ..ControlView::default()
    };
    let input = SceneInput {
        hostile_countries: Vec::new(),
        features: features.to_vec(),
        settings: settings.clone(),
    };
    let done = ControlView {
        prepared: Arc::new(PreparedControl::prepare(Arc::clone(&features), &settings)),
        scene: Some(Arc::new(ControlScene::compute(&input, 2))),
        features,
        revision: 2,
        settings,
    };
    (pending, done)
}

#[test]
fn the_control_legend_stands_before_the_background_work_ends() {
    let map = Rect::from_min_size(egui::pos2(0.0, 80.0), Vec2::new(1366.0, 630.0));
    let layers = Layers::default();
    let theme = MapTheme::LIGHT;
    let ctx = egui::Context::default();
    for zone_km in [15.0, 0.0] {
        let (pending, done) = pending_and_done(zone_km);
        assert!(pending.prepared.areas.is_empty() && pending.scene.is_none());
        let rows = control_rows(&pending, &layers);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        // The rows read the same before and after, the zone's only when there is one.
        assert_eq!(rows, control_rows(&done, &layers), "zone {zone_km} km");
        assert_eq!(
            texts.iter().any(|t| t.starts_with("Ceasefire zone, 15 km")),
            zone_km > 0.0,
            "{texts:?}"
        );
        assert!(texts.len() >= 2, "{texts:?}");
        // So the panel a fit keeps clear of, and the credits' height, do not move
        // when the work ends.
        let mut placed = Vec::new();
        for view in [&pending, &done] {
            let mut out = ctx.run_ui(Default::default(), |ui| {
                placed.push((
                    control_rect(ui, map, view, &layers, &theme),
                    credits_height(ui, map, &layers, &theme, view),
                ));
            });
            out.textures_delta.clear();
        }
        assert!(placed[0].0.is_some(), "{placed:?}");
        assert_eq!(placed[0], placed[1], "zone {zone_km} km");
    }
}
