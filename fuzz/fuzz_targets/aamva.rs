//! The AAMVA payload of a licence barcode (`id_documents::aamva::parse`), as the tenant reads it
//! from a decoded PDF417. Invariants: no panic; a parsed record has its required fields, and
//! encoding it parses back to the same record.
#![no_main]

use id_documents::aamva::{encode, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(payload) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = parse(payload) else {
        return;
    };
    assert_eq!(record.iin.len(), 6);
    assert!(!record.number.is_empty() && !record.family_name.is_empty());
    assert!(!record.first_name.is_empty());
    assert_eq!(parse(&encode(&record)), Ok(record));
});
