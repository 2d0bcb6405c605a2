#!/usr/bin/env bash
# Set up (first run) and run every test: helpers' unit tests, the book's structure tests,
# every notebook under chapters/ (nbval), and a clean build of the book with -W.
# Data: the generated stand-in unless KERAS_BOOK_DATA says otherwise (real | auto).
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -k glossary
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_env.sh
export KERAS_BOOK_DATA="${KERAS_BOOK_DATA:-standin}"
exec pytest --nbval -n 2 --dist loadfile "$@"
