//! What the map widget shows under the pointer: hover facts, tooltips and measurements.

use egui::{FontId, Mesh, Pos2, Rect, Shape, Stroke, Ui, Vec2};

use crate::map::theme::MapTheme;
use crate::model::geography::Region;
use crate::model::hub::Status;
use crate::model::roster::Role;
use crate::model::site::Site;
use crate::projection::Projector;
use crate::ui::region_mesh::add_polyline;

use super::map_view::MapInput;

/// What the pointer is over.
#[derive(Clone, Debug, PartialEq)]
pub struct HoverInfo {
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Country index in the basemap, code and name.
    pub country: Option<(usize, String, String)>,
    /// The country's role under the plan.
    pub role: Option<Role>,
    /// Oblast index, code and name (inside Ukraine).
    pub oblast: Option<(usize, String, String)>,
    /// The occupied area under the pointer: "NAME, as of DATE".
    pub occupied: Option<String>,
}

pub(super) fn describe(input: &MapInput<'_>, lon: f64, lat: f64) -> HoverInfo {
    let geo = &input.data.geography;
    let (country, oblast) = geo.locate_indices(lon, lat);
    let named =
        |regions: &[Region], i: usize| (i, regions[i].code.clone(), regions[i].name.clone());
    HoverInfo {
        lon,
        lat,
        country: country.map(|i| named(geo.countries.regions(), i)),
        role: country.map(|i| input.plan.role(&geo.countries.regions()[i].code)),
        oblast: oblast.map(|i| named(geo.oblasts.regions(), i)),
        occupied: input
            .control
            .prepared
            .index
            .area_at(lon, lat)
            .map(|a| format!("{}, as of {}", a.name, a.as_of)),
    }
}

pub(super) fn hover_tooltip(ui: &mut Ui, hover: &HoverInfo, input: &MapInput<'_>) {
    if let Some((_, code, name)) = &hover.country {
        ui.strong(name);
        if let Some(role) = hover.role {
            ui.label(role.label());
        }
        if let Some(entry) = input.plan.roster.entry(code).filter(|e| !e.note.is_empty()) {
            // A tooltip shrinks to its widest unwrapped line (the country's name), and
            // the note would wrap into a column a word wide: give it a reading width.
            ui.set_min_width(240.0);
            ui.set_max_width(320.0);
            ui.label(egui::RichText::new(&entry.note).small());
        }
    }
    if let Some((_, code, name)) = &hover.oblast {
        ui.label(format!("{name} ({code})"));
    }
    if let Some(area) = &hover.occupied {
        ui.label(format!("occupied area: {area}"));
    }
}

/// Draws a measurement: each leg as a geodesic (densified, so it curves as it should
/// on Mercator), its length and bearing at its middle, and the points.
pub(super) fn draw_measurement(
    painter: &egui::Painter,
    p: &Projector,
    m: &crate::model::measure::Measurement,
    theme: MapTheme,
) {
    use geo::{Geodesic, InterpolatePoint, Point};
    let points = m.points();
    if points.is_empty() {
        return;
    }
    let color = theme.selection;
    let to_pos = |lon: f64, lat: f64| {
        let (x, y) = p.screen_from_geo(lon, lat);
        Pos2::new(x as f32, y as f32)
    };
    let mut mesh = Mesh::default();
    for leg in m.legs() {
        let a = Point::new(leg.from.0, leg.from.1);
        let b = Point::new(leg.to.0, leg.to.1);
        let line: Vec<Pos2> = std::iter::once(a)
            .chain(Geodesic.points_along_line(a, b, 20_000.0, false))
            .chain(std::iter::once(b))
            .map(|q| to_pos(q.x(), q.y()))
            .collect();
        add_polyline(&mut mesh, &line, false, Stroke::new(3.0, color));
        let mid = Geodesic.point_at_ratio_between(a, b, 0.5);
        let text = format!(
            "{} · {}",
            crate::model::measure::distance_text(leg.km),
            crate::model::measure::bearing_text(leg.initial_bearing_deg)
        );
        let galley = painter.layout_no_wrap(text, FontId::proportional(13.0), theme.label);
        let pos = to_pos(mid.x(), mid.y()) - galley.size() / 2.0 - Vec2::new(0.0, 12.0);
        painter.add(Shape::mesh(std::mem::take(&mut mesh)));
        painter.rect_filled(
            Rect::from_min_size(pos, galley.size()).expand(3.0),
            3.0,
            theme.halo,
        );
        painter.galley(pos, galley, theme.label);
    }
    painter.add(Shape::mesh(mesh));
    for &(lon, lat) in points {
        let c = to_pos(lon, lat);
        painter.circle(c, 5.0, theme.halo, Stroke::new(2.5, color));
    }
}

pub(super) fn hub_tooltip(
    ui: &mut Ui,
    hub: &crate::model::hub::Hub,
    site: Option<&Site>,
    input: &MapInput<'_>,
) {
    ui.strong(&hub.name);
    let status = input.plan.status(hub);
    ui.label(format!(
        "{} · lead {} · {}",
        hub.kind.label(),
        hub.lead_nation,
        status.as_str()
    ));
    if status == Status::Inactive {
        ui.label(format!("Waits for {}", hub.activation.waiting_for()));
    }
    if let Some(site) = site {
        for w in &site.warnings {
            ui.colored_label(input.theme.warning, format!("Warning: {w}"));
        }
    }
}
