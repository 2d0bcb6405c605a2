"""List every code cell that draws a figure, per chapter, and whether it has bilingual alt text.

    python scripts/figure_cells.py            # a table: chapter, cell, images, alt?, first code line
    python scripts/figure_cells.py --json     # the same as JSON, with an empty metadata template per cell
    python scripts/figure_cells.py --missing  # only the cells that still need alt text (exit 1 if any)
    python scripts/figure_cells.py --apply alts.json   # write the filled-in metadata into the chapters

``--apply`` takes the list ``--json`` prints, with the templates filled in (entries whose alt is still
empty are skipped). Each entry is matched to its cell by chapter and ``source_sha`` (the hash of the
cell's code), else by ``first_line`` (the first non-comment code line; ``cell`` decides between equal
first lines), so cells may have moved since the list was made; an entry that matches no cell, or more
than one, is reported and not applied. The notebooks are rewritten in the
repository's format (indent 1, UTF-8, trailing newline); nothing else in them changes.

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
import hashlib
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
        isinstance(s, dict)
        and isinstance(s.get("alt"), dict)
        and str(s["alt"].get("ko", "")).strip()
        and str(s["alt"].get("en", "")).strip()
        for s in specs
    )


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
            rows.append(
                {
                    "chapter": nb_path.name,
                    "cell": i,
                    "images": n,
                    "found_by": how,
                    "has_alt": has_alt(cell.get("metadata")),
                    "first_line": _first_line(src),
                    "source_sha": _sha(src),
                }
            )
    return rows


def _sha(src: str) -> str:
    return hashlib.sha1(src.encode("utf-8")).hexdigest()[:12]


def _first_line(src: str) -> str:
    return next(
        (line for line in src.splitlines() if line.strip() and not line.startswith("#")),
        src.splitlines()[0] if src else "",
    ).strip()[:70]


def apply(entries: list[dict], chapter_dir: Path = ROOT / "chapters") -> list[str]:
    """Write each entry's ``metadata.book`` into its cell; return the problems (nothing applied for those)."""
    problems, by_chapter = [], {}
    for e in entries:
        fig = (e.get("metadata") or {}).get("book", {}).get("figure")
        specs = fig if isinstance(fig, list) else [fig]
        if not fig or not all(
            isinstance(f, dict) and all(str((f.get("alt") or {}).get(k, "")).strip() for k in ("ko", "en"))
            for f in specs
        ):
            continue
        by_chapter.setdefault(e["chapter"], []).append(e)
    for chapter, todo in by_chapter.items():
        path = chapter_dir / chapter
        nb = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        for e in todo:
            code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
            hits = [c for _, c in code if _sha(_source(c)) == e.get("source_sha")]
            if len(hits) != 1:
                same = [(i, c) for i, c in code if _first_line(_source(c)) == e["first_line"]]
                hits = [c for i, c in same if len(same) == 1 or i == e.get("cell")]
            if len(hits) != 1:
                problems.append(f"{chapter}: {len(hits)} cells start with {e['first_line']!r}; not applied")
                continue
            fig = e["metadata"]["book"]["figure"]
            for f in fig if isinstance(fig, list) else [fig]:
                if isinstance(f.get("caption"), dict) and not all(str(v).strip() for v in f["caption"].values()):
                    del f["caption"]  # an empty caption template means: no caption
            hits[0].setdefault("metadata", {}).setdefault("book", {})["figure"] = fig
            changed = True
        if changed:
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="JSON with an empty metadata template per cell")
    parser.add_argument("--missing", action="store_true", help="only cells without alt text; exit 1 if any")
    parser.add_argument("--apply", metavar="FILE", help="write the metadata of a filled-in --json list")
    args = parser.parse_args(argv)
    if args.apply:
        problems = apply(json.loads(Path(args.apply).read_text(encoding="utf-8")))
        print("\n".join(problems) or "applied")
        return 1 if problems else 0
    rows = figure_cells()
    if args.missing:
        rows = [r for r in rows if not r["has_alt"]]
    if args.json:
        template = {"book": {"figure": {"alt": {"ko": "", "en": ""}, "caption": {"ko": "", "en": ""}}}}
        print(json.dumps([dict(r, metadata=template) for r in rows], ensure_ascii=False, indent=1))
    else:
        print(f"{'chapter':40s} {'cell':>4s} {'imgs':>4s} {'alt':3s} {'found':8s} first code line")
        for r in rows:
            print(
                f"{r['chapter']:40s} {r['cell']:4d} {r['images']:4d} {'yes' if r['has_alt'] else 'NO':3s} "
                f"{r['found_by']:8s} {r['first_line']}"
            )
        done = sum(r["has_alt"] for r in rows)
        print(f"\n{done} of {len(rows)} figure cells have bilingual alt text")
    return 1 if args.missing and rows else 0


if __name__ == "__main__":
    sys.exit(main())
