"""make fuzz: schemathesis against /api/v1/openapi.json of a real server, with and without a token.

What it does, in one run:

1. Prepares a throwaway SQLite database under build/fuzz/ (migrate and load_demo; or a copy of
   ``--database``, an already loaded one, to save the two minutes of load_demo when iterating)
   and a personal access token of a one-stop officer (STAFF_USER): staff who may record and act
   on dossiers, so the write operations run their services, not only their permission checks.
2. Serves it with gunicorn (2 sync workers, debug off) on a free loopback port.
3. Reads real identifiers through the API (dossier codes, procedure, unit and employee codes) and
   gives them to schemathesis as dictionaries used for half of the generated path parameters:
   random codes alone only ever reach the 404 branch.
4. Runs schemathesis twice, with the staff token and without any, each with a fixed seed,
   MAX_EXAMPLES per operation and every phase, checking that no answer is a server error and that
   status codes, content types, headers and bodies match the document. Each run is bounded by
   RUN_LIMIT_SECONDS; its JUnit report and output are kept in build/fuzz/.
5. Prints the operations, test cases and failures of each run; exits non-zero on any failure.

The server started here is stopped again, also on failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import stop, tail  # scripts/bench.py: stopping a server process group, a log's last lines

ROOT = Path(__file__).resolve().parent.parent
FUZZ_DIR = ROOT / "build" / "fuzz"
HOST = "127.0.0.1"
STAFF_USER = "motcua.tanky"  # one-stop officer of two demo communes (org/demo_data.py)
SEED = 20251207  # fixed: the same examples on every run, so a failure is reproducible
MAX_EXAMPLES = 25  # per operation and phase
RUN_LIMIT_SECONDS = 300  # one run takes about a minute on two cores; a hung server must not hang CI
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)


class FuzzError(Exception):
    pass


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "REFORMDESK_ENV"}}
    env.update(
        {
            "REFORMDESK_VAR_DIR": str(var_dir),
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "reformdesk.settings",
            # Every request comes from one address: lift the public limit out of reach, so that the
            # examples reach the endpoints (the 429 itself is declared and unit-tested).
            "PUBLIC_RATE_LIMIT_PER_MINUTE": str(10**9),
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise FuzzError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_database(env: dict[str, str], var_dir: Path, source: Path | None) -> str:
    """A fresh demo database in ``var_dir``; returns a staff token."""
    if var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True)
    if source is not None:
        shutil.copyfile(source, var_dir / "reformdesk.sqlite3")
        print(f"Database: a copy of {source}", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    if source is None:
        print("Database: migrate and load_demo (about two minutes)", flush=True)
        manage(env, "load_demo")
    words = manage(env, "issue_token", STAFF_USER, "--name", "make fuzz").split()
    if not words:
        raise FuzzError("manage.py issue_token printed nothing")
    return words[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[int]:
    """The app under gunicorn in its own process group; yields its port once it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "reformdesk.wsgi",
        f"--bind={HOST}:{port}",
        "--workers=2",
        "--timeout=60",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--error-logfile={log}",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the master and its workers stop together
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise FuzzError(f"gunicorn exited with {process.returncode}:\n{tail(log)}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise FuzzError(f"gunicorn did not listen on {HOST}:{port}:\n{tail(log)}")
            time.sleep(0.2)
        yield port
    finally:
        stop(process)


def get_json(base: str, path: str, token: str) -> Any:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # loopback only
        return json.load(response)


def dictionaries(base: str, token: str) -> dict[str, list[str]]:
    """Real identifiers of the demo, by the path parameters that take them."""
    dossiers = [d["code"] for d in get_json(base, "/api/v1/dossiers?limit=20", token)["items"]]
    return {
        "dossier_codes": dossiers,
        "procedure_codes": [p["code"] for p in get_json(base, "/api/v1/procedures?limit=20", token)["items"]],
        "unit_codes": [u["code"] for u in get_json(base, "/api/v1/org/units?limit=20", token)["items"]],
        "employee_codes": [
            o["employee_code"] for o in get_json(base, "/api/v1/org/officials?limit=20", token)["items"]
        ],
        # The names the action endpoint knows (dossiers/services/actions.py), a few it does not.
        "actions": ["accept", "forward", "request_supplement", "request_fees", "apologise", "deliver", "x"],
        "form_numbers": ["01", "02", "03", "04", "05", "06", "07", "1"],
    }


# (path regex, {parameter: dictionary}); half of each parameter's values come from its dictionary.
# One entry per operation: schemathesis keeps the first entry's parameters when two match.
BINDINGS = (
    (r"^/api/v1/dossiers/\{code\}$", {"path.code": "dossier_codes"}),
    (
        r"^/api/v1/dossiers/\{code\}/actions/\{action\}$",
        {"path.code": "dossier_codes", "path.action": "actions"},
    ),
    (
        r"^/api/v1/dossiers/\{code\}/forms/\{number\}$",
        {"path.code": "dossier_codes", "path.number": "form_numbers"},
    ),
    (r"^/api/v1/public/dossiers/\{code\}$", {"path.code": "dossier_codes"}),
    (r"^/api/v1/procedures/\{code\}$", {"path.code": "procedure_codes"}),
    (r"^/api/v1/org/units/\{code\}$", {"path.code": "unit_codes"}),
    (r"^/api/v1/org/officials/\{employee_code\}$", {"path.employee_code": "employee_codes"}),
)


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string for these values


def write_config(path: Path, values: dict[str, list[str]]) -> None:
    lines = []
    for name, entries in values.items():
        if entries:
            lines += [f"[dictionaries.{name}]", f"values = [{', '.join(map(toml_string, entries))}]", ""]
    for regex, parameters in BINDINGS:
        bound = {k: v for k, v in parameters.items() if values.get(v)}
        if not bound:
            continue
        inline = ", ".join(
            f'{toml_string(k)} = {{ dictionary = "{v}", probability = 0.5 }}' for k, v in bound.items()
        )
        lines += [
            "[[operations]]",
            f"include-path-regex = {toml_string(regex)}",
            f"parameters = {{ {inline} }}",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def run_schemathesis(name: str, base: str, config: Path, token: str | None) -> dict[str, int]:
    """One schemathesis run; returns its counts (operations, cases, failures)."""
    junit = FUZZ_DIR / f"{name}.junit.xml"
    output = FUZZ_DIR / f"{name}.txt"
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"{base}/api/v1/openapi.json",
        f"--seed={SEED}",
        f"--max-examples={MAX_EXAMPLES}",
        "--generation-database=none",  # nothing remembered between runs: the seed alone decides
        "--workers=2",
        "--request-timeout=60",
        f"--checks={','.join(CHECKS)}",
        "--report=junit",
        f"--report-junit-path={junit}",
        "--output-truncate=true",
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    print(f"\n--- schemathesis, {name} ---", flush=True)
    with output.open("w", encoding="utf-8") as sink:
        try:
            result = subprocess.run(
                command, cwd=FUZZ_DIR, stdout=sink, stderr=subprocess.STDOUT, timeout=RUN_LIMIT_SECONDS
            )
        except subprocess.TimeoutExpired as exc:
            raise FuzzError(f"schemathesis ({name}) ran over {RUN_LIMIT_SECONDS} s; see {output}") from exc
    text = output.read_text(encoding="utf-8", errors="replace")
    counts = summary(text)
    if result.returncode != 0 or counts["failures"]:
        print(text[-6000:])
        counts["failures"] = max(counts["failures"], 1)
    print(
        f"{name}: {counts['operations']} operations, {counts['cases']} test cases, "
        f"{counts['failures']} failures (output: {output.relative_to(ROOT)})",
        flush=True,
    )
    return counts


def summary(text: str) -> dict[str, int]:
    """The counts of schemathesis's closing summary."""
    tested = re.search(r"Tested:\s+(\d+)", text)
    cases = re.search(r"(\d+) generated", text)
    failures = re.search(r"(\d+) found (\d+) unique failures", text)
    return {
        "operations": int(tested.group(1)) if tested else 0,
        "cases": int(cases.group(1)) if cases else 0,
        "failures": int(failures.group(2)) if failures else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="copy this loaded SQLite database instead of load_demo")
    args = parser.parse_args()
    FUZZ_DIR.mkdir(parents=True, exist_ok=True)
    var_dir = FUZZ_DIR / "var"
    env = server_env(var_dir)
    try:
        token = prepare_database(env, var_dir, args.database)
        with gunicorn(env, FUZZ_DIR / "gunicorn.log") as port:
            base = f"http://{HOST}:{port}"
            config = FUZZ_DIR / "schemathesis.toml"
            write_config(config, dictionaries(base, token))
            runs = [
                run_schemathesis("staff-token", base, config, token),
                run_schemathesis("no-token", base, config, None),
            ]
    except FuzzError as error:
        print(f"make fuzz: {error}", file=sys.stderr)
        return 1
    total = {key: sum(run[key] for run in runs) for key in ("cases", "failures")}
    print(f"\nmake fuzz: {total['cases']} test cases in 2 runs, {total['failures']} failures", flush=True)
    return 1 if total["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
