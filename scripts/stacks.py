"""The supported range of the chapters' stack, read from stacks.toml (both ends, one file).

    python scripts/stacks.py requirements oldest [--test-tools]   # pip requirement lines of an end
    python scripts/stacks.py python oldest                        # path of a matching interpreter
    python scripts/stacks.py describe                             # the range, one line per end

`--test-tools` adds nbval, pytest, pytest-xdist and ipykernel at the versions requirements.txt
pins, so that both ends are tested with the same tools. `python` looks for the end's Python
version in $PYTHON<major><minor> (e.g. PYTHON312), on PATH, in pyenv's versions and in the usual
system folders, and runs each candidate (a pyenv shim for a version that is not installed fails
and is skipped); it exits 1 with a message when none works.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
STACKS = ROOT / "stacks.toml"
TEST_TOOLS = ("nbval", "pytest", "pytest-xdist", "ipykernel")


def load() -> dict:
    return tomllib.loads(STACKS.read_text(encoding="utf-8"))


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    """{package: version} pinned in requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", line)
        if m:
            pins[normalise(m.group(1))] = m.group(2)
    return pins


def requirement(name: str, spec: str) -> str:
    return name if spec == "*" else f"{name}=={spec}"


def requirements(end: str, test_tools: bool = False) -> list[str]:
    stack = load()[end]
    lines = [requirement(name, spec) for name, spec in stack.items() if name != "python"]
    if test_tools:
        pins = pinned()
        lines += [f"{tool}=={pins[tool]}" if tool in pins else tool for tool in TEST_TOOLS]
    return lines


def find_python(version: str) -> str | None:
    """An interpreter of this major.minor version that really runs, or None."""
    major_minor = version.replace(".", "")
    candidates = [
        os.environ.get(f"PYTHON{major_minor}"),
        shutil.which(f"python{version}"),
        *sorted(
            glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}*/bin/python{version}")),
            key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("/versions/")[1].split("/")[0])],
            reverse=True,
        ),
        f"/usr/bin/python{version}",
        f"/usr/local/bin/python{version}",
    ]
    want = tuple(int(x) for x in version.split("."))
    for c in dict.fromkeys(c for c in candidates if c):
        if not Path(c).exists():
            continue
        try:
            ok = (
                subprocess.run(
                    [c, "-c", f"import sys; sys.exit(sys.version_info[:2] != {want!r})"],
                    capture_output=True,
                    timeout=60,
                ).returncode
                == 0
            )
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return c
    return None


def describe() -> list[str]:
    stacks = load()
    return [
        f"{end}: Python {s['python']}, " + ", ".join(f"{k} {v}" for k, v in s.items() if k != "python")
        for end, s in stacks.items()
    ]


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "requirements":
        print("\n".join(requirements(argv[1], "--test-tools" in argv[2:])))
        return 0
    if len(argv) == 2 and argv[0] == "python":
        version = load()[argv[1]]["python"]
        found = find_python(version)
        if found is None:
            print(
                f"no working Python {version} found (set PYTHON{version.replace('.', '')}=/path/to/python{version})",
                file=sys.stderr,
            )
            return 1
        print(found)
        return 0
    if argv == ["describe"]:
        print("\n".join(describe()))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
