//! Map colours for the light and dark themes, chosen to stay readable on a projector.
//!
//! Role fills differ in lightness as well as hue (host light, lead nations dark, hostile
//! mid-red), so they remain distinguishable in grayscale and on washed-out beamers.

use ecolor::Color32;

use crate::model::roster::Role;

/// Every colour the map paints.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapTheme {
    /// Whether this is the dark theme.
    pub dark: bool,
    /// Sea and background.
    pub sea: Color32,
    /// Country borders.
    pub border: Color32,
    /// Ukraine's outline, drawn heavier.
    pub host_border: Color32,
    /// Oblast borders inside Ukraine.
    pub oblast_border: Color32,
    /// Label text.
    pub label: Color32,
    /// Halo behind label text.
    pub halo: Color32,
    /// Outline of the hovered area.
    pub hover: Color32,
    /// Scale bar and other map furniture.
    pub furniture: Color32,
    /// Fill of an active hub's frame (NATO "friend" blue).
    pub hub_active: Color32,
    /// Fill of an inactive (planned) hub's frame: desaturated.
    pub hub_inactive: Color32,
    /// Frame and code of an active hub.
    pub hub_frame: Color32,
    /// Dashed frame and code of an inactive hub.
    pub hub_inactive_frame: Color32,
    /// Selection outline.
    pub selection: Color32,
    /// Warning marker.
    pub warning: Color32,
}

impl MapTheme {
    /// The light theme.
    pub const LIGHT: MapTheme = MapTheme {
        dark: false,
        sea: Color32::from_rgb(0xd4, 0xe4, 0xf0),
        border: Color32::from_rgb(0x6b, 0x6b, 0x6b),
        host_border: Color32::from_rgb(0x00, 0x3f, 0x87),
        oblast_border: Color32::from_rgb(0x8a, 0x72, 0x1c),
        label: Color32::from_rgb(0x1a, 0x1a, 0x1a),
        halo: Color32::from_rgba_premultiplied(0xf6, 0xf6, 0xf2, 0xe0),
        hover: Color32::from_rgb(0xff, 0x6a, 0x00),
        furniture: Color32::from_rgb(0x20, 0x20, 0x20),
        hub_active: Color32::from_rgb(0x80, 0xd4, 0xff),
        hub_inactive: Color32::from_rgb(0xe4, 0xe8, 0xec),
        hub_frame: Color32::from_rgb(0x05, 0x14, 0x28),
        hub_inactive_frame: Color32::from_rgb(0x55, 0x5b, 0x62),
        selection: Color32::from_rgb(0xff, 0x6a, 0x00),
        warning: Color32::from_rgb(0xd0, 0x10, 0x10),
    };

    /// The dark theme.
    pub const DARK: MapTheme = MapTheme {
        dark: true,
        sea: Color32::from_rgb(0x14, 0x1c, 0x26),
        border: Color32::from_rgb(0x9a, 0x9a, 0x9a),
        host_border: Color32::from_rgb(0xff, 0xd5, 0x00),
        oblast_border: Color32::from_rgb(0xe8, 0xcf, 0x7a),
        label: Color32::from_rgb(0xf2, 0xf2, 0xf2),
        halo: Color32::from_rgba_premultiplied(0x10, 0x10, 0x14, 0xd0),
        hover: Color32::from_rgb(0xff, 0x8c, 0x1a),
        furniture: Color32::from_rgb(0xee, 0xee, 0xee),
        hub_active: Color32::from_rgb(0x80, 0xd4, 0xff),
        hub_inactive: Color32::from_rgb(0x4a, 0x50, 0x58),
        hub_frame: Color32::from_rgb(0x02, 0x0a, 0x14),
        hub_inactive_frame: Color32::from_rgb(0xc8, 0xcc, 0xd0),
        selection: Color32::from_rgb(0xff, 0x8c, 0x1a),
        warning: Color32::from_rgb(0xff, 0x40, 0x40),
    };

    /// The light projector theme: black lines and text, opaque halos, deeper sea, so
    /// the map survives a washed-out beamer in a lit room.
    pub const PROJECTOR_LIGHT: MapTheme = MapTheme {
        dark: false,
        sea: Color32::from_rgb(0xb8, 0xd2, 0xea),
        border: Color32::from_rgb(0x1e, 0x1e, 0x1e),
        host_border: Color32::from_rgb(0x00, 0x2a, 0x66),
        oblast_border: Color32::from_rgb(0x6a, 0x50, 0x00),
        label: Color32::BLACK,
        halo: Color32::from_rgb(0xff, 0xff, 0xff),
        hover: Color32::from_rgb(0xff, 0x5a, 0x00),
        furniture: Color32::BLACK,
        hub_active: Color32::from_rgb(0x80, 0xd4, 0xff),
        hub_inactive: Color32::from_rgb(0xf2, 0xf2, 0xf2),
        hub_frame: Color32::BLACK,
        hub_inactive_frame: Color32::from_rgb(0x3a, 0x3a, 0x3a),
        selection: Color32::from_rgb(0xff, 0x5a, 0x00),
        warning: Color32::from_rgb(0xc0, 0x00, 0x00),
    };

    /// The dark projector theme: near-black sea, white lines and text, for dark rooms.
    pub const PROJECTOR_DARK: MapTheme = MapTheme {
        dark: true,
        sea: Color32::from_rgb(0x02, 0x04, 0x08),
        border: Color32::from_rgb(0xd8, 0xd8, 0xd8),
        host_border: Color32::from_rgb(0xff, 0xdd, 0x00),
        oblast_border: Color32::from_rgb(0xf4, 0xdc, 0x8a),
        label: Color32::WHITE,
        halo: Color32::BLACK,
        hover: Color32::from_rgb(0xff, 0x9a, 0x2a),
        furniture: Color32::WHITE,
        hub_active: Color32::from_rgb(0x80, 0xd4, 0xff),
        hub_inactive: Color32::from_rgb(0x3a, 0x40, 0x48),
        hub_frame: Color32::BLACK,
        hub_inactive_frame: Color32::from_rgb(0xe0, 0xe4, 0xe8),
        selection: Color32::from_rgb(0xff, 0x9a, 0x2a),
        warning: Color32::from_rgb(0xff, 0x50, 0x50),
    };

    /// The projector theme for a dark/light flag.
    pub fn projector(dark: bool) -> MapTheme {
        if dark {
            Self::PROJECTOR_DARK
        } else {
            Self::PROJECTOR_LIGHT
        }
    }

    /// The theme for a dark/light flag.
    pub fn for_dark(dark: bool) -> MapTheme {
        if dark { Self::DARK } else { Self::LIGHT }
    }

    /// Fill colour of a country with this role.
    pub fn role_fill(&self, role: Role) -> Color32 {
        if self.dark {
            match role {
                Role::Host => Color32::from_rgb(0xe0, 0xb8, 0x20),
                Role::LeadNation => Color32::from_rgb(0x4a, 0x8f, 0xe8),
                Role::MonitoringLead => Color32::from_rgb(0x2a, 0x8c, 0x7e),
                Role::Member => Color32::from_rgb(0x2a, 0x45, 0x60),
                Role::Observer => Color32::from_rgb(0x6c, 0x5a, 0x8e),
                Role::Hostile => Color32::from_rgb(0xd0, 0x48, 0x48),
                Role::Other => Color32::from_rgb(0x44, 0x46, 0x4a),
            }
        } else {
            match role {
                Role::Host => Color32::from_rgb(0xff, 0xd8, 0x4a),
                Role::LeadNation => Color32::from_rgb(0x1f, 0x5a, 0xa8),
                Role::MonitoringLead => Color32::from_rgb(0x3e, 0xa8, 0x98),
                Role::Member => Color32::from_rgb(0x9d, 0xc3, 0xe6),
                Role::Observer => Color32::from_rgb(0xc7, 0xb6, 0xe2),
                Role::Hostile => Color32::from_rgb(0xd9, 0x6a, 0x5f),
                Role::Other => Color32::from_rgb(0xee, 0xeb, 0xe4),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luma(c: Color32) -> f32 {
        0.2126 * c.r() as f32 + 0.7152 * c.g() as f32 + 0.0722 * c.b() as f32
    }

    #[test]
    fn key_roles_differ_in_grayscale() {
        for theme in [
            MapTheme::LIGHT,
            MapTheme::DARK,
            MapTheme::PROJECTOR_LIGHT,
            MapTheme::PROJECTOR_DARK,
        ] {
            let host = luma(theme.role_fill(Role::Host));
            let lead = luma(theme.role_fill(Role::LeadNation));
            let hostile = luma(theme.role_fill(Role::Hostile));
            let member = luma(theme.role_fill(Role::Member));
            // Lightness steps of at least ~12% between the roles a briefer points at.
            for (a, b) in [
                (host, lead),
                (host, hostile),
                (lead, member),
                (hostile, member),
            ] {
                assert!((a - b).abs() > 30.0, "dark={} {a} vs {b}", theme.dark);
            }
        }
    }

    #[test]
    fn active_and_inactive_hubs_differ_in_grayscale() {
        for theme in [
            MapTheme::LIGHT,
            MapTheme::DARK,
            MapTheme::PROJECTOR_LIGHT,
            MapTheme::PROJECTOR_DARK,
        ] {
            assert!(
                (luma(theme.hub_active) - luma(theme.hub_inactive)).abs() > 25.0,
                "dark={}",
                theme.dark
            );
        }
    }

    #[test]
    fn labels_contrast_with_the_sea() {
        for theme in [
            MapTheme::LIGHT,
            MapTheme::DARK,
            MapTheme::PROJECTOR_LIGHT,
            MapTheme::PROJECTOR_DARK,
        ] {
            assert!((luma(theme.label) - luma(theme.sea)).abs() > 120.0);
        }
    }

    #[test]
    fn projector_themes_have_more_contrast_than_screen_ones() {
        for dark in [false, true] {
            let (screen, projector) = (MapTheme::for_dark(dark), MapTheme::projector(dark));
            let contrast = |t: MapTheme, c: Color32| (luma(c) - luma(t.sea)).abs();
            assert!(contrast(projector, projector.label) >= contrast(screen, screen.label));
            assert!(contrast(projector, projector.border) > contrast(screen, screen.border));
            assert!(
                (luma(projector.label) - luma(projector.halo)).abs()
                    > (luma(screen.label) - luma(screen.halo)).abs()
            );
        }
    }
}
