//! The plan: everything a planner changes and saves.
//!
//! For now the plan holds the coalition roster as the planner has adjusted it; hubs,
//! the ceasefire state and slides join it in later steps.

use crate::model::roster::{Role, Roster};

/// A planning document.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Title shown in the window and on exports.
    pub title: String,
    /// The roster in effect for this plan (seeded from the built-in one).
    pub roster: Roster,
}

impl Default for Plan {
    fn default() -> Self {
        Self {
            title: "Untitled plan (hypothetical)".into(),
            roster: Roster::builtin(),
        }
    }
}

impl Plan {
    /// Role of a country under this plan.
    pub fn role(&self, iso_a3: &str) -> Role {
        self.roster.role(iso_a3)
    }
}
