-- POST /login as the member bench/run.sh signed up before the run (an Argon2id check each time).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username": "bench-login", "password": "bench-password-1"}'
