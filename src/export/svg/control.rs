//! The control layers' data for the SVG picture: the features prepared as on screen,
//! the zone and bands, the legend's rows and the credit (sources and dates). Their
//! drawing is the scene's (`map::scene::control`, `Legend::control`, `credits`).

use super::Ctx;
use crate::map::MapData;
use crate::map::control_style::{self as style, LegendRow};
use crate::map::control_view::{ControlView, PreparedControl};
use crate::map::threat_field::{ControlScene, SceneInput};
use crate::model::control::{ControlFeature, effective};
use crate::model::plan::Plan;

/// The control features and scene a picture shows.
pub(super) struct ControlPicture {
    features: Vec<ControlFeature>,
    scene: Option<std::sync::Arc<ControlScene>>,
}

impl ControlPicture {
    /// Gathers what the layers switched on need (the threat bands are computed here,
    /// up to a second or two for the whole region, or reused from the last pictures).
    pub(super) fn new(ctx: &Ctx, data: &MapData, plan: &Plan) -> Self {
        let l = &ctx.layers;
        let features: Vec<ControlFeature> = effective(&plan.control, &plan.control_settings)
            .cloned()
            .collect();
        let wants_scene =
            l.threat_bands || (l.ceasefire_zone && features.iter().any(|f| f.kind.makes_zone()));
        let scene = wants_scene.then(|| {
            let mut input = SceneInput::for_plan(&data.geography.countries, plan);
            if !l.threat_bands {
                input.settings.threat_bands_km.clear();
            }
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            ControlScene::cached(&input, threads)
        });
        Self { features, scene }
    }
}

impl ControlPicture {
    /// The control view the scene's control layers are built from: the features
    /// prepared as on screen (only when the control layer shows) and the scene.
    pub(super) fn view(&self, ctx: &Ctx, plan: &Plan) -> ControlView {
        let prepared = if ctx.layers.control && !self.features.is_empty() {
            PreparedControl::prepare(
                std::sync::Arc::new(self.features.clone()),
                &plan.control_settings,
            )
        } else {
            PreparedControl::default()
        };
        ControlView {
            features: std::sync::Arc::clone(&prepared.features),
            prepared: std::sync::Arc::new(prepared),
            scene: self.scene.clone(),
            revision: 0,
            settings: plan.control_settings.clone(),
        }
    }
}

/// The control credit for what the picture shows (the scene draws it with the others).
pub(super) fn credit(ctx: &Ctx, pic: &ControlPicture) -> Option<String> {
    style::credit(&pic.features, &ctx.layers)
}

/// The control legend's rows for what the picture shows (the scene draws them).
pub(super) fn legend_rows(ctx: &Ctx, pic: &ControlPicture, plan: &Plan) -> Vec<LegendRow> {
    let zone_drawn = pic
        .scene
        .as_ref()
        .is_some_and(|s| !s.zone_outline.is_empty());
    style::legend_rows(
        &pic.features,
        &plan.control_settings,
        &ctx.layers,
        zone_drawn,
    )
}
