-- wrk script for kiln-bench/bin/serve.sh: POSTs the JSON body in the file $BODY_FILE to the URL's
-- path (the same bytes on every request).
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()
