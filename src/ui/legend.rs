//! The legend: one swatch per role with how many countries have it, collapsible, in the
//! corner of the map where it covers the least of what is framed.

use egui::{Frame, Rect, RichText, Sense, Ui, UiBuilder, Vec2, WidgetInfo};

use crate::map::theme::MapTheme;
use crate::model::geography::RegionLayer;
use crate::model::plan::Plan;
use crate::model::roster::Role;
use crate::projection::{Camera, GeoBounds, Insets, Projector, ScreenRect};

/// How many countries have each role (see [`Plan::role_counts`]).
pub fn role_counts(plan: &Plan, countries: &RegionLayer) -> [(Role, usize); 7] {
    plan.role_counts(countries)
}

/// Where the legend sits by default (top right of `map_rect`), expanded.
pub fn legend_rect(map_rect: Rect) -> Rect {
    rect_in(map_rect, Corner::TopRight, EXPANDED)
}

/// Size of the expanded legend (role swatches and hub counts), in points.
pub const EXPANDED: Vec2 = Vec2::new(200.0, 262.0);
/// Size of the collapsed legend (its header only), in points.
pub const COLLAPSED: Vec2 = Vec2::new(200.0, 34.0);
/// Gap between the legend and the map's edge, in points.
const EDGE: f32 = 10.0;

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
/// (top left), the scale bar (bottom left) and the attribution (bottom right).
pub fn rect_in(map_rect: Rect, corner: Corner, size: Vec2) -> Rect {
    let (x, y) = match corner {
        Corner::TopRight => (map_rect.right() - EDGE - size.x, map_rect.top() + EDGE),
        Corner::BottomRight => (
            map_rect.right() - EDGE - size.x,
            map_rect.bottom() - 24.0 - size.y,
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
/// away) the legend stays where it was.
pub fn place(
    map_rect: Rect,
    size: Vec2,
    view: Option<GeoBounds>,
    base: Insets,
    previous: (Corner, Avoid),
) -> Spot {
    let candidates = Corner::ALL.into_iter().flat_map(|corner| {
        let rect = rect_in(map_rect, corner, size);
        // The room on each side of the map the legend takes, gap included.
        let side = f64::from(EDGE + size.x + EDGE);
        let (top_room, bottom_room) = (
            f64::from(rect.bottom() - map_rect.top() + EDGE),
            f64::from(map_rect.bottom() - rect.top() + EDGE),
        );
        let mut sideways = base;
        let mut vertical = base;
        match corner {
            Corner::TopRight | Corner::BottomRight => sideways.right = base.right.max(side + 14.0),
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
            let spot = Spot {
                corner,
                rect,
                insets,
                avoid,
            };
            (spot, view.map_or(0.0, |v| score(map_rect, v, rect, insets)))
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
            rect: rect_in(map_rect, previous.0, size),
            insets: base,
            avoid: Avoid::Nothing,
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
/// else collapsed when the expanded legend would take more than a fifth of the map.
pub fn is_collapsed(ctx: &egui::Context, map_rect: Rect) -> bool {
    let chosen: Option<bool> = ctx.data(|d| d.get_temp(collapsed_id()));
    chosen.unwrap_or_else(|| EXPANDED.x * EXPANDED.y > 0.2 * map_rect.area())
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

/// Where the legend sits in `map_rect` this frame (none when it is hidden); before
/// it was ever placed, the default spot.
pub fn placed_rect(ctx: &egui::Context, map_rect: Rect) -> Option<Rect> {
    let placed: Option<Option<Rect>> = ctx.data(|d| d.get_temp(placed_id()));
    placed.unwrap_or_else(|| Some(legend_rect(map_rect)))
}

/// Places the legend for this frame in `map_rect` (see [`place`]), `extra` points taller
/// when expanded (the place key under it), remembers where, and returns the spot and
/// whether the legend is collapsed. `view` is the box the map frames, if any.
pub fn arrange(
    ctx: &egui::Context,
    map_rect: Rect,
    view: Option<GeoBounds>,
    base: Insets,
    extra: f32,
) -> (Spot, bool) {
    let collapsed = is_collapsed(ctx, map_rect);
    let size = if collapsed {
        COLLAPSED
    } else {
        EXPANDED + Vec2::new(0.0, extra)
    };
    let previous: (Corner, Avoid) = ctx
        .data(|d| d.get_temp(egui::Id::unique("legend_corner")))
        .unwrap_or_default();
    let spot = place(map_rect, size, view, base, previous);
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique("legend_corner"), (spot.corner, spot.avoid)));
    set_placed(ctx, Some(spot.rect));
    (spot, collapsed)
}

/// Draws the legend of `plan` (role counts over `countries`, active and inactive hubs)
/// in `rect`, collapsed to its header if `collapsed`. A click on the header collapses
/// or expands it.
pub fn show_for_plan(
    ui: &mut Ui,
    rect: Rect,
    collapsed: bool,
    plan: &Plan,
    countries: &RegionLayer,
    theme: MapTheme,
) {
    let status = plan.status_counts();
    show(
        ui,
        rect,
        collapsed,
        &role_counts(plan, countries),
        (status.active, status.inactive),
        theme,
    );
}

/// Draws the legend in `rect` (collapsed: its header only).
pub fn show(
    ui: &mut Ui,
    rect: Rect,
    collapsed: bool,
    counts: &[(Role, usize)],
    hubs: (usize, usize),
    theme: MapTheme,
) {
    let width = rect.width();
    let mut child = ui.new_child(UiBuilder::new().max_rect(rect));
    let frame = Frame::popup(child.style())
        .fill(child.visuals().window_fill.gamma_multiply(0.92))
        .show(&mut child, |ui| {
            ui.set_width(width - 16.0);
            let header = ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                // A triangle as in a collapsing header: right when closed, down when open.
                let c = r.center();
                let points = if collapsed {
                    vec![
                        c + Vec2::new(-3.0, -5.0),
                        c + Vec2::new(-3.0, 5.0),
                        c + Vec2::new(5.0, 0.0),
                    ]
                } else {
                    vec![
                        c + Vec2::new(-5.0, -3.0),
                        c + Vec2::new(5.0, -3.0),
                        c + Vec2::new(0.0, 5.0),
                    ]
                };
                ui.painter().add(egui::Shape::convex_polygon(
                    points,
                    ui.visuals().text_color(),
                    egui::Stroke::NONE,
                ));
                ui.add(
                    egui::Button::new(RichText::new("Coalition of the Willing").strong())
                        .frame(false),
                )
                .on_hover_text(if collapsed {
                    "Show the legend"
                } else {
                    "Hide the legend"
                })
            });
            if header.inner.clicked() {
                set_collapsed(ui.ctx(), !collapsed);
            }
            if collapsed {
                return;
            }
            for &(role, count) in counts {
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 12.0), Sense::hover());
                    ui.painter().rect_filled(r, 2.0, theme.role_fill(role));
                    ui.painter().rect_stroke(
                        r,
                        2.0,
                        egui::Stroke::new(1.0, theme.border),
                        egui::StrokeKind::Inside,
                    );
                    ui.label(format!("{}: {count}", role.label()));
                });
            }
            ui.separator();
            for (active, count) in [(true, hubs.0), (false, hubs.1)] {
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 12.0), Sense::hover());
                    let (fill, frame) = if active {
                        (theme.hub_active, theme.hub_frame)
                    } else {
                        (theme.hub_inactive, theme.hub_inactive_frame)
                    };
                    ui.painter().rect_filled(r, 0.0, fill);
                    if active {
                        ui.painter().rect_stroke(
                            r,
                            0.0,
                            egui::Stroke::new(1.5, frame),
                            egui::StrokeKind::Inside,
                        );
                    } else {
                        let pts = [
                            r.left_top(),
                            r.right_top(),
                            r.right_bottom(),
                            r.left_bottom(),
                            r.left_top(),
                        ];
                        ui.painter().extend(egui::Shape::dashed_line(
                            &pts,
                            egui::Stroke::new(1.5, frame),
                            3.0,
                            2.0,
                        ));
                    }
                    let text = if active {
                        "Active hubs"
                    } else {
                        "Inactive (planned) hubs"
                    };
                    ui.label(format!("{text}: {count}"));
                });
            }
        });
    let label = if collapsed {
        "Legend (collapsed)"
    } else {
        "Legend"
    };
    frame
        .response
        .widget_info(|| WidgetInfo::labeled(egui::Role::Group, true, label));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::Geography;

    /// The box `view` on screen when fitted into `map` with `insets`.
    fn fitted(map: Rect, view: GeoBounds, insets: Insets) -> Rect {
        let vp = ScreenRect {
            min_x: f64::from(map.min.x),
            min_y: f64::from(map.min.y),
            width: f64::from(map.width()),
            height: f64::from(map.height()),
        };
        let p = Projector::new(Camera::fit_inside(view, vp.width, vp.height, insets), vp);
        let (x0, y0) = p.screen_from_geo(view.min_lon, view.max_lat);
        let (x1, y1) = p.screen_from_geo(view.max_lon, view.min_lat);
        Rect::from_min_max(
            egui::pos2(x0 as f32, y0 as f32),
            egui::pos2(x1 as f32, y1 as f32),
        )
    }

    #[test]
    fn the_legend_goes_where_it_covers_nothing_and_costs_least() {
        let base = Insets::uniform(24.0);
        let ukraine = GeoBounds::new(22.1, 44.3, 40.3, 52.4);
        // A wide map: Ukraine fits by its height and leaves the right corners free.
        let wide = Rect::from_min_size(egui::pos2(0.0, 0.0), Vec2::new(1600.0, 500.0));
        let spot = place(wide, EXPANDED, Some(ukraine), base, Default::default());
        assert_eq!(
            (spot.corner, spot.avoid),
            (Corner::TopRight, Avoid::Nothing)
        );
        assert_eq!(spot.insets, base);
        assert!(!fitted(wide, ukraine, spot.insets).intersects(spot.rect));
        // A map of Ukraine's shape: the box is made smaller to keep clear of the legend,
        // in whichever way loses least, and it is as large as any other clear choice.
        let snug = Rect::from_min_size(egui::pos2(100.0, 50.0), Vec2::new(1000.0, 620.0));
        let spot = place(snug, EXPANDED, Some(ukraine), base, Default::default());
        assert_ne!(spot.avoid, Avoid::Nothing);
        let shown = fitted(snug, ukraine, spot.insets);
        assert!(!shown.intersects(spot.rect), "{shown:?} {spot:?}");
        assert!(snug.contains_rect(shown));
        let under = fitted(snug, ukraine, base);
        assert!(
            under.intersects(spot.rect),
            "without room the legend would cover it"
        );
        for corner in Corner::ALL {
            let r = rect_in(snug, corner, EXPANDED);
            assert!(snug.contains_rect(r));
            if !under.intersects(r) {
                assert!(shown.area() >= under.area() * 0.99);
            }
        }
        // Panned away (no box): it stays where it was, insets and all.
        let kept = place(snug, EXPANDED, None, base, (spot.corner, spot.avoid));
        assert_eq!(kept, spot);
    }

    #[test]
    fn a_collapsed_legend_is_a_header_only() {
        let map = Rect::from_min_size(egui::pos2(0.0, 0.0), Vec2::new(800.0, 400.0));
        for corner in Corner::ALL {
            assert!(map.contains_rect(rect_in(map, corner, COLLAPSED)));
        }
    }

    #[test]
    fn counts_follow_the_roster() {
        let geo = Geography::builtin().unwrap();
        let mut plan = Plan::default();
        let counts = role_counts(&plan, &geo.countries);
        let get = |c: &[(Role, usize)], r: Role| c.iter().find(|(x, _)| *x == r).unwrap().1;
        assert_eq!(get(&counts, Role::Host), 1);
        assert_eq!(get(&counts, Role::LeadNation), 2);
        assert_eq!(get(&counts, Role::Member), 30);
        assert_eq!(get(&counts, Role::Hostile), 2);
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        plan.roster.set_role("HUN", "Hungary", Role::Member);
        let after = role_counts(&plan, &geo.countries);
        assert_eq!(get(&after, Role::Member), 31);
        assert_eq!(get(&after, Role::Other), get(&counts, Role::Other) - 1);
        assert_eq!(after.iter().map(|(_, n)| n).sum::<usize>(), total);
    }
}
