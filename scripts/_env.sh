# Sourced by scripts/book.sh and scripts/test.sh: make ./.venv and install what the book needs.
# Installs again only when requirements.txt or helpers/pyproject.toml changed.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed (tried '$PYTHON'; set PYTHON=/path/to/python3.11)." >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
stamp="$(cat requirements.txt helpers/pyproject.toml | sha256sum | cut -c1-16)"
if [ "$(cat .venv/.installed 2>/dev/null)" != "$stamp" ]; then
  echo "==> installing requirements.txt and helpers into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  .venv/bin/python -m pip install --quiet --no-deps -e ./helpers
  echo "$stamp" > .venv/.installed
fi
# shellcheck disable=SC1091
source .venv/bin/activate
# TensorFlow must stay quiet in every kernel the tests and the build start.
# (the same values as helpers.notebook.QUIET_TF_ENV)
export TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 PYTHONHASHSEED=0
