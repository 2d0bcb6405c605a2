"""The release tag of helpers, which every chapter's Colab install cell pins: create it or verify it.

    python scripts/release_tag.py            # verify: v<version> exists and holds today's helpers/
    python scripts/release_tag.py --create   # create v<version> (annotated) if it does not exist yet

<version> is helpers/pyproject.toml's. The tag goes on the last commit that changed helpers/
(so running this again on a later commit tags the same one); helpers/ must have no uncommitted
changes. Then publish it with `git push origin v<version>`.

Verify exits 1 when the tag is missing, or when helpers/ changed since the tag: learners on
Colab get the tagged helpers, so a change to helpers/ needs a new version (bump it in
helpers/pyproject.toml, the chapters' install cells follow it: see tests/structure/test_notebooks.py),
then a new tag. tests/structure/test_release.py checks that every helpers name the chapters use exists
in the tagged helpers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=check)


def version() -> str:
    meta = tomllib.loads((ROOT / "helpers" / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["project"]["version"]


def tag_name() -> str:
    return f"v{version()}"


def tag_commit(tag: str) -> str | None:
    proc = git("rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}", check=False)
    return proc.stdout.strip() or None


def helpers_tree(rev: str) -> str | None:
    proc = git("rev-parse", "--verify", "--quiet", f"{rev}:helpers", check=False)
    return proc.stdout.strip() or None


def uncommitted_helpers() -> list[str]:
    return [line for line in git("status", "--porcelain", "--", "helpers").stdout.splitlines() if line.strip()]


def verify(tag: str) -> list[str]:
    """Problems with the tag, empty when it exists and matches helpers/ at HEAD."""
    commit = tag_commit(tag)
    if commit is None:
        return [
            f"the tag {tag} does not exist: create it with `python scripts/release_tag.py --create`, "
            f"then `git push origin {tag}`"
        ]
    if helpers_tree(tag) != helpers_tree("HEAD"):
        changed = git("diff", "--stat", tag, "HEAD", "--", "helpers").stdout.strip().splitlines()
        return [
            f"helpers/ changed since {tag} ({commit[:10]}): {changed[-1] if changed else ''}. Learners on "
            f"Colab get {tag}: bump the version in helpers/pyproject.toml (the chapters' install cells "
            f"follow it), commit, and create the new tag"
        ]
    return []


def create(tag: str) -> int:
    if tag_commit(tag) is not None:
        problems = verify(tag)
        print(f"{tag} exists ({tag_commit(tag)[:10]})" + ("" if not problems else f"; but {problems[0]}"))
        return 1 if problems else 0
    dirty = uncommitted_helpers()
    if dirty:
        print("helpers/ has uncommitted changes; commit them first:\n  " + "\n  ".join(dirty), file=sys.stderr)
        return 1
    commit = git("log", "-1", "--format=%H", "HEAD", "--", "helpers").stdout.strip()
    if not commit:
        print("no commit holds helpers/", file=sys.stderr)
        return 1
    git("tag", "-a", tag, commit, "-m", f"keras-book-helpers {version()}")
    subject = git("log", "-1", "--format=%s", commit).stdout.strip()
    print(f"created {tag} on {commit[:10]} ({subject[:70]})\npublish it with: git push origin {tag}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--create", action="store_true", help="create the tag if it does not exist")
    args = parser.parse_args(argv)
    tag = tag_name()
    if args.create:
        return create(tag)
    problems = verify(tag)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"{tag} ({tag_commit(tag)[:10]}) holds today's helpers/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
