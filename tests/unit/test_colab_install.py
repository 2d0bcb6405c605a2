"""helpers installs the way the Colab cell installs it, and works on Python 3.12 (Colab's).

A wheel of helpers goes into a fresh Python 3.12 environment with only helpers' declared
dependencies (no distutils there: it is gone); it imports every module of helpers, draws a
Korean figure with warnings as errors, and passes `pip check`.
helpers next to a preinstalled TensorFlow/Keras, as on Colab, is what the Colab tier tests
(scripts/colab_tier.sh, run by .ci/run): the wheel installed without dependencies into the
oldest supported stack, then every chapter.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _book import ROOT

SMOKE = r"""
import importlib, pkgutil, sys, warnings
warnings.simplefilter("error")
import helpers
names = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
for name in names:
    importlib.import_module(name)
assert "distutils" not in sys.modules, "something imported distutils"
import matplotlib
matplotlib.use("Agg")
info = helpers.setup(seed=1, keras=False, verbose=False)
import matplotlib.pyplot as plt, io
fig, ax = plt.subplots(); ax.set_xlabel("에포크 · epoch"); fig.savefig(io.BytesIO(), format="png")
print("OK", sys.version_info[:2], len(names), "modules")
"""


def _stacks():
    spec = importlib.util.spec_from_file_location("stacks", ROOT / "scripts" / "stacks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_python312():
    """Python 3.12 (Colab's): $PYTHON312, PATH, pyenv, system folders; each candidate is run (shims fail)."""
    return _stacks().find_python("3.12")


def uv():
    """uv, if this environment or the machine has it (much faster than pip at making environments)."""
    local = Path(sys.executable).with_name("uv")
    return str(local) if local.exists() else shutil.which("uv")


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "helpers"
    shutil.copytree(ROOT / "helpers", src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(src)])
    (whl,) = out.glob("keras_book_helpers-*.whl")
    return whl


def test_wheel_carries_the_korean_font(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "helpers/_fontdata/NanumGothic.ttf" in names and "helpers/_fontdata/OFL.txt" in names


def test_installs_and_runs_on_python_312(wheel, tmp_path):
    py312 = find_python312()
    if py312 is None:
        if os.environ.get("CI"):
            pytest.fail("CI must check Python 3.12, but no python3.12 was found (set PYTHON312)")
        pytest.skip("no Python 3.12 interpreter found (set PYTHON312=/path/to/python3.12)")
    env = tmp_path / "py312"
    py = env / "bin" / "python"
    if uv():  # helpers with only its declared dependencies, resolved from the package index
        run([uv(), "venv", "--quiet", "--python", py312, str(env)])
        run([uv(), "pip", "install", "--quiet", "--python", str(py), str(wheel)])
    else:
        run([py312, "-m", "venv", str(env)])
        run([str(py), "-m", "pip", "install", "--quiet", str(wheel)])
    out = run([str(py), "-c", SMOKE], cwd=tmp_path).stdout
    assert out.startswith("OK (3, 12)"), out
    if uv():
        run([uv(), "pip", "check", "--python", str(py)])
    else:
        run([str(py), "-m", "pip", "check"])
