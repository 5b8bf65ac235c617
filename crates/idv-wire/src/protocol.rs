//! The `postMessage` protocol between the widget (inside the iframe) and the host page.
//!
//! Every message is one JSON envelope: `{"source": "idv-widget", "version": 1, "type": ..., "payload": ...}`.
//! Messages carry no personal data: screen names, outcomes, ids and machine-readable codes only.

use serde::{Deserialize, Serialize};

use crate::{Locale, VerificationStatus};

/// `source` of every widget message.
pub const SOURCE: &str = "idv-widget";
/// The protocol version both sides send and require.
pub const VERSION: u32 = 1;
/// Messages from the host larger than this are ignored unread.
pub const MAX_INBOUND_BYTES: usize = 4096;

/// Widget → host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "payload", rename_all = "snake_case")]
pub enum WidgetMessage {
    /// The widget is loaded and usable.
    Ready {},
    /// The patient reached a screen (name only).
    Step {
        /// The screen's name (`consent`, `capture_front`, …).
        screen: String,
    },
    /// Content height in CSS pixels, so the host can size the iframe.
    Resize {
        /// Height in CSS pixels.
        height: u32,
    },
    /// The journey reached a decision.
    Complete {
        /// `PASS`, `FAIL` or `ERROR`.
        status: VerificationStatus,
        /// The verification's id, for the host's backend.
        verification_id: String,
        /// The reason code of a FAIL (`IDV0011`…) or ERROR (`timeout`…).
        reason_code: Option<String>,
        /// Signed result for the host's backend (PASS and FAIL only).
        result_token: Option<String>,
    },
    /// The journey cannot continue (machine-readable code, e.g. `expired_token`).
    Error {
        /// The machine-readable code.
        code: String,
    },
    /// The patient left the journey (e.g. declined consent).
    Cancel {
        /// Why (`consent_declined`, …).
        reason: String,
        /// Whether the same session can be opened again.
        resumable: bool,
    },
    /// The patient pressed Continue or Close on a final screen: the host should close the widget.
    Close {},
}

/// Host → widget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "payload", rename_all = "snake_case")]
pub enum HostMessage {
    /// Switch the widget's language.
    Configure {
        /// The language to switch to; absent: no change.
        locale: Option<Locale>,
    },
    /// Stop the journey: the host is closing the widget.
    Cancel {},
}

/// Every message: `{source, version, type, payload}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Envelope<M> {
    /// `idv-widget` from the widget, `idv-host` from the host.
    pub source: String,
    /// The protocol version (1).
    pub version: u32,
    /// The message: `type` and `payload`.
    #[serde(flatten)]
    pub message: M,
}

impl<M> Envelope<M> {
    /// The message in an envelope from the widget (`source` [`SOURCE`], this [`VERSION`]).
    pub fn new(message: M) -> Self {
        Self {
            source: SOURCE.to_owned(),
            version: VERSION,
            message,
        }
    }
}

/// Serialises a widget message into its envelope.
pub fn encode(message: WidgetMessage) -> String {
    // A struct of strings and numbers always serialises.
    serde_json::to_string(&Envelope::new(message)).unwrap_or_default()
}

/// Why an inbound message was ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// Over the size limit.
    TooLarge,
    /// Not JSON, or not a known message.
    Malformed,
    /// Not from the host (`source` is not `idv-host`).
    WrongSource,
    /// Another protocol version.
    WrongVersion,
}

/// Parses a message from the host; origin and source-window checks happen in the browser shell.
pub fn decode_host(data: &str) -> Result<HostMessage, Ignored> {
    if data.len() > MAX_INBOUND_BYTES {
        return Err(Ignored::TooLarge);
    }
    let value: serde_json::Value = serde_json::from_str(data).map_err(|_| Ignored::Malformed)?;
    if value.get("source").and_then(|s| s.as_str()) != Some("idv-host") {
        return Err(Ignored::WrongSource);
    }
    if value.get("version").and_then(|v| v.as_u64()) != Some(u64::from(VERSION)) {
        return Err(Ignored::WrongVersion);
    }
    // The payload is read per type (not through `Envelope<HostMessage>`, whose flattened,
    // tagged form pulls serde's buffering deserializer into the widget: ~3 KB gzip).
    let payload = value.get("payload").ok_or(Ignored::Malformed)?;
    match value.get("type").and_then(|t| t.as_str()) {
        Some("configure") => {
            #[derive(Deserialize)]
            struct Configure {
                locale: Option<Locale>,
            }
            let c = Configure::deserialize(payload).map_err(|_| Ignored::Malformed)?;
            Ok(HostMessage::Configure { locale: c.locale })
        }
        Some("cancel") if payload.is_object() => Ok(HostMessage::Cancel {}),
        _ => Err(Ignored::Malformed),
    }
}

/// The JSON Schema of both directions, as published in `docs/protocol.schema.json`.
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "idv-widget postMessage protocol, version 1",
        "description": "widget_to_host: messages the widget posts to the host origin (source \"idv-widget\"). host_to_widget: commands the host may post to the widget origin (source \"idv-host\").",
        "widget_to_host": schemars::schema_for!(Envelope<WidgetMessage>),
        "host_to_widget": schemars::schema_for!(Envelope<HostMessage>),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published schema is generated from these types; this fails when it is stale.
    /// Regenerate: `cargo run -p idv-wire --features schema --example protocol-schema > docs/protocol.schema.json`
    #[cfg(feature = "schema")]
    #[test]
    fn published_schema_matches_the_types() {
        let published = include_str!("../../../docs/protocol.schema.json");
        let published: serde_json::Value = serde_json::from_str(published).unwrap();
        assert_eq!(published, json_schema());
    }

    #[test]
    fn complete_message_has_the_documented_shape() {
        let json = encode(WidgetMessage::Complete {
            status: VerificationStatus::Fail,
            verification_id: "v1".into(),
            reason_code: Some("IDV0011".into()),
            result_token: Some("a.b.c".into()),
        });
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["source"], "idv-widget");
        assert_eq!(v["version"], 1);
        assert_eq!(v["type"], "complete");
        assert_eq!(v["payload"]["status"], "FAIL");
        assert_eq!(v["payload"]["verification_id"], "v1");
        assert_eq!(v["payload"]["reason_code"], "IDV0011");
        assert_eq!(v["payload"]["result_token"], "a.b.c");
    }

    #[test]
    fn host_messages_are_checked_before_use() {
        let ok =
            r#"{"source":"idv-host","version":1,"type":"configure","payload":{"locale":"es"}}"#;
        assert_eq!(
            decode_host(ok),
            Ok(HostMessage::Configure {
                locale: Some(Locale::Es)
            })
        );
        assert_eq!(decode_host("not json"), Err(Ignored::Malformed));
        // Read as the derived form reads it: the payload is required and typed.
        for junk in [
            r#"{"source":"idv-host","version":1,"type":"cancel"}"#,
            r#"{"source":"idv-host","version":1,"type":"cancel","payload":3}"#,
            r#"{"source":"idv-host","version":1,"type":"configure","payload":{"locale":"klingon"}}"#,
            r#"{"source":"idv-host","version":1,"payload":{}}"#,
        ] {
            assert_eq!(decode_host(junk), Err(Ignored::Malformed), "{junk}");
            let derived: Result<Envelope<HostMessage>, _> = serde_json::from_str(junk);
            assert!(derived.is_err(), "the derived form refuses it too: {junk}");
        }
        assert_eq!(
            decode_host(r#"{"source":"idv-host","version":1,"type":"configure","payload":{}}"#),
            Ok(HostMessage::Configure { locale: None })
        );
        assert_eq!(
            decode_host(r#"{"source":"idv-host","version":1,"type":"cancel","payload":{}}"#),
            Ok(HostMessage::Cancel {})
        );
        assert_eq!(
            decode_host(r#"{"source":"x","version":1,"type":"cancel","payload":{}}"#),
            Err(Ignored::WrongSource)
        );
        assert_eq!(
            decode_host(r#"{"source":"idv-host","version":2,"type":"cancel","payload":{}}"#),
            Err(Ignored::WrongVersion)
        );
        assert_eq!(
            decode_host(r#"{"source":"idv-host","version":1,"type":"format_disk","payload":{}}"#),
            Err(Ignored::Malformed)
        );
        let big = format!(r#"{{"source":"idv-host","pad":"{}"}}"#, "x".repeat(5000));
        assert_eq!(decode_host(&big), Err(Ignored::TooLarge));
    }
}
