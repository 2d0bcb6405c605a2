#!/usr/bin/env bash
# Run every chapter under nbval INSIDE Colab's published runtime image, on whatever that image
# holds this month (the hosted workflow's scheduled "colab" job; see .github/workflows/book.yml):
#   docker run --rm -v "$PWD:/book" -w /book --entrypoint bash \
#     us-docker.pkg.dev/colab-images/public/runtime scripts/colab_runtime.sh
# helpers is installed from ./helpers the way the chapters' Colab cell installs it (its
# dependencies are lower bounds: Colab's own NumPy, Matplotlib, pandas, TensorFlow and Keras stay).
# Only the test tools are added. Executed notebooks: _build/test-artifacts/colab-runtime-executed/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
export KERAS_BOOK_DATA="${KERAS_BOOK_DATA:-auto}"
"$PY" -m pip install --quiet --root-user-action=ignore $("$PY" scripts/stacks.py requirements oldest --test-tools | grep -E '^(nbval|pytest|pytest-xdist)==')
"$PY" -m pip install --quiet --root-user-action=ignore ./helpers
# TensorFlow stays quiet in every kernel: helpers.notebook.QUIET_TF_ENV (installed just above) is the one definition.
quiet_tf_env="$("$PY" -c 'from helpers.notebook import QUIET_TF_ENV; print("".join(f"export {k}={v}\n" for k, v in QUIET_TF_ENV.items()), end="")')"
eval "$quiet_tf_env"
export PYTHONHASHSEED=0
"$PY" - <<'PYEOF'
import sys, importlib.metadata as m
names = ["tensorflow", "keras", "numpy", "matplotlib", "pandas", "keras-book-helpers"]
def v(n):
    try:
        return m.version(n)
    except m.PackageNotFoundError:
        return "absent"
print("==> Colab runtime: Python", sys.version.split()[0], ", ".join(f"{n} {v(n)}" for n in names))
PYEOF
exec "$PY" -m pytest --nbval --nbval-current-env -n 2 --dist loadfile chapters \
  --executed-dir _build/test-artifacts/colab-runtime-executed "$@"
