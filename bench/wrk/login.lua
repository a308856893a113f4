-- POST /login (an Argon2id check each time), cycling through the members bench-login-1 to
-- bench-login-N that bench/run.sh signed up before the run; N comes as the script's argument.
-- Each thread starts at a different member.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

dofile("bench/wrk/numbered_threads.lua")

local members, count = 1, 0
function init(args)
  members = tonumber(args[1]) or 1
  count = thread_number * 97
end

function request()
  count = count + 1
  local body = string.format(
    '{"username": "bench-login-%d", "password": "bench-password-1"}', count % members + 1)
  return wrk.format(nil, nil, nil, body)
end
