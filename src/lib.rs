//! The identity-verification capture widget.
//!
//! - [`journey`]: the pure state machine (host-tested); [`guidance`]: steady instructions;
//! - [`i18n`]: every patient-facing string;
//! - [`launch`]: reading the iframe URL fragment; [`browser`]: whose camera settings to explain;
//! - [`components`], [`hooks`]: the Yew UI; [`api`], [`bridge`], [`camera`], [`vision`] (the analysis
//!   worker), [`wallet`] (the Digital Credentials API): thin browser shells.

pub mod browser;
pub mod guidance;
pub mod i18n;
pub mod journey;
pub mod launch;

pub mod api;
pub mod bridge;
pub mod camera;
pub mod components;
pub mod hooks;
pub mod vision;
pub mod wallet;
