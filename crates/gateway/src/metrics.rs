//! Prometheus metrics of one replica, in the text exposition format (`GET /metrics`): decisions
//! by status and reason, 1Kosmos latency, webhook attempts by result, and the webhook backlog
//! (read from the database, so the same on every replica). No personal data: labels are
//! statuses and reason codes only.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the 1Kosmos latency histogram.
pub const LATENCY_BUCKETS: [f64; 9] = [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// Counters and a histogram, shared by the request handlers and background loops of a replica.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Counts>,
}

/// A snapshot of the counters, for `/metrics`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    /// (status, reason code or "") → decisions recorded by this replica.
    pub decisions: BTreeMap<(String, String), u64>,
    /// Per bucket of [`LATENCY_BUCKETS`] (not cumulative), then the sum and count.
    pub latency_buckets: [u64; LATENCY_BUCKETS.len()],
    /// Seconds spent waiting for 1Kosmos, summed over [`Counts::latency_count`] calls.
    pub latency_sum: f64,
    /// Calls to 1Kosmos timed.
    pub latency_count: u64,
    /// "delivered" | "retry" | "gave_up" → webhook attempts by this replica.
    pub webhook_attempts: BTreeMap<String, u64>,
}

impl Metrics {
    fn with(&self, f: impl FnOnce(&mut Counts)) {
        // A panic while holding the lock leaves plain counters: still worth reporting.
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard);
    }

    /// Counts a decision recorded by this replica.
    pub fn decided(&self, status: &str, reason: Option<&str>) {
        self.with(|c| {
            *c.decisions
                .entry((status.to_owned(), reason.unwrap_or("").to_owned()))
                .or_default() += 1;
        });
    }

    /// One 1Kosmos call (answered, failed or cut off by the deadline) took `took`.
    pub fn vendor_call(&self, took: Duration) {
        let secs = took.as_secs_f64();
        self.with(|c| {
            if let Some(i) = LATENCY_BUCKETS.iter().position(|b| secs <= *b) {
                c.latency_buckets[i] += 1;
            }
            c.latency_sum += secs;
            c.latency_count += 1;
        });
    }

    /// Counts a webhook delivery attempt: `delivered`, `retry` or `gave_up`.
    pub fn webhook_attempt(&self, result: &str) {
        self.with(|c| *c.webhook_attempts.entry(result.to_owned()).or_default() += 1);
    }

    /// The counters as they are now.
    pub fn snapshot(&self) -> Counts {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Escapes a label value for the exposition format.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The exposition text for `counts` and the database's webhook backlog.
pub fn render(counts: &Counts, pending: i64, failed: i64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# HELP idv_decisions_total Verifications decided by this replica, by status and reason code.\n\
         # TYPE idv_decisions_total counter"
    );
    for ((status, reason), n) in &counts.decisions {
        let _ = writeln!(
            out,
            "idv_decisions_total{{status=\"{}\",reason=\"{}\"}} {n}",
            label(status),
            label(reason)
        );
    }
    let _ = writeln!(
        out,
        "# HELP idv_vendor_latency_seconds 1Kosmos /verify calls, answered or not.\n\
         # TYPE idv_vendor_latency_seconds histogram"
    );
    let mut cumulative = 0;
    for (bound, n) in LATENCY_BUCKETS.iter().zip(counts.latency_buckets) {
        cumulative += n;
        let _ = writeln!(
            out,
            "idv_vendor_latency_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
        );
    }
    let _ = writeln!(
        out,
        "idv_vendor_latency_seconds_bucket{{le=\"+Inf\"}} {}\n\
         idv_vendor_latency_seconds_sum {}\n\
         idv_vendor_latency_seconds_count {}",
        counts.latency_count, counts.latency_sum, counts.latency_count
    );
    let _ = writeln!(
        out,
        "# HELP idv_webhook_attempts_total Webhook attempts by this replica, by result.\n\
         # TYPE idv_webhook_attempts_total counter"
    );
    for (result, n) in &counts.webhook_attempts {
        let _ = writeln!(
            out,
            "idv_webhook_attempts_total{{result=\"{}\"}} {n}",
            label(result)
        );
    }
    let _ = writeln!(
        out,
        "# HELP idv_webhook_backlog Webhook events in the database by status (every replica reports the same).\n\
         # TYPE idv_webhook_backlog gauge\n\
         idv_webhook_backlog{{status=\"pending\"}} {pending}\n\
         idv_webhook_backlog{{status=\"failed\"}} {failed}"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_a_cumulative_histogram_and_the_backlog() {
        let m = Metrics::default();
        m.decided("PASS", None);
        m.decided("PASS", None);
        m.decided("FAIL", Some("IDV0010"));
        m.vendor_call(Duration::from_millis(300));
        m.vendor_call(Duration::from_secs(4));
        m.vendor_call(Duration::from_secs(120));
        m.webhook_attempt("delivered");
        let text = render(&m.snapshot(), 3, 1);
        for line in [
            "idv_decisions_total{status=\"PASS\",reason=\"\"} 2",
            "idv_decisions_total{status=\"FAIL\",reason=\"IDV0010\"} 1",
            "idv_vendor_latency_seconds_bucket{le=\"0.25\"} 0",
            "idv_vendor_latency_seconds_bucket{le=\"0.5\"} 1",
            "idv_vendor_latency_seconds_bucket{le=\"5\"} 2",
            "idv_vendor_latency_seconds_bucket{le=\"60\"} 2",
            "idv_vendor_latency_seconds_bucket{le=\"+Inf\"} 3",
            "idv_vendor_latency_seconds_count 3",
            "idv_webhook_attempts_total{result=\"delivered\"} 1",
            "idv_webhook_backlog{status=\"pending\"} 3",
            "idv_webhook_backlog{status=\"failed\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
        assert_eq!(label("a\"b\\c"), "a\\\"b\\\\c");
    }
}
