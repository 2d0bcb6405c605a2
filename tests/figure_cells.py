"""List every code cell that draws a figure, per chapter, and whether it has bilingual alt text.

    python tests/figure_cells.py            # a table: chapter, cell, images, alt?, first code line
    python tests/figure_cells.py --json     # the same as JSON, with an empty metadata template per cell
    python tests/figure_cells.py --missing  # only the cells that still need alt text (exit 1 if any)

A cell draws a figure when its executed outputs hold an image (``image/png`` …). The executed
notebooks come from the last test run (``_build/test-artifacts/executed/``, written by the root
conftest.py); a chapter without one there falls back to reading the code (``plt.show()``,
``helpers.plots``, ``.plot(`` / ``.imshow(`` …), which is marked "guessed".

The alt text and caption live in the cell's metadata (see _ext/bilingual.py):

    "metadata": {"book": {"figure": {"alt": {"ko": "…", "en": "…"},
                                     "caption": {"ko": "…", "en": "…"}}}}

Good alt text says what the figure shows and what to notice, in one or two sentences, in each
language with the same numbers; never a file name. Cell indices are 0-based indices into
nb["cells"] (as in the reviews).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = ROOT / "_build" / "test-artifacts" / "executed" / "chapters"
IMAGE_MIME = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
DRAWS = re.compile(r"plt\.show\(|plots\.\w+\(|\.imshow\(|\.plot\(|\.bar\(|\.hist\(|\.scatter\(|display\(fig")


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def has_alt(meta) -> bool:
    spec = (meta or {}).get("book", {}).get("figure")
    specs = [spec] if isinstance(spec, dict) else (spec if isinstance(spec, list) else [])
    return bool(specs) and all(
        isinstance(s, dict) and isinstance(s.get("alt"), dict) and str(s["alt"].get("ko", "")).strip()
        and str(s["alt"].get("en", "")).strip() for s in specs)


def figure_cells(chapter_dir: Path = ROOT / "chapters", executed_dir: Path = EXECUTED) -> list[dict]:
    rows = []
    for nb_path in sorted(chapter_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        executed = executed_dir / nb_path.name
        ex_cells = None
        if executed.exists():
            ex = json.loads(executed.read_text(encoding="utf-8"))
            if [_source(c) for c in ex["cells"]] == [_source(c) for c in nb["cells"]]:
                ex_cells = ex["cells"]
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            src = _source(cell)
            if ex_cells is not None:
                n = sum(1 for o in ex_cells[i].get("outputs", []) for m in o.get("data", {}) if m in IMAGE_MIME)
                how = "executed"
            else:
                n = 1 if DRAWS.search(src) else 0
                how = "guessed"
            if not n:
                continue
            first = next((line for line in src.splitlines() if line.strip() and not line.startswith("#")),
                         src.splitlines()[0] if src else "")
            rows.append({"chapter": nb_path.name, "cell": i, "images": n, "found_by": how,
                         "has_alt": has_alt(cell.get("metadata")), "first_line": first.strip()[:70]})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="JSON with an empty metadata template per cell")
    parser.add_argument("--missing", action="store_true", help="only cells without alt text; exit 1 if any")
    args = parser.parse_args(argv)
    rows = figure_cells()
    if args.missing:
        rows = [r for r in rows if not r["has_alt"]]
    if args.json:
        template = {"book": {"figure": {"alt": {"ko": "", "en": ""}, "caption": {"ko": "", "en": ""}}}}
        print(json.dumps([dict(r, metadata=template) for r in rows], ensure_ascii=False, indent=1))
    else:
        print(f"{'chapter':40s} {'cell':>4s} {'imgs':>4s} {'alt':3s} {'found':8s} first code line")
        for r in rows:
            print(f"{r['chapter']:40s} {r['cell']:4d} {r['images']:4d} {'yes' if r['has_alt'] else 'NO':3s} "
                  f"{r['found_by']:8s} {r['first_line']}")
        done = sum(r["has_alt"] for r in rows)
        print(f"\n{done} of {len(rows)} figure cells have bilingual alt text")
    return 1 if args.missing and rows else 0


if __name__ == "__main__":
    sys.exit(main())
