//! Text and numbers: XML escaping, 0.1 px numbers, colour attributes, estimated text sizes.

use std::fmt::{self, Write as _};

use egui::Color32;

use super::TEXT_WIDTH_PER_EM;

/// XML-escaped text for element content and attribute values. Characters XML 1.0 does
/// not allow at all (most control characters) are dropped, so user text can never make
/// the file malformed.
pub(super) struct Esc<'a>(pub(super) &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' | '\n' | '\r' => f.write_char(c)?,
                c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// A coordinate or length rounded to 0.1 px, written without trailing ".0" and never
/// as "NaN" (non-finite values are written as 0).
#[derive(Clone, Copy)]
pub(super) struct N(pub(super) f64);

/// `v` in tenths of a pixel.
pub(super) fn tenths(v: f64) -> i64 {
    if v.is_finite() {
        (v * 10.0).round().clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

/// Writes a count of tenths as a decimal number.
pub(super) fn write_tenths(f: &mut impl fmt::Write, t: i64) -> fmt::Result {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    if a.is_multiple_of(10) {
        write!(f, "{sign}{}", a / 10)
    } else {
        write!(f, "{sign}{}.{}", a / 10, a % 10)
    }
}

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_tenths(f, tenths(self.0))
    }
}

/// A colour attribute (`fill` or `stroke`) with its opacity, the colour's own alpha
/// times `factor` (the screen's `gamma_multiply`).
pub(super) struct Paint(pub(super) &'static str, pub(super) Color32, pub(super) f32);

impl fmt::Display for Paint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b, a] = self.1.to_srgba_unmultiplied();
        write!(f, " {}=\"#{r:02x}{g:02x}{b:02x}\"", self.0)?;
        let opacity = (a as f32 / 255.0 * self.2).clamp(0.0, 1.0);
        if opacity < 0.995 {
            write!(f, " {}-opacity=\"{:.2}\"", self.0, opacity)?;
        }
        Ok(())
    }
}

/// Estimated width of `text` at `size` px (no font metrics outside egui).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    TEXT_WIDTH_PER_EM * size * text.chars().count() as f64
}

/// Estimated line height of text at `size` px, as egui lays it out.
pub(super) fn text_height(size: f64) -> f64 {
    1.2 * size
}

/// Baseline offset from the vertical centre of a line of text at `size` px (SVG places
/// text by its baseline; `dominant-baseline` is not supported everywhere).
pub(super) fn baseline_from_centre(size: f64) -> f64 {
    0.35 * size
}

/// A text element with a halo drawn under the glyphs (`paint-order="stroke"`).
pub(super) fn halo_text(
    out: &mut String,
    (x, y): (f64, f64),
    size: f64,
    anchor: &str,
    text: &str,
    (color, halo): (Color32, Color32),
    extra: &str,
) {
    put!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{}{} \
         stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\"{extra}>{}</text>\n",
        N(x),
        N(y),
        N(size),
        Paint("fill", color, 1.0),
        Paint("stroke", halo, 1.0),
        Esc(text)
    );
}

/// `text` at the largest size from `max` down to `min` that fits `width` (estimated),
/// cut short with "…" if even `min` is too wide.
pub(super) fn fit_text(text: &str, width: f64, max: f64, min: f64) -> (String, f64) {
    let chars = text.chars().count().max(1) as f64;
    let size = (width / (TEXT_WIDTH_PER_EM * chars)).clamp(min, max);
    if text_width(text, size) <= width {
        return (text.to_owned(), size);
    }
    let keep = ((width / (TEXT_WIDTH_PER_EM * size)) as usize).saturating_sub(1);
    let cut: String = text.chars().take(keep).collect();
    (format!("{}…", cut.trim_end()), size)
}
