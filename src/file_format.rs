//! The file formats the app and the command line write, named once: `command` (what the
//! Export menu asks for) and `export` (what writes it) both use them, without `command`
//! depending on the exporters.

/// Export formats, as named on the command line and in the Export dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// RFC 7946 GeoJSON, hubs only.
    #[value(name = "geojson", alias = "json")]
    GeoJson,
    /// KML 2.2 for Google Earth.
    Kml,
    /// CSV, one row per hub.
    Csv,
    /// SVG picture of a view.
    Svg,
    /// PNG picture of a view, rendered from the SVG (no window needed).
    Png,
    /// PDF briefing deck: a page per slide (the view when there are none).
    Pdf,
}

impl Format {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Kml => "kml",
            Format::Csv => "csv",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the format is a picture of the map (size and theme apply) rather than a
    /// table of hubs.
    pub fn is_picture(self) -> bool {
        matches!(self, Format::Svg | Format::Png | Format::Pdf)
    }

    /// Parses "geojson", "kml", "csv", "svg", "png" or "pdf" (any case).
    pub fn parse(text: &str) -> Option<Format> {
        match text.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(Format::GeoJson),
            "kml" => Some(Format::Kml),
            "csv" => Some(Format::Csv),
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("GeoJSON"), Some(Format::GeoJson));
        assert_eq!(Format::parse("kml"), Some(Format::Kml));
        assert_eq!(Format::parse("shp"), None);
    }
}
