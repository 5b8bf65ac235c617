//! Rebuilds this crate when what its query macros read changes: cargo cannot see the files and
//! variables a proc macro reads (see scripts/sqlx-prepare.sh).
fn main() {
    for var in ["DATABASE_URL", "SQLX_OFFLINE", "SQLX_OFFLINE_DIR"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=.sqlx");
    println!("cargo:rerun-if-changed=../gateway-store/queries.rs");
    println!("cargo:rerun-if-changed=../gateway/migrations");
}
