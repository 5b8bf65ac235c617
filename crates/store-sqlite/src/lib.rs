//! The gateway's SQL for SQLite: `gateway-store/queries.rs` compiled against SQLite, every
//! statement checked at build time against the query data in this crate's `.sqlx/` (written by
//! `scripts/sqlx-prepare.sh` from the migrations in `crates/gateway/migrations/sqlite`).

/// This crate's engine.
pub type Db = sqlx::Sqlite;

/// The branch of a statement that differs per engine: here the SQLite one. The other branch is
/// dropped before its query macro expands, so it is never checked against SQLite.
macro_rules! per_engine {
    (sqlite: $sqlite:block, postgres: $postgres:block) => {
        $sqlite
    };
}

include!("../../gateway-store/queries.rs");
