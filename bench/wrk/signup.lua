-- POST /signup under a fresh name each time (an Argon2id hash each time).
-- Names are "<phase>-<thread>-<count>"; the phase's name comes as the script's argument.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

dofile("bench/wrk/numbered_threads.lua")

local prefix, count = "", 0
function init(args)
  prefix = args[1] or "signup"
end

function request()
  count = count + 1
  local body = string.format(
    '{"username": "%s-%d-%d", "password": "bench-password-1", "nickname": "N"}',
    prefix, thread_number, count)
  return wrk.format(nil, nil, nil, body)
end
