//! Tests of range rings and clipped paths in the SVG export.

use super::*;

/// Points in a path's data: the start plus one per relative step.
fn path_points(path: &str) -> usize {
    let start = path.find(" d=\"M").expect("path data") + 4;
    let d = &path[start..start + path[start..].find('"').expect("closed")];
    let steps = d.split_once('l').map_or(0, |(_, rel)| {
        rel.trim_end_matches('z').split(' ').count() / 2
    });
    1 + steps
}

/// The sample plan under a ceasefire state.
fn plan_with(ceasefire: Ceasefire) -> Plan {
    let mut plan = sample_plan();
    plan.ceasefire = ceasefire;
    plan
}

#[test]
fn range_rings_are_drawn_under_the_hubs_in_status_colours() {
    use crate::map::rings::segments_for;
    // No ceasefire: the ringed hubs (Odesa, Kharkiv, Khmelnytskyi) are inactive.
    let plan = plan_with(Ceasefire::default());
    let ringed: Vec<&Hub> = plan
        .hubs
        .iter()
        .filter(|h| !h.range_rings_km.is_empty())
        .collect();
    assert_eq!(ringed.len(), 3);
    let expected: usize = ringed.iter().map(|h| h.range_rings_km.len()).sum();
    let svg = render(&plan, &ukraine_view(false), "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let paths = ring_paths(&svg);
    assert_eq!(paths.len(), expected, "one path per ring");
    for hub in &ringed {
        for km in &hub.range_rings_km {
            let path = paths
                .iter()
                .find(|p| p.contains(&format!("data-hub=\"{}\" data-km=\"{km}\"", hub.id.0)))
                .unwrap_or_else(|| panic!("{} km ring of {}", km, hub.name));
            // Wholly in view: every point of the geodesic circle, closed.
            assert_eq!(path_points(path), segments_for(*km), "{path}");
            assert!(path.contains("z\""), "closed: {path}");
            assert!(path.starts_with("<path class=\"ring inactive\""));
            assert!(path.contains("stroke-dasharray=\"6 4\""), "{path}");
            assert!(path.contains(&hex(MapTheme::LIGHT.hub_inactive)), "{path}");
        }
    }
    // Labels where there is room (the 300 km ring's north is off this view).
    let labels: Vec<&str> = svg
        .match_indices("class=\"ring-label\"")
        .map(|(i, _)| &svg[i..i + svg[i..].find("</text>").unwrap_or(0)])
        .collect();
    assert!(labels.len() >= 3, "{labels:?}");
    for label in &labels {
        let hub = label
            .split("data-hub=\"")
            .nth(1)
            .and_then(|r| r.split('"').next());
        let hub = ringed
            .iter()
            .find(|h| Some(h.id.0.to_string().as_str()) == hub);
        let hub = hub.unwrap_or_else(|| panic!("{label}: of a ringed hub"));
        assert!(
            hub.range_rings_km
                .iter()
                .any(|km| label.ends_with(&format!(">{}", radius_text(*km)))),
            "{label}"
        );
    }
    // Over the map and its labels, under the hubs; their labels over everything.
    let at = |id: &str| svg.find(id).unwrap_or_else(|| panic!("{id}"));
    assert!(at("id=\"labels\"") < at("id=\"range-rings\""));
    assert!(at("id=\"range-rings\"") < at("id=\"hubs\""));
    assert!(at("id=\"hubs\"") < at("id=\"ring-labels\""));
    assert!(svg.contains(">Range rings: 5</text>"), "legend row");
    // Each line has a casing in the symbol's frame colour, dashed alike (the legend's
    // ring swatch is drawn alike too, so only the map's group is counted).
    let group = &svg[at("id=\"range-rings\"")..];
    let group = &group[..group.find("</g>").expect("the group closes")];
    assert_eq!(
        group
            .matches("<path class=\"ring-casing\" fill=\"none\" stroke=")
            .count(),
        expected
    );
    assert_eq!(
        group.matches(&format!(
            "stroke=\"{}\" stroke-width=\"3.2\" stroke-linejoin=\"round\" stroke-dasharray=\"6 4\"",
            hex(MapTheme::LIGHT.hub_inactive_frame)
        ))
        .count(),
        expected
    );

    // After a peace agreement all three are active: solid, in the active colour.
    let svg = render(
        &plan_with(Ceasefire::new(true, true, true)),
        &ukraine_view(false),
        "",
    );
    let paths = ring_paths(&svg);
    assert_eq!(paths.len(), expected);
    for p in &paths {
        assert!(p.starts_with("<path class=\"ring active\""), "{p}");
        assert!(!p.contains("stroke-dasharray"), "{p}");
        assert!(p.contains(&hex(MapTheme::LIGHT.hub_active)), "{p}");
    }
}

#[test]
fn rings_follow_the_hub_switch_and_the_layers() {
    let mut plan = sample_plan();
    let air = plan
        .hubs
        .iter_mut()
        .find(|h| h.range_rings_km.len() == 2 && h.kind == HubKind::Air)
        .expect("the air hub has two rings");
    air.show_range_rings = false;
    let air_id = air.id.0;
    let svg = render(&plan, &ukraine_view(false), "");
    assert_eq!(ring_paths(&svg).len(), 3);
    assert!(!svg.contains(&format!("data-hub=\"{air_id}\"")));

    let plan = sample_plan();
    let mut view = ukraine_view(false);
    view.layers.range_rings = false;
    let svg = render(&plan, &view, "");
    assert!(!svg.contains("id=\"range-rings\"") && ring_paths(&svg).is_empty());
    assert!(!svg.contains("Range rings:"), "no legend row without rings");
    // Rings belong to drawn hubs: none without the hub layer.
    let mut view = ukraine_view(false);
    view.layers.hubs = false;
    let svg = render(&plan, &view, "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert!(ring_paths(&svg).is_empty());
    assert!(hub_groups(&svg).is_empty() && !svg.contains("id=\"hubs\""));
    assert!(!svg.contains("Active hubs:"), "no hub rows in the legend");
    assert!(svg.contains(">Host nation: 1</text>"), "roles stay");
}

/// The subpaths of a path element's data as absolute points.
fn subpaths(path: &str) -> Vec<Vec<(f64, f64)>> {
    let start = path.find(" d=\"").expect("path data") + 4;
    let d = &path[start..start + path[start..].find('"').expect("closed")];
    d.split('M')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let nums: Vec<f64> = p
                .replace(['l', 'z'], " ")
                .split_whitespace()
                .map(|t| t.parse().expect("a number"))
                .collect();
            let mut points: Vec<(f64, f64)> = Vec::new();
            for pair in nums.chunks(2) {
                let (x, y) = (pair[0], pair[1]);
                points.push(match points.last() {
                    Some(&(px, py)) => (px + x, py + y),
                    None => (x, y),
                });
            }
            points
        })
        .collect()
}

#[test]
fn a_ring_off_the_view_is_skipped_and_one_across_its_edge_is_clipped() {
    let mut plan = Plan::default();
    let mut lviv = Hub::new(crate::model::hub::HubId(1), "Lviv", 24.03, 49.84);
    lviv.range_rings_km = vec![600.0];
    plan.insert_hub(lviv);
    let mut paris = Hub::new(crate::model::hub::HubId(2), "Paris", 2.35, 48.85);
    paris.range_rings_km = vec![50.0];
    plan.insert_hub(paris);
    let svg = render(&plan, &ukraine_view(false), "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let paths = ring_paths(&svg);
    assert_eq!(paths.len(), 1, "Paris is far off the view");
    // The 600 km ring reaches past the west and north edges: cut at the margin,
    // into open lines that stay inside it.
    let path = paths[0];
    assert!(
        path.contains("data-hub=\"1\"") && !path.contains('z'),
        "{path}"
    );
    let points: Vec<(f64, f64)> = subpaths(path).into_iter().flatten().collect();
    let b = bbox(&points);
    assert!(
        (b.0 + CLIP_MARGIN).abs() < 0.11,
        "cut at the west margin: {b:?}"
    );
    assert!(
        (b.1 + CLIP_MARGIN).abs() < 0.11,
        "cut at the north margin: {b:?}"
    );
    assert!(b.2 < 1366.0 && b.3 < 768.0, "{b:?}");
}

#[test]
fn a_ring_round_the_pole_is_never_joined_across_the_map() {
    let mut plan = Plan::default();
    let mut north = Hub::new(crate::model::hub::HubId(1), "Svalbard", 16.0, 78.2);
    north.range_rings_km = vec![2000.0];
    plan.insert_hub(north);
    assert!(!hub_rings(&plan.hubs[0])[0].closed);
    let view = SvgView {
        camera: Camera::looking_at(16.0, 70.0, 2.5),
        ..europe_view()
    };
    let svg = render(&plan, &view, "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let paths = ring_paths(&svg);
    assert_eq!(paths.len(), 1);
    let runs = subpaths(paths[0]);
    assert!(!runs.is_empty());
    // Every step is a short chord of the circle: nothing jumps across the view.
    for run in &runs {
        for w in run.windows(2) {
            let step = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
            assert!(step < 60.0, "a {step} px jump");
        }
    }
}

#[test]
fn open_paths_have_no_close() {
    let mut d = String::new();
    let mut scratch = Vec::new();
    assert!(push_path(
        &mut d,
        &[(0.0, 0.0), (3.0, 4.0)],
        &mut scratch,
        false
    ));
    assert_eq!(d, "M0 0l3 4");
    assert!(!push_path(&mut d, &[(1.0, 1.0)], &mut scratch, false));
}
