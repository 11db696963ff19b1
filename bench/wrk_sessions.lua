-- wrk script of bench/pages.py: every request goes to the next (path, session cookie) of the
-- plan file, so that the connections act as different signed-in users; an optional think
-- time between requests on a connection (WRK_THINK_MIN..WRK_THINK_MAX ms). Prints one line,
-- "VDA_RESULT {json}", that pages.py reads.

local plan = {}
local position = 1
local think_min = tonumber(os.getenv("WRK_THINK_MIN") or "0")
local think_max = tonumber(os.getenv("WRK_THINK_MAX") or "0")
local counter = 0
local threads = {}

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(os.getenv("WRK_PLAN")) do
      local path, cookie = line:match("^([^\t]*)\t(.*)$")
      table.insert(plan, {path = path, cookie = cookie})
   end
   -- threads start at different users
   position = ((id - 1) * math.floor(#plan / 2)) % #plan + 1
   non2xx = 0
   math.randomseed(id * 7919)
end

function request()
   local item = plan[position]
   position = position % #plan + 1
   local headers = {["Host"] = "127.0.0.1", ["Accept-Language"] = "vi"}
   if item.cookie ~= "" then headers["Cookie"] = item.cookie end
   return wrk.format("GET", item.path, headers)
end

function response(status, headers, body)
   if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function delay()
   if think_max <= 0 then return 0 end
   return math.random(think_min, think_max)
end

function done(summary, latency, requests)
   local bad = 0
   for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.timeout + e.status
   io.write(string.format(
      'VDA_RESULT {"requests": %d, "seconds": %.2f, "rps": %.2f, "p50_ms": %.2f, ' ..
      '"p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "errors": %d, "non2xx": %d, ' ..
      '"connect": %d, "read": %d, "timeout": %d, "status": %d}\n',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, errors, bad,
      e.connect, e.read, e.timeout, e.status))
end
