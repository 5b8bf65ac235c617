//! Prints the JSON Schema of the postMessage protocol (published as docs/protocol.schema.json).

fn main() {
    let schema = idv_wire::protocol::json_schema();
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
}
