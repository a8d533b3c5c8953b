-- Standard top-up orders: POST /openapi/v1/orders/standard/topup, each request
-- for a card picked at random from the arguments, with the token of the
-- customer that owns it. Many cards of several customers give the load the
-- shape of pgbench's tpcb-like at scale 10 (10 branches, 100 tellers); one
-- card gives the hot-row case, where every top-up waits for the same rows.
-- Arguments after `--`: <runTag> <token1> <cardId1> [<token2> <cardId2> …]
-- customerOrderNo is <runTag>-<thread>-<counter>: unique per thread, per run,
-- per benchmark (a repeat would be answered as a replay, not a new order).
--
-- Counts per thread: sent (requests built), ok (2xx), non2xx, and completed
-- (2xx whose order status is Completed). sent - responses = requests still in
-- flight when wrk stopped: the server may still complete those orders.
-- done() also prints p50/p90/p99/p99.9/max of wrk's latency histogram (µs).
-- Thread-local counters must be globals: done() reads them with thread:get().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  run_tag = args[1]
  tokens, cards = {}, {}
  local i = 2
  while args[i] ~= nil do
    table.insert(tokens, "Bearer " .. args[i])
    table.insert(cards, args[i + 1])
    i = i + 2
  end
  if #cards == 0 or #tokens ~= #cards then
    error("topup.lua: expected <runTag> followed by <token> <cardId> pairs")
  end
  -- Each thread has its own Lua state and generator: seed them differently,
  -- or both threads would walk the cards in the same order at the same time.
  math.randomseed(os.time() + tid * 7919)
  sent, ok, bad, completed, first_bad, first_other = 0, 0, 0, 0, "", ""
  -- Passing a headers table to wrk.format replaces wrk.headers, so set ours
  -- (the per-request Authorization too) in wrk.headers, which is per thread.
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  local k = math.random(#cards)
  wrk.headers["Authorization"] = tokens[k]
  local body = string.format('{"cardId":"%s","topUpAmount":"1.00","customerOrderNo":"%s-%d-%d"}', cards[k], run_tag, tid, sent)
  return wrk.format("POST", wrk.path, nil, body)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    -- The order's own status; the envelope has no "status" field of its own.
    if string.find(body, '"status":"Completed"', 1, true) then
      completed = completed + 1
    elseif first_other == "" then
      first_other = string.sub(body, 1, 300)
    end
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local s, o, b, c, fb, fo = 0, 0, 0, 0, "", ""
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    o = o + t:get("ok")
    b = b + t:get("bad")
    c = c + t:get("completed")
    if fb == "" then fb = t:get("first_bad") end
    if fo == "" then fo = t:get("first_other") end
  end
  io.write(string.format("BENCHCOUNTS ok=%d non2xx=%d sent=%d completed=%d\n", o, b, s, c))
  io.write(string.format("BENCHLAT p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
  if fb ~= "" then io.write("BENCHFIRSTBAD " .. string.gsub(fb, "[\r\n]", " ") .. "\n") end
  if fo ~= "" then io.write("BENCHFIRSTOTHER " .. string.gsub(fo, "[\r\n]", " ") .. "\n") end
end
