-- Numbers wrk's threads 1, 2, ...: each thread's script reads its own as `thread_number`.
-- Loaded by the other scripts with dofile, from the repository's root, where bench/run.sh runs.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
