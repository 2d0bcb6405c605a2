#!/usr/bin/env bash
# Set up (first run) and build the HTML book from clean into _build/html/, executing every
# notebook (execute_notebooks: force: this is the publishing build, nothing comes from the tests).
# Warnings, notebook errors and anything a notebook writes to stderr fail the build.
# Data: KERAS_BOOK_DATA=auto by default (real data when online, the stand-in otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_env.sh
export KERAS_BOOK_DATA="${KERAS_BOOK_DATA:-auto}"
# From clean: remove every earlier build (kept: the test artefacts, pytest's and ruff's caches, the Colab
# tier's venv, axe-core from npm: without it the accessibility test is skipped).
mkdir -p _build
find _build -mindepth 1 -maxdepth 1 ! -name test-artifacts ! -name .pytest_cache ! -name colab-venv \
  ! -name colab-venv.requirements.txt ! -name node ! -name .ruff_cache -exec rm -rf {} +
jupyter-book build . -W -n --keep-going
echo "==> open _build/html/index.html"
