//! The map's pop-ups: the tooltip of what is under the pointer (a cluster, a hub, a
//! country) and the right-click menu of a hub (its actions) or a country (its role).

use egui::Response;

use crate::command::Command;
use crate::model::hub::HubId;
use crate::model::roster::Role;

use super::map_hover::{hover_tooltip, hub_tooltip};
use super::map_view::{MapInput, MapOutput};

/// What the last right click on the map was on; its menu stays open on later frames
/// while the pointer moves, so it is kept rather than read from the hover.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContextTarget {
    /// The hub right-clicked, whose actions the menu shows.
    hub: Option<HubId>,
    /// Otherwise the country (code, name), whose role the menu sets.
    country: Option<(String, String)>,
}

/// Shows this frame's tooltip and, in an editable plan, the context menu; commands
/// chosen in the menu go to `out`.
pub(super) fn show(
    response: Response,
    out: &mut MapOutput,
    input: &MapInput<'_>,
    cluster_tip: Option<String>,
    target: &mut ContextTarget,
) {
    if response.secondary_clicked() {
        // On a hub its actions; elsewhere the country's role.
        target.hub = out.hovered_hub;
        target.country = out.hover.as_ref().and_then(|h| {
            h.country
                .as_ref()
                .map(|(_, code, name)| (code.clone(), name.clone()))
        });
    }
    let hovered_hub = out.hovered_hub.and_then(|id| {
        let i = input.plan.hubs.iter().position(|h| h.id == id)?;
        Some((&input.plan.hubs[i], input.sites.get(i)))
    });
    let response = match (&out.hover, hovered_hub) {
        (_, None) if !response.dragged() && cluster_tip.is_some() => response
            .on_hover_ui_at_pointer(|ui| {
                ui.strong(cluster_tip.unwrap_or_default());
                ui.label("Click to zoom in");
            }),
        (_, Some((hub, site))) if !response.dragged() => {
            response.on_hover_ui_at_pointer(|ui| hub_tooltip(ui, hub, site, input))
        }
        (Some(hover), None) if !response.dragged() && hover.country.is_some() => {
            response.on_hover_ui_at_pointer(|ui| hover_tooltip(ui, hover, input))
        }
        _ => response,
    };
    if let Some(hub) = target
        .hub
        .filter(|_| input.editable)
        .and_then(|id| input.plan.hub(id))
    {
        response.context_menu(|ui| out.commands.extend(crate::ui::hub_menu::show(ui, hub)));
    } else if let Some((code, name)) = target.country.clone().filter(|_| input.editable) {
        response.context_menu(|ui| {
            ui.strong(&name);
            ui.label("Role in the coalition:");
            let current = input.plan.role(&code);
            for role in Role::ALL {
                if ui.radio(current == role, role.label()).clicked() {
                    out.commands.push(Command::SetRole {
                        iso_a3: code.clone(),
                        name: name.clone(),
                        role,
                    });
                    ui.close();
                }
            }
        });
    }
}
