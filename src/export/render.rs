//! The SVG pictures rendered to PNG (resvg) and to a PDF deck (krilla), with the fonts
//! the app itself ships (egui's Ubuntu Light and Hack): no system font is asked for, so
//! a file is the same on every machine, offline, and needs no window or display.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// Why a picture could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The SVG did not parse (a bug in the SVG writer, never user data).
    #[error("the picture's SVG is not valid: {0}")]
    Svg(#[from] usvg::Error),
    /// Width or height is zero or too large for one picture.
    #[error("a picture of {width}×{height} px cannot be rendered (1 to 16,384 px a side)")]
    Size {
        /// Width asked for.
        width: f32,
        /// Height asked for.
        height: f32,
    },
    /// PNG encoding failed.
    #[error("the PNG could not be encoded: {0}")]
    Png(String),
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Largest side of a rendered picture in pixels.
const MAX_SIDE: f32 = 16_384.0;
/// PDF points per SVG pixel (CSS pixels are 1/96 in, points 1/72 in).
const PT_PER_PX: f32 = 72.0 / 96.0;

/// The fonts pictures are drawn with: those egui ships with the app. "Ubuntu" is the
/// sans-serif family the SVG asks for first, "Hack" the monospace one.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for font in [
                epaint_default_fonts::UBUNTU_LIGHT,
                epaint_default_fonts::HACK_REGULAR,
            ] {
                db.load_font_data(font.to_vec());
            }
            db.set_sans_serif_family("Ubuntu");
            db.set_serif_family("Ubuntu");
            db.set_monospace_family("Hack");
            Arc::new(db)
        })
        .clone()
}

/// Parses an SVG picture with the shipped fonts.
pub fn svg_tree(svg: &str) -> Result<usvg::Tree, RenderError> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "Ubuntu".into(),
        ..usvg::Options::default()
    };
    Ok(usvg::Tree::from_str(svg, &options)?)
}

fn checked_size(tree: &usvg::Tree) -> Result<(u32, u32), RenderError> {
    let size = tree.size();
    let (width, height) = (size.width().ceil(), size.height().ceil());
    if !(1.0..=MAX_SIDE).contains(&width) || !(1.0..=MAX_SIDE).contains(&height) {
        return Err(RenderError::Size { width, height });
    }
    Ok((width as u32, height as u32))
}

/// Renders an SVG picture to PNG bytes at its own size (one pixel a user unit).
pub fn png_from_svg(svg: &str) -> Result<Vec<u8>, RenderError> {
    let tree = svg_tree(svg)?;
    let (width, height) = checked_size(&tree)?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(RenderError::Size {
        width: width as f32,
        height: height as f32,
    })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| RenderError::Png(e.to_string()))
}

/// A PDF with one page per SVG picture, in order, each page the picture's size (at
/// 96 px to the inch); text stays text, in the embedded shipped fonts. `title` goes in
/// the document's properties.
pub fn pdf_from_svgs(pages: &[String], title: &str) -> Result<Vec<u8>, RenderError> {
    use krilla::geom::Size;
    use krilla::page::PageSettings;
    use krilla_svg::{SurfaceExt, SvgSettings};
    let mut document = krilla::Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title.to_owned())
            .creator("coalition-map".to_owned()),
    );
    for svg in pages {
        let tree = svg_tree(svg)?;
        let (width, height) = checked_size(&tree)?;
        let page_size = Size::from_wh(width as f32 * PT_PER_PX, height as f32 * PT_PER_PX).ok_or(
            RenderError::Size {
                width: width as f32,
                height: height as f32,
            },
        )?;
        let mut page = document.start_page_with(PageSettings::new(page_size));
        let mut surface = page.surface();
        surface
            .draw_svg(&tree, page_size, SvgSettings::default())
            .ok_or_else(|| RenderError::Pdf("a picture could not be drawn".into()))?;
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PICTURE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100" font-family="Ubuntu, sans-serif">
        <rect width="200" height="100" fill="#ffffff"/>
        <rect x="10" y="10" width="50" height="30" fill="#ff0000"/>
        <text x="100" y="80" font-size="30" fill="#000000">Kyiv</text>
    </svg>"##;

    #[test]
    fn png_has_the_size_shapes_and_text_of_the_svg() {
        let png = png_from_svg(PICTURE).expect("renders");
        let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
        assert_eq!(image.dimensions(), (200, 100));
        assert_eq!(image.get_pixel(30, 25).0, [255, 0, 0, 255], "the red box");
        assert_eq!(
            image.get_pixel(5, 5).0,
            [255, 255, 255, 255],
            "the white ground"
        );
        // The word is drawn with the shipped font: dark pixels in its box, none elsewhere.
        let dark = |x0: u32, x1: u32, y0: u32, y1: u32| {
            (x0..x1)
                .flat_map(|x| (y0..y1).map(move |y| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 128)
                .count()
        };
        assert!(dark(100, 170, 55, 85) > 100, "no text drawn");
        assert_eq!(dark(0, 95, 45, 100), 0);
    }

    #[test]
    fn pdf_has_a_page_per_picture_and_embeds_the_font() {
        let pdf = pdf_from_svgs(&[PICTURE.to_owned(), PICTURE.to_owned()], "Deck").expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 2"), "two pages");
        assert!(text.contains("Ubuntu"), "the font is embedded by name");
        assert!(text.contains("/FontFile"), "with its glyphs");
    }

    #[test]
    fn broken_or_empty_pictures_are_errors_not_panics() {
        assert!(matches!(png_from_svg("<svg"), Err(RenderError::Svg(_))));
        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="10"/>"#;
        assert!(matches!(png_from_svg(huge), Err(RenderError::Size { .. })));
        assert!(pdf_from_svgs(&["<svg".into()], "x").is_err());
    }
}
