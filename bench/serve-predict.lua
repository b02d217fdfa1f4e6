-- wrk script: POST the sample request (path in env REQUEST_JSON) to /predict.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open(os.getenv("REQUEST_JSON") or "samples/model-serving/request.json"):read("*a")

-- wrk --latency prints p50..p99; the tail beyond it, for bench/cpu-per-request.sh.
function done(summary, latency, requests)
   io.write(string.format("  99.9%%  %.2fms\n", latency:percentile(99.9) / 1000))
end
