//! The gateway's integration tests, in one binary (one link instead of eight): real HTTP on
//! loopback, the local 1Kosmos tenant, a real SQLite file (or PostgreSQL with
//! `TEST_DATABASE_URL`), and for `replicas` and `restart` real gateway processes.

// A test's `unwrap` is an assertion (clippy.toml allows it in `#[test]` functions; here in the
// harness's helpers too).
#![allow(clippy::unwrap_used)]

mod common;

mod api;
mod browser_headers;
mod fair_limits;
mod handoff;
mod handoff_ownership;
mod hardening;
mod oidc;
mod replicas;
mod restart;
mod retention;
mod reverify;
mod trust;
mod wallet;
