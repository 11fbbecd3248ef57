//! The legends on screen: the coalition legend in the corner of the map where it covers
//! the least of what is framed, collapsible by its header, and the control legend at
//! the bottom left. Both are the scene's panels (`map::scene::Legend`), drawn as files
//! draw them; the screen adds the toggle and gives each row to screen readers.

use std::sync::Arc;

use egui::{Rect, Sense, Ui, Vec2, WidgetInfo};

use crate::map::control_style::{LegendRow, legend_rows};
use crate::map::control_view::ControlView;
use crate::map::scene::{self, Header, Legend, Placed};
use crate::map::style;
use crate::map::theme::MapTheme;
use crate::model::slide::Layers;
use crate::projection::{Camera, GeoBounds, Insets, Projector, ScreenRect};
use crate::ui::scene_painter::{self, EguiMeasure};

/// The expanded and the collapsed size of `legend` on screen, in points.
pub fn sizes(ui: &Ui, legend: &Legend) -> (Vec2, Vec2) {
    let painter = ui.painter();
    let measure = EguiMeasure(painter);
    let size = |header| {
        let (w, h) = legend.size(header, &measure);
        Vec2::new(w as f32, h as f32)
    };
    (size(Header::Open), size(Header::Closed))
}

/// Gap between the legend and the map's edge, in points.
const EDGE: f32 = style::LEGEND_EDGE as f32;

/// A corner of the map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Corner {
    /// Top right (the default: the marking holds the top left).
    #[default]
    TopRight,
    /// Bottom right, above the data attribution.
    BottomRight,
    /// Bottom left, above the scale bar.
    BottomLeft,
    /// Top left, below the marking.
    TopLeft,
}

impl Corner {
    /// All corners, in order of preference.
    pub const ALL: [Corner; 4] = [
        Corner::TopRight,
        Corner::BottomRight,
        Corner::BottomLeft,
        Corner::TopLeft,
    ];
}

/// The rectangle of a legend of `size` in `corner` of `map_rect`, clear of the marking
/// (top left), the scale bar (bottom left) and the credits (bottom right, `credits`
/// high from the map's bottom; see [`credits_height`]).
pub fn rect_in(map_rect: Rect, corner: Corner, size: Vec2, credits: f32) -> Rect {
    let (x, y) = match corner {
        Corner::TopRight => (map_rect.right() - EDGE - size.x, map_rect.top() + EDGE),
        Corner::BottomRight => (
            map_rect.right() - EDGE - size.x,
            map_rect.bottom() - credits - 4.0 - size.y,
        ),
        Corner::BottomLeft => (map_rect.left() + EDGE, map_rect.bottom() - 48.0 - size.y),
        Corner::TopLeft => (map_rect.left() + EDGE, map_rect.top() + 42.0),
    };
    Rect::from_min_size(egui::pos2(x, y), size)
}

/// Where the legend goes and what a fit must keep free for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spot {
    /// The corner.
    pub corner: Corner,
    /// The legend's rectangle.
    pub rect: Rect,
    /// `base` plus the room the legend takes on one side.
    pub insets: Insets,
    /// How fits keep the box clear of the legend.
    pub avoid: Avoid,
    /// Whether the legend there covers none of the framed box (true with no box).
    pub clear: bool,
}

/// How a fit keeps the framed box clear of the legend.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Avoid {
    /// Nothing to do: the box leaves the corner free anyway.
    #[default]
    Nothing,
    /// The box is kept beside the legend (narrower).
    Sideways,
    /// The box is kept above or below the legend (lower).
    Vertically,
}

/// Picks the corner where a legend of `size` covers the least of the box `view` as
/// fitted into `map_rect`, and the insets that make every fit leave room for it.
///
/// For each corner the box may leave the legend room anyway, or be kept beside it
/// (narrower) or above or below it (lower); of the choices where the legend covers
/// nothing of the box, the one that lets the box be largest wins. Choices whose insets
/// leave too little room for a fit are not made. A corner that is as good as `previous` (within 1 %) does not replace
/// it, so the legend does not jump between slides that fit alike (and a slide made
/// from what a fit shows is fitted the same way again). Without a box (the user panned
/// away) the legend stays where it was. `panels` (the control legend and a comparison's
/// key, stacked bottom left) are kept clear too: the box goes above them or right of
/// them, whichever frames it larger with the legend, and their corner is not a choice
/// for the legend.
pub fn place(
    map_rect: Rect,
    size: Vec2,
    view: Option<GeoBounds>,
    base: Insets,
    previous: (Corner, Avoid),
    credits: f32,
    panels: Option<Rect>,
) -> Spot {
    let free = |rect: Rect| panels.is_none_or(|p| !p.expand(EDGE / 2.0).intersects(rect));
    let bases = match panels {
        None => vec![base],
        Some(p) => {
            let above = Insets {
                bottom: base.bottom.max(f64::from(map_rect.max.y - p.min.y) + 6.0),
                ..base
            };
            let beside = Insets {
                left: base.left.max(f64::from(p.max.x - map_rect.min.x) + 6.0),
                ..base
            };
            vec![above, beside]
        }
    };
    let corners = Corner::ALL
        .into_iter()
        .filter(|&corner| free(rect_in(map_rect, corner, size, credits)));
    let candidates = corners
        .flat_map(|corner| bases.iter().map(move |&base| (corner, base)))
        .flat_map(|(corner, base)| {
            let rect = rect_in(map_rect, corner, size, credits);
            // The room on each side of the map the legend takes, gap included.
            let side = f64::from(EDGE + size.x + EDGE);
            let (top_room, bottom_room) = (
                f64::from(rect.bottom() - map_rect.top() + EDGE),
                f64::from(map_rect.bottom() - rect.top() + EDGE),
            );
            let mut sideways = base;
            let mut vertical = base;
            match corner {
                Corner::TopRight | Corner::BottomRight => {
                    sideways.right = base.right.max(side + 14.0)
                }
                Corner::TopLeft | Corner::BottomLeft => sideways.left = base.left.max(side + 14.0),
            }
            match corner {
                Corner::TopRight | Corner::TopLeft => vertical.top = base.top.max(top_room),
                Corner::BottomRight | Corner::BottomLeft => {
                    vertical.bottom = base.bottom.max(bottom_room)
                }
            }
            [
                (corner, rect, base, Avoid::Nothing),
                (corner, rect, sideways, Avoid::Sideways),
                (corner, rect, vertical, Avoid::Vertically),
            ]
        });
    let (w, h) = (f64::from(map_rect.width()), f64::from(map_rect.height()));
    let scored: Vec<(Spot, f64)> = candidates
        // `Camera::fit_inside` would ignore such insets.
        .filter(|(_, _, i, _)| w - i.left - i.right >= w / 4.0 && h - i.top - i.bottom >= h / 4.0)
        .map(|(corner, rect, insets, avoid)| {
            let score = view.map_or(0.0, |v| score(map_rect, v, rect, insets));
            let spot = Spot {
                corner,
                rect,
                insets,
                avoid,
                clear: view.is_none() || score > 0.0,
            };
            (spot, score)
        })
        .collect();
    let best = scored
        .iter()
        .map(|(_, s)| *s)
        .fold(f64::NEG_INFINITY, f64::max);
    // The previous spot first, then the order of preference.
    // Without a box, the spot stays as it was, insets and all.
    let same = |s: &Spot| s.corner == previous.0 && (view.is_some() || s.avoid == previous.1);
    let pick = scored
        .iter()
        .filter(|(s, _)| same(s))
        .chain(scored.iter().filter(|(s, _)| !same(s)))
        .find(|(_, score)| *score >= best - best.abs() * 0.01)
        .or(scored.first());
    pick.map_or(
        Spot {
            corner: previous.0,
            rect: rect_in(map_rect, previous.0, size, credits),
            insets: bases[0],
            avoid: Avoid::Nothing,
            clear: view.is_none(),
        },
        |(s, _)| *s,
    )
}

/// How good a spot is for `view`: the fitted box's area on screen if the legend covers
/// none of it, else less than nothing by the area covered.
fn score(map_rect: Rect, view: GeoBounds, legend: Rect, insets: Insets) -> f64 {
    let viewport = ScreenRect {
        min_x: f64::from(map_rect.min.x),
        min_y: f64::from(map_rect.min.y),
        width: f64::from(map_rect.width().max(1.0)),
        height: f64::from(map_rect.height().max(1.0)),
    };
    let camera = Camera::fit_inside(view, viewport.width, viewport.height, insets);
    let p = Projector::new(camera, viewport);
    let (x0, y0) = p.screen_from_geo(view.min_lon, view.max_lat);
    let (x1, y1) = p.screen_from_geo(view.max_lon, view.min_lat);
    let shown = Rect::from_min_max(
        egui::pos2(x0 as f32, y0 as f32),
        egui::pos2(x1 as f32, y1 as f32),
    );
    let covered = shown.intersect(legend);
    let covered = if covered.is_positive() {
        f64::from(covered.area())
    } else {
        0.0
    };
    if covered > 0.0 {
        -covered
    } else {
        f64::from(shown.area())
    }
}

/// Whether the legend is collapsed: as the user last chose (a click on its header),
/// else collapsed when the `expanded` legend would take more than a fifth of the map.
pub fn is_collapsed(ctx: &egui::Context, map_rect: Rect, expanded: Vec2) -> bool {
    let chosen: Option<bool> = ctx.data(|d| d.get_temp(collapsed_id()));
    chosen.unwrap_or_else(|| expanded.x * expanded.y > 0.2 * map_rect.area())
}

/// Remembers the user's choice to collapse or expand the legend.
pub fn set_collapsed(ctx: &egui::Context, collapsed: bool) {
    ctx.data_mut(|d| d.insert_temp(collapsed_id(), collapsed));
}

fn collapsed_id() -> egui::Id {
    egui::Id::unique("legend_collapsed")
}

fn placed_id() -> egui::Id {
    egui::Id::unique("legend_placed")
}

/// Records where the legend sits this frame, so the map keeps its labels out of it.
pub fn set_placed(ctx: &egui::Context, rect: Option<Rect>) {
    ctx.data_mut(|d| d.insert_temp(placed_id(), rect));
}

/// Where the legend sits in `map_rect` this frame (none when it is hidden or was
/// never placed).
pub fn placed_rect(ctx: &egui::Context) -> Option<Rect> {
    let placed: Option<Option<Rect>> = ctx.data(|d| d.get_temp(placed_id()));
    placed.flatten()
}

/// Places the legend whose expanded and collapsed sizes are `sizes` for this frame in
/// `map_rect` (see [`place`]), remembers where, and returns the spot and whether the
/// legend is collapsed. `view` is the box the map frames, if any. Unless the user chose,
/// a legend that would cover the box wherever it went expanded is collapsed when that
/// clears it (a small screen with panels at the bottom left).
pub fn arrange(
    ctx: &egui::Context,
    map_rect: Rect,
    view: Option<GeoBounds>,
    base: Insets,
    (expanded, folded): (Vec2, Vec2),
    credits: f32,
    panels: Option<Rect>,
) -> (Spot, bool) {
    let mut collapsed = is_collapsed(ctx, map_rect, expanded);
    let size = if collapsed { folded } else { expanded };
    let previous: (Corner, Avoid) = ctx
        .data(|d| d.get_temp(egui::Id::unique("legend_corner")))
        .unwrap_or_default();
    let mut spot = place(map_rect, size, view, base, previous, credits, panels);
    let chosen: Option<bool> = ctx.data(|d| d.get_temp(collapsed_id()));
    if !spot.clear && !collapsed && chosen.is_none() {
        let folded_spot = place(map_rect, folded, view, base, previous, credits, panels);
        if folded_spot.clear {
            (spot, collapsed) = (folded_spot, true);
        }
    }
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique("legend_corner"), (spot.corner, spot.avoid)));
    set_placed(ctx, Some(spot.rect));
    (spot, collapsed)
}

/// What the control legend and the credits' height depend on. Fits, label placement
/// and painting each ask for them every frame; a frame whose key is unchanged reuses
/// what an earlier one measured instead of building them again.
#[derive(Clone, Copy, PartialEq)]
struct FrameKey {
    rect: Rect,
    control: u64,
    layers: Layers,
    theme: MapTheme,
    pixels_per_point: f32,
}

impl FrameKey {
    fn new(
        ui: &Ui,
        map_rect: Rect,
        control: &ControlView,
        layers: &Layers,
        theme: &MapTheme,
    ) -> Self {
        Self {
            rect: map_rect,
            control: control.revision,
            layers: *layers,
            theme: *theme,
            pixels_per_point: ui.ctx().pixels_per_point(),
        }
    }
}

/// `make()`, or the value kept under `name` if it was made for `key`.
fn remembered<T: Clone + Send + Sync + 'static>(
    ctx: &egui::Context,
    name: &'static str,
    key: FrameKey,
    make: impl FnOnce() -> T,
) -> T {
    let id = egui::Id::unique(("legend-frame", name));
    if let Some((k, value)) = ctx.data(|d| d.get_temp::<(FrameKey, T)>(id))
        && k == key
    {
        return value;
    }
    let value = make();
    ctx.data_mut(|d| d.insert_temp(id, (key, value.clone())));
    value
}

/// How high the map's credits reach above its bottom in `map_rect` (with `layers`, and
/// the control credit of `control` when a control layer shows): the legend keeps above.
pub fn credits_height(
    ui: &Ui,
    map_rect: Rect,
    layers: &Layers,
    theme: &MapTheme,
    control: &ControlView,
) -> f32 {
    let key = FrameKey::new(ui, map_rect, control, layers, theme);
    remembered(ui.ctx(), "credits", key, || {
        measure_credits(ui, map_rect, layers, theme, control)
    })
}

fn measure_credits(
    ui: &Ui,
    map_rect: Rect,
    layers: &Layers,
    theme: &MapTheme,
    control: &ControlView,
) -> f32 {
    let viewport = ScreenRect {
        min_x: f64::from(map_rect.min.x),
        min_y: f64::from(map_rect.min.y),
        width: f64::from(map_rect.width().max(1.0)),
        height: f64::from(map_rect.height().max(1.0)),
    };
    // The credits depend on the box only, not on the camera.
    let p = Projector::new(Camera::looking_at(0.0, 0.0, 1.0), viewport);
    let view = scene::View {
        p: &p,
        theme,
        layers,
        bounds: (
            viewport.min_x,
            viewport.min_y,
            viewport.min_x + viewport.width,
            viewport.min_y + viewport.height,
        ),
    };
    let credit = crate::map::control_style::credit(control.features.iter(), layers);
    let (_, covered) = scene::credits(&view, &EguiMeasure(ui.painter()), credit.as_deref());
    (f64::from(map_rect.max.y) - covered.1) as f32
}

/// Draws `legend` at `rect`'s top left, collapsed to its header if `collapsed`. A click
/// on the header collapses or expands it; the panel and each row are readable by
/// screen readers (and tests) as a group and labels.
pub fn show(ui: &Ui, rect: Rect, collapsed: bool, legend: &Legend, theme: &MapTheme) {
    let header = if collapsed {
        Header::Closed
    } else {
        Header::Open
    };
    let painter = ui.painter();
    let placed = legend.layer(
        "legend",
        (f64::from(rect.min.x), f64::from(rect.min.y)),
        header,
        theme,
        &EguiMeasure(painter),
    );
    scene_painter::paint_plain(painter, &[&placed.layer]);
    let label = if collapsed {
        "Legend (collapsed)"
    } else {
        "Legend"
    };
    let id = egui::Id::unique("legend");
    ui.interact(to_rect(placed.panel), id, Sense::hover())
        .widget_info(|| WidgetInfo::labeled(egui::Role::Group, true, label));
    if let (Some(title), Some(header)) = (legend.title.as_deref(), placed.header) {
        let response = ui
            .interact(to_rect(header), id.with("header"), Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(if collapsed {
                "Show the legend"
            } else {
                "Hide the legend"
            });
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, title));
        if response.clicked() {
            set_collapsed(ui.ctx(), !collapsed);
        }
    }
    read_out(ui, id, &placed);
}

/// Gives each row of a drawn legend to screen readers (and tests) as a label.
fn read_out(ui: &Ui, id: egui::Id, placed: &Placed) {
    for (k, (rect, text)) in placed.rows.iter().enumerate() {
        ui.interact(to_rect(*rect), id.with(k), Sense::hover())
            .widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, text));
    }
}

fn to_rect((a, b, c, d): crate::map::labels::Rect) -> Rect {
    Rect::from_min_max(
        egui::pos2(a as f32, b as f32),
        egui::pos2(c as f32, d as f32),
    )
}

/// The control legend's rows for the layers shown.
fn control_rows(view: &ControlView, layers: &Layers) -> Vec<LegendRow> {
    legend_rows(
        view.features.iter(),
        &view.settings,
        layers,
        view.zone_drawn(),
    )
}

/// The control legend in `map_rect` (bottom left, above the scale bar), none when no
/// control layer shows or the legend layer is off. Built once for a frame's inputs
/// and shared by the fit, the labels and the painting.
pub fn control_legend(
    ui: &Ui,
    map_rect: Rect,
    view: &ControlView,
    layers: &Layers,
    theme: &MapTheme,
) -> Arc<Option<Placed>> {
    if !layers.legend {
        return Arc::new(None);
    }
    let key = FrameKey::new(ui, map_rect, view, layers, theme);
    remembered(ui.ctx(), "control", key, || {
        let bounds = scene_painter::screen_bounds(map_rect);
        let measure = EguiMeasure(ui.painter());
        let credits = credits_height(ui, map_rect, layers, theme, view);
        Arc::new(scene::control_legend(
            control_rows(view, layers),
            bounds,
            bounds.3 - f64::from(credits),
            theme,
            &measure,
        ))
    })
}

/// Where the control legend sits in `map_rect` (none when it is not drawn), so that
/// fits and map labels keep clear of it.
pub fn control_rect(
    ui: &Ui,
    map_rect: Rect,
    view: &ControlView,
    layers: &Layers,
    theme: &MapTheme,
) -> Option<Rect> {
    control_legend(ui, map_rect, view, layers, theme)
        .as_ref()
        .as_ref()
        .map(|p| to_rect(p.panel))
}

fn key_id() -> egui::Id {
    egui::Id::unique("comparison-key")
}

/// Remembers where a comparison's key is this frame (None: there is none), so the
/// map's labels keep clear of it.
pub fn set_key_rect(ctx: &egui::Context, panel: Option<crate::map::labels::Rect>) {
    ctx.data_mut(|d| d.insert_temp(key_id(), panel.map(to_rect)));
}

/// Where a comparison's key is this frame, if there is one.
pub fn key_rect(ctx: &egui::Context) -> Option<Rect> {
    let placed: Option<Option<Rect>> = ctx.data(|d| d.get_temp(key_id()));
    placed.flatten()
}

/// Draws a comparison's key (placed by `map::scene::comparison_key`) inside `map_rect`
/// and gives it to screen readers as the group "Comparison key" with its title and
/// rows as labels.
pub fn show_key(ui: &Ui, map_rect: Rect, placed: &Placed) {
    scene_painter::paint_plain(&ui.painter_at(map_rect), &[&placed.layer]);
    let id = key_id();
    ui.interact(to_rect(placed.panel), id, Sense::hover())
        .widget_info(|| WidgetInfo::labeled(egui::Role::Group, true, "Comparison key"));
    if let Some(header) = placed.header {
        let title = placed.layer.texts().next().map_or("", |t| t.text.as_str());
        ui.interact(to_rect(header), id.with("title"), Sense::hover())
            .widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, title));
    }
    read_out(ui, id, placed);
}

/// Draws the control legend (rows with dates) at the bottom left of `map_rect`.
pub fn show_control(
    ui: &Ui,
    map_rect: Rect,
    view: &ControlView,
    layers: &Layers,
    theme: &MapTheme,
) {
    if let Some(placed) = control_legend(ui, map_rect, view, layers, theme).as_ref() {
        scene_painter::paint_plain(&ui.painter_at(map_rect), &[&placed.layer]);
        read_out(ui, egui::Id::unique("control-legend"), placed);
    }
}

#[cfg(test)]
mod tests;
