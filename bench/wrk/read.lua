-- Card reads spread over many cards: GET <url>/<cardId> for a card picked at
-- random from the arguments, with the token of the customer that owns it.
-- Arguments after `--`: <token1> <cardId1> [<token2> <cardId2> …]
-- Counts 2xx vs everything else like count.lua (which the one-card reads and the
-- hello-world baseline use), and prints the same BENCHCOUNTS / BENCHLAT lines.
-- Thread-local counters must be globals: done() reads them with thread:get().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  paths, tokens = {}, {}
  local i = 1
  while args[i] ~= nil do
    table.insert(tokens, "Bearer " .. args[i])
    table.insert(paths, wrk.path .. "/" .. args[i + 1])
    i = i + 2
  end
  if #paths == 0 or #tokens ~= #paths then error("read.lua: expected <token> <cardId> pairs") end
  math.randomseed(os.time() + tid * 7919)
  ok, bad, first_bad = 0, 0, ""
end

function request()
  local k = math.random(#paths)
  wrk.headers["Authorization"] = tokens[k]
  return wrk.format("GET", paths[k])
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
