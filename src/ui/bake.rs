//! Kept map drawings tessellated once: a still frame copies their triangles instead of
//! laying out every glyph of every label and every line again.
//!
//! egui tessellates every shape it is given, every frame. The map keeps its drawing
//! between frames (`ui::map_cache`), yet its hundreds of names were turned into glyph
//! quads again each frame: the largest part of a still frame's CPU time with 1,000 hubs.
//! A baked list is the same triangles egui would have made from the shapes (the same
//! tessellator, options, scale and font atlas size), made once, when a kept drawing is
//! used a second time ([`Kept`]): while the map pans every frame draws anew and nothing
//! is baked.

use egui::epaint::{Tessellator, TextureId};
use egui::{Context, Mesh, Rect, Shape};

/// What baked triangles depend on beyond the shapes: the scale (pixel rounding,
/// feathering) and the font atlas's size (text's texture coordinates are divided by it,
/// and the atlas grows as new glyphs are drawn).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BakeKey {
    /// Physical pixels per point.
    pub pixels_per_point: f32,
    /// The font atlas's size in texels.
    pub font_image_size: [usize; 2],
}

impl BakeKey {
    /// The key of what `bake` would make now.
    pub fn of(ctx: &Context) -> Self {
        Self {
            pixels_per_point: ctx.pixels_per_point(),
            font_image_size: ctx.fonts(|f| f.font_image_size()),
        }
    }
}

/// Shapes kept between frames, baked when first used again: a drawing rebuilt every
/// frame (while panning or gliding) is never baked, which would only add a copy.
#[derive(Default)]
pub struct Kept {
    shapes: Vec<Shape>,
    used: bool,
    baked: bool,
}

impl Kept {
    /// Shapes drawn for the key of the cache that keeps them.
    pub fn new(shapes: Vec<Shape>) -> Self {
        Self {
            shapes,
            used: false,
            baked: false,
        }
    }

    /// The shapes to paint this frame; from their second use on, baked for `key` (the
    /// same key they were drawn for, or the cache keeping them would have dropped them).
    pub fn get(&mut self, ctx: &Context, key: BakeKey, clip: Rect) -> &[Shape] {
        if self.used && !self.baked {
            self.shapes = bake(ctx, key, clip, std::mem::take(&mut self.shapes));
            self.baked = true;
        }
        self.used = true;
        &self.shapes
    }
}

/// Sets egui's tessellation for a map of kept meshes; call each frame, before drawing.
///
/// egui's coarse culling skips a shape that lies wholly outside its clip rectangle, and
/// to know that of a mesh it scans every vertex for the mesh's bounds, every frame: with
/// the base map, names and 1,000 hubs kept as meshes (87,000 vertices), that scan was a
/// sixth of a still frame. What the map keeps is in view by construction (its scene
/// culls to the view, and [`bake`] still culls while baking), and anything else outside
/// its clip rectangle is cut by the renderer's scissor: the pixels are the same.
pub fn configure(ctx: &Context) {
    if ctx.tessellation_options(|o| o.coarse_tessellation_culling) {
        ctx.tessellation_options_mut(|o| o.coarse_tessellation_culling = false);
    }
}

/// `painter` with a clip rectangle `slot` thousandths of a point shorter (the same
/// pixels at any scale), so that what it paints starts a mesh of its own.
///
/// egui copies every shape of a frame into one mesh per run of equal clip rectangles,
/// growing that mesh as it goes: each kept drawing appended after another was copied
/// again whenever the mesh outgrew its allocation (with 1,000 hubs, a twelfth of a still
/// frame). A drawing that starts a mesh is copied once, into a mesh sized for it.
/// Consecutive drawings take different slots.
pub fn apart(painter: &egui::Painter, slot: u8) -> egui::Painter {
    let clip = painter.clip_rect();
    painter.with_clip_rect(Rect::from_min_max(
        clip.min,
        clip.max - egui::vec2(0.0, 1e-3 * f32::from(slot)),
    ))
}

/// Notes that this pass submits triangles baked for `key` (see [`end_pass`]).
pub fn submitted(ctx: &Context, key: BakeKey) {
    let id = submitted_id(ctx);
    ctx.data_mut(|d| d.insert_temp(id, Some(key)));
}

/// Per viewport: an audience window on a projector has a scale of its own.
fn submitted_id(ctx: &Context) -> egui::Id {
    egui::Id::unique("bake::submitted").with(ctx.viewport_id())
}

/// Call once at the end of each viewport's pass: if the font atlas grew after triangles
/// baked for its old size were submitted (a label, a tooltip or a panel drew new glyphs
/// later in the pass), their text would show the wrong texels for one frame. egui is
/// asked to run the pass again instead; the map then bakes for the new size.
pub fn end_pass(ctx: &Context) {
    let id = submitted_id(ctx);
    let submitted: Option<BakeKey> = ctx
        .data_mut(|d| d.remove_temp::<Option<BakeKey>>(id))
        .flatten();
    if submitted.is_some_and(|k| k != BakeKey::of(ctx)) {
        ctx.request_discard("the font atlas grew after the map was tessellated for it");
    }
}

/// Whether a shape's triangles can be made ahead of time. Filled circles cannot: egui
/// draws small ones from discs pre-rasterized in its font atlas, which it does not
/// share. Nor can shapes of another texture than the fonts' (they would break a mesh).
fn bakeable(shape: &Shape) -> bool {
    match shape {
        Shape::Circle(c) => c.fill == egui::Color32::TRANSPARENT,
        Shape::Vec(shapes) => shapes.iter().all(bakeable),
        Shape::Callback(_) => false,
        other => other.texture_id() == TextureId::default(),
    }
}

/// `shapes` with each run of bakeable shapes turned into one mesh, in order, as egui
/// would tessellate them inside `clip` for `key` (taken before the shapes' text was laid
/// out, so that [`end_pass`] sees any growth since); the others are passed through.
pub fn bake(ctx: &Context, key: BakeKey, clip: Rect, shapes: Vec<Shape>) -> Vec<Shape> {
    let options = egui::epaint::TessellationOptions {
        // Once here, not every frame (see [`configure`]).
        coarse_tessellation_culling: true,
        ..ctx.tessellation_options(|o| *o)
    };
    let mut tessellator = Tessellator::new(
        key.pixels_per_point,
        options,
        key.font_image_size,
        Vec::new(),
    );
    tessellator.set_clip_rect(clip);
    let mut out = Vec::new();
    let mut mesh = Mesh::default();
    let flush = |mesh: &mut Mesh, out: &mut Vec<Shape>| {
        if !mesh.is_empty() {
            let mut done = std::mem::take(mesh);
            done.vertices.shrink_to_fit();
            done.indices.shrink_to_fit();
            out.push(Shape::mesh(done));
        }
    };
    for shape in shapes {
        if bakeable(&shape) {
            tessellator.tessellate_shape(shape, &mut mesh);
        } else {
            flush(&mut mesh, &mut out);
            out.push(shape);
        }
    }
    flush(&mut mesh, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, FontId, Pos2, Stroke, pos2, vec2};

    /// One pass of `ctx`, its texture changes dropped on purpose (no renderer here).
    fn run(ctx: &Context, ui: impl FnMut(&mut egui::Ui)) {
        let mut out = ctx.run_ui(Default::default(), ui);
        out.textures_delta.clear();
    }

    /// The shapes as egui itself tessellates them in one frame.
    fn tessellated(ctx: &Context, clip: Rect, shapes: Vec<Shape>) -> Vec<Mesh> {
        let clipped = shapes
            .into_iter()
            .map(|shape| egui::epaint::ClippedShape {
                clip_rect: clip,
                shape,
                transform_after_tessellation: Default::default(),
            })
            .collect();
        ctx.tessellate(clipped, ctx.pixels_per_point())
            .into_iter()
            .filter_map(|p| match p.primitive {
                egui::epaint::Primitive::Mesh(m) => Some(m),
                egui::epaint::Primitive::Callback(_) => None,
            })
            .collect()
    }

    #[test]
    fn baked_shapes_tessellate_to_the_triangles_egui_makes_of_the_originals() {
        let ctx = Context::default();
        ctx.set_pixels_per_point(1.5);
        let clip = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
        let mut shapes = Vec::new();
        run(&ctx, |ui| {
            let painter = ui.painter();
            let text = |s: &str, at: Pos2| {
                Shape::galley(
                    at,
                    painter.layout_no_wrap(s.into(), FontId::proportional(13.0), Color32::BLACK),
                    Color32::BLACK,
                )
            };
            shapes = vec![
                Shape::rect_filled(
                    Rect::from_min_size(pos2(10.0, 10.0), vec2(50.0, 20.0)),
                    3.0,
                    Color32::RED,
                ),
                text("Kyiv military hub", pos2(20.3, 40.7)),
                Shape::line(
                    vec![pos2(0.0, 0.0), pos2(100.0, 80.0), pos2(150.0, 20.0)],
                    Stroke::new(2.0, Color32::BLUE),
                ),
                // A filled circle is left to egui (its atlas discs); the run breaks there.
                Shape::circle_filled(pos2(60.0, 60.0), 4.0, Color32::GREEN),
                Shape::circle_stroke(pos2(90.0, 60.0), 6.0, Stroke::new(1.0, Color32::BLACK)),
                text("Odesa", pos2(200.0, 150.0)),
            ];
        });
        let baked = bake(&ctx, BakeKey::of(&ctx), clip, shapes.clone());
        assert_eq!(baked.len(), 3, "a mesh, the filled circle, a mesh");
        assert!(matches!(baked[1], Shape::Circle(_)));
        let expected = tessellated(&ctx, clip, shapes);
        let got = tessellated(&ctx, clip, baked);
        assert_eq!(expected.len(), 1);
        assert_eq!(got.len(), 1);
        let (e, g) = (&expected[0], &got[0]);
        assert!(e.vertices.len() > 100, "{} vertices", e.vertices.len());
        assert_eq!(e.indices, g.indices);
        assert_eq!(e.vertices.len(), g.vertices.len());
        for (a, b) in e.vertices.iter().zip(&g.vertices) {
            assert_eq!((a.pos, a.uv, a.color), (b.pos, b.uv, b.color));
        }
    }

    #[test]
    fn a_pass_whose_atlas_grew_after_baking_is_run_again() {
        let ctx = Context::default();
        let mut passes = 0;
        let mut grew = false;
        run(&ctx, |ui| {
            passes += 1;
            let key = BakeKey::of(ui.ctx());
            submitted(ui.ctx(), key);
            if !grew {
                // Many glyphs at many sizes: the atlas outgrows its height.
                for size in 8..80 {
                    let text: String = ('!'..='~').collect();
                    let _ = ui.painter().layout_no_wrap(
                        text,
                        FontId::monospace(size as f32),
                        Color32::BLACK,
                    );
                }
                grew = BakeKey::of(ui.ctx()) != key;
            }
            end_pass(ui.ctx());
        });
        assert!(grew, "the test's glyphs did not grow the atlas");
        assert_eq!(passes, 2, "the pass is run again once");
        // A pass in which nothing grew is not run again.
        passes = 0;
        run(&ctx, |ui| {
            passes += 1;
            submitted(ui.ctx(), BakeKey::of(ui.ctx()));
            end_pass(ui.ctx());
        });
        assert_eq!(passes, 1);
    }

    #[test]
    fn kept_shapes_are_baked_from_their_second_use() {
        let ctx = Context::default();
        let clip = Rect::from_min_size(Pos2::ZERO, vec2(200.0, 100.0));
        let line = |y: f32| {
            Shape::line_segment(
                [pos2(0.0, y), pos2(100.0, y)],
                Stroke::new(1.0, Color32::RED),
            )
        };
        let mut kept = Kept::new(vec![line(10.0), line(20.0), line(30.0)]);
        run(&ctx, |_| {});
        let key = BakeKey::of(&ctx);
        assert_eq!(kept.get(&ctx, key, clip).len(), 3, "first use: as drawn");
        let second = kept.get(&ctx, key, clip);
        assert_eq!(second.len(), 1, "second use: one mesh");
        assert!(matches!(&second[0], Shape::Mesh(m) if m.indices.len() >= 3 * 2 * 3));
        assert_eq!(kept.get(&ctx, key, clip).len(), 1);
    }

    #[test]
    fn the_key_follows_the_scale() {
        let ctx = Context::default();
        run(&ctx, |_| {});
        let one = BakeKey::of(&ctx);
        ctx.set_pixels_per_point(2.0);
        run(&ctx, |_| {});
        let two = BakeKey::of(&ctx);
        assert_ne!(one, two);
        assert_eq!(two.pixels_per_point, 2.0);
        assert!(two.font_image_size[0] > 0);
    }

    #[test]
    fn drawings_apart_start_meshes_of_their_own_over_the_same_pixels() {
        let ctx = Context::default();
        // Tessellating needs the fonts, loaded by a first pass.
        run(&ctx, |_| {});
        let clip = Rect::from_min_max(pos2(362.0, 31.0), pos2(1366.0, 695.0));
        let painter = egui::Painter::new(ctx.clone(), egui::LayerId::background(), clip);
        let mesh = |x: f32, n: usize| {
            let mut m = Mesh::default();
            for k in 0..n {
                let r = Rect::from_min_size(pos2(x + k as f32, 100.0), vec2(1.0, 1.0));
                m.add_colored_rect(r, Color32::RED);
            }
            Shape::mesh(m)
        };
        // Two kept drawings, each apart, then a shape on the map's own clip rectangle.
        let shapes = [
            (apart(&painter, 1).clip_rect(), mesh(400.0, 300)),
            (apart(&painter, 2).clip_rect(), mesh(500.0, 200)),
            (clip, mesh(600.0, 7)),
        ]
        .into_iter()
        .map(|(clip_rect, shape)| egui::epaint::ClippedShape {
            clip_rect,
            shape,
            transform_after_tessellation: Default::default(),
        })
        .collect();
        let sizes: Vec<usize> = ctx
            .tessellate(shapes, 1.0)
            .into_iter()
            .filter_map(|p| match p.primitive {
                egui::epaint::Primitive::Mesh(m) => Some(m.vertices.len()),
                egui::epaint::Primitive::Callback(_) => None,
            })
            .collect();
        assert_eq!(sizes, vec![1200, 800, 28]);
        // The renderers round the clip rectangle to whole pixels (egui-wgpu, egui_glow):
        // every slot keeps the pixels of an edge on the pixel grid, at any scale.
        for ppp in [1.0f32, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0] {
            for px in [600u32, 869, 1045, 1389, 2085] {
                let edge = px as f32 / ppp;
                let p = egui::Painter::new(
                    ctx.clone(),
                    egui::LayerId::background(),
                    Rect::from_min_max(Pos2::ZERO, pos2(edge, edge)),
                );
                for slot in 1..=9 {
                    let max = apart(&p, slot).clip_rect().max;
                    assert_eq!(
                        (max.y * ppp).round(),
                        (edge * ppp).round(),
                        "{ppp} {px} {slot}"
                    );
                    assert_eq!(max.x, edge);
                }
            }
        }
    }

    #[test]
    fn frames_skip_the_bounds_scan_and_baking_still_culls() {
        let ctx = Context::default();
        run(&ctx, |_| {});
        configure(&ctx);
        assert!(!ctx.tessellation_options(|o| o.coarse_tessellation_culling));
        let clip = Rect::from_min_size(Pos2::ZERO, vec2(100.0, 100.0));
        let inside = Shape::rect_filled(
            Rect::from_min_size(pos2(10.0, 10.0), vec2(5.0, 5.0)),
            0.0,
            Color32::RED,
        );
        let outside = Shape::rect_filled(
            Rect::from_min_size(pos2(300.0, 10.0), vec2(5.0, 5.0)),
            0.0,
            Color32::RED,
        );
        let vertices = |shapes: Vec<Shape>| -> usize {
            bake(&ctx, BakeKey::of(&ctx), clip, shapes)
                .iter()
                .map(|s| match s {
                    Shape::Mesh(m) => m.vertices.len(),
                    _ => 0,
                })
                .sum()
        };
        let one = vertices(vec![inside.clone()]);
        assert!(one > 0);
        assert_eq!(vertices(vec![inside, outside]), one);
    }
}
