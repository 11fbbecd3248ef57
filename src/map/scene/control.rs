//! The control layers as scene layers, for the screen and every file picture alike:
//! occupied areas (translucent, outlined), the hatched ceasefire zone, threat-band
//! isolines, contact and ceasefire lines, and each band's distance on a plate. Areas
//! are [`RegionSet::Control`] regions, so the screen fills them from their cached
//! triangulation and SVG writes their clipped outline; the rest are clipped paths.
//! Looks come from `map::control_style`.

use std::sync::Arc;

use super::{Anchor, Borders, Layer, MeasureText, RegionSet, Shape, Tag, Text, View};
use crate::map::clip::{Clip, clip_polyline, clip_segment};
use crate::map::control_style as style;
use crate::map::control_view::{ControlView, PreparedControl};
use crate::map::mesh::lod_for_zoom;
use crate::map::threat_field::GeoSegment;
use crate::model::control::ControlFeature;
use crate::model::site::km_text;
use crate::projection::{Projector, WorldPoint};

/// The prepared control layer a [`RegionSet::Control`] region belongs to. Scenes
/// compare it by identity: one prepared layer is one drawing.
#[derive(Clone)]
pub struct ControlAreas(pub Arc<PreparedControl>);

impl PartialEq for ControlAreas {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for ControlAreas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ControlAreas({} areas)", self.0.areas.len())
    }
}

/// A feature's tag: class `{what} {kind}`, its name and date, and a tooltip.
fn feature_tag(what: &str, f: &ControlFeature) -> Tag {
    Tag {
        class: Some(format!("{what} {}", f.kind.key())),
        data: vec![("name", f.name.clone()), ("as-of", f.as_of.to_string())],
        title: Some(format!("{}, as of {}", f.name, f.as_of)),
        ..Tag::default()
    }
}

/// Geo segments (isolines, hatching) in screen pixels, each kept to its part inside
/// `clip`; one two-point run per segment.
fn segment_runs(p: &Projector, segments: &[GeoSegment], clip: &Clip) -> Vec<Vec<(f64, f64)>> {
    segments
        .iter()
        .filter_map(|s| {
            let a = p.screen_from_geo(s[0].0, s[0].1);
            let b = p.screen_from_geo(s[1].0, s[1].1);
            let (t0, t1) = clip_segment(a, b, clip)?;
            let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            Some(vec![at(t0), at(t1)])
        })
        .collect()
}

/// The control layers of `control` seen in `view`, bottom first: `control-areas`,
/// `ceasefire-zone`, `threat-bands`, `control-lines` and `threat-band-labels` (each
/// empty when its layer is off or nothing of it is in view).
pub fn control(control: &ControlView, view: &View<'_>, measure: &dyn MeasureText) -> [Layer; 5] {
    let mut areas = Layer::new("control-areas");
    let mut zone = Layer::new("ceasefire-zone");
    let mut bands = Layer::new("threat-bands");
    let mut lines = Layer::new("control-lines");
    let mut labels = Layer::new("threat-band-labels");
    let c = style::colors(view.theme.dark);
    let p = view.p;
    let clip = view.clip();
    let wanted_lod = lod_for_zoom(p.camera().zoom);
    let (min, max) = p.visible_world();
    let m = super::CLIP_MARGIN / p.scale();
    let (min, max) = (
        WorldPoint::new(min.x - m, min.y - m),
        WorldPoint::new(max.x + m, max.y + m),
    );
    let prepared = &control.prepared;
    if view.layers.control {
        let set = RegionSet::Control(ControlAreas(prepared.clone()));
        for (i, area) in prepared.areas.iter().enumerate() {
            let region = &area.region;
            if !region.intersects(min, max) {
                continue;
            }
            let Some(f) = prepared.features.get(area.feature) else {
                continue;
            };
            let (fill, edge) = style::area_look(&c, f.kind);
            areas.add_tagged(
                Shape::Region {
                    set: set.clone(),
                    index: i,
                    lod: wanted_lod,
                    fill: Some(fill),
                    stroke: Some(edge),
                    borders: Borders::Whole,
                },
                feature_tag("control-area", f),
            );
        }
        for line in &prepared.lines {
            let meets = line.world_min.x <= max.x
                && line.world_max.x >= min.x
                && line.world_min.y <= max.y
                && line.world_max.y >= min.y;
            let Some(f) = prepared.features.get(line.feature).filter(|_| meets) else {
                continue;
            };
            let Some(parts) = line.lods.get(wanted_lod).or(line.lods.last()) else {
                continue;
            };
            let mut runs = Vec::new();
            for part in parts {
                let screen: Vec<(f64, f64)> =
                    part.iter().map(|&w| p.screen_from_world(w)).collect();
                runs.extend(clip_polyline(&screen, &clip));
            }
            if runs.is_empty() {
                continue;
            }
            lines.add_tagged(
                Shape::Path {
                    runs,
                    closed: false,
                    fill: None,
                    stroke: Some(style::line_look(&c, f.kind)),
                },
                feature_tag("control-line", f),
            );
        }
    }
    let Some(scene) = &control.scene else {
        return [areas, zone, bands, lines, labels];
    };
    if view.layers.ceasefire_zone && !scene.zone_outline.is_empty() {
        let (hatch, edge) = style::zone_looks(&c);
        let mut parts = Vec::new();
        for (runs, line, class) in [
            (
                segment_runs(p, &scene.zone_hatch, &clip),
                hatch,
                "zone-hatch",
            ),
            (
                segment_runs(p, &scene.zone_outline, &clip),
                edge,
                "zone-edge",
            ),
        ] {
            if runs.is_empty() {
                continue;
            }
            parts.push(super::Item {
                shape: Shape::Path {
                    runs,
                    closed: false,
                    fill: None,
                    stroke: Some(line),
                },
                tag: Some(Box::new(Tag {
                    class: Some(class.into()),
                    ..Tag::default()
                })),
            });
        }
        if !parts.is_empty() {
            let hw = scene.zone_half_width_km;
            zone.add_tagged(
                Shape::Group(parts),
                Tag {
                    data: vec![("half-width-km", hw.to_string())],
                    title: Some(format!(
                        "Ceasefire zone, {} km each side of the line",
                        km_text(hw)
                    )),
                    ..Tag::default()
                },
            );
        }
    }
    if view.layers.threat_bands {
        let b = view.bounds;
        let inset = style::BAND_LABEL_INSET;
        let centre = ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0);
        for band in &scene.bands {
            let runs = segment_runs(p, &band.segments, &clip);
            if runs.is_empty() {
                continue;
            }
            let km = band.km.to_string();
            bands.add_tagged(
                Shape::Path {
                    runs,
                    closed: false,
                    fill: None,
                    stroke: Some(style::band_look(&c)),
                },
                Tag {
                    class: Some("threat-band".into()),
                    data: vec![("km", km.clone())],
                    ..Tag::default()
                },
            );
            // The band's distance once, at its point nearest the map's centre that
            // is well inside the map.
            let nearest = band
                .segments
                .iter()
                .map(|s| p.screen_from_geo(s[0].0, s[0].1))
                .filter(|q| {
                    q.0 >= b.0 + inset
                        && q.0 <= b.2 - inset
                        && q.1 >= b.1 + inset
                        && q.1 <= b.3 - inset
                })
                .min_by(|a, q| {
                    let d = |q: &(f64, f64)| (q.0 - centre.0).hypot(q.1 - centre.1);
                    d(a).total_cmp(&d(q))
                });
            let Some((x, y)) = nearest else {
                continue;
            };
            let text = format!("{} km", km_text(band.km));
            let (w, h) = measure.measure(&text, style::BAND_LABEL_SIZE);
            let pad = style::BAND_LABEL_PAD;
            let (hw, hh) = (w / 2.0 + pad, h / 2.0 + pad);
            // Never cut by the map's edge, however long the text.
            let x = x.clamp(b.0 + hw, (b.2 - hw).max(b.0 + hw));
            let y = y.clamp(b.1 + hh, (b.3 - hh).max(b.1 + hh));
            labels.add_tagged(
                Shape::Rect {
                    min: (x - hw, y - hh),
                    max: (x + hw, y + hh),
                    corner: 3.0,
                    fill: Some(style::band_label_plate(view.theme.dark)),
                    stroke: None,
                },
                Tag {
                    class: Some("label-bg".into()),
                    ..Tag::default()
                },
            );
            labels.add_tagged(
                Shape::Text(Text {
                    x,
                    y,
                    anchor: Anchor::Middle,
                    size: style::BAND_LABEL_SIZE,
                    color: c.band,
                    halo: None,
                    text,
                    mono: false,
                }),
                Tag {
                    class: Some("threat-band-label".into()),
                    data: vec![("km", km)],
                    ..Tag::default()
                },
            );
        }
    }
    [areas, zone, bands, lines, labels]
}

#[cfg(test)]
mod tests {
    use geo::{Distance, Geodesic, InterpolatePoint, Point};

    use super::*;
    use crate::map::scene::{Estimated, Item, tests::ukraine};
    use crate::map::theme::MapTheme;
    use crate::map::threat_field::{ControlScene, SceneInput};
    use crate::model::control::{ControlGeometry, ControlKind, effective};
    use crate::model::plan::Plan;
    use crate::model::slide::Layers;

    const W: f64 = 1000.0;
    const H: f64 = 700.0;

    /// The sample plan's control view: its features prepared, and the zone and
    /// threat bands (`bands` km from its occupied areas; no hostile countries, which
    /// would take the whole region's field).
    fn sample_view(bands: &[f64]) -> (Plan, ControlView) {
        let plan = crate::model::plan_file::sample_plan();
        let features: Arc<Vec<ControlFeature>> = Arc::new(
            effective(&plan.control, &plan.control_settings)
                .cloned()
                .collect(),
        );
        let mut settings = plan.control_settings.clone();
        settings.threat_bands_km = bands.to_vec();
        let input = SceneInput {
            hostile_countries: Vec::new(),
            features: features.to_vec(),
            settings: settings.clone(),
        };
        let scene = ControlScene::compute(&input, 2);
        let view = ControlView {
            features: Arc::clone(&features),
            prepared: Arc::new(PreparedControl::prepare(features, &settings)),
            scene: Some(Arc::new(scene)),
            revision: 1,
            settings,
        };
        (plan, view)
    }

    fn build(control: &ControlView, p: &Projector, layers: &Layers) -> [Layer; 5] {
        let theme = MapTheme::LIGHT;
        let view = View {
            p,
            theme: &theme,
            layers,
            bounds: (0.0, 0.0, W, H),
        };
        super::control(control, &view, &Estimated)
    }

    fn all_on() -> Layers {
        Layers {
            control: true,
            ceasefire_zone: true,
            threat_bands: true,
            ..Layers::default()
        }
    }

    /// Geodesic km from a point to a polyline, along which points are taken every
    /// ~0.5 km.
    fn km_to_line(q: (f64, f64), line: &[(f64, f64)]) -> f64 {
        let q = Point::new(q.0, q.1);
        let mut best = f64::INFINITY;
        for w in line.windows(2) {
            let (a, b) = (Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1));
            let n = (Geodesic.distance(a, b) / 500.0).ceil().max(1.0) as usize;
            for k in 0..=n {
                let m = Geodesic.point_at_ratio_between(a, b, k as f64 / n as f64);
                best = best.min(Geodesic.distance(q, m) / 1000.0);
            }
        }
        best
    }

    fn paths(item: &Item) -> Vec<&Vec<Vec<(f64, f64)>>> {
        match &item.shape {
            Shape::Path { runs, .. } => vec![runs],
            Shape::Group(items) => items.iter().flat_map(paths).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_sample_plans_areas_and_line_are_scene_layers_with_their_tags() {
        let (_, control) = sample_view(&[]);
        let p = ukraine(W, H);
        let layers = build(&control, &p, &all_on());
        let ids: Vec<&str> = layers.iter().map(|l| l.id).collect();
        assert_eq!(
            ids,
            [
                "control-areas",
                "ceasefire-zone",
                "threat-bands",
                "control-lines",
                "threat-band-labels"
            ]
        );
        let [areas, zone, bands, lines, labels] = &layers;
        let c = style::LIGHT;
        assert_eq!(areas.items.len(), control.prepared.areas.len());
        for item in &areas.items {
            let Shape::Region {
                set,
                index,
                lod,
                fill,
                stroke,
                borders,
            } = &item.shape
            else {
                panic!("an area is a region: {item:?}");
            };
            assert_eq!(
                *set,
                RegionSet::Control(ControlAreas(control.prepared.clone()))
            );
            assert_eq!(*lod, lod_for_zoom(p.camera().zoom));
            assert_eq!(*fill, Some(c.area_fill));
            assert_eq!(
                *stroke,
                Some(crate::map::style::Line::solid(1.4, c.area_edge))
            );
            // An occupied area's edge is its own, drawn whole over whatever is below.
            assert_eq!(*borders, Borders::Whole);
            let tag = item.tag.as_deref().expect("tagged");
            assert_eq!(tag.class.as_deref(), Some("control-area occupied"));
            let feature = &control.prepared.features[control.prepared.areas[*index].feature];
            assert!(feature.is_reference());
            assert_eq!(
                tag.title.as_deref(),
                Some(format!("{}, as of {}", feature.name, feature.as_of).as_str())
            );
        }
        assert_eq!(lines.items.len(), 1);
        let Shape::Path {
            runs,
            closed: false,
            fill: None,
            stroke: Some(line),
        } = &lines.items[0].shape
        else {
            panic!("{:?}", lines.items[0]);
        };
        assert_eq!(line.width, 2.6);
        assert_eq!(line.color, c.ceasefire_line);
        assert_eq!(line.dash, None, "the ceasefire line is solid");
        assert_eq!(runs.len(), 1);
        let tag = lines.items[0].tag.as_deref().expect("tagged");
        assert_eq!(tag.class.as_deref(), Some("control-line ceasefire_line"));
        assert_eq!(
            tag.data[0],
            ("name", "ILLUSTRATIVE — not a real line".into())
        );
        assert_eq!(tag.data[1], ("as-of", "2026-01-06".into()));
        // No threat bands asked for: none drawn, none labelled.
        assert!(bands.items.is_empty() && labels.items.is_empty());
        // One zone: hatching under its edge, with the half-width.
        assert_eq!(zone.items.len(), 1);
        let tag = zone.items[0].tag.as_deref().expect("tagged");
        assert_eq!(tag.data, [("half-width-km", "15".to_string())]);
        let Shape::Group(parts) = &zone.items[0].shape else {
            panic!("{:?}", zone.items[0]);
        };
        let classes: Vec<_> = parts
            .iter()
            .map(|i| i.tag.as_deref().and_then(|t| t.class.as_deref()))
            .collect();
        assert_eq!(classes, [Some("zone-hatch"), Some("zone-edge")]);

        // Layers switched off draw nothing.
        let off = build(
            &control,
            &p,
            &Layers {
                control: false,
                ceasefire_zone: false,
                threat_bands: false,
                ..Layers::default()
            },
        );
        assert!(off.iter().all(|l| l.items.is_empty()));
    }

    #[test]
    fn the_zone_hatching_is_clipped_to_the_zone_and_the_view() {
        let (plan, control) = sample_view(&[]);
        let line: Vec<(f64, f64)> = plan
            .control
            .iter()
            .find_map(|f| match &f.geometry {
                ControlGeometry::Line(ml) if f.kind == ControlKind::CeasefireLine => {
                    Some(ml.0[0].0.iter().map(|c| (c.x, c.y)).collect())
                }
                _ => None,
            })
            .expect("the sample's illustrative line");
        // Zoomed in on the line, so the hatching runs off the view's edges.
        let p = Projector::new(
            crate::projection::Camera::looking_at(36.8, 49.3, 10.0),
            crate::projection::ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                width: W,
                height: H,
            },
        );
        let [_, zone, ..] = build(&control, &p, &all_on());
        let Shape::Group(parts) = &zone.items[0].shape else {
            panic!("{:?}", zone.items[0]);
        };
        let hatch = paths(&parts[0])[0];
        let edge = paths(&parts[1])[0];
        eprintln!("hatch {} edge {}", hatch.len(), edge.len());
        assert!(hatch.len() > 20, "{}", hatch.len());
        let clip = View {
            p: &p,
            theme: &MapTheme::LIGHT,
            layers: &all_on(),
            bounds: (0.0, 0.0, W, H),
        }
        .clip();
        let mut worst: f64 = 0.0;
        let mut at_edge = 0;
        for run in hatch {
            assert_eq!(run.len(), 2);
            for &(x, y) in run {
                assert!(
                    x >= clip.min_x - 1e-6
                        && x <= clip.max_x + 1e-6
                        && y >= clip.min_y - 1e-6
                        && y <= clip.max_y + 1e-6,
                    "({x}, {y}) outside the view"
                );
                let on = |v: f64, a: f64, b: f64| (v - a).abs() < 1e-6 || (v - b).abs() < 1e-6;
                if on(x, clip.min_x, clip.max_x) || on(y, clip.min_y, clip.max_y) {
                    at_edge += 1;
                }
                let km = km_to_line(p.geo_from_screen(x, y), &line);
                worst = worst.max(km);
            }
        }
        eprintln!("hatching at most {worst:.2} km from the line, {at_edge} cut at the edge");
        assert!(worst <= 15.5, "hatching {worst} km from the line");
        assert!(at_edge > 0, "the view cuts the hatching");
        // The outline is the zone's edge: 15 km from the line.
        for run in edge.iter().step_by(5) {
            let (x, y) = run[0];
            let (lon, lat) = p.geo_from_screen(x, y);
            if (48.9..49.6).contains(&lat) && (36.0..37.5).contains(&lon) {
                let km = km_to_line((lon, lat), &line);
                assert!((km - 15.0).abs() < 0.5, "{km} km at {lon},{lat}");
            }
        }
    }

    #[test]
    fn threat_bands_keep_their_geodesic_distances_and_labels_stay_inside() {
        let (_, control) = sample_view(&[40.0, 90.0]);
        let p = ukraine(W, H);
        let [_, _, bands, _, labels] = build(&control, &p, &all_on());
        let kms: Vec<&str> = bands
            .items
            .iter()
            .map(|i| i.tag.as_deref().expect("tagged").data[0].1.as_str())
            .collect();
        assert_eq!(kms, ["40", "90"]);
        // Outlines of the occupied areas (the sample's reference), for distances.
        let outlines: Vec<Vec<(f64, f64)>> = control
            .prepared
            .features
            .iter()
            .filter(|f| f.kind == ControlKind::Occupied && f.geometry.is_area())
            .flat_map(|f| f.geometry.paths())
            .map(|ring| ring.0.iter().map(|c| (c.x, c.y)).collect())
            .collect();
        for (item, km) in bands.items.iter().zip([40.0, 90.0]) {
            let Shape::Path {
                runs,
                stroke: Some(line),
                ..
            } = &item.shape
            else {
                panic!("{item:?}");
            };
            assert_eq!(
                *line,
                crate::map::style::Line::solid(1.3, style::LIGHT.band)
            );
            let mut checked = 0;
            for run in runs.iter().step_by(30) {
                let (lon, lat) = p.geo_from_screen(run[0].0, run[0].1);
                let d = outlines
                    .iter()
                    .map(|o| km_to_line((lon, lat), o))
                    .fold(f64::INFINITY, f64::min);
                assert!((d - km).abs() < 2.5, "{d} km, not {km}, at {lon},{lat}");
                checked += 1;
            }
            eprintln!("{km} km band: {} runs, {checked} checked", runs.len());
            assert!(checked >= 5, "{checked}");
        }
        // Each band's distance once, on a plate, wholly inside the map.
        let texts: Vec<&str> = labels.texts().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["40 km", "90 km"]);
        for item in &labels.items {
            if let Shape::Rect { min, max, .. } = &item.shape {
                assert!(min.0 >= 0.0 && min.1 >= 0.0 && max.0 <= W && max.1 <= H);
            }
        }
    }
}
