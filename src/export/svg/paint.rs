//! The SVG painter of a [`Scene`]: each layer a group, each item an element carrying
//! its tag (id, class, `data-*`, `<title>`). Regions become clipped, relative path data.

use std::fmt::Write as _;

use super::{Ctx, Esc, N, Paint, border_path, push_path, region_path};
use crate::map::MapData;
use crate::map::scene::{Anchor, Borders, Item, Layer, Shape, Tag, Text};
use crate::map::style::Line;

/// Writes one layer as a group (nothing when it is empty).
pub(super) fn write_layer(out: &mut String, ctx: &Ctx, data: &MapData, layer: &Layer) {
    if layer.items.is_empty() {
        return;
    }
    put!(out, "<g id=\"{}\">\n", layer.id);
    write_items(out, ctx, data, &layer.items);
    out.push_str("</g>\n");
}

/// Writes items in order; a run of regions as all their fills, then all their outlines,
/// as the screen draws them (an outline that draws a shared border once must not be
/// half covered by the neighbour's fill).
fn write_items(out: &mut String, ctx: &Ctx, data: &MapData, items: &[Item]) {
    let is_region = |item: &Item| matches!(item.shape, Shape::Region { .. });
    let mut k = 0;
    while k < items.len() {
        let regions = items[k..].iter().take_while(|i| is_region(i)).count();
        if regions == 0 {
            write_item(out, ctx, data, &items[k]);
            k += 1;
            continue;
        }
        let run = &items[k..k + regions];
        for item in run {
            write_region(out, ctx, data, item, false);
        }
        for item in run {
            write_region(out, ctx, data, item, true);
        }
        k += regions;
    }
}

/// Writes a region's fill (tagged), or its outline (tagged when it has no fill).
fn write_region(out: &mut String, ctx: &Ctx, data: &MapData, item: &Item, outline: bool) {
    let Shape::Region {
        set,
        index,
        lod,
        fill,
        stroke,
        borders,
    } = &item.shape
    else {
        return;
    };
    let Some(mesh) = set.mesh(data, *index, *lod) else {
        return;
    };
    let tag = item.tag.as_deref();
    let (d, tag) = match (outline, fill, stroke) {
        (false, Some(_), _) => (region_path(ctx, mesh), tag),
        (true, _, Some(_)) => (
            border_path(ctx, mesh, *borders == Borders::Whole),
            tag.filter(|_| fill.is_none()),
        ),
        _ => return,
    };
    if d.is_empty() {
        return;
    }
    out.push_str("<path");
    tag_attr(out, tag);
    if outline {
        fill_attr(out, None);
        stroke_attr(out, stroke.as_ref());
    } else {
        fill_attr(out, *fill);
    }
    put!(out, " d=\"{d}\"");
    close(out, "path", tag);
}

/// The fill attributes: a colour with even-odd rule, or none.
fn fill_attr(out: &mut String, fill: Option<ecolor::Color32>) {
    match fill {
        Some(c) => put!(out, "{} fill-rule=\"evenodd\"", Paint("fill", c, 1.0)),
        None => out.push_str(" fill=\"none\""),
    }
}

/// The stroke attributes of a line (round joins, its dash).
fn stroke_attr(out: &mut String, stroke: Option<&Line>) {
    if let Some(l) = stroke {
        put!(
            out,
            "{} stroke-width=\"{}\" stroke-linejoin=\"round\"",
            Paint("stroke", l.color, 1.0),
            N(l.width)
        );
        if let Some((on, off)) = l.dash {
            put!(out, " stroke-dasharray=\"{} {}\"", N(on), N(off));
        }
    }
}

/// The tag's attributes.
fn tag_attr(out: &mut String, tag: Option<&Tag>) {
    let Some(tag) = tag else { return };
    if let Some(id) = tag.id {
        put!(out, " id=\"{}\"", Esc(id));
    }
    if let Some(class) = &tag.class {
        put!(out, " class=\"{}\"", Esc(class));
    }
    for (name, value) in &tag.data {
        put!(out, " data-{name}=\"{}\"", Esc(value));
    }
}

/// Closes an element: with its `<title>` child when tagged with one.
fn close(out: &mut String, element: &str, tag: Option<&Tag>) {
    match tag.and_then(|t| t.title.as_deref()) {
        Some(title) => put!(out, "><title>{}</title></{element}>\n", Esc(title)),
        None => out.push_str("/>\n"),
    }
}

/// Writes one item (a group with its children).
pub(super) fn write_item(out: &mut String, ctx: &Ctx, data: &MapData, item: &Item) {
    let tag = item.tag.as_deref();
    match &item.shape {
        Shape::Region { .. } => write_items(out, ctx, data, std::slice::from_ref(item)),
        Shape::Path {
            runs,
            closed,
            fill,
            stroke,
        } => {
            let mut d = String::new();
            let mut scratch = Vec::new();
            for run in runs {
                push_path(&mut d, run, &mut scratch, *closed);
            }
            if d.is_empty() {
                return;
            }
            out.push_str("<path");
            tag_attr(out, tag);
            fill_attr(out, if *closed { *fill } else { None });
            stroke_attr(out, stroke.as_ref());
            put!(out, " d=\"{d}\"");
            close(out, "path", tag);
        }
        Shape::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            out.push_str("<circle");
            tag_attr(out, tag);
            put!(
                out,
                " cx=\"{}\" cy=\"{}\" r=\"{}\"",
                N(centre.0),
                N(centre.1),
                N(*radius)
            );
            match fill {
                Some(c) => put!(out, "{}", Paint("fill", *c, 1.0)),
                None => out.push_str(" fill=\"none\""),
            }
            stroke_attr(out, stroke.as_ref());
            close(out, "circle", tag);
        }
        Shape::Rect {
            min,
            max,
            corner,
            fill,
            stroke,
        } => {
            out.push_str("<rect");
            tag_attr(out, tag);
            put!(
                out,
                " x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                N(min.0),
                N(min.1),
                N(max.0 - min.0),
                N(max.1 - min.1)
            );
            if *corner > 0.0 {
                put!(out, " rx=\"{}\"", N(*corner));
            }
            match fill {
                Some(c) => put!(out, "{}", Paint("fill", *c, 1.0)),
                None => out.push_str(" fill=\"none\""),
            }
            stroke_attr(out, stroke.as_ref());
            close(out, "rect", tag);
        }
        Shape::Text(text) => write_text(out, text, tag),
        Shape::Group(items) => {
            out.push_str("<g");
            tag_attr(out, tag);
            out.push('>');
            if let Some(title) = tag.and_then(|t| t.title.as_deref()) {
                put!(out, "<title>{}</title>", Esc(title));
            }
            out.push('\n');
            write_items(out, ctx, data, items);
            out.push_str("</g>\n");
        }
    }
}

/// Where SVG puts a text's baseline below the vertical centre of its line, per pixel
/// of font size (SVG places text by its baseline; `dominant-baseline` is not supported
/// everywhere).
pub(super) const BASELINE_FROM_CENTRE: f64 = 0.35;

/// A text element; its halo is a stroke painted under the glyphs (`paint-order`).
pub(super) fn write_text(out: &mut String, t: &Text, tag: Option<&Tag>) {
    let anchor = match t.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    out.push_str("<text");
    tag_attr(out, tag);
    put!(
        out,
        " x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{}",
        N(t.x),
        N(t.y + BASELINE_FROM_CENTRE * t.size),
        N(t.size),
        Paint("fill", t.color, 1.0),
    );
    if t.mono {
        put!(out, " font-family=\"{}\"", super::MONO_FAMILY);
    }
    if let Some(halo) = t.halo {
        put!(
            out,
            "{} stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
            Paint("stroke", halo, 1.0),
            N(crate::map::scene::HALO_STROKE)
        );
    }
    put!(out, ">{}</text>\n", Esc(&t.text));
}
