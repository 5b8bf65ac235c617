//! A client for 1Kosmos docuverify: the envelope crypto, the wire shapes, the `/verify` call and
//! the PASS/FAIL decision, including binding the vendor's answer to the patient. Holds server
//! secrets; never compile it into the widget.
//!
//! Only an authenticated answer can decide: a 2xx answer without the encrypted envelope, for
//! another document, or that does not parse is an error ([`ClientError`]), never a decision.

pub mod client;
pub mod decision;
pub mod envelope;
pub mod identity;
pub mod journey;
pub mod wire;

pub use client::{Client, ClientError, TenantConfig};
pub use decision::{decide, Binding, Decision};
pub use envelope::{EnvelopeError, KeyPair, SharedKey};
