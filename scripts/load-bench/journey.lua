-- wrk: whole journeys, one connection per thread: create a session (host), consent and submit
-- three images (widget), again. Counts accepted submissions (202); done() prints one JSON object.
local auth = "Basic " .. os.getenv("BENCH_BASIC")
local create = '{"patient_ref":"MRN-1","first_name":"Ana","last_name":"Rivera",' ..
  '"date_of_birth":"1958-04-12","trigger":"signup","document_types":["drivers_license"],' ..
  '"host_origin":"http://127.0.0.1:8090","locale":"en","nonce":"bench-nonce"}'
local boundary = os.getenv("BENCH_BOUNDARY")
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local multipart = f:read("*a")
f:close()
local targets = {}
for t in string.gmatch(os.getenv("BENCH_TARGETS") or "", "%S+") do table.insert(targets, t) end
local threads = {}
local n = 0

function setup(thread)
  n = n + 1
  if #targets > 0 then
    local host, port = targets[(n - 1) % #targets + 1]:match("([^:]+):(%d+)")
    thread.addr = wrk.lookup(host, port)[1]
  end
  table.insert(threads, thread)
end

function init(args)
  state, sid, token = "create", nil, nil
  submitted, failed = 0, 0
end

function request()
  if state == "create" then
    return wrk.format("POST", "/v1/sessions",
      { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, create)
  elseif state == "consent" then
    return wrk.format("POST", "/v1/capture/sessions/" .. sid .. "/consent",
      { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
      '{"accepted":true,"biometric":true}')
  else
    return wrk.format("POST", "/v1/capture/sessions/" .. sid .. "/submit",
      { ["Authorization"] = "Bearer " .. token, ["Idempotency-Key"] = "k1",
        ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, multipart)
  end
end

function response(status, headers, body)
  if state == "create" then
    if status == 201 then
      sid = body:match('"session_id":"([^"]+)"')
      token = body:match('token=([%w%-_%.~]+)')
      state = "consent"
    else
      failed = failed + 1
    end
  elseif state == "consent" then
    if status == 200 then state = "submit" else failed = failed + 1; state = "create" end
  else
    if status == 202 then submitted = submitted + 1 else failed = failed + 1 end
    state = "create"
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("submitted")
    bad = bad + t:get("failed")
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"submissions":%d,"seconds":%.2f,"per_sec":%.2f,"failed_steps":%d,"socket_errors":%d}\n',
    ok, secs, ok / secs, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
