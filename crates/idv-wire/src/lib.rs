//! Wire types shared by the widget (wasm), the gateway and the host integration.
//!
//! Everything that crosses a process boundary is declared here once: the server-to-server
//! session API ([`host_api`]), the widget-facing capture API ([`capture_api`], [`handoff`]),
//! the error body and its codes ([`error`]), the routes ([`paths`]), and the `postMessage`
//! protocol between the widget and the host page ([`protocol`]). No I/O lives in this crate.

use serde::{Deserialize, Serialize};

#[macro_use]
mod wire_enum;

pub mod capture_api;
pub mod error;
pub mod handoff;
pub mod host_api;
pub mod paths;
pub mod protocol;
pub mod reasons;
pub mod vision;

pub use capture_api::*;
pub use error::*;
pub use handoff::*;
pub use host_api::*;
pub use wire_enum::UnknownValue;

wire_enum! {
    /// The identity documents a journey can accept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum DocumentType("document type") {
        /// A driver's licence (front and back).
        DriversLicense = "drivers_license",
        /// A passport data page.
        Passport = "passport",
        /// A state or national ID card (front and back).
        IdCard = "id_card",
    }
}

impl DocumentType {
    /// A passport is captured on its data page only; cards have a front and a back (PDF417).
    pub fn needs_back(self) -> bool {
        !matches!(self, Self::Passport)
    }
}

wire_enum! {
    /// Why the host asked for a verification.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Trigger("trigger") {
        /// The patient is signing up.
        Signup = "signup",
        /// The patient is resetting a password.
        PasswordReset = "password_reset",
        /// The patient asks for proxy access.
        ProxyRequest = "proxy_request",
        /// Onboarding by the clinic.
        Onboarding = "onboarding",
    }
}

wire_enum! {
    /// What a session captures.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
    pub enum SessionMode("session mode") {
        /// Document (front, back) and selfie: the first proofing.
        #[default]
        Full = "full",
        /// A live selfie only, compared with the portrait enrolled at an earlier PASS.
        Reverify = "reverify",
    }
}

wire_enum! {
    /// Languages the widget speaks.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    pub enum Locale("locale") {
        /// English (the default).
        #[default]
        En = "en",
        /// Spanish.
        Es = "es",
    }
}

impl Locale {
    /// Accepts `es`, `es-MX`, `ES_us`...; anything unknown is English.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("es") {
            Self::Es
        } else {
            Self::En
        }
    }
}

#[cfg(test)]
mod tests;
