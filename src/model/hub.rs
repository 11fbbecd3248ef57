//! Hubs: the hypothetical facilities a plan places, and the rules that activate them.
//!
//! Kinds follow the UK–France Declaration of Intent (military hubs, protected weapons
//! and equipment facilities) and the Paris Declaration (training to rebuild Ukraine's
//! forces, the Multinational Force, the US-led ceasefire monitoring mechanism).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Stable identifier of a hub within a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HubId(pub u64);

impl std::fmt::Display for HubId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "H{}", self.0)
    }
}

/// What a hub is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HubKind {
    /// A "military hub" of the Declaration of Intent.
    MilitaryHub,
    /// A protected facility for weapons and military equipment.
    ProtectedFacility,
    /// Training to rebuild Ukraine's armed forces.
    TrainingHub,
    /// Multinational Force HQ or coordination cell.
    ForceHq,
    /// Logistics and supply.
    Logistics,
    /// Air base or air defence.
    Air,
    /// Naval base or maritime security.
    Naval,
    /// A post of the US-led ceasefire monitoring and verification mechanism.
    MonitoringPost,
    /// A planner's own kind.
    Custom(String),
}

impl HubKind {
    /// The built-in kinds, in menu order.
    pub const BUILTIN: [HubKind; 8] = [
        HubKind::MilitaryHub,
        HubKind::ProtectedFacility,
        HubKind::TrainingHub,
        HubKind::ForceHq,
        HubKind::Logistics,
        HubKind::Air,
        HubKind::Naval,
        HubKind::MonitoringPost,
    ];

    /// Name for menus and legends.
    pub fn label(&self) -> &str {
        match self {
            HubKind::MilitaryHub => "Military hub",
            HubKind::ProtectedFacility => "Protected weapons & equipment facility",
            HubKind::TrainingHub => "Training hub",
            HubKind::ForceHq => "Multinational force HQ / coordination",
            HubKind::Logistics => "Logistics",
            HubKind::Air => "Air",
            HubKind::Naval => "Naval",
            HubKind::MonitoringPost => "Ceasefire monitoring post",
            HubKind::Custom(name) => name,
        }
    }

    /// Short code drawn inside the symbol's frame.
    pub fn code(&self) -> String {
        match self {
            HubKind::MilitaryHub => "HUB".into(),
            HubKind::ProtectedFacility => "WPN".into(),
            HubKind::TrainingHub => "TRG".into(),
            HubKind::ForceHq => "HQ".into(),
            HubKind::Logistics => "LOG".into(),
            HubKind::Air => "AIR".into(),
            HubKind::Naval => "NAV".into(),
            HubKind::MonitoringPost => "MON".into(),
            HubKind::Custom(name) => name
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(3)
                .collect::<String>()
                .to_uppercase(),
        }
    }

    /// Parses a kind from its snake_case key or its label; anything else is a custom kind.
    pub fn parse(text: &str) -> HubKind {
        let t = text.trim();
        HubKind::BUILTIN
            .into_iter()
            .find(|k| {
                k.label().eq_ignore_ascii_case(t)
                    || serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(|s| s == t))
                        .unwrap_or(false)
            })
            .unwrap_or_else(|| HubKind::Custom(t.to_owned()))
    }
}

/// The condition under which a hub becomes active.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// Active regardless of the ceasefire (e.g. a support hub in a neighbouring member state).
    Always,
    /// Active once a ceasefire is in effect (the Declaration of Intent's condition).
    #[default]
    Ceasefire,
    /// Active once the ceasefire is verified by the monitoring mechanism.
    CeasefireVerified,
    /// Active once a peace agreement is signed.
    PeaceAgreement,
}

impl Activation {
    /// All conditions, in menu order.
    pub const ALL: [Activation; 4] = [
        Activation::Always,
        Activation::Ceasefire,
        Activation::CeasefireVerified,
        Activation::PeaceAgreement,
    ];

    /// Name for menus.
    pub fn label(self) -> &'static str {
        match self {
            Activation::Always => "Always",
            Activation::Ceasefire => "Ceasefire in effect",
            Activation::CeasefireVerified => "Ceasefire verified",
            Activation::PeaceAgreement => "Peace agreement signed",
        }
    }

    /// What an inactive hub under this condition is waiting for.
    pub fn waiting_for(self) -> &'static str {
        match self {
            Activation::Always => "nothing",
            Activation::Ceasefire => "a ceasefire",
            Activation::CeasefireVerified => "verification of the ceasefire",
            Activation::PeaceAgreement => "a peace agreement",
        }
    }
}

/// The state of the ceasefire and what follows it.
///
/// Verification and the peace agreement only exist while a ceasefire is in effect:
/// the setters keep that invariant, so an impossible state cannot be stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceasefire {
    in_effect: bool,
    verified: bool,
    peace_signed: bool,
    /// Timeline: days since the conditions met were met (`None`: long enough for every
    /// hub to have stood up). Only exists while a ceasefire is in effect.
    #[serde(default)]
    day: Option<u32>,
}

impl Ceasefire {
    /// A state from its three flags; the two later ones are dropped without a ceasefire.
    pub const fn new(in_effect: bool, verified: bool, peace_signed: bool) -> Self {
        Self {
            in_effect,
            verified: in_effect && verified,
            peace_signed: in_effect && peace_signed,
            day: None,
        }
    }

    /// The same state on timeline day `day` (days since the ceasefire); ignored
    /// (stays `None`) without a ceasefire.
    pub fn with_day(mut self, day: Option<u32>) -> Self {
        self.set_day(day);
        self
    }

    /// Timeline day: days since the ceasefire, or `None` when every hub whose
    /// condition is met has stood up (the end state, and how plans without a
    /// timeline are read).
    pub fn day(&self) -> Option<u32> {
        self.day
    }

    /// Sets the timeline day; ignored (stays `None`) without a ceasefire.
    pub fn set_day(&mut self, day: Option<u32>) {
        self.day = day.filter(|_| self.in_effect);
    }

    /// Whether a ceasefire is in effect.
    pub fn in_effect(&self) -> bool {
        self.in_effect
    }

    /// Whether the monitoring mechanism has verified it.
    pub fn verified(&self) -> bool {
        self.verified
    }

    /// Whether a peace agreement is signed.
    pub fn peace_signed(&self) -> bool {
        self.peace_signed
    }

    /// Turns the ceasefire on or off; off also clears verification and peace.
    pub fn set_in_effect(&mut self, on: bool) {
        *self = Self::new(on, self.verified, self.peace_signed).with_day(self.day);
    }

    /// Sets verification; ignored (stays false) without a ceasefire.
    pub fn set_verified(&mut self, on: bool) {
        self.verified = self.in_effect && on;
    }

    /// Sets the peace agreement; ignored (stays false) without a ceasefire.
    pub fn set_peace_signed(&mut self, on: bool) {
        self.peace_signed = self.in_effect && on;
    }

    /// The state in words, for captions and badges: "No ceasefire", "Ceasefire in
    /// effect, not yet verified", "Ceasefire verified", "Peace agreement signed".
    pub fn describe(&self) -> &'static str {
        match (self.in_effect, self.verified, self.peace_signed) {
            (false, _, _) => "No ceasefire",
            (true, _, true) => "Peace agreement signed",
            (true, true, false) => "Ceasefire verified",
            (true, false, false) => "Ceasefire in effect, not yet verified",
        }
    }

    /// [`Ceasefire::describe`] with the timeline day when one is set:
    /// "Ceasefire verified · D+30".
    pub fn describe_with_day(&self) -> String {
        match self.day {
            Some(day) => format!("{} · D+{day}", self.describe()),
            None => self.describe().to_owned(),
        }
    }

    /// Whether a condition is met in this state.
    pub fn satisfies(&self, activation: Activation) -> bool {
        match activation {
            Activation::Always => true,
            Activation::Ceasefire => self.in_effect,
            Activation::CeasefireVerified => self.in_effect && self.verified,
            Activation::PeaceAgreement => self.in_effect && self.peace_signed,
        }
    }
}

/// A hub's status under a ceasefire state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Operating.
    Active,
    /// Planned: waiting for its activation condition.
    Inactive,
}

impl Status {
    /// "active" or "inactive".
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
        }
    }
}

/// A hypothetical hub.
#[derive(Clone, Debug, PartialEq)]
pub struct Hub {
    /// Stable id.
    pub id: HubId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: HubKind,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// ISO 3166-1 alpha-3 code of the lead nation.
    pub lead_nation: String,
    /// Codes of the contributing nations.
    pub contributors: Vec<String>,
    /// Planned personnel.
    pub personnel: u32,
    /// What activates it.
    pub activation: Activation,
    /// Free notes.
    pub notes: String,
    /// Stand-up delay: days after its activation condition is met until the hub is
    /// operating (D+N); 0 = at once. See [`Hub::status`].
    pub stand_up_days: u32,
    /// Range rings (coverage, reach), radii in km, ascending; see `measure::parse_radii`.
    pub range_rings_km: Vec<f64>,
    /// Whether this hub's range rings are drawn.
    pub show_range_rings: bool,
    /// Properties the hub came with that the app does not know; kept untouched.
    pub extra: Map<String, Value>,
}

impl Hub {
    /// A new hub with defaults: a military hub, led by the UK, active after a ceasefire.
    pub fn new(id: HubId, name: impl Into<String>, lon: f64, lat: f64) -> Self {
        Self {
            id,
            name: name.into(),
            kind: HubKind::MilitaryHub,
            lon,
            lat,
            lead_nation: "GBR".into(),
            contributors: Vec::new(),
            personnel: 0,
            activation: Activation::Ceasefire,
            stand_up_days: 0,
            notes: String::new(),
            range_rings_km: Vec::new(),
            show_range_rings: true,
            extra: Map::new(),
        }
    }

    /// Status under a ceasefire state: the activation rule and the timeline rule, the
    /// one place both live. A hub is active when its condition is met and, on timeline
    /// day N (days since the ceasefire, every met condition taken as met on D+0), only
    /// if N ≥ its stand-up delay. A hub active `Always` has long stood up; without a
    /// timeline day every hub whose condition is met has.
    pub fn status(&self, ceasefire: &Ceasefire) -> Status {
        if ceasefire.satisfies(self.activation) && self.stood_up(ceasefire.day()) {
            Status::Active
        } else {
            Status::Inactive
        }
    }

    /// Whether the hub has stood up by timeline day `day` (its condition met); see
    /// [`Hub::status`].
    pub fn stood_up(&self, day: Option<u32>) -> bool {
        self.activation == Activation::Always || day.is_none_or(|d| d >= self.stand_up_days)
    }
}

/// Checks a position typed or imported by a user.
pub fn validate_position(lon: f64, lat: f64) -> Result<(), String> {
    if !lon.is_finite() || !lat.is_finite() {
        return Err("coordinates must be numbers".into());
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside −180…180"));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is outside −90…90"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_rules_for_every_condition() {
        let off = Ceasefire::new(false, false, false);
        let on = Ceasefire::new(true, false, false);
        let verified = Ceasefire::new(true, true, false);
        let peace = Ceasefire::new(true, false, true);
        let all = Ceasefire::new(true, true, true);
        let expect = [
            (Activation::Always, [true, true, true, true, true]),
            (Activation::Ceasefire, [false, true, true, true, true]),
            (
                Activation::CeasefireVerified,
                [false, false, true, false, true],
            ),
            (
                Activation::PeaceAgreement,
                [false, false, false, true, true],
            ),
        ];
        for (activation, row) in expect {
            for (state, want) in [off, on, verified, peace, all].iter().zip(row) {
                assert_eq!(
                    state.satisfies(activation),
                    want,
                    "{activation:?} {state:?}"
                );
                let mut hub = Hub::new(HubId(1), "x", 30.0, 50.0);
                hub.activation = activation;
                let status = if want {
                    Status::Active
                } else {
                    Status::Inactive
                };
                assert_eq!(hub.status(state), status);
            }
        }
    }

    #[test]
    fn hubs_stand_up_after_their_delay_on_the_timeline() {
        let mut hub = Hub::new(HubId(1), "Dnipro logistics", 35.05, 48.46);
        hub.stand_up_days = 30;
        let on = Ceasefire::new(true, false, false);
        assert_eq!(hub.status(&on), Status::Active, "no day: the end state");
        assert_eq!(hub.status(&on.with_day(Some(0))), Status::Inactive);
        assert_eq!(hub.status(&on.with_day(Some(29))), Status::Inactive);
        assert_eq!(hub.status(&on.with_day(Some(30))), Status::Active);
        assert_eq!(hub.status(&on.with_day(Some(90))), Status::Active);
        // The delay counts only once the condition is met.
        hub.activation = Activation::CeasefireVerified;
        assert_eq!(hub.status(&on.with_day(Some(90))), Status::Inactive);
        // Hubs active regardless of the ceasefire have long stood up.
        hub.activation = Activation::Always;
        assert_eq!(hub.status(&on.with_day(Some(0))), Status::Active);
        // No day without a ceasefire; ending it drops the day, resuming keeps none.
        let off = Ceasefire::default().with_day(Some(5));
        assert_eq!(off.day(), None);
        let mut c = on.with_day(Some(12));
        assert_eq!(
            c.describe_with_day(),
            "Ceasefire in effect, not yet verified · D+12"
        );
        c.set_verified(true);
        assert_eq!(c.day(), Some(12), "verifying keeps the day");
        c.set_in_effect(false);
        assert_eq!(c, Ceasefire::default());
    }

    #[test]
    fn verification_and_peace_need_a_ceasefire() {
        let mut c = Ceasefire::default();
        c.set_verified(true);
        c.set_peace_signed(true);
        assert!(!c.verified() && !c.peace_signed());
        c.set_in_effect(true);
        c.set_verified(true);
        c.set_peace_signed(true);
        assert!(c.verified() && c.peace_signed());
        c.set_in_effect(false);
        assert_eq!(
            c,
            Ceasefire::default(),
            "ending the ceasefire clears what followed"
        );
        assert_eq!(Ceasefire::new(false, true, true), Ceasefire::default());
    }

    #[test]
    fn kinds_parse_from_keys_labels_and_custom_names() {
        assert_eq!(HubKind::parse("training_hub"), HubKind::TrainingHub);
        assert_eq!(
            HubKind::parse("Ceasefire monitoring post"),
            HubKind::MonitoringPost
        );
        assert_eq!(
            HubKind::parse("Field hospital"),
            HubKind::Custom("Field hospital".into())
        );
        assert_eq!(HubKind::Custom("Field hospital".into()).code(), "FIE");
        assert_eq!(HubKind::ProtectedFacility.code(), "WPN");
    }

    #[test]
    fn positions_are_validated() {
        assert!(validate_position(30.5, 50.4).is_ok());
        assert!(validate_position(f64::NAN, 50.0).is_err());
        assert!(
            validate_position(181.0, 50.0)
                .unwrap_err()
                .contains("longitude")
        );
        assert!(
            validate_position(30.0, -91.0)
                .unwrap_err()
                .contains("latitude")
        );
    }
}
