-- wrk: POST /v1/sessions as a host backend. Threads spread over the replicas named in
-- BENCH_TARGETS ("host:port host:port"); done() prints one JSON object.
local auth = "Basic " .. os.getenv("BENCH_BASIC")
local body = '{"patient_ref":"MRN-1","first_name":"Ana","last_name":"Rivera",' ..
  '"date_of_birth":"1958-04-12","trigger":"signup","document_types":["drivers_license"],' ..
  '"host_origin":"http://127.0.0.1:8090","locale":"en","nonce":"bench-nonce"}'
local targets = {}
for t in string.gmatch(os.getenv("BENCH_TARGETS") or "", "%S+") do table.insert(targets, t) end
local n = 0

function setup(thread)
  n = n + 1
  if #targets > 0 then
    local host, port = targets[(n - 1) % #targets + 1]:match("([^:]+):(%d+)")
    thread.addr = wrk.lookup(host, port)[1]
  end
end

function request()
  return wrk.format("POST", "/v1/sessions",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"per_sec":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
