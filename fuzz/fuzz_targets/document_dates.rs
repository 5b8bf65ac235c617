//! Dates as identity documents and vendor answers spell them (`id_documents::Date::parse_compact`,
//! `parse_iso`, `parse_document`). Invariants: no panic; a parsed date is a real calendar date
//! whose compact and ISO spellings parse back to it.
#![no_main]

use id_documents::{Date, DateOrder};
use libfuzzer_sys::fuzz_target;

fn check(date: Date) {
    assert_eq!(Date::new(date.year, date.month, date.day), Some(date));
    assert_eq!(Date::parse_compact(&date.compact()), Some(date));
    assert_eq!(Date::parse_iso(&date.iso()), Some(date));
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = [
        Date::parse_compact(text),
        Date::parse_iso(text),
        Date::parse_document(text, DateOrder::YearFirst),
        Date::parse_document(text, DateOrder::MonthFirst),
        Date::parse_document(text, DateOrder::Unstated),
    ];
    parsed.into_iter().flatten().for_each(check);
});
