"""The chapters on main use only helpers names that the pinned release has.

Every chapter's Colab install cell pins helpers to the tag v<version> of helpers/pyproject.toml
(tests/structure/test_notebooks.py checks the cell). Learners on Colab therefore run today's chapters
against the TAGGED helpers. This test reads each chapter's code cells, collects every helpers
name they use (``helpers.data.load_mnist``, ``from helpers import plots`` then
``plots.plot_history``, ``from helpers.data import mode_of`` ...) and looks each one up in the
tagged tree (``git show v<version>:helpers/src/...``). The tag is made by
``python scripts/release_tag.py --create``; a fresh clone carries local tags, a shallow one
may not (the hosted workflow fetches them: ``fetch-depth: 0``).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from _book import CHAPTERS, ROOT, helpers_version, read_notebook

PKG = "helpers/src/helpers"


class Tree:
    """The helpers package as it is in a git revision (``rev``) or in the working tree (``None``)."""

    def __init__(self, rev: str | None):
        self.rev = rev
        if rev is None:
            base = ROOT / PKG
            files = [p.relative_to(ROOT / "helpers/src").as_posix() for p in base.rglob("*.py")]
        else:
            out = git("ls-tree", "-r", "--name-only", rev, "--", PKG).stdout.split()
            files = [f.removeprefix("helpers/src/") for f in out if f.endswith(".py")]
        self.files = {self.module_of(f): f for f in files}

    @staticmethod
    def module_of(file: str) -> str:
        return file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")

    def source(self, module: str) -> str:
        file = self.files[module]
        if self.rev is None:
            return (ROOT / "helpers/src" / file).read_text(encoding="utf-8")
        return git("show", f"{self.rev}:helpers/src/{file}").stdout

    def is_module(self, name: str) -> bool:
        return name in self.files

    def names(self, module: str) -> set[str]:
        """Top-level names of a module (definitions, assignments, imports) and its submodules."""
        found = {m.rsplit(".", 1)[1] for m in self.files if m.rsplit(".", 1)[0] == module and "." in m}

        def visit(body):
            for node in body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found.add(node.name)
                elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                    for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                        found.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    found.update((a.asname or a.name).split(".")[0] for a in node.names)
                elif isinstance(node, (ast.If, ast.Try, ast.With)):
                    visit(node.body)
                    visit(getattr(node, "orelse", []))
                    for handler in getattr(node, "handlers", []):
                        visit(handler.body)
                    visit(getattr(node, "finalbody", []))

        visit(ast.parse(self.source(module)).body)
        return found


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True)


def code_of(path: Path) -> str:
    """The chapter's code cells as one Python source; IPython magics and shell lines become `pass`."""
    lines = []
    for cell in read_notebook(path).cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            stripped = line.lstrip()
            lines.append(line[: len(line) - len(stripped)] + "pass" if stripped.startswith(("%", "!")) else line)
        lines.append("")
    return "\n".join(lines)


def helpers_uses(source: str, tree: Tree) -> set[tuple[str, str]]:
    """{(module, name)}: every helpers name the code reads, resolved through imports and aliases."""
    bound: dict[str, str] = {}  # local name -> helpers module it stands for
    uses: set[tuple[str, str]] = set()
    module_ast = ast.parse(source)
    for node in ast.walk(module_ast):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "helpers" or a.name.startswith("helpers."):
                    bound[a.asname or "helpers"] = a.name if a.asname else "helpers"
                    parts = a.name.split(".")
                    for i in range(1, len(parts)):
                        uses.add((".".join(parts[:i]), parts[i]))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and (node.module == "helpers" or node.module.startswith("helpers."))
        ):
            for a in node.names:
                uses.add((node.module, a.name))
                if tree.is_module(f"{node.module}.{a.name}"):
                    bound[a.asname or a.name] = f"{node.module}.{a.name}"

    def chain(node):
        names = []
        while isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        return (node.id, names[::-1]) if isinstance(node, ast.Name) else (None, [])

    for node in ast.walk(module_ast):
        if isinstance(node, ast.Attribute):  # inner links of a chain are visited too: prefixes, also needed
            root, attrs = chain(node)
            if root not in bound:
                continue
            module = bound[root]
            for attr in attrs:
                uses.add((module, attr))
                if not tree.is_module(f"{module}.{attr}"):
                    break
                module = f"{module}.{attr}"
    return uses


def missing_names(tree: Tree) -> dict[str, list[str]]:
    out = {}
    for path in CHAPTERS:
        uses = helpers_uses(code_of(path), tree)
        lacking = sorted(f"{m}.{n}" for m, n in uses if not tree.is_module(m) or n not in tree.names(m))
        if lacking:
            out[path.name] = lacking
    return out


@pytest.fixture(scope="module")
def in_git():
    if (
        shutil.which("git") is None
        or subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--git-dir"], capture_output=True).returncode != 0
    ):
        pytest.skip("not a git checkout: no tags to compare with")


def test_the_parser_sees_what_the_chapters_use():
    """On today's helpers every name resolves (otherwise the chapters fail under nbval anyway)."""
    tree = Tree(None)
    uses = set().union(*(helpers_uses(code_of(p), tree) for p in CHAPTERS))
    assert ("helpers", "setup") in uses and any(m == "helpers.data" for m, _ in uses), sorted(uses)[:20]
    assert not missing_names(tree)
    # and it can fail: a name that helpers lacks is reported
    fake = "import helpers\nfrom helpers import plots\nplots.no_such_plot()\nhelpers.data.no_such_loader()\n"
    lacking = {f"{m}.{n}" for m, n in helpers_uses(fake, tree) if n not in tree.names(m)}
    assert lacking == {"helpers.plots.no_such_plot", "helpers.data.no_such_loader"}


def test_chapters_use_only_names_the_pinned_tag_has(in_git):
    tag = f"v{helpers_version()}"
    rev = tag
    if (
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}"], capture_output=True
        ).returncode
        != 0
    ):
        # A clone that did not receive the tag (CI clones only the branch, a shallow clone lacks tags):
        # compare with the commit `scripts/release_tag.py --create` tags, the last one that changed helpers/.
        # Weaker than the tag itself (it always has today's helpers), so say so; a clone with the tag
        # (the maintainer's, the hosted workflow's with fetch-depth 0) runs the real check.
        rev = git("log", "-1", "--format=%H", "HEAD", "--", "helpers").stdout.strip()
        shallow = git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        warnings.warn(
            f"tag {tag} is not in this clone; compared with {rev[:10]}, the commit "
            f"`python scripts/release_tag.py --create` would tag (then `git push origin {tag}`)"
            + ("; this shallow clone lacks the tags: `git fetch --tags`" if shallow else ""),
            stacklevel=1,
        )
    lacking = missing_names(Tree(rev))
    assert not lacking, (
        f"chapters use helpers names that {tag} (what Colab installs) lacks: {lacking}. "
        f"Bump the version in helpers/pyproject.toml, commit, and run "
        f"`python scripts/release_tag.py --create`"
    )
