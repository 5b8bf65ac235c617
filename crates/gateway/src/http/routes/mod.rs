//! HTTP handlers, one module per audience: the host's backend ([`host`]), the widget
//! ([`capture`], [`handoff`], [`wallet`]), OpenID Connect clients ([`oidc`]) and operators ([`ops`]). Each reads its request, calls the
//! domain, and writes the answer.

pub mod capture;
pub mod handoff;
pub mod host;
pub mod oidc;
pub mod ops;
pub mod wallet;
