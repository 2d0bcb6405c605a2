"""Time each chapter notebook, and optionally the whole test command, on this machine.

Usage:
    python scripts/benchmark.py                 # every chapter, one fresh kernel each
    python scripts/benchmark.py 01 03           # chapters whose file name starts with these
    python scripts/benchmark.py --full          # also time `bash scripts/test.sh`, and the ratio
    python scripts/benchmark.py --real-size     # stand-in images at the real size (60,000/10,000)
--real-size sets KERAS_BOOK_STANDIN_SIZE=real (see helpers.data.standin): the generated
stand-ins then have the real data's sizes, so the time is what a chapter needs on the real
data, without downloading it. The stand-ins are generated (and cached) before the clock starts.
Writes benchmark-results.json next to this repository's README and prints a table.
--full measures, in one run, the serial execution of every chapter and then the README test
command on the warm .venv, and prints their ratio (target: at most 1.0, and at most 300 s).
Targets per chapter: about 60 s at stand-in size, at most 90 s at the real size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_LIMIT_S = 120
TEST_LIMIT_S = 300


def time_notebook(path: Path) -> tuple[float, int]:
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    stderr = sum(
        1
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )
    return seconds, stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="*", help="only chapters whose name starts with these")
    parser.add_argument("--full", action="store_true", help="also time the whole test command")
    parser.add_argument(
        "--real-size",
        action="store_true",
        help="set KERAS_BOOK_STANDIN_SIZE=real: stand-in images at the real size, 60,000 + 10,000",
    )
    args = parser.parse_args()
    os.environ.setdefault("KERAS_BOOK_DATA", "standin")
    if args.real_size:
        os.environ["KERAS_BOOK_STANDIN_SIZE"] = "real"
    from helpers.notebook import QUIET_TF_ENV

    os.environ.update(QUIET_TF_ENV)
    if os.environ["KERAS_BOOK_DATA"] == "standin":  # generate (or load) the stand-ins before timing
        from helpers.data import standin

        start = time.perf_counter()
        for name in ("mnist", "fashion_mnist"):
            standin.standin_images(name)
        print(
            f"stand-ins ready ({os.environ.get('KERAS_BOOK_STANDIN_SIZE') or 'default'} size) "
            f"in {time.perf_counter() - start:.1f} s"
        )

    chapters = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    if args.prefixes:
        chapters = [c for c in chapters if c.name.startswith(tuple(args.prefixes))]
    results = {
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "data_mode": os.environ["KERAS_BOOK_DATA"],
        "standin_size": os.environ.get("KERAS_BOOK_STANDIN_SIZE") or "default",
        "chapters": {},
    }
    ok = True
    print(f"{'chapter':45s} {'seconds':>8s}  stderr  within {CHAPTER_LIMIT_S}s")
    for path in chapters:
        seconds, stderr = time_notebook(path)
        within = seconds <= CHAPTER_LIMIT_S
        ok &= within and stderr == 0
        results["chapters"][path.name] = {"seconds": round(seconds, 1), "stderr_outputs": stderr}
        print(f"{path.name:45s} {seconds:8.1f}  {stderr:6d}  {'yes' if within else 'NO'}")
    if args.full:
        start = time.perf_counter()
        proc = subprocess.run(["bash", str(ROOT / "scripts" / "test.sh")], cwd=ROOT)
        seconds = time.perf_counter() - start
        serial = sum(c["seconds"] for c in results["chapters"].values())
        ratio = seconds / serial if serial else float("nan")
        results["test_command"] = {"seconds": round(seconds, 1), "exit_code": proc.returncode}
        results["serial_chapters_seconds"] = round(serial, 1)
        results["ratio_test_command_to_serial_chapters"] = round(ratio, 2)
        ok &= proc.returncode == 0 and seconds <= TEST_LIMIT_S and ratio <= 1.0
        print(f"{'every chapter, serially':45s} {serial:8.1f}")
        print(f"{'test command (bash scripts/test.sh)':45s} {seconds:8.1f}  exit {proc.returncode}")
        print(f"{'ratio (target <= 1.0; test command <= 300 s)':45s} {ratio:8.2f}")
    (ROOT / "benchmark-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
