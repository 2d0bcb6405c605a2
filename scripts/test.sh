#!/usr/bin/env bash
# Set up (first run) and run every test, each notebook executed once:
#   stage 1  TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 pytest --nbval -n 3 --dist loadfile -m notebook
#            every notebook under chapters/ (nbval), one more at a time than there are cores (3 on 2
#            cores), the slowest first; the root
#            conftest.py keeps each notebook nbval executed in _build/test-artifacts/executed/
#   stage 2  pytest -n 2 --dist load -m "not notebook"
#            everything else: one worker builds the book once from those executed notebooks (no
#            second execution) while the other runs the unit and structure tests and helpers'
#            doctests; then both check the pages (browser tests, accessibility, screenshots)
# Why this split: the book's tests need every notebook, and the unit tests fill the time the build
# would leave the other worker idle (README, "Tests"; measured then: 117 s + 109 s, against 124 s + 133 s
# with the unit tests in stage 1; now 102 s + 83 s).
# Options:
#   --quick      the quick tier only: unit and structure tests (ruff lint included), no notebook, no build (about 30 s)
#   --notebooks  the notebooks and the book built from them (stage 2 runs only the book's tests):
#                the hosted real-data job
#   other arguments go to pytest in both stages, e.g.  bash scripts/test.sh -k glossary
# Stage 1's workers: one more than the cores (KERAS_BOOK_NOTEBOOK_WORKERS, set in _env.sh), each notebook's
# TensorFlow on one thread (TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS override; the Colab tier
# and scripts/benchmark.py keep TensorFlow's default, as a learner has it). A notebook leaves its core
# idle part of the time (kernel round trips, Python between TensorFlow calls), and several notebooks'
# thread pools on two cores get in each other's way. Measured on 2 cores: 2 workers 117-120 s (12 %
# idle), 3 workers 110-114 s (7 % idle), 4 workers 116 s; 3 single-threaded workers 99-104 s, 4: 104 s.
# Data: the generated stand-in unless KERAS_BOOK_DATA says otherwise (real | auto).
# Artefacts (build log, pages, screenshots, executed notebooks): _build/test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_env.sh
export KERAS_BOOK_DATA="${KERAS_BOOK_DATA:-standin}"
# Stage 2 builds only from the notebooks stage 1 of THIS run executed (tests/book/test_book.py).
export KERAS_BOOK_RUN_ID="${KERAS_BOOK_RUN_ID:-$(date -u +%Y%m%dT%H%M%S)-$$}"

if [ "${1:-}" = "--quick" ]; then
  shift
  exec pytest -m quick tests "$@"
fi
stage2=(-m "not notebook")
if [ "${1:-}" = "--notebooks" ]; then
  shift
  stage2=(-m book)
fi

# Real data: fetch it once, before several workers could download the same file.
if [ "$KERAS_BOOK_DATA" != standin ]; then
  echo "==> fetching the data sets (KERAS_BOOK_DATA=$KERAS_BOOK_DATA)"
  python -c "from helpers import data; data.load_mnist(); data.load_fashion_mnist(); data.load_thoracic()"
fi

# pytest exit codes: 0 passed, 5 no test selected (fine in one stage when arguments narrow the run).
run_stage() {
  local name=$1; shift
  local t0=$SECONDS rc=0
  echo "==> $name: pytest $*"
  pytest "$@" || rc=$?
  echo "==> $name: exit $rc in $((SECONDS - t0)) s"
  return $rc
}
t0=$SECONDS
rc1=0; rc2=0
TF_NUM_INTRAOP_THREADS="${TF_NUM_INTRAOP_THREADS:-1}" TF_NUM_INTEROP_THREADS="${TF_NUM_INTEROP_THREADS:-1}" \
  run_stage "stage 1 (the notebooks, $KERAS_BOOK_NOTEBOOK_WORKERS at a time, TensorFlow on ${TF_NUM_INTRAOP_THREADS:-1} thread each)" \
  --nbval -n "$KERAS_BOOK_NOTEBOOK_WORKERS" --dist loadfile --no-loadscope-reorder -m notebook "$@" || rc1=$?
run_stage "stage 2 (the book from this run's executed notebooks; every other test)" \
  -n 2 --dist load "${stage2[@]}" "$@" || rc2=$?
echo "==> all tests: $((SECONDS - t0)) s (stage 1 exit $rc1, stage 2 exit $rc2)"
if [ $rc1 = 5 ] && [ $rc2 = 5 ]; then exit 5; fi
for rc in $rc1 $rc2; do
  if [ "$rc" != 0 ] && [ "$rc" != 5 ]; then exit "$rc"; fi
done
exit 0
