"""Point the book at another repository URL, in one step.

    python scripts/set_repository.py https://github.com/OWNER/REPO

Rewrites repository.url in _config.yml (the one place it is defined) and, from it, the
Colab badge and the Colab install cell of every chapter. tests/structure/test_notebooks.py checks
that they agree afterwards.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def main(url: str) -> int:
    url = url.rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        print(f"url: expected https://github.com/OWNER/REPO, got {url!r}", file=sys.stderr)
        return 2
    config = ROOT / "_config.yml"
    text = config.read_text(encoding="utf-8")
    old = re.search(r"^repository:\n  url: (\S+)$", text, re.M).group(1).rstrip("/")
    config.write_text(text.replace(f"  url: {old}", f"  url: {url}", 1), encoding="utf-8")
    old_slug, new_slug = old.removeprefix("https://github.com/"), url.removeprefix("https://github.com/")
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            cell.source = cell.source.replace(f"git+{old}@", f"git+{url}@").replace(
                f"colab.research.google.com/github/{old_slug}/", f"colab.research.google.com/github/{new_slug}/"
            )
        nbformat.write(nb, str(path))
    print(f"repository URL: {old} -> {url}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
