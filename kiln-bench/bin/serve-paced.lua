-- wrk script for kiln-bench/bin/serve.sh's paced runs: serve-post.lua's request, and each connection
-- waits $PACE_MS milliseconds after every answer before it sends again, so the load is a steady
-- rate below the server's capacity (connections x 1000 / (PACE_MS + latency) requests/s) and the
-- latency read is the server's, not that of a queue the load generator keeps full.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()
local pace = tonumber(os.getenv("PACE_MS") or "1")

function delay()
  return pace
end
