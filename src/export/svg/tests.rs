//! Tests of the SVG export.

mod rings;
mod slides;

use std::sync::OnceLock;

use crate::model::roster::Role;

use super::geometry::{bbox, clip_ring, push_ring};
use super::slide::charts_column_width;
use super::text::fit_text;
use super::*;
use crate::map::EUROPE_BOUNDS;
use crate::map::cluster::FRAME_W;
use crate::map::rings::hub_rings;
use crate::model::hub::{Activation, Ceasefire};
use crate::model::hub::{Hub, HubKind};
use crate::model::measure::radius_text;
use crate::model::plan_file::sample_plan;
use crate::model::site::analyse_plan;
use egui::Color32;

/// The built-in maps, prepared once for all tests (preparation takes a while).
fn data() -> &'static MapData {
    static DATA: OnceLock<MapData> = OnceLock::new();
    DATA.get_or_init(|| MapData::builtin().expect("built-in maps load"))
}

fn ukraine_view(dark: bool) -> SvgView {
    let bounds = data()
        .geography
        .countries
        .get("UKR")
        .expect("Ukraine on the built-in map")
        .bounds;
    SvgView {
        camera: Camera::fit(bounds, 1366.0, 768.0, 24.0),
        width: 1366.0,
        height: 768.0,
        dark,
        layers: Layers::default(),
    }
}

fn europe_view() -> SvgView {
    SvgView {
        camera: Camera::fit(EUROPE_BOUNDS, 1366.0, 768.0, 24.0),
        width: 1366.0,
        height: 768.0,
        dark: false,
        layers: Layers::default(),
    }
}

/// The sample plan with the ceasefire on: seven active hubs, two inactive.
fn ceasefire_plan() -> Plan {
    let mut plan = sample_plan();
    plan.ceasefire.set_in_effect(true);
    plan
}

fn render(plan: &Plan, view: &SvgView, date: &str) -> String {
    let sites = analyse_plan(plan, &data().geography);
    view_svg(data(), plan, &sites, view, date)
}

fn hex(c: Color32) -> String {
    let [r, g, b, _] = c.to_srgba_unmultiplied();
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Parses the picture as XML 1.0 (roxmltree): it must start with the declaration and
/// be well formed. Returns the element count.
fn check_well_formed(xml: &str) -> Result<usize, String> {
    if !xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") {
        return Err("missing XML declaration".into());
    }
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    Ok(doc
        .descendants()
        .filter(roxmltree::Node::is_element)
        .count())
}

/// The `<g class="hub …">…</g>` chunks of a picture, in drawing order.
fn hub_groups(svg: &str) -> Vec<&str> {
    svg.match_indices("<g class=\"hub ")
        .map(|(i, _)| {
            let chunk = &svg[i..];
            &chunk[..chunk.find("</g>").map_or(chunk.len(), |e| e + 4)]
        })
        .collect()
}

/// The `<path class="ring …">` elements of a picture (not their halos).
fn ring_paths(svg: &str) -> Vec<&str> {
    svg.match_indices("<path class=\"ring ")
        .map(|(i, _)| {
            let chunk = &svg[i..];
            &chunk[..chunk.find("/>").map_or(chunk.len(), |e| e + 2)]
        })
        .collect()
}

#[test]
fn ukraine_view_is_well_formed_and_complete() {
    let plan = ceasefire_plan();
    let svg = render(&plan, &ukraine_view(false), "2026-01-15");
    let elements = check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert!(elements > 100, "{elements} elements");
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    assert!(svg.contains(
        "xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1366\" height=\"768\" \
         viewBox=\"0 0 1366 768\""
    ));
    assert!(svg.contains(">HYPOTHETICAL — PLANNING ONLY</text>"));
    assert!(svg.contains("fill=\"#b01c1c\""));
    assert!(svg.contains(&format!(">{}</text>", plan.title)));
    assert!(svg.contains(">2026-01-15</text>"));
    assert!(svg.contains(ATTRIBUTION));
    // Every layer, in the screen's order.
    let order = [
        "id=\"sea\"",
        "id=\"countries\"",
        "id=\"oblasts\"",
        "id=\"ukraine-outline\"",
        "id=\"labels\"",
        "id=\"hubs\"",
        "id=\"legend\"",
        "id=\"scale-bar\"",
        "id=\"marking\"",
        "id=\"attribution\"",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|id| svg.find(id).unwrap_or_else(|| panic!("{id} missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // One group per hub, each with its name as the tooltip's first line.
    let groups = hub_groups(&svg);
    assert_eq!(groups.len(), plan.hubs.len());
    for hub in &plan.hubs {
        let title = format!("<title>{}\n", hub.name);
        assert_eq!(
            groups.iter().filter(|g| g.contains(&title)).count(),
            1,
            "{}",
            hub.name
        );
    }
    // Names are drawn (some may lose a collision, as on screen: most must win).
    let named = plan
        .hubs
        .iter()
        .filter(|h| svg.contains(&format!(">{}</text>", h.name)))
        .count();
    assert!(named >= plan.hubs.len() - 2, "{named} names drawn");
    // Oblast borders and labels at this zoom; the host's label in capitals.
    assert!(ukraine_view(false).camera.zoom > 5.3);
    assert!(svg.contains(">Volyn</text>") || svg.contains(">Kharkiv</text>"));
    assert!(svg.contains(">UKRAINE</text>"));
    // Legend counts come from the plan.
    assert!(svg.contains(">Active hubs: 7</text>"));
    assert!(svg.contains(">Inactive (planned) hubs: 2</text>"));
    assert!(svg.contains(">Host nation: 1</text>"));
    assert!(svg.contains(" km</text>"), "scale bar label");
}

#[test]
fn inactive_hubs_are_dashed_and_active_ones_solid() {
    let plan = ceasefire_plan();
    let counts = plan.status_counts();
    assert!(counts.active > 0 && counts.inactive > 0);
    let svg = render(&plan, &ukraine_view(false), "");
    let groups = hub_groups(&svg);
    let (mut active, mut inactive) = (0, 0);
    for g in &groups {
        if g.starts_with("<g class=\"hub active\"") {
            active += 1;
            assert!(!g.contains("stroke-dasharray"), "{g}");
        } else {
            inactive += 1;
            assert!(g.starts_with("<g class=\"hub inactive\""), "{g}");
            assert!(g.contains("stroke-dasharray=\"4 3\""), "{g}");
            assert!(g.contains(&hex(MapTheme::LIGHT.hub_inactive)), "{g}");
        }
    }
    assert_eq!((active, inactive), (counts.active, counts.inactive));
    // Inactive drawn first, so active ones sit on top.
    let first_active = groups.iter().position(|g| g.contains("hub active"));
    assert_eq!(first_active, Some(counts.inactive));
    // Kind shapes: the air hub is a dome, the naval hub a circle, the rest frames.
    let air = plan
        .hubs
        .iter()
        .find(|h| h.kind == HubKind::Air)
        .expect("air hub");
    let naval = plan
        .hubs
        .iter()
        .find(|h| h.kind == HubKind::Naval)
        .expect("naval hub");
    let group_of = |name: &str| {
        *groups
            .iter()
            .find(|g| g.contains(&format!("<title>{name}\n")))
            .expect("hub group")
    };
    // The dome is a path (the frame is the group's first shape), not a rectangle.
    let frame_of = |name: &str| {
        group_of(name)
            .split("</title>")
            .nth(1)
            .unwrap_or_default()
            .trim_start()
            .to_owned()
    };
    assert!(frame_of(&air.name).starts_with("<path"), "air dome");
    assert!(frame_of(&naval.name).starts_with("<circle"), "naval circle");
    assert!(group_of(&naval.name).contains("<circle"));
    assert!(group_of(&naval.name).contains(">NAV</text>"));
    // Hubs with warnings carry the triangle; the others do not.
    let sites = analyse_plan(&plan, &data().geography);
    for (hub, site) in plan.hubs.iter().zip(&sites) {
        assert_eq!(
            group_of(&hub.name).contains("class=\"warning\""),
            !site.warnings.is_empty(),
            "{}",
            hub.name
        );
    }
    assert!(sites.iter().any(|s| !s.warnings.is_empty()));
}

#[test]
fn ukraine_is_filled_with_the_host_colour() {
    let plan = ceasefire_plan();
    for dark in [false, true] {
        let theme = MapTheme::for_dark(dark);
        let svg = render(&plan, &ukraine_view(dark), "");
        let start = svg.find("<path data-iso=\"UKR\"").expect("Ukraine's path");
        let path = &svg[start..start + svg[start..].find("</path>").expect("closed")];
        assert!(path.contains(&format!("fill=\"{}\"", hex(theme.role_fill(Role::Host)))));
        assert!(path.contains("fill-rule=\"evenodd\""));
        assert!(path.ends_with("<title>Ukraine</title>"));
        assert!(path.len() > 2000, "detailed outline");
        let hostile = hex(theme.role_fill(Role::Hostile));
        let russia = svg.find("<path data-iso=\"RUS\"").expect("Russia's path");
        assert!(svg[russia..].starts_with(&format!("<path data-iso=\"RUS\" fill=\"{hostile}\"")));
        assert!(svg.contains(&format!(
            "<rect id=\"sea\" x=\"0\" y=\"0\" width=\"1366\" height=\"768\" fill=\"{}\"/>",
            hex(theme.sea)
        )));
        assert!(svg.contains(&format!(
            "stroke=\"{}\" stroke-width=\"2.2\"",
            hex(theme.host_border)
        )));
    }
}

#[test]
fn user_text_is_escaped() {
    let mut plan = ceasefire_plan();
    plan.title = "Plan \"A\" & <B> — it's 'draft'".into();
    plan.hubs[0].name = "Tom & Jerry <HQ>\u{1}".into();
    plan.hubs[0].lead_nation = "<&>".into();
    plan.hubs[0].kind = HubKind::Custom("<&\"".into());
    let svg = render(&plan, &ukraine_view(false), "15 Jan <2026> & \"later\"");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert!(svg.contains("Plan &quot;A&quot; &amp; &lt;B&gt; — it&apos;s &apos;draft&apos;"));
    assert!(svg.contains("<title>Tom &amp; Jerry &lt;HQ&gt;\n"));
    assert!(svg.contains("15 Jan &lt;2026&gt; &amp; &quot;later&quot;"));
    assert!(svg.contains(">&lt;&amp;&quot;</text>"), "custom kind code");
    assert!(!svg.contains("Tom & Jerry") && !svg.contains("<HQ>") && !svg.contains('\u{1}'));
}

#[test]
fn europe_view_is_small() {
    let plan = sample_plan();
    let view = europe_view();
    let svg = render(&plan, &view, "2026-01-15");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert!(svg.len() < 3_000_000, "{} bytes", svg.len());
    // 1366 px wide, Europe is zoom ~4.9: oblast borders, but no oblast labels yet.
    assert!(view.camera.zoom >= 3.5 && view.camera.zoom < 5.3);
    assert!(svg.contains("id=\"oblasts\""));
    assert!(!svg.contains(">Volyn</text>"));
    let countries = svg.matches("<path data-iso=").count();
    assert!(countries > 40, "{countries} countries");
    for name in ["France", "Poland", "Ukraine"] {
        assert!(svg.contains(&format!(">{name}</text>")), "{name} label");
    }
    // Without a ceasefire, only the hubs that are always active are active, whether
    // drawn alone or counted in a cluster.
    let always = plan
        .hubs
        .iter()
        .filter(|h| h.activation == Activation::Always)
        .count();
    let in_clusters: usize = cluster_counts(&svg).iter().map(|c| c.1).sum();
    assert_eq!(
        svg.matches("<g class=\"hub active\"").count() + in_clusters,
        always
    );
    // At this zoom the nine hubs over Ukraine do not pile up: Kyiv, Zhytomyr,
    // Vinnytsia and Khmelnytskyi share one disc, and every hub is drawn once.
    let clusters = cluster_counts(&svg);
    assert!(!clusters.is_empty(), "clusters at the Europe zoom");
    let alone = hub_groups(&svg).len();
    assert_eq!(alone + clusters.iter().map(|c| c.0).sum::<usize>(), 9);
    assert!(alone + clusters.len() < 9);
}

/// `(members, active, inactive, warnings)` of each cluster in an SVG.
fn cluster_counts(svg: &str) -> Vec<(usize, usize, usize, usize)> {
    let attr = |g: &str, name: &str| -> usize {
        let key = format!("{name}=\"");
        let start = g.find(&key).map(|i| i + key.len()).unwrap_or(0);
        g[start..]
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(usize::MAX)
    };
    svg.split("<g class=\"cluster\"")
        .skip(1)
        .map(|g| {
            let ids = g[g.find("data-ids=\"").unwrap() + 10..]
                .split('"')
                .next()
                .unwrap();
            (
                ids.split(' ').count(),
                attr(g, "data-active"),
                attr(g, "data-inactive"),
                attr(g, "data-warnings"),
            )
        })
        .collect()
}

#[test]
fn bad_views_do_not_panic_or_emit_nan() {
    let plan = sample_plan();
    let mut view = ukraine_view(false);
    view.camera.zoom = f64::NAN;
    view.width = f64::INFINITY;
    view.height = -3.0;
    for v in [
        view,
        SvgView {
            width: 0.0,
            ..europe_view()
        },
    ] {
        let svg = render(&plan, &v, "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
    // Hub coordinates are user data too (sites are computed before the damage:
    // the site analysis itself does not accept NaN).
    let mut plan = sample_plan();
    let sites = analyse_plan(&plan, &data().geography);
    plan.hubs[0].lon = f64::NAN;
    let svg = view_svg(data(), &plan, &sites, &ukraine_view(false), "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert_eq!(hub_groups(&svg).len(), plan.hubs.len() - 1);
    // Fewer sites than hubs (a stale cache) is not an error either.
    let svg = view_svg(data(), &plan, &sites[..2], &ukraine_view(false), "");
    assert_eq!(hub_groups(&svg).len(), plan.hubs.len() - 1);
}

#[test]
fn zoomed_out_views_have_no_oblast_borders() {
    let view = SvgView {
        camera: Camera::looking_at(20.0, 50.0, 3.0),
        ..europe_view()
    };
    let svg = render(&sample_plan(), &view, "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert!(
        !svg.contains("id=\"oblasts\""),
        "oblasts only from zoom 3.5"
    );
    assert!(svg.contains("id=\"ukraine-outline\""));
}

#[test]
fn many_hubs_become_compact_squares() {
    let mut plan = ceasefire_plan();
    let template = plan.hubs[0].clone();
    // 80 px apart at zoom 9, where nothing clusters any more.
    for k in 0..400 {
        let mut hub = template.clone();
        hub.name = format!("Grid {k}");
        hub.lon = 29.0 + (k % 20) as f64 * 0.15;
        hub.lat = 49.4 + (k / 20) as f64 * 0.05;
        plan.insert_hub(hub);
    }
    let mut view = ukraine_view(false);
    view.camera = Camera::looking_at(30.4, 49.9, 9.0);
    let svg = render(&plan, &view, "");
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let groups = hub_groups(&svg);
    let p = Projector::new(
        view.camera,
        ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: 1366.0,
            height: 768.0,
        },
    );
    let in_view = plan
        .hubs
        .iter()
        .filter(|h| {
            let (x, y) = p.screen_from_geo(h.lon, h.lat);
            (-FRAME_W..=1366.0 + FRAME_W).contains(&x) && (-FRAME_W..=768.0 + FRAME_W).contains(&y)
        })
        .count();
    assert!(in_view > 400);
    assert_eq!(groups.len(), in_view);
    assert!(
        groups.iter().all(|g| !g.contains("<text")),
        "no text when compact"
    );
}

#[test]
fn numbers_are_rounded_to_tenths() {
    let s = |v: f64| N(v).to_string();
    assert_eq!(s(12.0), "12");
    assert_eq!(s(12.34), "12.3");
    assert_eq!(s(-0.04), "0");
    assert_eq!(s(-0.06), "-0.1");
    assert_eq!(s(-12.5), "-12.5");
    assert_eq!(s(f64::NAN), "0");
    let mut d = String::new();
    let mut scratch = Vec::new();
    // Duplicates after rounding are dropped; steps are relative.
    let ring = [
        (0.0, 0.0),
        (10.0, 0.01),
        (10.0, 0.0),
        (10.0, 5.55),
        (0.0, 5.5),
    ];
    assert!(push_ring(&mut d, &ring, &mut scratch));
    assert_eq!(d, "M0 0l10 0 0 5.6 -10 -0.1z");
    assert!(!push_ring(
        &mut d,
        &[(1.0, 1.0), (1.01, 1.0), (5.0, 5.0)],
        &mut scratch
    ));
}

#[test]
fn clipping_keeps_what_is_inside() {
    let c = Clip {
        min_x: 0.0,
        min_y: 0.0,
        max_x: 10.0,
        max_y: 10.0,
    };
    // Half in, half out.
    let clipped = clip_ring(&[(5.0, 2.0), (15.0, 2.0), (15.0, 8.0), (5.0, 8.0)], &c);
    assert_eq!(bbox(&clipped), (5.0, 2.0, 10.0, 8.0));
    // Wholly outside.
    assert!(clip_ring(&[(20.0, 2.0), (30.0, 2.0), (30.0, 8.0)], &c).is_empty());
    // Around the view: becomes the view.
    let around = clip_ring(
        &[(-5.0, -5.0), (15.0, -5.0), (15.0, 15.0), (-5.0, 15.0)],
        &c,
    );
    assert_eq!(bbox(&around), (0.0, 0.0, 10.0, 10.0));
}

#[test]
fn layers_switch_off_their_parts() {
    let plan = ceasefire_plan();
    let full = render(&plan, &ukraine_view(false), "");
    assert!(full.contains("<rect class=\"label-bg\""));
    for (layer, gone) in [
        (
            "oblasts",
            &["id=\"oblasts\"", ">Volyn</text>", ">Kharkiv</text>"][..],
        ),
        (
            "place_labels",
            &["id=\"labels\"", ">UKRAINE</text>", ">Volyn</text>"][..],
        ),
        ("hubs", &["id=\"hubs\"", "<g class=\"hub "][..]),
        ("hub_labels", &["<rect class=\"label-bg\""][..]),
        (
            "legend",
            &["id=\"legend\"", "Coalition of the Willing</text>"][..],
        ),
    ] {
        let mut view = ukraine_view(false);
        match layer {
            // Kharkiv is also a city name: the cities layer goes too.
            "oblasts" => {
                view.layers.oblasts = false;
                view.layers.cities = false;
            }
            "place_labels" => view.layers.place_labels = false,
            "hubs" => view.layers.hubs = false,
            "hub_labels" => view.layers.hub_labels = false,
            _ => view.layers.legend = false,
        }
        let svg = render(&plan, &view, "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("{layer}: malformed: {e}"));
        for needle in gone {
            assert!(
                full.contains(needle),
                "{layer}: {needle} in the full picture"
            );
            assert!(!svg.contains(needle), "{layer}: {needle} still drawn");
        }
        // The rest stays: the map, the outline, the marking.
        for kept in [
            "id=\"countries\"",
            "id=\"ukraine-outline\"",
            "id=\"marking\"",
        ] {
            assert!(svg.contains(kept), "{layer}: {kept}");
        }
    }
    // Hub labels off keeps the symbols; oblasts off keeps country names.
    let mut view = ukraine_view(false);
    view.layers.hub_labels = false;
    view.layers.oblasts = false;
    let svg = render(&plan, &view, "");
    assert_eq!(hub_groups(&svg).len(), plan.hubs.len());
    assert!(svg.contains(">UKRAINE</text>"));
}
