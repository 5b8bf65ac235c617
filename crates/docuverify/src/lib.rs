//! A client for 1Kosmos docuverify: the envelope crypto, the wire shapes, the `/verify` call and
//! the PASS/FAIL decision. Holds server secrets; never compile it into the widget.

pub mod client;
pub mod decision;
pub mod envelope;
pub mod journey;
pub mod wire;

pub use client::{Client, ClientError, TenantConfig};
pub use decision::{decide, Decision};
pub use envelope::{EnvelopeError, KeyPair, SharedKey};
