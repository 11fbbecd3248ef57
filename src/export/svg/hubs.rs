//! The hubs layer of a picture written out as it goes: a large plan's hub groups are
//! passed on to the sink in pieces instead of being collected into one string. The
//! symbols themselves come from the shared scene (`map::scene::hubs`).

use super::Ctx;
use super::paint::write_item;
use crate::map::MapData;
use crate::map::scene::Layer;

/// Size of the pieces passed on to the sink.
const PIECE: usize = 256 * 1024;

/// Writes `layer` as a group, handing `out` to `sink` (when there is one) whenever it
/// has grown past a piece.
pub(super) fn write_hubs(
    out: &mut String,
    mut sink: Option<&mut dyn std::io::Write>,
    ctx: &Ctx,
    data: &MapData,
    layer: &Layer,
) -> std::io::Result<()> {
    if layer.items.is_empty() {
        return Ok(());
    }
    out.push_str("<g id=\"");
    out.push_str(layer.id);
    out.push_str("\">\n");
    for item in &layer.items {
        write_item(out, ctx, data, item);
        if let Some(sink) = sink.as_mut()
            && out.len() >= PIECE
        {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    out.push_str("</g>\n");
    Ok(())
}
