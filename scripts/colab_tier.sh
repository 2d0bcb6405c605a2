#!/usr/bin/env bash
# The Colab compatibility tier: every chapter under nbval on the OLDEST supported stack
# (stacks.toml [oldest]: Colab's 2025-07 runtime, Python 3.12), with helpers installed the way
# Colab gets it: as a wheel built from ./helpers.
#   bash scripts/colab_tier.sh              # all chapters
#   bash scripts/colab_tier.sh -k 03_       # extra arguments go to pytest
# The environment is _build/colab-venv (made again when stacks.toml changes); the helpers
# wheel is rebuilt and reinstalled on every run. Without a working python3.12 the tier is
# skipped with the reason printed; under CI (CI=true) that is a failure instead.
# Executed notebooks: _build/test-artifacts/colab-executed/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_env.sh   # the pins venv: builds the wheel and reads stacks.toml
export KERAS_BOOK_DATA="${KERAS_BOOK_DATA:-standin}"
t0=$SECONDS

if ! PY312="$(python scripts/stacks.py python oldest)"; then
  if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
    echo "==> colab tier: FAILED: CI must run it, but no working Python 3.12 was found (set PYTHON312=/path)" >&2
    exit 1
  fi
  echo "==> colab tier: SKIPPED: no working Python 3.12 found (set PYTHON312=/path/to/python3.12)"
  exit 0
fi

mkdir -p _build
VENV=_build/colab-venv
stamp="$(cat stacks.toml requirements.txt | sha256sum | cut -c1-16) $PY312"
UV="$(command -v uv || true)"
[ -x .venv/bin/uv ] && UV=.venv/bin/uv
if [ "$(cat "$VENV/.installed" 2>/dev/null)" != "$stamp" ]; then
  echo "==> colab tier: creating $VENV with $("$PY312" --version): $(python scripts/stacks.py describe | grep '^oldest')"
  rm -rf "$VENV"
  python scripts/stacks.py requirements oldest --test-tools > "$VENV.requirements.txt"
  if [ -n "$UV" ]; then
    "$UV" venv --quiet --seed --python "$PY312" "$VENV"
    "$UV" pip install --quiet --compile-bytecode --python "$VENV/bin/python" -r "$VENV.requirements.txt"  # as in _env.sh
  else
    "$PY312" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$VENV.requirements.txt"
  fi
  echo "$stamp" > "$VENV/.installed"
fi

# helpers as Colab installs it: a wheel (built here from a clean copy, without build isolation).
WHEELS=_build/colab-wheel
rm -rf "$WHEELS" && mkdir -p "$WHEELS/src"
cp -r helpers "$WHEELS/src/helpers"
rm -rf "$WHEELS/src/helpers/build" "$WHEELS"/src/helpers/src/*.egg-info
python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$WHEELS" "$WHEELS/src/helpers" >/dev/null
WHEEL="$(ls "$WHEELS"/keras_book_helpers-*.whl)"
if [ -n "$UV" ]; then
  "$UV" pip install --quiet --python "$VENV/bin/python" --reinstall --no-deps "$WHEEL"
  "$UV" pip check --quiet --python "$VENV/bin/python"
else
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
  "$VENV/bin/python" -m pip check
fi

deactivate
export PATH="$PWD/$VENV/bin:$PATH" VIRTUAL_ENV="$PWD/$VENV"
echo "==> colab tier: $("$VENV/bin/python" - <<'EOF'
import sys, importlib.metadata as m
import helpers
names = ["tensorflow-cpu", "keras", "numpy", "matplotlib", "pandas", "jinja2", "keras-book-helpers"]
print(f"Python {sys.version.split()[0]}, " + ", ".join(f"{n} {m.version(n)}" for n in names)
      + f"; helpers from {helpers.__file__}")
EOF
)"
rc=0
"$VENV/bin/python" -m pytest --nbval --nbval-current-env -n "$KERAS_BOOK_NOTEBOOK_WORKERS" --dist loadfile --no-loadscope-reorder chapters \
  --executed-dir _build/test-artifacts/colab-executed "$@" || rc=$?
echo "==> colab tier: exit $rc in $((SECONDS - t0)) s"
exit $rc
