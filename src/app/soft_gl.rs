//! Handing back what a software OpenGL driver keeps of the last frame.
//!
//! Where there is no GPU driver (virtual machines, remote desktops, some laptops),
//! OpenGL is Mesa's llvmpipe, which draws on the CPU inside this process. It sorts a
//! frame's triangles into 64-pixel tiles in 64 KiB blocks and frees those blocks only
//! when it starts its next scene, so an idle window keeps the last frame's: about
//! 250 bytes per triangle, 20–30 MB for a map of Europe's borders. After each frame
//! this waits for the frame to be drawn, starts an empty scene (which frees the old
//! one's blocks), and once the window is idle the freed heap goes back to the system.
//!
//! Only for drivers named in [`keeps_frames_in_process`]: on a GPU the frame lives in
//! the GPU's memory, and waiting for it would only stall the pipeline.

use std::sync::Arc;

use eframe::egui_glow;
use eframe::glow::{self, HasContext};

/// Whether the OpenGL renderer named `renderer` (`GL_RENDERER`) draws on the CPU and
/// keeps its frames in this process's memory.
pub fn keeps_frames_in_process(renderer: &str) -> bool {
    let renderer = renderer.to_ascii_lowercase();
    ["llvmpipe", "softpipe"]
        .iter()
        .any(|name| renderer.contains(name))
}

/// On a software OpenGL driver, adds to this frame a step run after everything else is
/// painted that hands the driver's copy of the frame back (see the module's doc). Does
/// nothing on other renderers, or where eframe paints without OpenGL.
pub fn release_after_frame(ctx: &egui::Context, frame: &eframe::Frame) {
    let id = egui::Id::unique("soft-gl-keeps-frames");
    let soft = ctx.data(|d| d.get_temp::<bool>(id)).unwrap_or_else(|| {
        let soft = frame.gl().is_some_and(|gl| {
            // SAFETY: a query of a constant string of the current context.
            keeps_frames_in_process(&unsafe { gl.get_parameter_string(glow::RENDERER) })
        });
        if soft {
            log::info!("software OpenGL: the driver's copy of each frame is handed back");
        }
        ctx.data_mut(|d| d.insert_temp(id, soft));
        soft
    });
    if !soft {
        return;
    }
    let callback = egui::PaintCallback {
        // One pixel: the callback's viewport, which the empty draw below stays inside.
        rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::splat(1.0)),
        callback: Arc::new(egui_glow::CallbackFn::new(|_info, painter| {
            let gl = painter.gl();
            // SAFETY: plain GL calls on egui's current context, between its meshes;
            // egui restores its own state (colour mask included) after a callback.
            unsafe {
                // Nothing painted yet (no buffer bound): the driver holds nothing either.
                if gl.get_parameter_i32(glow::ARRAY_BUFFER_BINDING) == 0 {
                    return;
                }
                // The frame drawn, its scene is free for reuse...
                gl.finish();
                // ...and the next draw reuses it, freeing its blocks. This one writes
                // nothing: the colour mask is off, and its triangle is one transparent
                // point at the corner, put in egui's buffers (egui fills them again for
                // each mesh it paints).
                gl.color_mask(false, false, false, false);
                let vertex = [0u8; std::mem::size_of::<egui::epaint::Vertex>()];
                gl.buffer_data_u8_slice(glow::ARRAY_BUFFER, &vertex, glow::STREAM_DRAW);
                gl.buffer_data_u8_slice(
                    glow::ELEMENT_ARRAY_BUFFER,
                    bytemuck::cast_slice(&[0u32; 3]),
                    glow::STREAM_DRAW,
                );
                gl.draw_elements(glow::TRIANGLES, 3, glow::UNSIGNED_INT, 0);
                gl.flush();
            }
            crate::memory::release_when_idle();
        })),
    };
    // The topmost layer: its shapes are painted after every other.
    ctx.layer_painter(egui::LayerId::new(egui::Order::Debug, id))
        .add(callback);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_software_renderers_are_asked_to_hand_frames_back() {
        assert!(keeps_frames_in_process("llvmpipe (LLVM 15.0.6, 256 bits)"));
        assert!(keeps_frames_in_process("Gallium 0.4 on softpipe"));
        assert!(!keeps_frames_in_process(
            "Mesa Intel(R) UHD Graphics 620 (KBL GT2)"
        ));
        assert!(!keeps_frames_in_process(
            "NVIDIA GeForce RTX 3060/PCIe/SSE2"
        ));
        assert!(!keeps_frames_in_process(
            "AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.6)"
        ));
    }
}
