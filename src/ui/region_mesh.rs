//! Region fills and outlines as egui meshes, from the cached level-of-detail
//! triangulations: the earcut fill, the mitre-limited anti-aliased polyline every
//! outline and path is drawn with, a hovered region's rings and shaded regions.

use egui::{
    Color32, Mesh, Pos2, Rect, Shape as EguiShape, Stroke, Vec2,
    epaint::{Vertex, WHITE_UV},
};

use crate::map::mesh::{BorderRuns, LodMesh, PreparedLayer, lod_for_zoom};
use crate::projection::{Projector, WorldPoint};

/// Where the world point `w` is on screen.
pub fn to_screen(p: &Projector, w: WorldPoint) -> Pos2 {
    let (x, y) = p.screen_from_world(w);
    Pos2::new(x as f32, y as f32)
}

fn ring_points(p: &Projector, mesh: &LodMesh, ring: &std::ops::Range<u32>) -> Vec<Pos2> {
    mesh.vertices[ring.start as usize..ring.end as usize]
        .iter()
        .map(|&w| to_screen(p, w))
        .collect()
}

/// Appends a region's triangles to `mesh` in one colour, leaving out triangles that lie
/// wholly outside `clip` (and the vertices only they use).
///
/// Every frame egui copies the whole mesh into the GPU buffer, so what is off-screen —
/// most of Russia in a Europe view — costs on every frame if it is kept.
pub fn add_fill(
    mesh: &mut Mesh,
    p: &Projector,
    lod: &LodMesh,
    color: Color32,
    clip: Rect,
    remap: &mut Vec<u32>,
) {
    let screen: Vec<Pos2> = lod.vertices.iter().map(|&w| to_screen(p, w)).collect();
    remap.clear();
    remap.resize(screen.len(), u32::MAX);
    for t in lod.indices().chunks_exact(3) {
        let (a, b, c) = (
            screen[t[0] as usize],
            screen[t[1] as usize],
            screen[t[2] as usize],
        );
        let outside = (a.x < clip.min.x && b.x < clip.min.x && c.x < clip.min.x)
            || (a.x > clip.max.x && b.x > clip.max.x && c.x > clip.max.x)
            || (a.y < clip.min.y && b.y < clip.min.y && c.y < clip.min.y)
            || (a.y > clip.max.y && b.y > clip.max.y && c.y > clip.max.y);
        if outside {
            continue;
        }
        for &i in t {
            let slot = &mut remap[i as usize];
            if *slot == u32::MAX {
                *slot = mesh.vertices.len() as u32;
                mesh.vertices.push(Vertex {
                    pos: screen[i as usize],
                    uv: WHITE_UV,
                    color,
                });
            }
            mesh.indices.push(*slot);
        }
    }
}

/// Adds a region's rings to an outline mesh (each ring whole, or only the borders the
/// region draws: [`LodMesh::border_runs`]), skipping what is off-screen.
pub fn add_outlines(
    mesh: &mut Mesh,
    p: &Projector,
    lod: &LodMesh,
    stroke: Stroke,
    clip: Rect,
    whole: bool,
) {
    let clip = clip.expand(stroke.width + 2.0);
    let mut part: Vec<Pos2> = Vec::new();
    for (i, ring) in lod.rings.iter().enumerate() {
        let points = ring_points(p, lod, ring);
        let bounds = Rect::from_points(&points);
        if !bounds.intersects(clip) || (bounds.width() < 0.5 && bounds.height() < 0.5) {
            continue;
        }
        match lod.border_runs(i, whole) {
            BorderRuns::Whole => add_visible(mesh, &points, true, bounds, stroke, clip),
            BorderRuns::Parts(parts) => {
                for run in parts {
                    part.clear();
                    part.extend(
                        run.iter()
                            .filter_map(|&v| points.get((v - ring.start) as usize)),
                    );
                    let bounds = Rect::from_points(&part);
                    if bounds.intersects(clip) {
                        add_visible(mesh, &part, false, bounds, stroke, clip);
                    }
                }
            }
        }
    }
}

/// Adds a polyline whose box is `bounds`: whole when inside `clip`, else only the runs of
/// segments that touch it.
fn add_visible(
    mesh: &mut Mesh,
    points: &[Pos2],
    closed: bool,
    bounds: Rect,
    stroke: Stroke,
    clip: Rect,
) {
    if clip.contains_rect(bounds) {
        add_polyline(mesh, points, closed, stroke);
        return;
    }
    let mut run: Vec<Pos2> = Vec::new();
    let n = points.len();
    let segments = if closed { n } else { n.saturating_sub(1) };
    for k in 0..segments {
        let (a, b) = (points[k], points[(k + 1) % n]);
        if Rect::from_two_pos(a, b).intersects(clip) {
            if run.is_empty() {
                run.push(a);
            }
            run.push(b);
        } else if !run.is_empty() {
            add_polyline(mesh, &run, false, stroke);
            run.clear();
        }
    }
    if !run.is_empty() {
        add_polyline(mesh, &run, false, stroke);
    }
}

/// Appends an anti-aliased polyline as a triangle strip with a one-pixel feather on
/// each side.
///
/// egui's path tessellator mitres every join without limit, and the near-reversals
/// that coastlines are full of (fjords, rías) turn into long spikes across the map.
/// Here a join uses the mitre only while it stays short (≤ 2× the width); sharper
/// joins fall back to the segment's own normal, which thins the corner a little but
/// never spikes. One mesh for all outlines is also much cheaper than thousands of paths.
pub fn add_polyline(mesh: &mut Mesh, points: &[Pos2], closed: bool, stroke: Stroke) {
    let n = points.len();
    if n < 2 || stroke.width <= 0.0 {
        return;
    }
    // Lines up to a pixel wide are a centre line fading out over one pixel each side
    // (three vertices per point), drawn fainter the thinner they are, as egui does.
    // Wider lines get a solid core between the feathers (four vertices per point).
    let thin = stroke.width <= 1.0;
    let (half, color) = if thin {
        (0.0, stroke.color.gamma_multiply(stroke.width))
    } else {
        ((stroke.width - 1.0) / 2.0, stroke.color)
    };
    let outer = half + 1.0;
    let offsets: &[(f32, Color32)] = if thin {
        &[
            (outer, Color32::TRANSPARENT),
            (0.0, color),
            (-outer, Color32::TRANSPARENT),
        ]
    } else {
        &[
            (outer, Color32::TRANSPARENT),
            (half, color),
            (-half, color),
            (-outer, Color32::TRANSPARENT),
        ]
    };
    let per = offsets.len() as u32;
    let normal = |a: Pos2, b: Pos2| {
        let d = b - a;
        let len = d.length();
        if len < 1e-6 {
            Vec2::ZERO
        } else {
            Vec2::new(-d.y, d.x) / len
        }
    };
    let base = mesh.vertices.len() as u32;
    let count = if closed { n + 1 } else { n };
    mesh.vertices.reserve(per as usize * count);
    for k in 0..count {
        let i = k % n;
        let p = points[i];
        let prev = if closed || i > 0 {
            Some(points[(i + n - 1) % n])
        } else {
            None
        };
        let next = if closed || i + 1 < n {
            Some(points[(i + 1) % n])
        } else {
            None
        };
        let m = match (prev, next) {
            (Some(a), Some(b)) => {
                let (n1, n2) = (normal(a, p), normal(p, b));
                let sum = n1 + n2;
                let cos_half = sum.length() / 2.0;
                if cos_half > 0.5 {
                    // Mitre: scale the averaged normal so the line keeps its width.
                    sum.normalized() / cos_half
                } else {
                    n2
                }
            }
            (None, Some(b)) => normal(p, b),
            (Some(a), None) => normal(a, p),
            (None, None) => Vec2::ZERO,
        };
        for &(offset, c) in offsets {
            mesh.vertices.push(Vertex {
                pos: p + m * offset,
                uv: WHITE_UV,
                color: c,
            });
        }
    }
    for k in 0..(count as u32 - 1) {
        let a = base + k * per;
        let b = a + per;
        for s in 0..per - 1 {
            mesh.indices
                .extend_from_slice(&[a + s, b + s, a + s + 1, a + s + 1, b + s, b + s + 1]);
        }
    }
}

/// Outlines a region's rings (the hovered country or oblast).
pub fn draw_rings(painter: &egui::Painter, p: &Projector, lod: &LodMesh, stroke: Stroke) {
    let mut mesh = Mesh::default();
    add_outlines(&mut mesh, p, lod, stroke, painter.clip_rect(), true);
    painter.add(EguiShape::mesh(mesh));
}

fn visible(p: &Projector) -> (WorldPoint, WorldPoint) {
    let (min, max) = p.visible_world();
    // A few pixels of margin so outlines at the edge are not cut short.
    let m = 4.0 / p.scale();
    (
        WorldPoint::new(min.x - m, min.y - m),
        WorldPoint::new(max.x + m, max.y + m),
    )
}

/// Fills some regions of a prepared layer over the map, each in its colour (e.g. the
/// coverage layer's oblasts within reach of a hub), at the level of detail for the
/// zoom and only where on screen.
pub fn shade_regions(
    painter: &egui::Painter,
    p: &Projector,
    layer: &PreparedLayer,
    regions: &[(usize, Color32)],
) {
    let lod = lod_for_zoom(p.camera().zoom);
    let (min, max) = visible(p);
    let mut mesh = Mesh::default();
    let mut remap = Vec::new();
    for &(i, color) in regions {
        if let Some(region) = layer.regions.get(i).filter(|r| r.intersects(min, max)) {
            add_fill(
                &mut mesh,
                p,
                region.lod(lod),
                color,
                painter.clip_rect(),
                &mut remap,
            );
        }
    }
    painter.add(EguiShape::mesh(mesh));
}
