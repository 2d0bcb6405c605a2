#!/usr/bin/env bash
# Set up (first run) and build the HTML book from clean into _build/html/, executing every
# notebook. Warnings, notebook errors and anything a notebook writes to stderr fail the build.
# Data: KERAS_BOOK_DATA=auto by default (real data when online, the stand-in otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_env.sh
export KERAS_BOOK_DATA="${KERAS_BOOK_DATA:-auto}"
rm -rf _build
jupyter-book build . -W -n --keep-going
echo "==> open _build/html/index.html"
