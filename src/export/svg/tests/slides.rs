//! Tests of slides in the SVG export: caption band, charts column, filters and fit.

use super::*;
use crate::export::svg::slide::legend_width;
use crate::export::svg::text::text_width;

fn page(index: usize) -> SlidePage {
    SlidePage {
        index,
        count: 5,
        width: 1600.0,
        height: 1000.0,
        dark: false,
    }
}

#[test]
fn the_overview_slide_shows_clusters_and_close_slides_every_hub() {
    let plan = sample_plan();
    let overview = slide_svg(data(), &plan, &plan.slides[0], &page(0), "2026-01-15", None);
    check_well_formed(&overview).unwrap_or_else(|e| panic!("malformed: {e}"));
    let clusters = cluster_counts(&overview);
    assert!(!clusters.is_empty());
    for &(n, active, inactive, _) in &clusters {
        assert!(n >= 2 && active + inactive == n, "{clusters:?}");
    }
    assert!(overview.contains("<g class=\"cluster\" data-ids=\""));
    assert!(overview.contains("class=\"share inactive\""));
    // Counted in the disc, and named in its tooltip.
    assert!(
        overview.contains("hubs: 0 active,"),
        "no ceasefire on the overview"
    );
    // The western corridor (zoom ~7.5): every hub its own symbol, none clustered.
    let corridor = slide_svg(data(), &plan, &plan.slides[4], &page(4), "2026-01-15", None);
    assert!(cluster_counts(&corridor).is_empty());
}

#[test]
fn slides_with_charts_get_a_charts_column_beside_the_map() {
    let plan = sample_plan();
    // Slide 3 (after a verified ceasefire) asks for charts.
    assert!(plan.slides[2].layers.charts);
    let svg = slide_svg(data(), &plan, &plan.slides[2], &page(2), "2026-01-15", None);
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let column = charts_column_width(1600.0);
    assert_eq!(column, 512.0);
    // The map is a nested picture, narrower by the column; the column sits right.
    assert!(svg.contains(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1088\" height=\"1000\""
    ));
    assert!(svg.contains("<rect id=\"charts-column\" x=\"1088\""));
    let charts = &svg[svg.find("<g id=\"charts\">").expect("charts")..];
    assert!(
        charts.contains("font-weight=\"bold\"")
            && charts.contains(">Ceasefire verified (now)</text>")
    );
    for row in [
        ">1 active, 8 inactive</text>",
        ">7 active, 2 inactive</text>",
        ">8 active, 1 inactive</text>",
        ">9 active, 0 inactive</text>",
        ">GBR</text>",
        ">2,750</text>",
    ] {
        assert!(charts.contains(row), "{row}");
    }
    // One title and one description with the notes, for the whole picture.
    assert_eq!(svg.matches("Speaker notes:").count(), 1);
    // A slide without the charts layer has no column.
    let plain = slide_svg(data(), &plan, &plan.slides[3], &page(3), "2026-01-15", None);
    assert!(!plain.contains("id=\"charts\"") && !plain.contains("charts-column"));
}

#[test]
fn slides_show_their_caption_state_and_hubs() {
    let plan = sample_plan();
    assert_eq!(plan.slides.len(), 7);
    let mut slide = plan.slides[1].clone();
    slide.caption = "Before <the> \"ceasefire\" & after".into();
    slide.notes = "Say: <don't> point & click".into();
    let svg = slide_svg(data(), &plan, &slide, &page(1), "2026-01-15", None);
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    assert!(svg.contains(">Before &lt;the&gt; &quot;ceasefire&quot; &amp; after</text>"));
    assert!(
        svg.contains("<title>Before &lt;the&gt;"),
        "the file's title"
    );
    assert!(svg.contains("id=\"slide-number\"") && svg.contains(">2 / 5</text>"));
    assert!(svg.contains(">No ceasefire</text>"));
    // Notes only in the description, never drawn.
    let desc = &svg[svg.find("<desc>").unwrap()..svg.find("</desc>").unwrap()];
    assert!(
        desc.contains("Say: &lt;don&apos;t&gt; point &amp; click"),
        "{desc}"
    );
    assert_eq!(svg.matches("point &amp; click").count(), 1);
    // The usual furniture, below the band.
    for id in [
        "id=\"legend\"",
        "id=\"scale-bar\"",
        "id=\"marking\"",
        "id=\"attribution\"",
    ] {
        assert!(svg.contains(id), "{id}");
    }
    assert!(svg.contains(">HYPOTHETICAL — PLANNING ONLY</text>"));
    assert!(svg.contains(">2026-01-15</text>"));
    assert!(
        svg.find("id=\"caption-band\"") > svg.find("id=\"hubs\""),
        "on top"
    );
    // Every hub, Kyiv's inactive before a ceasefire and active once verified.
    assert_eq!(hub_groups(&svg).len(), plan.hubs.len());
    assert!(svg.contains("<g class=\"hub inactive\" data-id=\"H1\">"));
    let verified = slide_svg(data(), &plan, &plan.slides[2], &page(2), "", None);
    assert!(verified.contains("<g class=\"hub active\" data-id=\"H1\">"));
    assert!(verified.contains(">Ceasefire verified</text>"));
    assert!(verified.contains(">Active hubs: 8</text>"));
    // The plan itself is untouched.
    assert!(!plan.ceasefire.in_effect());
}

#[test]
fn slide_filters_keep_only_their_hubs() {
    use crate::model::hub::HubId;
    use crate::model::slide::HubFilter;
    let plan = sample_plan();
    let rings = &plan.slides[3];
    assert_eq!(
        rings.hubs,
        HubFilter::Only(vec![HubId(3), HubId(5), HubId(7)])
    );
    let svg = slide_svg(data(), &plan, rings, &page(3), "", None);
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let ids: Vec<&str> = hub_groups(&svg)
        .iter()
        .filter_map(|g| g.split("data-id=\"").nth(1)?.split('"').next())
        .collect();
    let mut ids = ids;
    ids.sort_unstable();
    assert_eq!(ids, ["H3", "H5", "H7"]);
    assert_eq!(ring_paths(&svg).len(), 5);
    assert!(svg.contains(">Peace agreement signed</text>"));
    assert!(
        svg.contains(">Active hubs: 3</text>"),
        "legend counts shown hubs"
    );

    // Active only, before a ceasefire: the one hub that is always active.
    let mut slide = plan.slides[1].clone();
    slide.hubs = HubFilter::ActiveOnly;
    let shown = slide_plan(&plan, &slide);
    assert_eq!(shown.hubs.len(), 1);
    assert_eq!(shown.hubs[0].name, "Rzeszów support hub");
    let svg = slide_svg(data(), &plan, &slide, &page(1), "", None);
    assert_eq!(hub_groups(&svg).len(), 1);
    // Ids that no longer exist are ignored.
    slide.hubs = HubFilter::Only(vec![HubId(999)]);
    assert!(slide_plan(&plan, &slide).hubs.is_empty());
}

#[test]
fn a_slide_fits_its_box_below_the_band() {
    let plan = sample_plan();
    for slide in &plan.slides {
        let legend = legend_width(data(), &slide_plan(&plan, slide), &slide.layers);
        let camera = slide_camera(slide.view, 1600.0, 1000.0, legend);
        let p = Projector::new(
            camera,
            ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                width: 1600.0,
                height: 1000.0,
            },
        );
        let v = slide.view;
        let (x0, y0) = p.screen_from_geo(v.min_lon, v.max_lat);
        let (x1, y1) = p.screen_from_geo(v.max_lon, v.min_lat);
        let tol = 0.5;
        assert!(
            y0 >= BAND_HEIGHT + SLIDE_PADDING - tol,
            "{}: top {y0}",
            slide.caption
        );
        assert!(
            y1 <= 1000.0 - SLIDE_PADDING + tol,
            "{}: bottom {y1}",
            slide.caption
        );
        // Not under the legend either (every sample slide shows it).
        let legend = legend.expect("every sample slide shows the legend");
        assert!(legend >= crate::map::style::LEGEND_MIN_WIDTH);
        let right = 1600.0 - SLIDE_PADDING - legend - 10.0;
        assert!(
            x0 >= SLIDE_PADDING - tol && x1 <= right + tol,
            "{}",
            slide.caption
        );
        // It fills one direction: as large as fits.
        let fills_h = (y1 - y0) > 1000.0 - BAND_HEIGHT - 2.0 * SLIDE_PADDING - 1.0;
        let fills_w = (x1 - x0) > right - SLIDE_PADDING - 1.0;
        assert!(fills_h || fills_w, "{}", slide.caption);
    }
}

#[test]
fn long_captions_shrink_then_are_cut() {
    let (text, size) = fit_text("Overview", 1000.0, 24.0, 14.0);
    assert_eq!((text.as_str(), size), ("Overview", 24.0));
    let long = "word ".repeat(60);
    let (text, size) = fit_text(&long, 1000.0, 24.0, 14.0);
    assert_eq!(size, 14.0);
    assert!(
        text.ends_with('…') && text_width(&text, size) <= 1000.0,
        "{text}"
    );
    let (_, size) = fit_text(&"x".repeat(100), 1000.0, 24.0, 14.0);
    assert!(size < 24.0 && size > 14.0, "{size}");
    assert_eq!(
        Ceasefire::new(true, false, false).describe(),
        "Ceasefire in effect, not yet verified"
    );
    assert_eq!(
        Ceasefire::new(true, false, true).describe(),
        "Peace agreement signed"
    );
}

/// The sample's last slide compares with the shipped Option B: the file marks what B
/// changes and keys it, as the presentation does.
#[test]
fn a_comparing_slide_marks_and_keys_what_the_other_plan_changes() {
    let plan = sample_plan();
    let index = plan.slides.len() - 1;
    let slide = &plan.slides[index];
    assert_eq!(
        slide.compare_with.as_deref(),
        Some("sample_plan_alt.geojson")
    );
    let alt = crate::model::plan_file::sample_plan_alt();
    let diff = crate::model::compare::compare(&slide_plan(&plan, slide), &alt);
    assert!(!diff.added.is_empty() && !diff.removed.is_empty() && !diff.moved.is_empty());
    let svg = slide_svg(
        data(),
        &plan,
        slide,
        &page(index),
        "",
        Some(&Ok(alt.clone())),
    );
    check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
    let marks = group(&svg, "comparison");
    let names = group(&svg, "comparison-names");
    for h in &diff.added {
        assert!(
            names.contains(&format!(">+ {}</text>", Esc(&h.name))),
            "{}",
            h.name
        );
    }
    for m in &diff.moved {
        assert!(
            names.contains(&format!(">{} ({:.0} km)</text>", Esc(&m.name), m.km)),
            "{}",
            m.name
        );
    }
    // One red cross (two strokes) per removed hub, one arrow per visible move.
    assert_eq!(
        marks.matches("stroke=\"#d02020\"").count(),
        diff.removed.len(),
        "{marks}"
    );
    let key = group(&svg, "comparison-key");
    assert!(key.contains(">Compared with sample_plan_alt.geojson</text>"));
    for (what, n) in [
        ("Added", diff.added.len()),
        ("Removed", diff.removed.len()),
        ("Moved", diff.moved.len()),
        ("Changed", diff.changed.len()),
    ] {
        assert!(
            key.contains(&format!(">{what}: {n}</text>")),
            "{what}: {n} in {key}"
        );
    }
    // A slide that does not compare has neither.
    let plain = slide_svg(data(), &plan, &plan.slides[0], &page(0), "", None);
    assert!(!plain.contains("id=\"comparison"));
    // A plan that cannot be read is said, not left out.
    let missing = slide_svg(
        data(),
        &plan,
        slide,
        &page(index),
        "",
        Some(&Err(
            "sample_plan_alt.geojson: no such plan file next to this plan".into(),
        )),
    );
    let key = group(&missing, "comparison-key");
    assert!(key.contains(">No comparison</text>"));
    assert!(key.contains(">sample_plan_alt.geojson: no such plan file next to this plan</text>"));
    assert!(!missing.contains("<g id=\"comparison\">"));
}

/// The text of the `<g id="…">` group in `svg` (up to its closing tag; groups of
/// layers do not nest other layers).
fn group<'a>(svg: &'a str, id: &str) -> &'a str {
    let start = svg
        .find(&format!("<g id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no {id} group"));
    let rest = &svg[start..];
    &rest[..rest.find("\n</g>\n").map_or(rest.len(), |e| e + 6)]
}
