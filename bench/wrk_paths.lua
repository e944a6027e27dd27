-- wrk script for bench/load.py: each connection walks through the paths in WRK_PATHS_FILE
-- (one per line), sending the next request as soon as the last is answered (flat out).
-- Prints one JSON line at the end.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS_FILE")) do
  if #line > 0 then paths[#paths + 1] = line end
end

local counter = 0
function init(args)
  counter = math.random(#paths)
  math.randomseed(os.time() + counter)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.1f, "p90_ms": %.1f, "p95_ms": %.1f, ' ..
    '"p99_ms": %.1f, "max_ms": %.1f, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "bad_status": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
