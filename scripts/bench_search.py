"""The public search's load for make bench: what citizens send, not one query repeated.

Searches are derived from the procedures in force: two or three consecutive words of a name (with
or without diacritics, as people type), sometimes with the filters a citizen would add (the
procedure's own field, one of its levels, its online level, a unit whose desk posts it) or a later
page of results; some come as the htmx requests the search box sends while typing. Every search
finds at least the procedure it came from, so every answer must show a result row.

Lists are built from them (each search path is in one list only):

* ``common``: 300 distinct searches, the most common far more often than the rest (weights
  falling with rank, as real traffic does), in a fixed shuffled order;
* ``unique_cold``: searches never sent before, one per request: every request is built afresh;
* ``unique_mix``: the same kind, for the realistic mix (``MIX_UNIQUE_PERCENT`` of its requests);
* ``unique_cold_warmup``, ``unique_mix_warmup``: the same kind again, for the warm-ups.

The Lua script walks the lists (each wrk thread its own share of the unique ones) and counts the
unique searches it had to send a second time: the bench refuses figures where that happened.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

COMMON_SEARCHES = 300
COMMON_LIST_LENGTH = 6000
MIX_UNIQUE_PERCENT = 20
HTMX_SHARE = 0.3  # of the searches, sent as the search box's htmx requests
HTMX_PREFIX = "HX "  # marks such a path in the lists
GENERIC_WORDS = ("thu", "tuc")  # "Thủ tục …" opens most names: a citizen does not type it
SEED = 20260213
# Never-sent searches for each run (a warm-up has its own: the measured run's must still be new).
UNIQUE_LISTS = ("unique_cold_warmup", "unique_cold", "unique_mix_warmup", "unique_mix")

# Sends the next search of this thread's lists; counts non-200 answers, answers without a result
# row, and unique searches sent again. done() prints the same summary line as the check script.
SEARCH_LUA = r"""
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
local function read_lines(name)
  local lines = {}
  if name == "-" then return lines end
  for line in io.lines(name) do table.insert(lines, line) end
  return lines
end
function init(args)
  needle = args[1]
  common = read_lines(args[2])
  unique = read_lines(args[3])
  unique_percent = tonumber(args[4])
  stride = tonumber(args[5])
  common_at = id
  unique_at = id + 1 - stride
  sent = 0
  bad = 0
  reused = 0
  first_bad = ""
end
function request()
  sent = sent + 1
  local line
  -- spread evenly: request n takes a never-sent search when n * percent / 100 reaches a new integer
  local fresh = math.floor(sent * unique_percent / 100) > math.floor((sent - 1) * unique_percent / 100)
  if #unique > 0 and (#common == 0 or fresh) then
    unique_at = unique_at + stride
    if unique_at > #unique then
      reused = reused + 1
      unique_at = id + 1
    end
    line = unique[unique_at]
  else
    common_at = common_at % #common + 1
    line = common[common_at]
  end
  if string.sub(line, 1, 3) == "HX " then
    return wrk.format("GET", string.sub(line, 4), {["HX-Request"] = "true", ["HX-Target"] = "search-results"})
  end
  return wrk.format("GET", line)
end
function response(status, headers, body)
  if status ~= 200 or not string.find(body or "", needle, 1, true) then
    bad = bad + 1
    if first_bad == "" then first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 120) end
  end
end
function done(summary, latency, requests)
  local total_bad, total_reused, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    total_reused = total_reused + t:get("reused")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p99_us=%d bad=%d ", summary.requests,
    summary.duration, latency:percentile(99.0), total_bad))
  io.write(string.format("connect=%d read=%d write=%d timeout=%d status=%d\n", e.connect, e.read,
    e.write, e.timeout, e.status))
  io.write(string.format("BENCH_REUSED %d\n", total_reused))
  io.write("BENCH_SAMPLE " .. string.gsub(sample, "\n", " ") .. "\n")
end
"""


def _phrases(name: str) -> list[str]:
    """Two- to four-word windows of a name, as typed: without diacritics or as written; numbers
    and punctuation are left out (nobody types "số 3527:")."""
    from reformdesk.core.text import fold

    written = [w for w in re.findall(r"\w+", name) if not any(c.isdigit() for c in w)]
    plain = [fold(w) for w in written]
    start = 2 if tuple(plain[:2]) == GENERIC_WORDS else 0
    found = []
    for size in (2, 3, 4):
        for i in range(start, len(plain) - size + 1):
            words = plain if (i + size) % 2 else written
            found.append(" ".join(words[i : i + size]))
    return found


def _search_paths(rows: Iterable[dict[str, Any]], rng: random.Random) -> list[str]:
    """Every search derived from the procedures, in a random order, without duplicates."""
    paths: dict[str, None] = {}
    for row in rows:
        filters = [("field", row["field"]), ("level", rng.choice(row["levels"])), ("online", row["online"])]
        if row["units"]:
            filters.append(("unit", rng.choice(row["units"])))
        for phrase in _phrases(row["name"]):
            variants = [[("q", phrase)], *([("q", phrase), f] for f in filters)]
            variants += [[("q", phrase), f, g] for f, g in itertools.pairwise(filters)]
            for params in variants:
                paths.setdefault("/procedures/?" + urlencode(params), None)
    found = list(paths)
    rng.shuffle(found)
    return [HTMX_PREFIX + p if rng.random() < HTMX_SHARE else p for p in found]


def _count(encoded_query: str) -> int:
    from urllib.parse import unquote_plus

    from reformdesk.catalog.selectors import procedure_search

    return procedure_search(query=unquote_plus(encoded_query)).count()


def build_lists(directory: Path) -> dict[str, int]:
    """Writes common.txt, unique_cold.txt and unique_mix.txt into ``directory`` (needs Django set
    up, on the bench database); returns how many lines each holds."""
    from django.utils import timezone

    from reformdesk.catalog.choices import Level, PublicationPlace
    from reformdesk.catalog.models import Procedure, Publication
    from reformdesk.catalog.selectors import LEVEL_FLAGS, publication_active_on

    rng = random.Random(SEED)  # noqa: S311 - a repeatable sample, not a secret
    today = timezone.localdate()
    units: dict[int, list[str]] = {}
    for procedure_id, code in Publication.objects.filter(
        publication_active_on(today), place=PublicationPlace.DESK
    ).values_list("procedure_id", "unit__code"):
        units.setdefault(procedure_id, []).append(code)
    rows = []
    for p in Procedure.objects.filter(is_active=True).select_related("field").order_by("pk"):
        levels = [str(level) for level in Level if getattr(p, LEVEL_FLAGS[level])]
        rows.append(
            {
                "name": p.name_vi,
                "field": p.field.code,
                "levels": levels,
                "online": p.online_level,
                "units": units.get(p.pk, []),
            }
        )
    paths = _search_paths(rows, rng)
    plain = [p for p in paths if "&" not in p]
    filtered = [p for p in paths if "&" in p]
    common_pool = plain[: COMMON_SEARCHES * 7 // 10] + filtered[: COMMON_SEARCHES * 3 // 10]
    taken = set(common_pool)
    # A tenth of the common searches is a second page, where the first page is full.
    for index, line in enumerate(common_pool[: COMMON_SEARCHES // 10]):
        query = line.removeprefix(HTMX_PREFIX).split("?q=", 1)[1]
        if "&" not in query and _count(query) > 20:
            common_pool[index] = line + "&page=2"
    rng.shuffle(common_pool)
    rest = [p for p in paths if p not in taken]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(common_pool))]
    common = rng.choices(common_pool, weights=weights, k=COMMON_LIST_LENGTH)
    lists: dict[str, list[str]] = {"common": common}
    quarter = len(rest) // 4
    for index, name in enumerate(UNIQUE_LISTS):
        lists[name] = rest[index * quarter : (index + 1) * quarter]
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in lists.items():
        (directory / f"{name}.txt").write_text("\n".join(lines) + "\n")
    return {name: len(lines) for name, lines in lists.items()} | {"common_distinct": len(set(common))}
