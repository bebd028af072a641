-- wrk script for kiln-bench/bin/http-servers.sh: POST /echo with a ~200-byte MLflow-style
-- dataframe_split body (one row of 12 numbers).
wrk.method = "POST"
wrk.path = "/echo"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"dataframe_split":{"columns":["f0","f1","f2","f3","f4","f5","f6","f7","f8","f9","f10","f11"],' ..
  '"data":[[0.125,1.5,-2.25,3.0,0.0625,10.5,7.75,-0.5,2.0,4.125,0.875,6.5]]}}'
