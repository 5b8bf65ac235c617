//! The HTTP server loop: hyper with a header-read timeout (axum's `serve` has none), the peer
//! address on every request (for per-address rate limits), the rest of a request's body read
//! and dropped when it was answered before reading it (so the client can read that answer and
//! keep its connection), and a graceful shutdown that stops accepting, lets in-flight requests
//! finish and then returns.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::{Body as _, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderValue, CONNECTION};
use hyper::{Request, Response, Version};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

/// Serves `router` on `listener` until `shutdown` completes, then waits up to `drain` for open
/// connections to finish their requests.
pub async fn run(
    listener: TcpListener,
    router: Router,
    header_read: Duration,
    drain: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let (mut parts, body) = request.into_parts();
            parts.extensions.insert(ConnectInfo::<SocketAddr>(peer));
            let http1 = parts.version <= Version::HTTP_11;
            let body = SharedBody::new(body);
            let left = body.clone();
            let router = router.clone();
            async move {
                let mut response = router
                    .oneshot(Request::from_parts(parts, axum::body::Body::new(body)))
                    .await?;
                if let Some(unread) = left.take().filter(|b| http1 && !b.is_end_stream()) {
                    if !drain_unread(unread).await {
                        close_after(&mut response);
                    }
                }
                Ok::<_, Infallible>(response)
            }
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the drain time; closing them");
    }
}

/// The most of a body answered before it was read that is read and dropped so that its
/// connection stays usable: more than any upload the widget sends (three pictures of a few
/// hundred kB), far less than a flood a caller without credentials could make us read.
const DRAIN_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// How long that rest may take to arrive (nginx's `lingering_close` does the same after its
/// answer, for up to 30 s).
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Reads and drops the rest of a body the router answered without reading: without this hyper
/// closes the connection under a client that may still be sending, and the client loses the
/// answer (a broken pipe) or sends its next request on the closing connection and loses that
/// (reqwest's "IncompleteMessage", seen once in CI). True when the body was read to its end.
async fn drain_unread(mut body: Incoming) -> bool {
    if body.size_hint().lower() > DRAIN_MAX_BYTES {
        return false;
    }
    let read = async {
        let mut seen = 0u64;
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            let Ok(frame) = frame else {
                return false;
            };
            seen += frame.data_ref().map_or(0, |data| data.len() as u64);
            if seen > DRAIN_MAX_BYTES {
                return false;
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIME, read)
        .await
        .unwrap_or(false)
}

/// An answer whose request's body could not be drained says `Connection: close` (RFC 9112
/// §9.6): hyper closes that connection once the answer is written.
fn close_after<B>(response: &mut Response<B>) {
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
}

/// A request body the router reads through while the server loop keeps hold of it, to drain
/// what the router left unread.
#[derive(Clone)]
struct SharedBody(Arc<Mutex<Option<Incoming>>>);

impl SharedBody {
    fn new(body: Incoming) -> Self {
        Self(Arc::new(Mutex::new(Some(body))))
    }

    fn lock(&self) -> MutexGuard<'_, Option<Incoming>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The body, taken from the router once it has answered.
    fn take(&self) -> Option<Incoming> {
        self.lock().take()
    }
}

impl hyper::body::Body for SharedBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        match self.lock().as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.lock().as_ref().is_none_or(|body| body.is_end_stream())
    }

    fn size_hint(&self) -> SizeHint {
        self.lock()
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), |body| body.size_hint())
    }
}
