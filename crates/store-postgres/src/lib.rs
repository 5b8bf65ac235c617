//! The gateway's SQL for PostgreSQL: `gateway-store/queries.rs` compiled against PostgreSQL,
//! every statement checked at build time against the query data in this crate's `.sqlx/`
//! (written by `scripts/sqlx-prepare.sh` from the migrations in
//! `crates/gateway/migrations/postgres`).

/// This crate's engine.
pub type Db = sqlx::Postgres;

/// The branch of a statement that differs per engine: here the PostgreSQL one. The other branch
/// is dropped before its query macro expands, so it is never checked against PostgreSQL.
macro_rules! per_engine {
    (sqlite: $sqlite:block, postgres: $postgres:block) => {
        $postgres
    };
}

include!("../../gateway-store/queries.rs");
