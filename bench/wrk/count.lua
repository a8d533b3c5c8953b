-- GET load with response accounting. wrk itself only counts status >= 400 as
-- errors, so 2xx vs everything else is counted here, per thread, and summed
-- in done(). The same script is used for the hello-world baseline and for the
-- Cardepass reads so that the load generator does the same work per response
-- in both (a `response` handler makes wrk parse every body).
--
-- done() also prints p50/p90/p99/p99.9/max of wrk's latency histogram (µs).
-- Thread-local counters must be globals: done() reads them with thread:get().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, bad, first_bad = 0, 0, ""
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local o, b, fb = 0, 0, ""
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    b = b + t:get("bad")
    if fb == "" then fb = t:get("first_bad") end
  end
  io.write(string.format("BENCHCOUNTS ok=%d non2xx=%d sent=0 completed=0\n", o, b))
  io.write(string.format("BENCHLAT p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
  if fb ~= "" then io.write("BENCHFIRSTBAD " .. string.gsub(fb, "[\r\n]", " ") .. "\n") end
end
