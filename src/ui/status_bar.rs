//! The status bar: cursor position, what is under it, zoom and the basemap source.

use egui::Ui;

use crate::ui::map_view::HoverInfo;

/// Formats a coordinate pair as "50.4501° N, 30.5234° E".
pub fn format_lat_lon(lat: f64, lon: f64) -> String {
    let ns = if lat >= 0.0 { 'N' } else { 'S' };
    let ew = if lon >= 0.0 { 'E' } else { 'W' };
    format!("{:.4}° {ns}, {:.4}° {ew}", lat.abs(), lon.abs())
}

/// One line describing the hovered point.
pub fn hover_text(hover: &HoverInfo) -> String {
    let mut text = format_lat_lon(hover.lat, hover.lon);
    match (&hover.country, hover.role) {
        (Some((_, code, name)), Some(role)) => {
            text.push_str(&format!(" · {name} ({code}) — {}", role.label()));
        }
        _ => text.push_str(" · sea / no country"),
    }
    if let Some((_, code, name)) = &hover.oblast {
        text.push_str(&format!(" · {name} ({code})"));
    }
    if let Some(area) = &hover.occupied {
        text.push_str(&format!(" · occupied area: {area}"));
    }
    text
}

/// Draws the status bar contents.
pub fn show(ui: &mut Ui, hover: Option<&HoverInfo>, zoom: f64, basemap: &str) {
    ui.horizontal(|ui| {
        match hover {
            Some(h) => ui.label(hover_text(h)),
            None => ui.weak("Move the pointer over the map"),
        };
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(format!("Basemap: {basemap}"));
            ui.separator();
            ui.weak(format!("Zoom {zoom:.1}"));
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roster::Role;

    #[test]
    fn formats_hemispheres() {
        assert_eq!(format_lat_lon(50.45012, 30.52341), "50.4501° N, 30.5234° E");
        assert_eq!(format_lat_lon(-41.3, -73.9), "41.3000° S, 73.9000° W");
    }

    #[test]
    fn hover_line_names_country_role_and_oblast() {
        let h = HoverInfo {
            lon: 30.5234,
            lat: 50.4501,
            country: Some((0, "UKR".into(), "Ukraine".into())),
            role: Some(Role::Host),
            oblast: Some((3, "UA-30".into(), "Kyiv (city)".into())),
            occupied: None,
        };
        assert_eq!(
            hover_text(&h),
            "50.4501° N, 30.5234° E · Ukraine (UKR) — Host nation · Kyiv (city) (UA-30)"
        );
        let h = HoverInfo {
            occupied: Some("Crimea, as of 2022-02-23".into()),
            ..h
        };
        assert!(hover_text(&h).ends_with(" · occupied area: Crimea, as of 2022-02-23"));
    }
}
