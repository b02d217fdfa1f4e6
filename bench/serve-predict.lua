-- wrk script: POST the sample request (path in env REQUEST_JSON) to /predict.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open(os.getenv("REQUEST_JSON") or "samples/model-serving/request.json"):read("*a")
