//! The timeline bar under the map: a slider of days since the ceasefire that plays
//! the deployment (hubs stand up as their delays pass; map, counts and charts follow,
//! because they all ask `Hub::status`).

use egui::{RichText, Ui};

use crate::command::Command;
use crate::model::hub::Status;
use crate::model::plan::Plan;
use crate::model::timeline::{last_day, standing_up_order};

/// Accessible name of the slider (tests find it by this).
pub const SLIDER_LABEL: &str = "Days since the ceasefire";
/// Accessible name of the on/off switch.
pub const SWITCH_LABEL: &str = "Timeline";

/// The shortest slider, in days, so plans without delays still have room to move.
const MIN_SPAN: u32 = 30;

/// Draws the bar; returns [`Command::SetTimelineDay`] when the day changes.
pub fn show(ui: &mut Ui, plan: &Plan) -> Vec<Command> {
    let mut commands = Vec::new();
    let c = plan.ceasefire;
    let end = last_day(&plan.hubs).max(MIN_SPAN);
    ui.horizontal(|ui| {
        let mut on = c.day().is_some();
        let switch = ui
            .add_enabled(c.in_effect(), egui::Checkbox::new(&mut on, SWITCH_LABEL))
            .on_hover_text(
                "Play the deployment: hubs stand up their set number of days after their \
                 condition is met. Off: every hub whose condition is met has stood up.",
            )
            .on_disabled_hover_text(
                "The timeline counts days since a ceasefire: declare one first.",
            );
        if switch.changed() {
            commands.push(Command::SetTimelineDay(on.then_some(0)));
        }
        let mut day = c.day().unwrap_or(end);
        let label = ui.label(SLIDER_LABEL);
        let slider = ui
            .add_enabled(
                c.day().is_some(),
                egui::Slider::new(&mut day, 0..=end)
                    .prefix("D+")
                    .clamping(egui::SliderClamping::Never)
                    .step_by(1.0),
            )
            .labelled_by(label.id);
        if slider.changed() {
            commands.push(Command::SetTimelineDay(Some(
                day.min(crate::model::timeline::MAX_DAYS),
            )));
        }
        if !c.in_effect() {
            ui.weak("needs a ceasefire in effect");
            return;
        }
        let order = standing_up_order(&plan.hubs);
        let met: Vec<_> = order.iter().filter(|h| c.satisfies(h.activation)).collect();
        let up = met
            .iter()
            .filter(|h| h.status(&c) == Status::Active)
            .count();
        ui.label(RichText::new(format!("{up} of {} stood up", met.len())).strong());
        if let Some(d) = c.day()
            && let Some(next) = met.iter().find(|h| h.stand_up_days > d)
        {
            ui.weak(format!("next: {} on D+{}", next.name, next.stand_up_days));
        }
    });
    commands
}
