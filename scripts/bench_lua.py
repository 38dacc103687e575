"""Lua shared by the bench scripts' wrk loads: every answer is checked (status 200 and a piece of
expected content) and the summary is printed in the lines scripts/bench.py parses.

A script's own Lua defines ``setup``, ``init`` and ``request`` and sets ``needle``; it ends with
``CHECK_AND_REPORT``. (The search load in scripts/bench_search.py also counts reused searches and
keeps its own report.)
"""

CHECK_AND_REPORT = r"""
function response(status, headers, body)
  if status ~= 200 or not string.find(body or "", needle, 1, true) then
    bad = bad + 1
    if first_bad == "" then first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 120) end
  end
end
function done(summary, latency, requests)
  local total_bad, sample = 0, ""
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p99_us=%d bad=%d ", summary.requests,
    summary.duration, latency:percentile(99.0), total_bad))
  io.write(string.format("connect=%d read=%d write=%d timeout=%d status=%d\n", e.connect, e.read,
    e.write, e.timeout, e.status))
  io.write("BENCH_REUSED 0\n")
  io.write("BENCH_SAMPLE " .. string.gsub(sample, "\n", " ") .. "\n")
end
"""
