"""Every figure of the production table in one run, each beside its reference, on this machine.

    .venv/bin/python bench/all.py [--quick] [--only NAME,NAME] [--out var/bench-last.txt]

Runs the benches one after the other (never two at once: they share the cores they measure) and
prints each one's table as it comes, then how long each took. Each bench builds what it needs in
a temporary folder, checks the status and content of what it times, and prints its reference
measured in the same run:

- ``public``: cached and uncached public pages beside the trivial view, one Daphne, 4 and 16
  clients (``public_pages.py``);
- ``bakerydemo``: the uncached home page beside wagtail/bakerydemo's, Daphne and gunicorn, 1 and
  4 clients (``bakerydemo.py``; builds bakerydemo's virtualenv under var/ the first time);
- ``desk``: the desk of demo animators beside the trivial view, Daphne and gunicorn
  (``desk_served.py``);
- ``search20k`` and ``search100k``: Whoosh beside PostgreSQL full-text search (``search.py``);
- ``chat``: the chat's fan-out, in memory and over two Daphnes + Redis, beside a bare
  ``websockets`` broadcast (``chat_fanout.py``);
- ``topology``: nginx, two gunicorn, two Daphne, PostgreSQL and Redis, with a Daphne and a worker
  killed during the run (``topology.py``).

``--quick`` runs each with small sizes (a smoke run: its figures are not the table's). The whole
output is also written to ``--out``.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BENCHES = {
    "public": (["public_pages.py"], ["public_pages.py", "--requests", "60", "--concurrency", "4"]),
    "bakerydemo": (["bakerydemo.py"], ["bakerydemo.py", "--requests", "40", "--servers", "gunicorn"]),
    "desk": (["desk_served.py"], ["desk_served.py", "--requests", "40"]),
    "search20k": (
        ["search.py", "--docs", "20000", "--queries", "1000"],
        ["search.py", "--docs", "2000", "--queries", "100"],
    ),
    "search100k": (["search.py", "--docs", "100000", "--queries", "300"], None),
    "chat": (["chat_fanout.py"], ["chat_fanout.py", "--quick"]),
    "topology": (["topology.py", "--duration", "30"], ["topology.py", "--duration", "10"]),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", default="", help=f"comma-separated, among {','.join(BENCHES)}")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-last.txt"), help="where the output is kept too")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(BENCHES)
    unknown = set(names) - set(BENCHES)
    if unknown:
        parser.error(f"unknown bench: {', '.join(sorted(unknown))}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    durations = []
    with out.open("w") as log:

        def say(text=""):
            print(text, flush=True)
            log.write(text + "\n")
            log.flush()

        cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
        say(f"# bench/all.py, {time.strftime('%Y-%m-%d %H:%M')}, {cores} cores{' (quick)' if args.quick else ''}")
        for name in names:
            full, quick = BENCHES[name]
            command = quick if args.quick else full
            if command is None:
                say(f"\n## {name}: skipped in a quick run")
                continue
            say(f"\n## {name}: {' '.join(command)}")
            started = time.monotonic()
            process = subprocess.Popen(
                [PYTHON, str(ROOT / "bench" / command[0]), *command[1:]],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for line in process.stdout:
                say(line.rstrip("\n"))
            code = process.wait()
            elapsed = time.monotonic() - started
            durations.append((name, elapsed, code))
            if code:
                say(f"(exit code {code})")
        say("\n## durations")
        for name, elapsed, code in durations:
            say(f"{name:12} {elapsed:7.0f} s{'' if code == 0 else f'  exit {code}'}")
    return 1 if any(code for _, _, code in durations) else 0


if __name__ == "__main__":
    sys.exit(main())
