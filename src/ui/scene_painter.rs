//! The egui painter of a [`Scene`]: regions through their cached level-of-detail
//! triangulations and a mitre-limited outline mesh (`ui::region_mesh`), paths and
//! circles as meshes and shapes, text as galleys with a halo. What the screen draws of the map comes from
//! the same scene as the SVG (`export::svg::paint`), so the two cannot drift.

use egui::{
    Color32, FontId, Mesh, Painter, Pos2, Rect, Shape as EguiShape, Stroke, Vec2,
    epaint::{Vertex, WHITE_UV},
};

use crate::map::MapData;
use crate::map::mesh::LodMesh;
use crate::map::scene::{Anchor, Borders, Layer, MeasureText, Shape, Text};
use crate::map::style::{self, Line};
use crate::projection::Projector;
use crate::ui::region_mesh::{add_fill, add_outlines, add_polyline};

/// Text measured with egui's fonts (the proportional family, as painted).
pub struct EguiMeasure<'a>(pub &'a Painter);

impl MeasureText for EguiMeasure<'_> {
    fn measure(&self, text: &str, size: f64) -> (f64, f64) {
        let galley = self.0.layout_no_wrap(
            text.to_owned(),
            FontId::proportional(size as f32),
            Color32::WHITE,
        );
        let s = galley.size();
        (s.x as f64, s.y as f64)
    }
}

/// A scene line as an egui stroke.
fn stroke(line: &Line) -> Stroke {
    Stroke::new(line.width as f32, line.color)
}

fn pos((x, y): (f64, f64)) -> Pos2 {
    Pos2::new(x as f32, y as f32)
}

/// Paints the layers in order.
pub fn paint(painter: &Painter, data: &MapData, p: &Projector, layers: &[&Layer]) {
    painter.extend(shapes(painter, data, p, layers));
}

/// The layers as egui shapes, bottom first (to paint now or keep for later frames).
pub fn shapes(
    painter: &Painter,
    data: &MapData,
    p: &Projector,
    layers: &[&Layer],
) -> Vec<EguiShape> {
    let mut shapes = Vec::new();
    for layer in layers {
        layer_shapes(painter, data, p, layer, &mut shapes);
    }
    shapes
}

/// `shapes` with each run of meshes (same texture) joined into one mesh, in order.
///
/// egui appends every shape of a clip rectangle to one growing mesh, reallocating and
/// copying what it holds each time it outgrows its capacity: a kept base map of a few
/// large meshes was copied again with each. One mesh is copied once. The picture is the
/// same: egui would have appended the same triangles in the same order.
pub fn join_meshes(shapes: Vec<EguiShape>) -> Vec<EguiShape> {
    // Each run joined into a mesh of exactly its size, so joining copies once.
    fn join(run: &mut Vec<std::sync::Arc<Mesh>>, out: &mut Vec<EguiShape>) {
        match run.len() {
            0 => {}
            1 => out.extend(run.pop().map(EguiShape::Mesh)),
            _ => {
                let mut joined = Mesh::with_texture(run[0].texture_id);
                joined
                    .vertices
                    .reserve_exact(run.iter().map(|m| m.vertices.len()).sum());
                joined
                    .indices
                    .reserve_exact(run.iter().map(|m| m.indices.len()).sum());
                for mesh in run.drain(..) {
                    joined.append_ref(&mesh);
                }
                out.push(EguiShape::mesh(joined));
            }
        }
    }
    let mut out: Vec<EguiShape> = Vec::with_capacity(shapes.len());
    let mut run: Vec<std::sync::Arc<Mesh>> = Vec::new();
    for shape in shapes {
        match shape {
            EguiShape::Mesh(mesh) => {
                if run.last().is_some_and(|m| m.texture_id != mesh.texture_id) {
                    join(&mut run, &mut out);
                }
                run.push(mesh);
            }
            other => {
                join(&mut run, &mut out);
                out.push(other);
            }
        }
    }
    join(&mut run, &mut out);
    out
}

/// Paints layers that hold no regions (furniture such as the marking), where no map
/// geometry is at hand.
pub fn paint_plain(painter: &Painter, layers: &[&Layer]) {
    fn plain(painter: &Painter, s: &Shape, out: &mut Vec<EguiShape>) {
        match s {
            Shape::Group(items) => {
                for item in items {
                    plain(painter, &item.shape, out);
                }
            }
            other => shape(painter, other, out),
        }
    }
    let mut out = Vec::new();
    for layer in layers {
        for item in &layer.items {
            plain(painter, &item.shape, &mut out);
        }
    }
    painter.extend(out);
}

/// Appends the shapes of one layer, bottom first, to `out` (the map caches them).
/// Runs of regions share one fill mesh and one outline mesh, outlines over fills.
pub fn layer_shapes(
    painter: &Painter,
    data: &MapData,
    p: &Projector,
    layer: &Layer,
    out: &mut Vec<EguiShape>,
) {
    let clip = painter.clip_rect();
    // The layer's filled regions are triangulated (the first time they are drawn at
    // their level) on all cores before any is painted.
    let to_fill: Vec<&LodMesh> = layer
        .items
        .iter()
        .filter_map(|item| match &item.shape {
            Shape::Region {
                set,
                index,
                lod,
                fill: Some(_),
                ..
            } => set.mesh(data, *index, *lod),
            _ => None,
        })
        .collect();
    crate::map::mesh::triangulate_all(&to_fill);
    let mut fills = Mesh::default();
    let mut outlines = Mesh::default();
    let mut remap = Vec::new();
    // Text of a layer whose items are apart, drawn after all its geometry.
    let mut texts = Vec::new();
    let flush = |fills: &mut Mesh, outlines: &mut Mesh, out: &mut Vec<EguiShape>| {
        if !fills.is_empty() {
            out.push(EguiShape::mesh(std::mem::take(fills)));
        }
        if !outlines.is_empty() {
            out.push(EguiShape::mesh(std::mem::take(outlines)));
        }
    };
    for item in &layer.items {
        match &item.shape {
            Shape::Region {
                set,
                index,
                lod,
                fill,
                stroke: line,
                borders,
            } => {
                let Some(mesh) = set.mesh(data, *index, *lod) else {
                    continue;
                };
                if let Some(color) = fill {
                    add_fill(&mut fills, p, mesh, *color, clip, &mut remap);
                }
                if let Some(line) = line {
                    let whole = *borders == Borders::Whole;
                    add_outlines(&mut outlines, p, mesh, stroke(line), clip, whole);
                }
            }
            Shape::Rect {
                min,
                max,
                corner,
                fill,
                stroke: line,
            } if *corner == 0.0
                && line.is_none_or(|l| l.dash.is_none() && fill.is_some_and(|c| c.is_opaque())) =>
            {
                // Square symbols by the thousand: quads in the shared fill mesh (a solid
                // outline is the rectangle grown by half its width under the fill, so
                // only under an opaque fill).
                // Outlines of regions queued so far go first, to keep the order.
                if !outlines.is_empty() {
                    flush(&mut fills, &mut outlines, out);
                }
                let r = Rect::from_min_max(pos(*min), pos(*max));
                if let Some(line) = line {
                    let half = line.width as f32 / 2.0;
                    quad(&mut fills, r.expand(half), line.color);
                    if let Some(color) = fill {
                        quad(&mut fills, r.shrink(half), *color);
                    }
                } else if let Some(color) = fill {
                    quad(&mut fills, r, *color);
                }
            }
            Shape::Circle {
                centre,
                radius,
                fill,
                stroke: line,
            } if line.is_none_or(|l| l.dash.is_none()) => {
                // Cluster discs by the hundred: into the shared mesh, not a shape each.
                if !outlines.is_empty() {
                    flush(&mut fills, &mut outlines, out);
                }
                let ring = circle_points(*centre, *radius);
                if let Some(color) = fill {
                    fill_convex(&mut fills, &ring, *color);
                }
                if let Some(line) = line {
                    add_polyline(&mut fills, &ring, true, stroke(line));
                }
            }
            Shape::Path {
                runs,
                closed,
                fill,
                stroke: line,
            } if line.is_none_or(|l| l.dash.is_none()) => {
                if !outlines.is_empty() {
                    flush(&mut fills, &mut outlines, out);
                }
                for run in runs {
                    let points: Vec<Pos2> = run.iter().map(|&q| pos(q)).collect();
                    if *closed && let Some(color) = fill {
                        fill_convex(&mut fills, &points, *color);
                    }
                    if let Some(line) = line {
                        add_polyline(&mut fills, &points, *closed, stroke(line));
                    }
                }
            }
            Shape::Group(items) => {
                flush(&mut fills, &mut outlines, out);
                let inner = Layer {
                    id: layer.id,
                    items: items.clone(),
                    apart: false,
                };
                layer_shapes(painter, data, p, &inner, out);
            }
            Shape::Text(t) if layer.apart => text(painter, t, &mut texts),
            other => {
                flush(&mut fills, &mut outlines, out);
                shape(painter, other, out);
            }
        }
    }
    flush(&mut fills, &mut outlines, out);
    out.extend(texts);
}

/// Appends a non-region primitive.
fn shape(painter: &Painter, s: &Shape, out: &mut Vec<EguiShape>) {
    match s {
        Shape::Region { .. } => {}
        Shape::Path {
            runs,
            closed,
            fill,
            stroke: line,
        } => {
            if *closed && let Some(color) = fill {
                for run in runs {
                    let points: Vec<Pos2> = run.iter().map(|&q| pos(q)).collect();
                    out.push(EguiShape::convex_polygon(points, *color, Stroke::NONE));
                }
            }
            if let Some(line) = line {
                outline(runs, *closed, line, out);
            }
        }
        Shape::Circle {
            centre,
            radius,
            fill,
            stroke: line,
        } => {
            let c = pos(*centre);
            if let Some(color) = fill {
                out.push(EguiShape::circle_filled(c, *radius as f32, *color));
            }
            if let Some(line) = line {
                if line.dash.is_some() {
                    let run: Vec<(f64, f64)> = (0..48)
                        .map(|k| {
                            let a = std::f64::consts::TAU * f64::from(k) / 48.0;
                            (centre.0 + radius * a.cos(), centre.1 + radius * a.sin())
                        })
                        .collect();
                    outline(&[run], true, line, out);
                } else {
                    out.push(EguiShape::circle_stroke(c, *radius as f32, stroke(line)));
                }
            }
        }
        Shape::Rect {
            min,
            max,
            corner,
            fill,
            stroke: line,
        } => {
            let r = Rect::from_min_max(pos(*min), pos(*max));
            if let Some(color) = fill {
                out.push(EguiShape::rect_filled(r, *corner as f32, *color));
            }
            if let Some(line) = line {
                match line.dash {
                    None => out.push(EguiShape::rect_stroke(
                        r,
                        *corner as f32,
                        stroke(line),
                        egui::StrokeKind::Middle,
                    )),
                    Some(_) => {
                        let run = vec![
                            (min.0, min.1),
                            (max.0, min.1),
                            (max.0, max.1),
                            (min.0, max.1),
                        ];
                        outline(&[run], true, line, out);
                    }
                }
            }
        }
        Shape::Text(t) => text(painter, t, out),
        Shape::Group(_) => {}
    }
}

/// Points round a circle, enough that chords stay within a tenth of a pixel.
fn circle_points((x, y): (f64, f64), r: f64) -> Vec<Pos2> {
    let n = (r * 1.5).ceil().clamp(12.0, 96.0) as u32;
    (0..n)
        .map(|k| {
            let a = std::f64::consts::TAU * f64::from(k) / f64::from(n);
            pos((x + r * a.cos(), y + r * a.sin()))
        })
        .collect()
}

/// Appends a filled convex polygon to `mesh` as a fan, its edge feathered over a pixel
/// (as egui anti-aliases its own shapes).
fn fill_convex(mesh: &mut Mesh, points: &[Pos2], color: Color32) {
    let n = points.len();
    if n < 3 {
        return;
    }
    let centre = points.iter().fold(Vec2::ZERO, |a, p| a + p.to_vec2()) / n as f32;
    let centre = centre.to_pos2();
    let base = mesh.vertices.len() as u32;
    mesh.vertices.push(Vertex {
        pos: centre,
        uv: WHITE_UV,
        color,
    });
    for &p in points {
        let out = (p - centre).normalized() * 0.5;
        for (q, c) in [(p - out, color), (p + out, Color32::TRANSPARENT)] {
            mesh.vertices.push(Vertex {
                pos: q,
                uv: WHITE_UV,
                color: c,
            });
        }
    }
    let n = n as u32;
    for k in 0..n {
        let (i0, o0) = (base + 1 + 2 * k, base + 2 + 2 * k);
        let (i1, o1) = (base + 1 + 2 * ((k + 1) % n), base + 2 + 2 * ((k + 1) % n));
        mesh.indices
            .extend_from_slice(&[base, i0, i1, i0, o0, i1, i1, o0, o1]);
    }
}

/// Appends a filled axis-aligned quad to `mesh`.
fn quad(mesh: &mut Mesh, r: Rect, color: Color32) {
    let base = mesh.vertices.len() as u32;
    for pos in [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
    ] {
        mesh.vertices.push(Vertex {
            pos,
            uv: WHITE_UV,
            color,
        });
    }
    mesh.indices
        .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
}

/// Strokes runs: dashed through egui's dashes, solid through the mitre-limited mesh.
fn outline(runs: &[Vec<(f64, f64)>], closed: bool, line: &Line, out: &mut Vec<EguiShape>) {
    for run in runs {
        let mut points: Vec<Pos2> = run.iter().map(|&q| pos(q)).collect();
        match line.dash {
            Some((on, off)) => {
                if closed && let Some(&first) = points.first() {
                    points.push(first);
                }
                out.extend(EguiShape::dashed_line(
                    &points,
                    stroke(line),
                    on as f32,
                    off as f32,
                ));
            }
            None => {
                let mut mesh = Mesh::default();
                add_polyline(&mut mesh, &points, closed, stroke(line));
                out.push(EguiShape::mesh(mesh));
            }
        }
    }
}

/// One line of text placed by its box, over its halo (eight copies a pixel off).
pub fn text(painter: &Painter, t: &Text, out: &mut Vec<EguiShape>) {
    let font = if t.mono {
        FontId::monospace(t.size as f32)
    } else {
        FontId::proportional(t.size as f32)
    };
    let galley = painter.layout_no_wrap(t.text.clone(), font, t.color);
    let size = galley.size();
    let left = match t.anchor {
        Anchor::Start => t.x as f32,
        Anchor::Middle => t.x as f32 - size.x / 2.0,
        Anchor::End => t.x as f32 - size.x,
    };
    let at = Pos2::new(left, t.y as f32 - size.y / 2.0);
    if let Some(halo) = t.halo {
        let h = style::HALO as f32;
        for (dx, dy) in [
            (-h, 0.0),
            (h, 0.0),
            (0.0, -h),
            (0.0, h),
            (-h, -h),
            (h, h),
            (-h, h),
            (h, -h),
        ] {
            out.push(EguiShape::galley_with_override_text_color(
                at + Vec2::new(dx, dy),
                galley.clone(),
                halo,
            ));
        }
    }
    out.push(EguiShape::galley(at, galley, t.color));
}

/// A screen rectangle as the scene's box, `(min_x, min_y, max_x, max_y)`.
pub fn screen_bounds(rect: Rect) -> crate::map::labels::Rect {
    (
        f64::from(rect.min.x),
        f64::from(rect.min.y),
        f64::from(rect.max.x),
        f64::from(rect.max.y),
    )
}
