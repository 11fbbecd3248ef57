//! The presenter view: with a second display the room sees the slide full screen there,
//! while the briefer's window shows the current and the next slide, the speaker notes,
//! the time elapsed and the clock, and the slide list to jump to.
//!
//! The pure parts (which display the audience gets, the clock and timer texts) are
//! here with their tests; the app ([`crate::app`]) opens the audience viewport and
//! applies what the presenter view asks for as [`Command`]s.

use egui::{Align, Layout, RichText, Ui};

use crate::command::Command;
use crate::model::plan::Plan;
use crate::model::slide::Layers;
use crate::ui::map_view::MapView;
use crate::ui::presentation::Presentation;

/// A display the system reports, in the order egui's `ViewportBuilder::with_monitor`
/// counts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayInfo {
    /// The system's name for it (e.g. "HDMI-1"), possibly empty.
    pub name: String,
    /// Its size in pixels.
    pub size: [u32; 2],
}

impl DisplayInfo {
    /// "Display 2: HDMI-1, 1920×1080" for display `index` (counted from 0).
    pub fn describe(&self, index: usize) -> String {
        let name = if self.name.trim().is_empty() {
            String::new()
        } else {
            format!("{}, ", self.name.trim())
        };
        format!(
            "Display {}: {name}{}×{}",
            index + 1,
            self.size[0],
            self.size[1]
        )
    }
}

/// Where the room's view goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// On this screen, full screen (notes only on demand): one display, or chosen.
    ThisScreen,
    /// Full screen on display `index`; this window shows the presenter view.
    Display(usize),
    /// In a window of its own (the chosen display is not there); this window shows the
    /// presenter view, and the message says why.
    Window(String),
}

impl Audience {
    /// Whether this window shows the presenter view (the room's view is elsewhere).
    pub fn has_presenter_view(&self) -> bool {
        !matches!(self, Audience::ThisScreen)
    }
}

/// Which display the room's view goes to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DisplayChoice {
    /// With two or more displays, one this window is not on (as PowerPoint and Impress
    /// do); with one, this screen.
    #[default]
    Automatic,
    /// This screen alone, full screen, notes on demand.
    ThisScreen,
    /// Display `index` (counted from 0, as the system lists them).
    Display(usize),
}

/// Where the room's view goes for `choice` among `displays`, this window being on
/// display `current` (if known). A display that is not there falls back to a normal
/// window, with a message naming what is connected.
pub fn audience_for(
    choice: DisplayChoice,
    displays: &[DisplayInfo],
    current: Option<usize>,
) -> Audience {
    match choice {
        DisplayChoice::ThisScreen => Audience::ThisScreen,
        DisplayChoice::Automatic if displays.len() < 2 => Audience::ThisScreen,
        DisplayChoice::Automatic => {
            let other = (0..displays.len())
                .find(|i| Some(*i) != current)
                .unwrap_or(0);
            Audience::Display(other)
        }
        DisplayChoice::Display(i) if i < displays.len() => Audience::Display(i),
        DisplayChoice::Display(i) => Audience::Window(format!(
            "Display {} is not connected ({} found): the audience view opened in a normal \
             window; drag it to the projector, or pick a display under View > Present on.",
            i + 1,
            displays.len()
        )),
    }
}

/// "00:07:05" for 425 seconds (negative counts as zero).
pub fn elapsed_text(seconds: f64) -> String {
    let s = if seconds.is_finite() {
        seconds.max(0.0) as u64
    } else {
        0
    };
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// "14:05Z": the time of day in UTC of `unix_seconds` (military "Zulu" time: the same in
/// every room a plan is briefed in).
pub fn clock_text(unix_seconds: u64) -> String {
    let day = unix_seconds % 86_400;
    format!("{:02}:{:02}Z", day / 3600, day / 60 % 60)
}

/// The clock now (UTC).
pub fn clock_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    clock_text(secs)
}

/// State of the presenter view: the displays, the choice, the preview maps.
#[derive(Default)]
pub struct PresenterState {
    /// The displays the system reported last.
    pub displays: Vec<DisplayInfo>,
    /// The display chosen for the audience.
    pub chosen: DisplayChoice,
    /// The display this window is on, if known.
    pub current: Option<usize>,
    /// When the displays were last asked for (app time, seconds).
    pub displays_checked: Option<f64>,
    /// Preview of the slide shown.
    pub now_map: MapView,
    /// Preview of the next slide.
    pub next_map: MapView,
    /// The next slide as the room will see it, and the slide and revision it is of.
    pub next: Option<(usize, u64, Presentation)>,
}

/// What the presenter view shows.
pub struct PresenterInput<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The running presentation.
    pub pres: &'a Presentation,
    /// Where the room's view is.
    pub audience: &'a Audience,
    /// Seconds since the presentation started.
    pub elapsed: f64,
}

/// The presenter view's bar: where the room's view is, timer and clock, and buttons.
pub fn top_bar(ui: &mut Ui, input: &PresenterInput<'_>, displays: &[DisplayInfo]) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let to = match input.audience {
            Audience::Display(i) => displays
                .get(*i)
                .map_or_else(|| format!("Display {}", i + 1), |d| d.describe(*i)),
            _ => "a separate window".to_owned(),
        };
        ui.label(RichText::new("Presenter view").strong().size(18.0));
        ui.label(format!("· the room sees {to}"));
        ui.separator();
        ui.label(
            RichText::new(format!("Elapsed {}", elapsed_text(input.elapsed)))
                .strong()
                .size(18.0),
        );
        ui.label(RichText::new(format!("Clock {}", clock_now())).size(18.0));
        ui.separator();
        if ui.button("Previous").clicked() {
            commands.push(Command::PrevSlide);
        }
        if ui.button("Next").clicked() {
            commands.push(Command::NextSlide);
        }
        let black = if input.pres.blacked_out {
            "Show the slide (B)"
        } else {
            "Black screen (B)"
        };
        if ui.button(black).clicked() {
            commands.push(Command::ToggleBlackout);
        }
        if ui.button("End (Esc)").clicked() {
            commands.push(Command::StopPresenting);
        }
    });
    commands
}

/// The slide list: one line per slide, the one shown highlighted; a click goes there.
pub fn slide_list(ui: &mut Ui, plan: &Plan, shown: Option<usize>) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.label(RichText::new("Slides").strong());
    egui::ScrollArea::vertical()
        .id_salt("presenter_slides")
        .show(ui, |ui| {
            for (i, slide) in plan.slides.iter().enumerate() {
                let text = format!("{}. {}", i + 1, slide.caption);
                let r = ui.selectable_label(shown == Some(i), text);
                if shown == Some(i) {
                    r.scroll_to_me(None);
                }
                if r.clicked() {
                    commands.push(Command::GoToSlide(i));
                }
            }
        });
    commands
}

/// The speaker notes of `slide`, large.
pub fn notes(ui: &mut Ui, plan: &Plan, slide: Option<usize>) {
    ui.label(RichText::new("Speaker notes").strong().size(16.0));
    let text = slide
        .and_then(|i| plan.slides.get(i))
        .map(|s| s.notes.trim())
        .filter(|n| !n.is_empty())
        .unwrap_or("(no speaker notes for this slide)");
    egui::ScrollArea::vertical()
        .id_salt("presenter_notes")
        .show(ui, |ui| {
            ui.label(RichText::new(text).size(20.0));
        });
}

/// A heading over a preview: "Now · slide 2 of 6" and the caption.
pub fn preview_heading(ui: &mut Ui, what: &str, plan: &Plan, slide: Option<usize>) {
    let n = plan.slides.len();
    ui.with_layout(Layout::top_down(Align::Min), |ui| {
        match slide.and_then(|i| plan.slides.get(i).map(|s| (i, s))) {
            Some((i, s)) => {
                ui.label(RichText::new(format!("{what} · slide {} of {n}", i + 1)).strong());
                ui.label(RichText::new(&s.caption).size(16.0));
            }
            None => {
                ui.label(RichText::new(what).strong());
                ui.label(RichText::new("End of the slides").size(16.0).italics());
            }
        }
    });
}

/// Layers of a preview: those of the slide, without the charts and legend (they would
/// fill a small map).
pub fn preview_layers(layers: Layers) -> Layers {
    Layers {
        charts: false,
        legend: false,
        ..layers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn displays(n: usize) -> Vec<DisplayInfo> {
        (0..n)
            .map(|i| DisplayInfo {
                name: format!("HDMI-{i}"),
                size: [1920, 1080],
            })
            .collect()
    }

    #[test]
    fn the_audience_goes_to_the_chosen_display_or_a_window_with_a_reason() {
        use DisplayChoice::*;
        assert_eq!(
            audience_for(ThisScreen, &displays(2), None),
            Audience::ThisScreen
        );
        assert_eq!(
            audience_for(Display(1), &displays(2), None),
            Audience::Display(1)
        );
        match audience_for(Display(2), &displays(2), None) {
            Audience::Window(why) => {
                assert!(
                    why.starts_with("Display 3 is not connected (2 found)"),
                    "{why}"
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            audience_for(Display(0), &[], None),
            Audience::Window(_)
        ));
        // Automatic: the other display when there are two, else this screen.
        assert_eq!(
            audience_for(Automatic, &displays(1), Some(0)),
            Audience::ThisScreen
        );
        assert_eq!(audience_for(Automatic, &[], None), Audience::ThisScreen);
        assert_eq!(
            audience_for(Automatic, &displays(2), Some(0)),
            Audience::Display(1)
        );
        assert_eq!(
            audience_for(Automatic, &displays(2), Some(1)),
            Audience::Display(0)
        );
        assert_eq!(
            audience_for(Automatic, &displays(3), None),
            Audience::Display(0)
        );
        assert!(!Audience::ThisScreen.has_presenter_view());
        assert!(Audience::Display(0).has_presenter_view());
    }

    #[test]
    fn timer_and_clock_texts() {
        assert_eq!(elapsed_text(0.0), "00:00:00");
        assert_eq!(elapsed_text(425.7), "00:07:05");
        assert_eq!(elapsed_text(3.0 * 3600.0 + 61.0), "03:01:01");
        assert_eq!(elapsed_text(-5.0), "00:00:00");
        assert_eq!(elapsed_text(f64::NAN), "00:00:00");
        // 2026-01-06 14:05:09 UTC.
        assert_eq!(clock_text(1_767_708_309), "14:05Z");
        assert_eq!(clock_text(0), "00:00Z");
    }

    #[test]
    fn displays_are_described_by_number_name_and_size() {
        let d = DisplayInfo {
            name: "HDMI-1".into(),
            size: [1920, 1080],
        };
        assert_eq!(d.describe(1), "Display 2: HDMI-1, 1920×1080");
        let unnamed = DisplayInfo {
            name: " ".into(),
            size: [1024, 768],
        };
        assert_eq!(unnamed.describe(0), "Display 1: 1024×768");
    }
}
