"""Start-up time of `newsbrief --help` and `newsbrief ask`, and the idle bot's memory (issue 12).

    .venv/bin/python bench/startup.py [--runs 10] [--idle-seconds 20] [--json]

Each command runs ``--runs`` times, interleaved with the baseline ``python -c pass`` so machine
load hits both alike; reported are the median and best wall time, the median CPU time (user +
system, which load on a shared machine inflates less) and the peak RSS. Bytecode is cached in
a temporary folder first (one warm-up run each), as it is for an installed package. ``ask``
answers from a temporary database holding the bundled examples; it is also reported against its
floor, the libraries it cannot do without (ratio and difference of the medians). The idle bot
is ``newsbrief run`` with a token, pointed at the tests' fake Bot API on 127.0.0.1: its RSS once
it has polled and run its first (empty) pipeline pass, sampled each second for ``--idle-seconds``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.fake_telegram import FakeTelegram

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
NEWSBRIEF = str(Path(sys.executable).with_name("newsbrief"))


def _environment(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NEWSBRIEF_") and k not in ("TELEGRAM_BOT_TOKEN", "PYTHONDONTWRITEBYTECODE")}
    env |= {"PYTHONPYCACHEPREFIX": str(directory / "pycache"), "NEWSBRIEF_DATA_DIR": str(directory),
            "NEWSBRIEF_DATABASE_URL": f"sqlite:///{directory / 'startup.db'}"}
    return env


def _measure(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for command in commands.values():  # warm-up: bytecode cached, database migrated
        subprocess.run(command, env=env, check=True, capture_output=True)
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)  # this child's own CPU time and peak RSS
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
            samples[name].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    return {name: {"wall_median": round(statistics.median(s[0] for s in rows), 3),
                   "wall_best": round(min(s[0] for s in rows), 3),
                   "cpu_median": round(statistics.median(s[1] for s in rows), 3),
                   "rss_mb": round(max(s[2] for s in rows), 1)}
            for name, rows in samples.items()}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def idle_bot(env: dict[str, str], directory: Path, seconds: float) -> dict[str, Any]:
    """RSS of `newsbrief run` (bot and pipeline job) doing nothing, after its first pass."""
    fake = FakeTelegram(TOKEN).start()
    log = directory / "bot.log"
    bot_env = env | {"TELEGRAM_BOT_TOKEN": TOKEN, "NEWSBRIEF_TELEGRAM_API_URL": fake.url,
                     "NEWSBRIEF_LOG_LEVEL": "INFO"}
    with log.open("w") as out:
        process = subprocess.Popen([NEWSBRIEF, "run"], env=bot_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        fake.wait_for("setMyCommands", timeout=120)
        fake.wait_for("getUpdates", count=2, timeout=60)
        deadline = time.monotonic() + 60
        while "pipeline pass:" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)  # bounded wait for the first pass to end
        series = []
        for _ in range(int(seconds)):
            time.sleep(1)
            series.append(round(_rss_mb(process.pid), 1))
    finally:
        process.terminate()
        process.wait(timeout=20)
        fake.stop()
    return {"rss_mb_median": statistics.median(series), "rss_mb_max": max(series), "series": series}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle-seconds", type=float, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbrief-startup-") as tmp:
        directory = Path(tmp)
        env = _environment(directory)
        subprocess.run([NEWSBRIEF, "ingest", str(ROOT / "examples")], env=env, check=True, capture_output=True)
        commands = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            # The libraries `ask` cannot do without (command line, settings, SQL): its floor.
            "import typer, pydantic_settings, sqlalchemy": [
                sys.executable, "-c", "import typer, pydantic_settings, sqlalchemy"],
            "newsbrief --help": [NEWSBRIEF, "--help"],
            "newsbrief ask": [NEWSBRIEF, "ask", "what's new on gaza?"],
        }
        results: dict[str, Any] = _measure(commands, env, args.runs)
        floor, ask = results["import typer, pydantic_settings, sqlalchemy"], results["newsbrief ask"]
        results["ask against its floor"] = {
            **{f"{kind}_ratio": round(ask[kind] / floor[kind], 2) for kind in ("wall_median", "cpu_median")},
            **{f"{kind}_minus": round(ask[kind] - floor[kind], 3) for kind in ("wall_median", "cpu_median")},
        }
        results["idle newsbrief run"] = idle_bot(env, directory, args.idle_seconds)
    results["load_average"] = os.getloadavg()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, figures in results.items():
        print(f"{name:>28}: {figures}")


if __name__ == "__main__":
    main()
