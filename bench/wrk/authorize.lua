-- Card authorizations, closed loop: POST /openapi/v1/simulate/authorize, each
-- request for a card picked at random from the arguments, with the token of
-- the customer that owns it, a random amount and a unique reference.
-- Arguments after `--`: <runTag> <minCents> <maxCents> <token1> <cardId1> [<token2> <cardId2> …]
-- reference is <runTag>-<thread>-<counter>: unique per thread, per run, per
-- benchmark (a repeated reference is answered as a replay, not a new authorization).
--
-- Counts per thread: sent, ok (2xx), non2xx, approved (status Pending: the
-- hold is placed), declined (by declineReason), other (2xx that is neither),
-- and the sum of approved amounts in cents (read back from the answer, since
-- a response does not know its request). sent - answers = requests in flight
-- when wrk stopped: the server may still approve those.
-- done() also prints p50/p99/p99.9/max of wrk's latency histogram (µs).
-- Thread-local counters must be globals: done() reads them with thread:get().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  run_tag = args[1]
  min_cents, max_cents = tonumber(args[2]), tonumber(args[3])
  tokens, cards = {}, {}
  local i = 4
  while args[i] ~= nil do
    table.insert(tokens, "Bearer " .. args[i])
    table.insert(cards, args[i + 1])
    i = i + 2
  end
  if #cards == 0 or #tokens ~= #cards or not min_cents or not max_cents then
    error("authorize.lua: expected <runTag> <minCents> <maxCents> followed by <token> <cardId> pairs")
  end
  math.randomseed(os.time() + tid * 7919)
  sent, ok, bad, approved, declined, other, approved_cents = 0, 0, 0, 0, 0, 0, 0
  reasons = {}
  first_bad, first_other = "", ""
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  local k = math.random(#cards)
  wrk.headers["Authorization"] = tokens[k]
  local cents = math.random(min_cents, max_cents)
  local body = string.format('{"cardId":"%s","amount":"%d.%02d","merchantName":"Bench Store","mcc":"5999","reference":"%s-%d-%d"}',
    cards[k], math.floor(cents / 100), cents % 100, run_tag, tid, sent)
  return wrk.format("POST", wrk.path, nil, body)
end

function response(status, hdrs, body)
  if status < 200 or status >= 300 then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
    return
  end
  ok = ok + 1
  local clean = string.find(body, '"hasError":false', 1, true)
  if clean and string.find(body, '"status":"Pending"', 1, true) then
    approved = approved + 1
    local a = string.match(body, '"amount":([%d.]+)')
    approved_cents = approved_cents + math.floor(tonumber(a or "0") * 100 + 0.5)
  elseif clean and string.find(body, '"status":"Declined"', 1, true) then
    declined = declined + 1
    local r = string.match(body, '"declineReason":"([%u_]+)"') or "?"
    reasons[r] = (reasons[r] or 0) + 1
  else
    other = other + 1
    if first_other == "" then first_other = string.sub(body, 1, 300) end
  end
end

function done(summary, latency, requests)
  local s, o, b, a, d, x, c, fb, fo = 0, 0, 0, 0, 0, 0, 0, "", ""
  local rs = {}
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    o = o + t:get("ok")
    b = b + t:get("bad")
    a = a + t:get("approved")
    d = d + t:get("declined")
    x = x + t:get("other")
    c = c + t:get("approved_cents")
    for k, v in pairs(t:get("reasons")) do rs[k] = (rs[k] or 0) + v end
    if fb == "" then fb = t:get("first_bad") end
    if fo == "" then fo = t:get("first_other") end
  end
  local reason_list = ""
  for k, v in pairs(rs) do reason_list = reason_list .. k .. "=" .. v .. "," end
  io.write(string.format("BENCHCOUNTS ok=%d non2xx=%d sent=%d completed=%d\n", o, b, s, a))
  io.write(string.format("BENCHAUTH approved=%d declined=%d other=%d approved_cents=%d reasons=%s\n", a, d, x, c, reason_list))
  io.write(string.format("BENCHLAT p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
  if fb ~= "" then io.write("BENCHFIRSTBAD " .. string.gsub(fb, "[\r\n]", " ") .. "\n") end
  if fo ~= "" then io.write("BENCHFIRSTOTHER " .. string.gsub(fo, "[\r\n]", " ") .. "\n") end
end
