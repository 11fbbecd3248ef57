//! Tests of the legends as scene layers.

use super::*;
use crate::map::scene::Estimated;
use crate::model::geography::Geography;
use crate::model::hub::Ceasefire;

fn geo() -> &'static Geography {
    static GEO: std::sync::OnceLock<Geography> = std::sync::OnceLock::new();
    GEO.get_or_init(|| Geography::builtin().expect("built-in maps"))
}

fn texts(legend: &Legend) -> Vec<Vec<&str>> {
    legend
        .sections
        .iter()
        .map(|s| s.iter().map(|r| r.text.as_str()).collect())
        .collect()
}

#[test]
fn the_coalition_legend_counts_roles_hubs_and_rings_of_the_plan() {
    let mut plan = crate::model::plan_file::sample_plan();
    let layers = Layers::default();
    let rings = crate::map::rings::plan_rings(&plan);
    let legend = Legend::coalition(&plan, &geo().countries, &rings, &layers);
    assert_eq!(legend.title.as_deref(), Some(TITLE));
    let t = texts(&legend);
    assert_eq!(t[0][0], "Host nation: 1");
    assert_eq!(t[0][1], "Lead nation: 2");
    assert!(t[0].contains(&"Coalition member: 30"), "{t:?}");
    assert!(t[0].contains(&"Hostile: 2"), "{t:?}");
    let counts = plan.status_counts();
    assert_eq!(t[1][0], format!("Active hubs: {}", counts.active));
    assert_eq!(
        t[1][1],
        format!("Inactive (planned) hubs: {}", counts.inactive)
    );
    // Rings: only those of hubs that show theirs.
    let shown: usize = plan
        .hubs
        .iter()
        .filter(|h| h.show_range_rings)
        .map(|h| crate::map::rings::hub_rings(h).len())
        .sum();
    assert!(shown > 0 && shown < rings.len() + 1);
    assert_eq!(t[1][2], format!("Range rings: {shown}"));
    assert_eq!(t[2], ["City (by population)", "Airfield (ICAO)", "Seaport"]);
    // The roster changes the counts; a role moved is counted once.
    plan.roster.set_role("HUN", "Hungary", Role::Member);
    let after = Legend::coalition(&plan, &geo().countries, &rings, &layers);
    assert!(texts(&after)[0].contains(&"Coalition member: 31"));
    // Rings drawn active once any hub showing them is active; none without rings.
    plan.ceasefire = Ceasefire::new(true, true, true);
    let active = Legend::coalition(&plan, &geo().countries, &rings, &layers);
    assert_eq!(active.sections[1][2].swatch, Swatch::Ring(Status::Active));
    for hub in &mut plan.hubs {
        hub.show_range_rings = false;
    }
    let none = Legend::coalition(&plan, &geo().countries, &rings, &layers);
    assert_eq!(none.sections[1].len(), 2, "no rings row");
    // Without the hub layer no hub rows; without place layers no key.
    let bare = Layers {
        hubs: false,
        cities: false,
        airfields: false,
        ports: false,
        ..layers
    };
    let bare = Legend::coalition(&plan, &geo().countries, &rings, &bare);
    assert!(bare.sections[1].is_empty() && bare.sections[2].is_empty());
}

#[test]
fn the_panel_holds_its_rows_one_under_another() {
    let plan = crate::model::plan_file::sample_plan();
    let rings = crate::map::rings::plan_rings(&plan);
    let legend = Legend::coalition(&plan, &geo().countries, &rings, &Layers::default());
    let theme = MapTheme::LIGHT;
    let (w, h) = legend.size(Header::Plain, &Estimated);
    // Title, 7 roles, 3 hub rows, 3 places, two rules.
    let expected = 2.0 * style::LEGEND_PAD
        + style::LEGEND_TITLE
        + 13.0 * style::LEGEND_ROW
        + 2.0 * style::LEGEND_SEPARATOR;
    assert_eq!(h, expected);
    assert!(w >= style::LEGEND_MIN_WIDTH);
    let widest = Estimated
        .measure("Inactive (planned) hubs: 8", style::LEGEND_TEXT_SIZE)
        .0;
    assert!(w >= widest + style::LEGEND_TEXT_X + 2.0 * style::LEGEND_PAD);
    let at = top_right((0.0, 0.0, 1000.0, 700.0), (w, h));
    assert_eq!(at, (1000.0 - 10.0 - w, 10.0));
    let placed = legend.layer("legend", at, Header::Plain, &theme, &Estimated);
    // On the pixel grid, inside the picture.
    assert_eq!(placed.panel.0.fract(), 0.5);
    assert!(placed.panel.2 <= 1000.0 - 9.0);
    assert_eq!(placed.rows.len(), 13);
    for pair in placed.rows.windows(2) {
        assert!(pair[1].0.1 >= pair[0].0.3, "rows do not overlap");
    }
    for (r, _) in &placed.rows {
        assert!(r.0 >= placed.panel.0 && r.2 <= placed.panel.2 + 0.5);
        assert!(r.1 >= placed.panel.1 && r.3 <= placed.panel.3);
    }
    // Every text of the layer is a row's or the title, in the panel.
    let drawn: Vec<&str> = placed.layer.texts().map(|t| t.text.as_str()).collect();
    assert_eq!(drawn.len(), 14);
    assert_eq!(drawn[0], TITLE);
    assert!(placed.header.is_some());
    // The inactive hub swatch is dashed as the map's waiting hubs are.
    let dashed = placed.layer.items.iter().any(
        |i| matches!(&i.shape, Shape::Rect { stroke: Some(l), .. } if l.dash == Some((3.0, 2.0))),
    );
    assert!(dashed);
}

#[test]
fn a_closed_legend_is_its_header_only() {
    let plan = crate::model::plan_file::sample_plan();
    let legend = Legend::coalition(&plan, &geo().countries, &[], &Layers::default());
    let (open_w, open_h) = legend.size(Header::Open, &Estimated);
    let (w, h) = legend.size(Header::Closed, &Estimated);
    assert_eq!(h, 2.0 * style::LEGEND_PAD + style::LEGEND_TITLE);
    assert!(open_h > h && open_w >= w);
    let placed = legend.layer(
        "legend",
        (100.0, 10.0),
        Header::Closed,
        &MapTheme::DARK,
        &Estimated,
    );
    assert!(placed.rows.is_empty());
    // The panel, the disclosure triangle and the title.
    assert_eq!(placed.layer.items.len(), 3);
}

#[test]
fn the_control_legend_sits_bottom_left_above_the_scale_bar() {
    let layers = Layers {
        control: true,
        threat_bands: true,
        ..Layers::default()
    };
    let rows = control_style::legend_rows(
        crate::model::control::reference(),
        &Default::default(),
        &layers,
        false,
    );
    assert_eq!(rows.len(), 2);
    let bounds = (0.0, 0.0, 1000.0, 700.0);
    let placed =
        control_legend(rows, bounds, bounds.3, &MapTheme::LIGHT, &Estimated).expect("two rows");
    assert_eq!(placed.layer.id, "control-legend");
    assert_eq!(placed.panel.0, 10.5);
    assert_eq!(placed.panel.3.floor(), 700.0 - style::CONTROL_LEGEND_ABOVE);
    assert!(placed.panel.3 <= 700.0 - style::SCALE_BAR_BOX.1);
    assert_eq!(
        placed.rows[1].1,
        "Threat bands: 40 / 90 / 300 km from hostile territory"
    );
    assert!(placed.header.is_none());
    // Nothing to say, no panel.
    assert!(control_legend(Vec::new(), bounds, bounds.3, &MapTheme::LIGHT, &Estimated).is_none());
}

#[test]
fn on_a_narrow_map_the_control_legend_wraps_its_rows() {
    let layers = Layers {
        control: true,
        threat_bands: true,
        ..Layers::default()
    };
    let rows = || {
        control_style::legend_rows(
            crate::model::control::reference(),
            &Default::default(),
            &layers,
            false,
        )
    };
    let wide = (0.0, 0.0, 1400.0, 700.0);
    let wide = control_legend(rows(), wide, wide.3, &MapTheme::LIGHT, &Estimated).expect("rows");
    let texts = |p: &Placed| -> Vec<String> {
        p.layer
            .items
            .iter()
            .filter_map(|i| match &i.shape {
                Shape::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    };
    // Wide enough: a line a row, wider than the narrow map's share.
    assert_eq!(
        texts(&wide),
        vec![wide.rows[0].1.clone(), wide.rows[1].1.clone()]
    );
    let natural = wide.panel.2 - wide.panel.0;
    assert!(natural > 0.45 * 600.0, "{natural}");

    let narrow = (0.0, 0.0, 600.0, 500.0);
    let placed =
        control_legend(rows(), narrow, narrow.3, &MapTheme::LIGHT, &Estimated).expect("rows");
    let width = placed.panel.2 - placed.panel.0;
    assert!(width <= 0.45 * 600.0 + 1.0, "{width}");
    // The same words, on more lines, each inside the panel; the rows read whole.
    let lines = texts(&placed);
    assert!(lines.len() > 2, "{lines:?}");
    assert_eq!(lines.join(" "), texts(&wide).join(" "));
    for line in &lines {
        let w = Estimated.measure(line, style::LEGEND_TEXT_SIZE).0;
        assert!(placed.panel.0 + style::LEGEND_PAD + style::LEGEND_TEXT_X + w <= placed.panel.2);
    }
    assert_eq!(placed.rows[1].1, wide.rows[1].1);
    // Taller by the extra lines, rows stacked without overlap, still above the
    // scale bar.
    let extra = (lines.len() - 2) as f64 * style::LEGEND_LINE;
    let (h, wide_h) = (placed.panel.3 - placed.panel.1, wide.panel.3 - wide.panel.1);
    assert!((h - wide_h - extra).abs() < 1e-9, "{h} {wide_h} {extra}");
    assert!(placed.rows[0].0.3 <= placed.rows[1].0.1);
    assert!(placed.panel.3 <= 500.0 - style::SCALE_BAR_BOX.1);
}
