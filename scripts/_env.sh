# Sourced by scripts/book.sh and scripts/test.sh: make ./.venv and install what the book needs.
# Installs again only when requirements.txt or helpers/pyproject.toml changed.
# Installer: uv (fast; taken from PATH, or installed into .venv from the package index),
# plain pip when uv cannot be had. KERAS_BOOK_INSTALLER=pip forces pip.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed (tried '$PYTHON'; set PYTHON=/path/to/python3.11)." >&2
  exit 2
fi

# uv: on PATH, or in .venv from an earlier run; empty when it cannot be had.
find_uv() {
  [ "${KERAS_BOOK_INSTALLER:-uv}" = pip ] && return 0
  if [ -x .venv/bin/uv ]; then echo .venv/bin/uv
  elif command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then command -v uv
  fi
}

stamp="$(cat requirements.txt helpers/pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.installed 2>/dev/null)" != "$stamp" ]; then
  started=$SECONDS
  UV="$(find_uv)"
  if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv with $("$PYTHON" --version)"
    if [ -n "$UV" ]; then "$UV" venv --quiet --seed --python "$PYTHON" .venv
    else "$PYTHON" -m venv .venv; fi
  fi
  if [ -z "$UV" ] && [ "${KERAS_BOOK_INSTALLER:-uv}" != pip ]; then
    # No uv on this machine: bring it into .venv (one small wheel); plain pip if that fails.
    if .venv/bin/python -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1 \
        && .venv/bin/uv --version >/dev/null 2>&1; then
      UV=.venv/bin/uv
    else
      echo "==> uv is not available: installing with pip (slower)"
    fi
  fi
  echo "==> installing requirements.txt and helpers into .venv with ${UV:-pip}"
  if [ -n "$UV" ]; then
    # --compile-bytecode, as pip does: uv installs no .pyc files, and where PYTHONDONTWRITEBYTECODE is
    # set (as on this machine) every process then compiles TensorFlow & co. again: measured, importing
    # tensorflow, keras, matplotlib, pandas and nbformat took 10.0 s instead of 4.9 s, in each of the
    # ~20 processes a test run starts. Compiling costs about 11 s once (12.5 s instead of 1.4 s).
    "$UV" pip install --quiet --compile-bytecode --python .venv/bin/python -r requirements.txt
    "$UV" pip install --quiet --python .venv/bin/python --no-deps -e ./helpers
  else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e ./helpers
  fi
  echo "$stamp" > .venv/.installed
  echo "==> .venv ready in $((SECONDS - started)) s"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
# TensorFlow must stay quiet in every kernel the tests and the build start: the one definition
# is helpers.notebook.QUIET_TF_ENV (helpers is installed in .venv by now). Plus fixed hashing.
quiet_tf_env="$(python -c 'from helpers.notebook import QUIET_TF_ENV; print("".join(f"export {k}={v}\n" for k, v in QUIET_TF_ENV.items()), end="")')"
eval "$quiet_tf_env"
export PYTHONHASHSEED=0
# nbval's workers in test.sh's stage 1 and in the Colab tier: one more than the cores (a notebook
# leaves its core idle part of the time; measurements in scripts/test.sh).
export KERAS_BOOK_NOTEBOOK_WORKERS="${KERAS_BOOK_NOTEBOOK_WORKERS:-$(($(nproc) + 1))}"
