//! The widget's multipart submission as the gateway reads it (`routes::capture::read_submission`
//! over axum's `Multipart`), from a request built here and run on a small tokio runtime.
//!
//! Input: one byte choosing the size of the body's chunks (1–256 bytes, so parts straddle
//! chunk boundaries), then the body; the boundary is `fuzzboundary`.
//! Invariants: no panic; every image it accepts is a JPEG within the size cap.
#![no_main]

use std::convert::Infallible;
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::Request;
use gateway::http::routes::capture::read_submission;
use libfuzzer_sys::fuzz_target;

/// A small cap, so the fuzzer reaches it.
const MAX_BYTES: usize = 64;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime starts")
    })
}

fuzz_target!(|data: &[u8]| {
    let [chunk, body @ ..] = data else {
        return;
    };
    let chunks: Vec<Result<Vec<u8>, Infallible>> = body
        .chunks(usize::from(*chunk) + 1)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let request = Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "multipart/form-data; boundary=fuzzboundary")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .expect("a fixed request builds");
    runtime().block_on(async {
        let multipart = Multipart::from_request(request, &()).await;
        if let Ok((_, captures)) = read_submission(multipart, MAX_BYTES).await {
            for image in [captures.front, captures.back, captures.selfie]
                .into_iter()
                .flatten()
            {
                assert!(image.len() <= MAX_BYTES, "{} bytes", image.len());
                assert!(id_documents::jpeg::is_jpeg(&image));
            }
        }
    });
});
