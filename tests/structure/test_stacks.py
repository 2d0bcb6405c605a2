"""stacks.toml defines both ends of the supported stack; the pins (requirements.txt) are its newest end."""

import re
import subprocess
import sys

import tomllib
from _book import ROOT

STACKS = tomllib.loads((ROOT / "stacks.toml").read_text(encoding="utf-8"))


def pins() -> dict:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    return {
        re.sub(r"[-_.]+", "-", m.group(1)).lower(): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.M)
    }


def test_both_ends_are_defined():
    assert set(STACKS) == {"newest", "oldest"}
    for end in STACKS.values():
        assert {"python", "tensorflow-cpu", "keras", "numpy", "matplotlib", "pandas"} <= set(end)


def test_requirements_txt_is_the_newest_end():
    pinned = pins()
    wrong = {
        name: (spec, pinned.get(name))
        for name, spec in STACKS["newest"].items()
        if name != "python" and pinned.get(name) != spec
    }
    assert not wrong, f"stacks.toml [newest] and requirements.txt disagree (stacks.toml, requirements.txt): {wrong}"


def test_requirements_txt_is_compiled_from_requirements_in():
    head = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert any("uv pip compile requirements.in -o requirements.txt" in line for line in head), head
    direct = [
        re.split(r"[=<>\[ ;#]", line.strip())[0].lower()
        for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    missing = [d for d in direct if re.sub(r"[-_.]+", "-", d) not in pins()]
    assert not missing, f"in requirements.in but not pinned in requirements.txt (recompile): {missing}"


def test_readme_states_the_range():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for end in STACKS.values():
        for name in ("tensorflow-cpu", "keras"):
            version = end[name].removesuffix(".*")
            assert version in readme, f"README does not state {name} {end[name]} of stacks.toml"


def test_the_script_prints_an_end():
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stacks.py"), "requirements", "oldest", "--test-tools"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "keras==3.10.*" in out and "numpy==2.0.2" in out
    assert f"nbval=={pins()['nbval']}" in out  # the same test tools at both ends
