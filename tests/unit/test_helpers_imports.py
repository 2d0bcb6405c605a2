"""helpers.data depends one way: no import cycle, no module imports its own package, any import order works.

Run ``python tests/unit/test_helpers_imports.py`` to print the import graph of ``helpers.data``
(each module, then the ``helpers`` modules it imports), bottom layer first.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "helpers" / "src"
PACKAGE = "helpers.data"


def module_files(package: str = PACKAGE) -> dict[str, Path]:
    """``{module name: file}`` for the package and every module in it."""
    folder = SRC.joinpath(*package.split("."))
    files = {package: folder / "__init__.py"}
    for path in sorted(folder.glob("*.py")):
        if path.name != "__init__.py":
            files[f"{package}.{path.stem}"] = path
    return files


def imports_of(module: str, source: str, known: set[str], *, is_package: bool = False) -> set[str]:
    """The ``helpers`` modules that ``module`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "helpers"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module if is_package else module.rsplit(".", 1)[0]
                base = ".".join(base.split(".")[: len(base.split(".")) - node.level + 1])
                origin = f"{base}.{node.module}" if node.module else base
            else:
                origin = node.module or ""
            if origin.split(".")[0] != "helpers":
                continue
            for alias in node.names:  # `from helpers.data import _cache` imports a module
                sub = f"{origin}.{alias.name}"
                found.add(sub if sub in known else origin)
    return found - {module}


def known_modules() -> set[str]:
    return set(module_files()) | {f"helpers.{p.stem}" for p in (SRC / "helpers").glob("*.py")}


def graph(package: str = PACKAGE) -> dict[str, set[str]]:
    known = known_modules()
    return {
        module: imports_of(module, path.read_text(encoding="utf-8"), known, is_package=path.name == "__init__.py")
        for module, path in module_files(package).items()
    }


def parent_imports(g: dict[str, set[str]]) -> dict[str, list[str]]:
    """``{module: [its own package, or helpers itself, that it imports]}``."""
    found = {
        m: sorted(d for d in deps if d == "helpers" or PACKAGE.startswith(d + ".") or d == PACKAGE)
        for m, deps in g.items()
        if m != PACKAGE
    }
    return {m: d for m, d in found.items() if d}


def cycle(g: dict[str, set[str]]) -> list[str]:
    inside = {m: {d for d in deps if d.startswith(PACKAGE)} for m, deps in g.items()}
    try:
        list(TopologicalSorter(inside).static_order())
    except CycleError as exc:
        return exc.args[1]
    return []


def test_helpers_data_has_no_import_cycle():
    found = cycle(graph())
    assert not found, f"import cycle in {PACKAGE}: {' -> '.join(found)}"


def test_no_module_imports_its_own_package():
    offenders = parent_imports(graph())
    assert not offenders, f"these modules import the package they are part of: {offenders}"


def test_the_mode_policy_sits_below_the_loaders():
    g = graph()
    assert f"{PACKAGE}._mode" in g[PACKAGE]
    below = {f"{PACKAGE}._mode"} | g[f"{PACKAGE}._mode"]
    loaders_side = {f"{PACKAGE}._real", f"{PACKAGE}.standin", PACKAGE}
    assert not below & loaders_side, f"the mode policy imports {sorted(below & loaders_side)}"


def test_any_module_can_be_imported_first():
    """What an import sorter relies on: no module needs another to be imported before it."""
    code = (
        "import importlib, sys\n"
        f"for name in {sorted(module_files())!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'helpers' or m.startswith('helpers.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_the_graph_checks_can_fail():
    known = known_modules()
    probe = imports_of(f"{PACKAGE}._probe", "from helpers.data import mode_of, _cache\nimport helpers\n", known)
    assert probe == {PACKAGE, f"{PACKAGE}._cache", "helpers"}
    assert parent_imports({f"{PACKAGE}._probe": probe}) == {f"{PACKAGE}._probe": ["helpers", PACKAGE]}
    relative = imports_of(f"{PACKAGE}._x", "from . import _cache\nfrom ._mode import serve\n", known)
    assert relative == {f"{PACKAGE}._cache", f"{PACKAGE}._mode"}
    assert cycle({f"{PACKAGE}.a": {f"{PACKAGE}.b"}, f"{PACKAGE}.b": {f"{PACKAGE}.a"}})


def main() -> None:
    g = graph()
    inside = {m: {d for d in deps if d.startswith(PACKAGE)} for m, deps in g.items()}
    for module in TopologicalSorter(inside).static_order():
        print(f"{module:28} -> {', '.join(sorted(g[module])) or '-'}")
    print("cycle: " + (" -> ".join(cycle(g)) or "none"))
    print(f"modules importing their own package: {parent_imports(g) or 'none'}")


if __name__ == "__main__":
    main()
