"""make bench, surveys part: one survey's results over 100,000 responses, and public submission.

What it does, in one run (reusing scripts/bench.py's servers, wrk runner and table):

1. Prepares its own PostgreSQL database, ``reformdesk_bench_surveys`` on 127.0.0.1:5432, dropped
   and built again each run (or ``DATABASE_URL`` when set: then its rows are reused): migrate, the
   demo's unit tree (org only), and the province's SIPAS survey copied from the shipped template,
   open. Its 100,000 responses are spread over the seven demo communes, the four channels and the
   year before the run, written by one ``INSERT … SELECT generate_series`` for the responses and
   one per question for the answers (the yes/no and five-point questions; the complaints'
   satisfaction only where its condition holds), about 1.1 million answers.
2. (a) In process: the satisfaction index by unit and by month
   (``selectors.satisfaction_breakdown``) next to hand-written SQL computing the same aggregates
   over the same rows, median of 7 runs each, after checking that both agree; and the whole
   per-question results (``selectors.survey_results``) next to one hand-written SQL count per
   question and choice. Goal: within 2×.
3. (b) ``POST /api/v1/public/surveys/{slug}/responses`` (a complete SIPAS response) under gunicorn
   with wrk, each request from its own client address through one trusted proxy hop, so the
   endpoint's per-client limit is counted on every request without refusing any, next to the
   framework ceiling (bench_baseline's ``GET /``) in the same run.
4. Prints the rows like bench.py and writes them to build/bench_surveys.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import bench  # scripts/bench.py: servers, wrk, checks, table
import bench_common  # scripts/bench_common.py: the bench database, child processes
from bench import BENCH_DIR, BUILD, ROOT, BenchError, Row
from bench_common import fresh_database, setup_django

DATABASE = "reformdesk_bench_surveys"
TOTAL = 100_000
SLUG = "bench-sipas"
ROUNDS = 7
CONNECTIONS = 16
BODY_FILE = BENCH_DIR / "surveys" / "response.json"

# POSTs one complete response, each request from its own client address; a 201 is a success.
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
  local file = io.open(args[2], "r")
  body = file:read("*a")
  file:close()
  sent = 0
  bad = 0
  first_bad = ""
end
function request()
  sent = sent + 1
  local client = string.format("10.%d.%d.%d", id % 256, math.floor(sent / 256) % 256, sent % 256)
  local headers = {["Content-Type"] = "application/json", ["X-Forwarded-For"] = client}
  return wrk.format("POST", wrk.path, headers, body)
end
function response(status, headers, body)
  if status ~= 201 or not string.find(body or "", needle, 1, true) then
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

RESPONSES_SQL = """
INSERT INTO surveys_response (version_id, unit_id, channel, token, batch_code, submitted_at)
SELECT
    %(version)s,
    (%(units)s::int[])[1 + g %% 7],
    (ARRAY['link', 'kiosk', 'sms', 'paper'])[1 + (g / 7) %% 4],
    CASE WHEN (g / 7) %% 4 = 2 THEN 'bench-' || (g + %(offset)s)::text END,
    CASE WHEN (g / 7) %% 4 = 3 THEN 'LO-' || ((g / 1000) %% 50)::text ELSE '' END,
    %(start)s::timestamptz + ((g * 7919) %% 365) * interval '1 day' + ((g * 31) %% 540) * interval '1 minute'
FROM generate_series(1, %(total)s) AS g
"""

# One question's answers: a choice picked by a hash of the response and the question, weighted
# towards the satisfied end of the scale for the five-point questions.
ANSWERS_SQL = """
INSERT INTO surveys_answer (response_id, question_id, choice_id, text)
SELECT r.id, %(question)s,
       (%(choices)s::int[])[1 + ((r.id * 2654435761 + %(question)s * 40503) %% 1000) %% %(n)s], ''
FROM surveys_response r
WHERE r.version_id = %(version)s
"""

CONDITIONAL_SQL = """
INSERT INTO surveys_answer (response_id, question_id, choice_id, text)
SELECT a.response_id, %(question)s, (%(choices)s::int[])[1 + ((a.response_id * 40503) %% 1000) %% %(n)s], ''
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE r.version_id = %(version)s AND a.question_id = %(condition)s AND a.choice_id = ANY(%(shows)s::int[])
"""

BREAKDOWN_SQL = {
    "unit": """
        SELECT u.code, count(*), count(*) FILTER (WHERE c.satisfied)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN surveys_question q ON q.id = a.question_id
        JOIN surveys_choice c ON c.id = a.choice_id
        JOIN org_unit u ON u.id = r.unit_id
        WHERE r.version_id = %s AND q.measure = 'satisfaction' AND q.kind <> 'multiple'
        GROUP BY u.code ORDER BY u.code
    """,
    "month": """
        SELECT to_char(date_trunc('month', r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM'),
               count(*), count(*) FILTER (WHERE c.satisfied)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN surveys_question q ON q.id = a.question_id
        JOIN surveys_choice c ON c.id = a.choice_id
        WHERE r.version_id = %s AND q.measure = 'satisfaction' AND q.kind <> 'multiple'
        GROUP BY 1 ORDER BY 1
    """,
}

COUNTS_SQL = """
SELECT a.question_id, a.choice_id, count(*)
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE r.version_id = %s AND a.choice_id IS NOT NULL
GROUP BY a.question_id, a.choice_id
"""


# --- the data ------------------------------------------------------------------------------------


def generate_main(total: int) -> None:
    """Child process: the unit tree, the survey and its responses (when not there yet)."""
    setup_django()
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from reformdesk.org import demo as org_demo
    from reformdesk.org import demo_data as org_data
    from reformdesk.surveys.choices import ChoiceRole, QuestionKind, QuestionnaireStatus
    from reformdesk.surveys.models import Answer, Questionnaire, QuestionnaireVersion, Response
    from reformdesk.surveys.services.questionnaires import _copy_version, latest_version

    started = time.perf_counter()
    units = org_demo.seed_units()
    communes = [units[code] for code, _name, _en in org_data.NEW_COMMUNES]
    province = units[org_data.PROVINCE[0]]
    questionnaire = Questionnaire.objects.filter(slug=SLUG).first()
    with transaction.atomic():
        if questionnaire is None:
            questionnaire = Questionnaire.objects.create(
                slug=SLUG,
                title_vi="SIPAS (bench)",
                kind="sipas",
                owner_unit=province,
                status=QuestionnaireStatus.OPEN,
            )
            version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
            _copy_version(latest_version(Questionnaire.objects.get(slug="mau-sipas")), into=version)
        version = latest_version(questionnaire)
        existing = Response.objects.filter(version=version).count()
        if existing < total:
            start = timezone.now() - dt.timedelta(days=366)
            with connection.cursor() as cursor:
                cursor.execute(
                    RESPONSES_SQL,
                    {
                        "version": version.pk,
                        "units": [u.pk for u in communes],
                        "start": start,
                        "total": total - existing,
                        "offset": existing,
                    },
                )
                questions = list(version.questions.order_by("order").prefetch_related("choices"))
                for question in questions:
                    if question.kind not in (QuestionKind.LIKERT, QuestionKind.YES_NO):
                        continue
                    options = sorted(
                        (c for c in question.choices.all() if c.role == ChoiceRole.OPTION),
                        key=lambda c: c.order,
                    )
                    # Weighted: the five-point scale's "4" and "5" come up more often.
                    weighted = [
                        c.pk for c in options for _ in range(1 + 2 * c.satisfied + (c.value == "yes") * 3)
                    ]
                    params = {
                        "question": question.pk,
                        "choices": weighted,
                        "n": len(weighted),
                        "version": version.pk,
                    }
                    if question.condition_question_id is None:
                        cursor.execute(ANSWERS_SQL, params)
                    else:
                        shows = list(question.condition_choices.values_list("id", flat=True))
                        cursor.execute(
                            CONDITIONAL_SQL,
                            {**params, "condition": question.condition_question_id, "shows": shows},
                        )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE surveys_response")
                cursor.execute("ANALYZE surveys_answer")
    answers = Answer.objects.filter(response__version=version).count()
    print(
        json.dumps(
            {
                "responses": Response.objects.filter(version=version).count(),
                "answers": answers,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


# --- (a) results in process ---------------------------------------------------------------------------


def _median_ms(work: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def results_main(rounds: int) -> None:
    """Child process: the selectors next to hand-written SQL, after checking they agree."""
    setup_django()
    from django.db import connection

    from reformdesk.surveys.models import Questionnaire
    from reformdesk.surveys.selectors.questionnaires import satisfaction_breakdown, survey_results

    questionnaire = Questionnaire.objects.select_related("owner_unit").get(slug=SLUG)
    version = questionnaire.versions.get()

    def by_selector() -> dict[str, list[tuple[str, int, int]]]:
        return {
            by: [
                (row.key, row.share.n, row.share.count)
                for row in satisfaction_breakdown(questionnaire=questionnaire, version=version, by=by)
            ]
            for by in ("unit", "month")
        }

    def by_sql() -> dict[str, list[tuple[str, int, int]]]:
        found = {}
        with connection.cursor() as cursor:
            for by, sql in BREAKDOWN_SQL.items():
                cursor.execute(sql, [version.pk])
                found[by] = [(str(key), n, satisfied) for key, n, satisfied in cursor.fetchall()]
        return found

    def results() -> dict[tuple[str, str], int]:
        found = survey_results(questionnaire=questionnaire, version=version)
        return {(q.key, c.value): c.share.count for q in found.questions for c in q.choices if c.share.count}

    def counts_sql() -> list[tuple[int, int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(COUNTS_SQL, [version.pk])
            return list(cursor.fetchall())

    selector_rows, sql_rows = by_selector(), by_sql()
    if selector_rows != sql_rows:
        raise SystemExit(f"the selector and the SQL disagree:\n{selector_rows}\n{sql_rows}")
    counted = sum(n for _q, _c, n in counts_sql())
    if sum(results().values()) != counted:
        raise SystemExit(f"survey_results counts {sum(results().values())} answers, the SQL {counted}")
    print(
        json.dumps(
            {
                "breakdown_ms": _median_ms(by_selector, rounds),
                "breakdown_sql_ms": _median_ms(by_sql, rounds),
                "results_ms": _median_ms(results, rounds),
                "results_sql_ms": _median_ms(counts_sql, rounds),
                "units": len(selector_rows["unit"]),
                "months": len(selector_rows["month"]),
                "answers": counted,
            }
        )
    )


def body_main() -> None:
    """Child process: a complete SIPAS response as the API takes it, written to BODY_FILE."""
    setup_django()
    from reformdesk.org import demo_data as org_data
    from reformdesk.surveys.models import Questionnaire
    from reformdesk.surveys.services.responses import load_version

    version = Questionnaire.objects.get(slug=SLUG).versions.get()
    answers: dict[str, Any] = {}
    for item in load_version(version):
        question = item.question
        if "yes" in item.options:
            answers[question.key] = "yes"
        elif "4" in item.options:
            answers[question.key] = "4"
    BODY_FILE.parent.mkdir(parents=True, exist_ok=True)
    BODY_FILE.write_text(json.dumps({"unit": org_data.NEW_COMMUNES[0][0], "answers": answers}))
    print(json.dumps({"questions": len(answers)}))


# --- the run -------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> list[Row]:
    load = bench.LoadSettings(bench.ensure_wrk(), args.duration, args.warmup, args.threads, CONNECTIONS)
    env = bench.bench_env()
    url = bench_common.database_url(DATABASE)
    env["DATABASE_URL"] = url
    env["TRUSTED_PROXY_COUNT"] = "1"  # each request carries its own client address (SUBMIT_LUA)
    if "DATABASE_URL" not in os.environ:
        fresh_database(url)
    print(
        f"ReformDesk surveys bench: PostgreSQL {urlsplit(url).path.lstrip('/')}, {TOTAL:,} responses",
        flush=True,
    )
    bench.manage(env, "migrate", "--no-input", "-v", "0")
    bench.manage(env, "collectstatic", "--no-input", "-v", "0")
    made = bench_common.child(__file__, env, "--generate", str(TOTAL))
    print(
        f"  ({made['responses']:,} responses, {made['answers']:,} answers, {made['seconds']} s)", flush=True
    )
    if made["responses"] < TOTAL:
        raise BenchError(f"only {made['responses']} responses in the database")

    print("Measuring:", flush=True)
    figures = bench_common.child(__file__, env, "--results", str(ROUNDS))
    print(
        f"  {'breakdown':<20} {figures['breakdown_ms']:.1f} ms,"
        f" hand-written SQL {figures['breakdown_sql_ms']:.1f} ms"
        f" ({figures['units']} units, {figures['months']} months)\n"
        f"  {'survey_results':<20} {figures['results_ms']:.1f} ms,"
        f" hand-written SQL {figures['results_sql_ms']:.1f} ms"
        f" ({figures['answers']:,} chosen answers)",
        flush=True,
    )
    bench_common.child(__file__, env, "--body")
    bench.bench_search.SEARCH_LUA = SUBMIT_LUA  # run_wrk writes this script when given a "mix"
    mix = bench.SearchMix(str(BODY_FILE), "-", 0)
    with bench.gunicorn(
        "baseline", "bench_baseline.wsgi:application", ROOT / "scripts", env, "bench_baseline.settings"
    ) as port:
        bench.expect_page(bench.request(port, "GET", "/"), "baseline GET /", "bench baseline: ok")
        ceiling = bench.measure(
            load, f"framework_ceiling_{CONNECTIONS}c", port, "/", "bench baseline: ok", {}
        )
    path = f"/api/v1/public/surveys/{SLUG}/responses"
    body = BODY_FILE.read_text()
    with bench.gunicorn(
        "reformdesk", "reformdesk.wsgi:application", ROOT, env, "reformdesk.settings"
    ) as port:
        # One response per worker first (each loads the application on its first request), each
        # from its own address, checked as wrk checks them.
        for worker in range(bench.GUNICORN_WORKERS * 2):
            headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.255.0.{worker + 1}"}
            answer = bench.request(port, "POST", path, headers, body)
            if answer.status != 201 or '"submitted_at"' not in answer.body:
                raise BenchError(f"POST {path}: expected 201, got {answer.status}\n{answer.body[:400]}")
        submit = bench.measure(
            load, "survey_submit", port, path, '"submitted_at"', {}, mix=mix, warmup_mix=mix
        )

    return [
        Row(f"framework_ceiling_{CONNECTIONS}c", ceiling.rate, "req/s", ceiling.rate),
        Row("survey_submit", submit.rate, "req/s", ceiling.rate),
        Row("survey_submit_p99", submit.p99_ms, "ms", ceiling.p99_ms),
        Row("survey_breakdown_unit_month_100k", figures["breakdown_ms"], "ms", figures["breakdown_sql_ms"]),
        Row("survey_results_100k", figures["results_ms"], "ms", figures["results_sql_ms"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=bench.bounded(1, 120), default=10, help="seconds of load (10)")
    parser.add_argument("--warmup", type=bench.bounded(1, 60), default=3, help="warm-up seconds (3)")
    parser.add_argument("--threads", type=bench.bounded(1, 16), default=2, help="wrk threads (2)")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--results", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--body", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate is not None:
        generate_main(args.generate)
        return 0
    if args.results is not None:
        results_main(args.results)
        return 0
    if args.body:
        body_main()
        return 0

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    output = BUILD / "bench_surveys.json"
    output.unlink(missing_ok=True)
    try:
        rows = run(args)
    except BenchError as error:
        print(f"\nmake bench: survey figures aborted, none written: {error}", file=sys.stderr)
        return 1
    bench.print_table(rows)
    output.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
