-- Every connection cycles through the four endpoints: GET /me, GET /health, POST /login,
-- POST /signup. Arguments: the access token for /me, a prefix for new names, and how many
-- members bench/run.sh signed up for logins (bench-login-1 to bench-login-N).
-- Which status each response had is read from the server's request log by summarize.py.
dofile("bench/wrk/numbered_threads.lua")

local token, prefix, members, count = "", "", 1, 0
function init(args)
  token, prefix, members = args[1], args[2] or "mixed", tonumber(args[3]) or 1
end

local json = {["Content-Type"] = "application/json"}
function request()
  count = count + 1
  local turn = count % 4
  if turn == 0 then
    return wrk.format("GET", "/me", {Authorization = "Bearer " .. token})
  elseif turn == 1 then
    return wrk.format("GET", "/health", {})
  elseif turn == 2 then
    return wrk.format("POST", "/login", json, string.format(
      '{"username": "bench-login-%d", "password": "bench-password-1"}', (thread_number * 97 + count) % members + 1))
  end
  return wrk.format("POST", "/signup", json, string.format(
    '{"username": "%s-%d-%d", "password": "bench-password-1", "nickname": "N"}',
    prefix, thread_number, count))
end
