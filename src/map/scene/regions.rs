//! The base map's layers: country fills by coalition role with their borders, oblast
//! borders (zoomed in), and Ukraine's heavy outline on top so no neighbour's border
//! crosses it.

use super::{Borders, Label, Layer, MeasureText, RegionSet, Shape, Tag, View};
use crate::map::MapData;
use crate::map::labels::{LabelCandidate, country_label};
use crate::map::mesh::{PreparedLayer, PreparedRegion, lod_for_zoom};
use crate::map::style;
use crate::model::geography::Region;
use crate::model::plan::Plan;
use crate::projection::WorldPoint;

/// Indices of the regions of `layer` whose box meets the view (with the clip margin).
fn visible<'a>(layer: &'a PreparedLayer, view: &View<'_>) -> impl Iterator<Item = usize> + 'a {
    let (min, max) = view.p.visible_world();
    let m = super::CLIP_MARGIN / view.p.scale();
    let min = WorldPoint::new(min.x - m, min.y - m);
    let max = WorldPoint::new(max.x + m, max.y + m);
    layer
        .regions
        .iter()
        .enumerate()
        .filter(move |(_, r)| r.intersects(min, max))
        .map(|(i, _)| i)
}

/// `countries`, `oblasts` and `ukraine-outline`, as [`super::Scene`] layers.
pub fn regions(data: &MapData, plan: &Plan, view: &View<'_>) -> [Layer; 3] {
    let theme = view.theme;
    let zoom = view.p.camera().zoom;
    let mut countries = Layer::new("countries");
    let mut host = Layer::new("ukraine-outline");
    let border = style::country_border(theme, zoom);
    let names = data.geography.countries.regions();
    for i in visible(&data.countries, view) {
        let Some(region) = names.get(i) else {
            continue;
        };
        let lod = lod_for_zoom(zoom);
        countries.add_tagged(
            Shape::Region {
                set: RegionSet::Countries,
                index: i,
                lod,
                fill: Some(theme.role_fill(plan.role(&region.code))),
                // Ukraine's border is its outline, drawn last.
                stroke: (region.code != "UKR").then_some(border),
                borders: Borders::Shared,
            },
            Tag {
                data: vec![("iso", region.code.clone())],
                title: Some(region.name.clone()),
                ..Tag::default()
            },
        );
        if region.code == "UKR" {
            host.add(Shape::Region {
                set: RegionSet::Countries,
                index: i,
                lod,
                fill: None,
                stroke: Some(style::host_border(theme)),
                borders: Borders::Whole,
            });
        }
    }
    let mut oblasts = Layer::new("oblasts");
    if view.layers.oblasts && zoom >= style::OBLASTS_FROM_ZOOM {
        let line = style::oblast_border(theme, zoom);
        let names = data.geography.oblasts.regions();
        for i in visible(&data.oblasts, view) {
            let title = names.get(i).map(|r| r.name.clone());
            oblasts.add_tagged(
                Shape::Region {
                    set: RegionSet::Oblasts,
                    index: i,
                    lod: lod_for_zoom(zoom),
                    fill: None,
                    stroke: Some(line),
                    borders: Borders::Shared,
                },
                Tag {
                    title,
                    ..Tag::default()
                },
            );
        }
    }
    [countries, oblasts, host]
}

/// Country names (and oblast names zoomed in, with their layer) whose anchor is in
/// view and which would not float far over their neighbours, measured, ranked by role
/// then area (`map::labels::country_label`).
pub fn region_labels(
    data: &MapData,
    plan: &Plan,
    view: &View<'_>,
    measure: &dyn MeasureText,
) -> Vec<Label> {
    let mut out = Vec::new();
    if !view.layers.place_labels {
        return out;
    }
    let zoom = view.p.camera().zoom;
    let b = view.bounds;
    let inner = (b.0 + 4.0, b.1 + 4.0, b.2 - 4.0, b.3 - 4.0);
    let mut consider =
        |region: &Region, prepared: &PreparedRegion, size: f64, base: f64, text: String| {
            let (x, y) = view
                .p
                .screen_from_geo(region.label_point.0, region.label_point.1);
            if !(x >= inner.0 && x <= inner.2 && y >= inner.1 && y <= inner.3) {
                return;
            }
            let (width, height) = measure.measure(&text, size);
            // A label much wider than its area would float over the neighbours.
            let on_screen = (prepared.world_max.x - prepared.world_min.x) * view.p.scale();
            if width > 2.0 * on_screen {
                return;
            }
            let area = (prepared.world_max.x - prepared.world_min.x)
                * (prepared.world_max.y - prepared.world_min.y);
            out.push(Label {
                candidate: LabelCandidate {
                    x,
                    y,
                    width,
                    height,
                    priority: base + area.max(1e-12).log10(),
                    flip: 0.0,
                },
                text,
                size,
                color: view.theme.label,
                tag: Tag::default(),
                plate: None,
            });
        };
    let countries = data.geography.countries.regions();
    for i in visible(&data.countries, view) {
        let (Some(region), Some(prepared)) = (countries.get(i), data.countries.regions.get(i))
        else {
            continue;
        };
        if let Some((text, size, boost)) = country_label(
            &region.name,
            plan.role(&region.code),
            region.min_label_zoom,
            zoom,
        ) {
            consider(region, prepared, size, boost, text);
        }
    }
    if view.layers.oblasts && zoom >= style::OBLAST_LABELS_FROM_ZOOM {
        let oblasts = data.geography.oblasts.regions();
        for i in visible(&data.oblasts, view) {
            if let (Some(region), Some(prepared)) = (oblasts.get(i), data.oblasts.regions.get(i)) {
                consider(
                    region,
                    prepared,
                    style::OBLAST_LABEL_SIZE,
                    style::OBLAST_LABEL_PRIORITY,
                    region.name.clone(),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::theme::MapTheme;
    use crate::model::slide::Layers;

    #[test]
    fn ukraine_is_filled_with_the_countries_and_outlined_on_top() {
        let data = MapData::builtin().unwrap();
        let plan = crate::model::plan_file::sample_plan();
        let p = super::super::tests::ukraine(1000.0, 700.0);
        let camera = p.camera();
        let layers = Layers::default();
        let theme = MapTheme::LIGHT;
        let view = View {
            p: &p,
            theme: &theme,
            layers: &layers,
            bounds: (0.0, 0.0, 1000.0, 700.0),
        };
        let [countries, oblasts, host] = regions(&data, &plan, &view);
        let names = data.geography.countries.regions();
        let iso = |item: &super::super::Item| match &item.shape {
            Shape::Region { index, .. } => names[*index].code.clone(),
            _ => String::new(),
        };
        let codes: Vec<String> = countries.items.iter().map(iso).collect();
        for code in ["UKR", "POL", "ROU", "MDA", "BLR", "RUS"] {
            assert!(
                codes.contains(&code.to_owned()),
                "{code} missing: {codes:?}"
            );
        }
        assert!(!codes.contains(&"ESP".to_owned()), "Spain is not in view");
        assert_eq!(host.items.len(), 1);
        assert_eq!(iso(&host.items[0]), "UKR");
        // Zoom ~5 shows oblast borders: Ukraine's 27 regions, all in view.
        assert!(camera.zoom >= style::OBLASTS_FROM_ZOOM, "{}", camera.zoom);
        assert_eq!(oblasts.items.len(), data.oblasts.regions.len());
        let ukr = countries.items.iter().find(|i| iso(i) == "UKR").unwrap();
        let Shape::Region { fill, stroke, .. } = &ukr.shape else {
            panic!()
        };
        assert_eq!(*fill, Some(theme.role_fill(plan.role("UKR"))));
        assert_eq!(*stroke, None, "Ukraine's border is its outline");
    }
}
