#!/usr/bin/env bash
# Set up (first run) and run every test, each notebook executed once:
#   stage 1  pytest --nbval -n 2 --dist loadfile -m "not book"
#            every notebook under chapters/ (nbval), helpers' unit tests, the structure tests;
#            the root conftest.py keeps each notebook nbval executed in _build/test-artifacts/executed/
#   stage 2  pytest -n 2 --dist load -m book
#            builds the book once from those executed notebooks (no second execution; the first worker
#            builds, the other waits for it), then checks the pages on two workers: browser tests,
#            accessibility, screenshots of key pages
# Options:
#   --quick      the quick tier only: unit and structure tests (ruff lint included), no notebook, no build (about 30 s)
#   --notebooks  stage 1 runs only the notebooks (then stage 2 as usual): the hosted real-data job
#   other arguments go to pytest in both stages, e.g.  bash scripts/test.sh -k glossary
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
only=()
if [ "${1:-}" = "--notebooks" ]; then
  shift
  only=(chapters)
fi

# Real data: fetch it once, before two workers could both download the same file.
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
run_stage "stage 1 (notebooks, unit and structure tests)" \
  --nbval -n 2 --dist loadfile --no-loadscope-reorder -m "not book" "${only[@]}" "$@" || rc1=$?
run_stage "stage 2 (the book from this run's executed notebooks)" -n 2 --dist load -m book "$@" || rc2=$?
echo "==> all tests: $((SECONDS - t0)) s (stage 1 exit $rc1, stage 2 exit $rc2)"
if [ $rc1 = 5 ] && [ $rc2 = 5 ]; then exit 5; fi
for rc in $rc1 $rc2; do
  if [ "$rc" != 0 ] && [ "$rc" != 5 ]; then exit "$rc"; fi
done
exit 0
