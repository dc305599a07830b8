"""Run every fault drill in turn, each in its own process, and print their PASS/FAIL lines.

    python -m drills.run                 all of them
    python -m drills.run redis_down      only those named

Exits 1 when any drill fails. Each drill's own progress goes to stderr as it runs.
"""

from __future__ import annotations

import subprocess
import sys
import time

from drills import common

DRILLS = ("worker_kill", "redis_down", "postgres_restart", "backup_restore", "mixed_load", "multiserver")


def main(names: list[str]) -> int:
    unknown = sorted(set(names) - set(DRILLS))
    if unknown:
        print(f"Unknown drill(s): {', '.join(unknown)}; choose from {', '.join(DRILLS)}", file=sys.stderr)
        return 2
    lines = []
    for name in names or DRILLS:
        print(f"==> drills.{name}", file=sys.stderr, flush=True)
        start = time.monotonic()
        done = subprocess.run(  # noqa: S603 - our own drill modules
            [common.PYTHON, "-m", f"drills.{name}"],
            cwd=common.BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        output = done.stdout.strip().splitlines()
        last = output[-1] if output else f"FAIL {name}: no result line (exit {done.returncode})"
        if done.returncode and not last.startswith("FAIL"):
            last = f"FAIL {name}: exit {done.returncode}: {last}"
        lines.append((last, time.monotonic() - start))
        print(last, flush=True)
    print("\nSummary:")
    for last, seconds in lines:
        print(f"  {seconds:5.0f} s  {last}")
    failed = sum(1 for last, _s in lines if not last.startswith("PASS"))
    print(f"{len(lines) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
