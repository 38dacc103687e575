"""make bench, feedback part: citizen feedback on PostgreSQL with 100,000 published answers.

What it does, in one run (reusing scripts/bench.py's servers, wrk runner, checks and table):

1. Prepares the database: ``DATABASE_URL`` when set, else ``reformdesk_bench_feedback`` on
   127.0.0.1:5432 (created here when missing). Migrate, the demo's units, officials and calendar
   (the org and worktime seeders of load_demo, not the dossiers' year: nothing measured here reads
   dossiers), then tops the published answers up to 100,000 cases spread over the seven demo
   communes and the last year, written in batches as the services would have stored them (the
   folded search column filled), each with a number of its own in the question ("phiếu 012345") so
   that a search can find one case among all. Run again, it finds them there and adds nothing.
2. (a) The public submission ``POST /phan-anh/`` under gunicorn, next to the framework ceiling at
   the same connections in the same run: every request a new case (its own client token, its own
   phone number, its own client address through one trusted proxy hop, so neither the per-client
   limit nor the cooling period per contact refuses it; both still count on every request), with
   the CSRF cookie and token of one real visit to the form; each answer must be the redirect to
   the confirmation.
3. (b) The published answers' search ``GET /phan-anh/tra-loi/?q=…`` over the 100,000 cases:
   cold, every request a search never sent before (one case's number, so the database cannot
   answer from a page it already read for that query), and warm, one common search ("nuoc duc",
   without diacritics) over and over; both with 2 connections (the search reads every answer and
   takes most of a second: more connections only queue), next to the ceiling at 2 connections.
4. Prints the rows like bench.py and writes them to build/bench_feedback.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import signal
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import bench  # scripts/bench.py: servers, wrk, checks, table
import bench_common  # scripts/bench_common.py: the bench database, child processes
from bench import BENCH_DIR, BUILD, ROOT, BenchError, Row
from bench_common import create_database, setup_django
from bench_lua import CHECK_AND_REPORT  # scripts/bench_lua.py: the checks and the report

DATABASE = "reformdesk_bench_feedback"
TOTAL = 100_000
BATCH = 5_000
CONNECTIONS = 16
# The search reads every published answer (a LIKE over the folded text: no index serves it), so
# one request takes the better part of a second at 100,000; more connections than the two
# workers would only queue them past wrk's timeout. Its ceiling is measured at the same count.
SEARCH_CONNECTIONS = 2
SUBMIT_PATH = "/phan-anh/"
SEARCH_PATH = "/phan-anh/tra-loi/"
SEARCH_NEEDLE = "câu trả lời"  # the count line above the results: only on a page that found some
WARM_QUERY = "nuoc duc"
COLD_SEARCHES = 60_000
SEARCH_LISTS = BENCH_DIR / "feedback"
TOPICS = [
    ("Nước sinh hoạt bị đục", "Nước máy ở {place} bị đục và có mùi, đề nghị kiểm tra trạm bơm"),
    ("Đèn đường không sáng", "Đoạn đường qua {place} mất đèn chiếu sáng hơn hai tuần"),
    ("Rác thải chưa được thu gom", "Rác ở điểm tập kết {place} tồn đọng cả tuần"),
    ("Hỏi về thủ tục khai sinh", "Đăng ký khai sinh cho con ở {place} cần những giấy tờ gì"),
    ("Hồ sơ chậm trả kết quả", "Hồ sơ nộp ở {place} đã quá ngày hẹn nhưng chưa có kết quả"),
]
PLACES = ["xóm 1", "xóm 3", "xóm 5", "thôn Đồng Tâm", "thôn Tân Lập", "bản Cồn", "khối 2"]
ANSWER = "UBND xã đã kiểm tra thực tế và khắc phục; kết quả đã thông báo cho trưởng thôn."

# Each request a new case: its client token, phone and client address come from the thread's id
# and its count; the run's slot (minutes of the day) keeps the phones of two runs apart within the
# cooling period. Every answer must redirect to the confirmation page.
SUBMIT_LUA = r"""
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  needle = args[1]
  local fields = {}
  for line in io.lines(args[2]) do table.insert(fields, line) end
  cookie, form, slot = fields[1], fields[2], tonumber(fields[3])
  sent = 0
  bad = 0
  first_bad = ""
end
function request()
  sent = sent + 1
  local phone = string.format("09%02d%d%05d", slot % 100, id % 10, sent % 100000)
  local token = string.format("%08x-0000-4000-8000-%012x", slot * 16 + id, sent)
  local client = string.format("10.%d.%d.%d", id % 256, math.floor(sent / 256) % 256, sent % 256)
  local body = form .. "&citizen_phone=" .. phone .. "&client_token=" .. token
  return wrk.format("POST", nil, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = client,
  }, body)
end
""" + CHECK_AND_REPORT.replace(
    'if status ~= 200 or not string.find(body or "", needle, 1, true) then',
    'if status ~= 302 or not string.find(headers["Location"] or headers["location"] or "", '
    + "needle, 1, true) then",
)


# --- the data (child process) ------------------------------------------------------------------------


def generate_main(total: int) -> None:
    """The demo's units and officials, and published answers up to ``total``; the search lists."""
    setup_django()
    from django.utils import timezone

    from reformdesk.core import demo
    from reformdesk.core.text import fold
    from reformdesk.dossiers.demo import demo_units
    from reformdesk.feedback.choices import Channel, Kind, Satisfaction, Status
    from reformdesk.feedback.models import FeedbackCase
    from reformdesk.worktime.selectors import VN_TZ

    for seeder in demo.seeders():
        if seeder.name in {"org", "worktime"}:
            seeder.run()
    units = demo_units()
    if not units:
        raise SystemExit("the demo communes are missing after the org seeder")
    began = time.perf_counter()
    # The bench's own cases are numbered 0, 1, … in their codes: a run goes on from the count.
    start = FeedbackCase.objects.filter(code__contains="-PA-9").count()
    rng = random.Random(20261207)  # noqa: S311 - bench data
    today = timezone.localdate()
    rows = []
    for number in range(start, total):
        unit = units[number % len(units)]
        subject, content = TOPICS[number % len(TOPICS)]
        place = PLACES[(number // len(TOPICS)) % len(PLACES)]
        question = f"{subject}\n\n{content.format(place=place)} (phiếu {number:06d})."
        day = today - dt.timedelta(days=1 + number % 365)
        received = dt.datetime.combine(day, dt.time(8 + number % 9, number % 60), tzinfo=VN_TZ)
        answered = received + dt.timedelta(days=3 + number % 12)
        published = answered + dt.timedelta(hours=20)
        # Codes of their own: "9" in the YYMMDD place never meets a real day (90–99 are no months).
        code = f"{unit.code}-PA-9{number // 10000:05d}-{number % 10000:04d}"
        rows.append(
            FeedbackCase(
                code=code,
                secret="BENCH234",  # noqa: S106 - never looked up
                kind=Kind.REGULATION if number % 3 == 0 else Kind.PUBLIC_SERVICE,
                channel=Channel.ONLINE,
                status=Status.CLOSED if number % 4 else Status.RATED,
                receiving_unit=unit,
                unit=unit,
                subject=subject,
                content=question.split("\n\n", 1)[1],
                is_anonymous=True,
                received_at=received,
                refuse_due_at=received + dt.timedelta(days=2),
                clarify_due_at=received + dt.timedelta(days=7),
                answer_due_at=received + dt.timedelta(days=21),
                publish_due_at=answered + dt.timedelta(days=2),
                answer=ANSWER,
                answered_at=answered,
                answered_on_time=number % 13 != 0,
                approved_at=answered - dt.timedelta(hours=2),
                published_at=published,
                published_question=question,
                published_search=fold(f"{question}\n{ANSWER}"),
                rating=Satisfaction.SATISFIED if number % 4 == 0 else "",
                rated_at=published + dt.timedelta(days=1) if number % 4 == 0 else None,
                closed_at=published + dt.timedelta(days=3) if number % 4 else None,
                search_text=fold(f"{code} {subject}")[:300],
            )
        )
        if len(rows) == BATCH:
            FeedbackCase.objects.bulk_create(rows)
            rows = []
    FeedbackCase.objects.bulk_create(rows)
    added = total - start
    SEARCH_LISTS.mkdir(parents=True, exist_ok=True)
    (SEARCH_LISTS / "warm.txt").write_text(f"{SEARCH_PATH}?{urlencode({'q': WARM_QUERY})}\n")
    numbers = rng.sample(range(total), COLD_SEARCHES)
    (SEARCH_LISTS / "cold.txt").write_text(
        "".join(f"{SEARCH_PATH}?{urlencode({'q': f'phieu {n:06d}'})}\n" for n in numbers)
    )
    print(
        json.dumps(
            {
                "published": FeedbackCase.objects.filter(published_at__isnull=False).count(),
                "added": added,
                "seconds": round(time.perf_counter() - began, 1),
                "unit": units[0].pk,
            }
        )
    )


# --- the run ---------------------------------------------------------------------------------------


def submission_form(port: int, unit_pk: int) -> Path:
    """One real visit to the form: its CSRF cookie and token, and the fields every case shares."""
    page = bench.request(port, "GET", SUBMIT_PATH)
    bench.expect_page(page, f"GET {SUBMIT_PATH}", "csrfmiddlewaretoken")
    cookie = page.cookies().get("csrftoken", "")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if not cookie or not match:
        raise BenchError("the feedback form carried no CSRF cookie or token")
    form = urlencode(
        {
            "csrfmiddlewaretoken": match.group(1),
            "unit": unit_pk,
            "kind": "public_service",
            "subject": "Đèn đường xóm 3 không sáng",
            "content": "Đoạn đường qua xóm 3 mất đèn chiếu sáng hơn hai tuần, đi lại ban đêm nguy hiểm.",
            "place": "Xóm 3",
            "citizen_name": "Nguyễn Văn Bình",
            "website": "",
        }
    )
    slot = int(time.time() // 60) % 1440
    target = SEARCH_LISTS / "submit.txt"
    target.write_text(f"csrftoken={cookie}\n{form}\n{slot}\n")
    # The same submission once by hand, to see the redirect before loading.
    body = f"{form}&citizen_phone=0911{slot % 1000:03d}999&client_token={uuid.uuid4()}"
    answer = bench.request(
        port,
        "POST",
        SUBMIT_PATH,
        {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
        body,
    )
    if answer.status != 302 or "/phan-anh/da-gui/" not in answer.header("Location"):
        raise BenchError(f"POST {SUBMIT_PATH}: expected a redirect, got {answer.status}\n{answer.body[:600]}")
    return target


def run(args: argparse.Namespace) -> list[Row]:
    load = bench.LoadSettings(bench.ensure_wrk(), args.duration, args.warmup, args.threads, CONNECTIONS)
    env = bench.bench_env()
    url = bench_common.database_url(DATABASE)
    env["DATABASE_URL"] = url
    env["TRUSTED_PROXY_COUNT"] = "1"  # wrk's submissions carry their client's address (SUBMIT_LUA)
    if "DATABASE_URL" not in os.environ:
        create_database(url)
    print(
        f"ReformDesk feedback bench: PostgreSQL {urlsplit(url).path.lstrip('/')}, {TOTAL:,} answers",
        flush=True,
    )
    bench.manage(env, "migrate", "--no-input", "-v", "0")
    bench.manage(env, "collectstatic", "--no-input", "-v", "0")
    made = bench_common.child(__file__, env, "--generate", str(TOTAL))
    print(
        f"  ({made['published']:,} published answers, {made['added']:,} added in {made['seconds']} s)",
        flush=True,
    )
    if made["published"] < TOTAL:
        raise BenchError(f"only {made['published']} published answers in the database")

    print("Measuring:", flush=True)
    with bench.gunicorn(
        "baseline", "bench_baseline.wsgi:application", ROOT / "scripts", env, "bench_baseline.settings"
    ) as port:
        bench.expect_page(bench.request(port, "GET", "/"), "baseline GET /", "bench baseline: ok")
        ceiling = bench.measure(
            load, f"framework_ceiling_{CONNECTIONS}c", port, "/", "bench baseline: ok", {}
        )
        ceiling_search = bench.measure(
            load,
            f"framework_ceiling_{SEARCH_CONNECTIONS}c",
            port,
            "/",
            "bench baseline: ok",
            {},
            SEARCH_CONNECTIONS,
        )
    with bench.gunicorn(
        "reformdesk", "reformdesk.wsgi:application", ROOT, env, "reformdesk.settings"
    ) as port:
        warm_path = (SEARCH_LISTS / "warm.txt").read_text().strip()
        bench.expect_page(bench.request(port, "GET", warm_path), f"GET {warm_path}", SEARCH_NEEDLE)
        fields = submission_form(port, made["unit"])
        bench.bench_search.SEARCH_LUA = SUBMIT_LUA  # run_wrk writes this script for a "list"
        mix = bench.SearchMix(str(fields), "-", 0)
        submit = bench.measure(
            load, "public_submission", port, SUBMIT_PATH, "/phan-anh/da-gui/", {}, mix=mix, warmup_mix=mix
        )
        bench.bench_search.SEARCH_LUA = ORIGINAL_SEARCH_LUA
        cold = bench.measure(
            load,
            "answers_search_cold",
            port,
            SEARCH_PATH,
            SEARCH_NEEDLE,
            {},
            SEARCH_CONNECTIONS,
            mix=bench.SearchMix("-", str(SEARCH_LISTS / "cold.txt"), 100),
            warmup_mix=bench.SearchMix("-", str(SEARCH_LISTS / "cold.txt"), 100),
        )
        warm = bench.measure(
            load,
            "answers_search_warm",
            port,
            SEARCH_PATH,
            SEARCH_NEEDLE,
            {},
            SEARCH_CONNECTIONS,
            mix=bench.SearchMix(str(SEARCH_LISTS / "warm.txt"), "-", 0),
            warmup_mix=bench.SearchMix(str(SEARCH_LISTS / "warm.txt"), "-", 0),
        )
    return [
        Row(f"framework_ceiling_{CONNECTIONS}c", ceiling.rate, "req/s", ceiling.rate),
        Row("feedback_submission", submit.rate, "req/s", ceiling.rate),
        Row("feedback_submission_p99", submit.p99_ms, "ms", ceiling.p99_ms),
        Row(f"framework_ceiling_{SEARCH_CONNECTIONS}c", ceiling_search.rate, "req/s", ceiling_search.rate),
        Row("answers_search_100k_cold", cold.rate, "req/s", ceiling_search.rate),
        Row("answers_search_100k_cold_p99", cold.p99_ms, "ms", ceiling_search.p99_ms),
        Row("answers_search_100k_warm", warm.rate, "req/s", ceiling_search.rate),
        Row("answers_search_100k_warm_p99", warm.p99_ms, "ms", ceiling_search.p99_ms),
    ]


ORIGINAL_SEARCH_LUA = bench.bench_search.SEARCH_LUA


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=bench.bounded(1, 120), default=10, help="seconds of load (10)")
    parser.add_argument("--warmup", type=bench.bounded(1, 60), default=3, help="warm-up seconds (3)")
    parser.add_argument("--threads", type=bench.bounded(1, 16), default=2, help="wrk threads (2)")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate is not None:
        generate_main(args.generate)
        return 0

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    output = BUILD / "bench_feedback.json"
    output.unlink(missing_ok=True)
    try:
        rows = run(args)
    except BenchError as error:
        print(f"\nmake bench: feedback figures aborted, none written: {error}", file=sys.stderr)
        return 1
    bench.print_table(rows)
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
