"""A public name of helpers stays only if a chapter, a README or CONTRIBUTING shows it, or the book's tools use it.

Anything else is private (a leading underscore), so that what learners see is all there is.
"""

from __future__ import annotations

import inspect
import json
import re

from _book import ROOT

import helpers.data
import helpers.data.standin
import helpers.fonts
import helpers.notebook
import helpers.plots

# Returned by setup(), which every chapter calls as `info = helpers.setup(...)`.
RETURN_TYPES = {"SetupInfo"}


def shown_text() -> str:
    parts = [json.dumps(json.loads(p.read_text(encoding="utf-8"))["cells"]) for p in ROOT.glob("chapters/*.ipynb")]
    for pattern in ("README.md", "CONTRIBUTING.md", "helpers/README.md", "scripts/*.py", "_ext/*.py"):
        parts += [p.read_text(encoding="utf-8") for p in ROOT.glob(pattern)]
    parts.append((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    return "\n".join(parts)


def public_names(module) -> set[str]:
    if hasattr(module, "__all__"):
        return set(module.__all__)
    return {
        name
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and not inspect.ismodule(obj)
        and (getattr(obj, "__module__", module.__name__) == module.__name__ or name.isupper())
        and (inspect.isfunction(obj) or inspect.isclass(obj) or name.isupper())
    }


def unshown(module, text: str) -> list[str]:
    return sorted(n for n in public_names(module) - RETURN_TYPES if not re.search(rf"\b{re.escape(n)}\b", text))


def test_every_public_name_is_shown_somewhere():
    text = shown_text()
    missing = {
        m.__name__: unshown(m, text)
        for m in (helpers.data, helpers.data.standin, helpers.fonts, helpers.plots, helpers.notebook)
    }
    missing = {m: names for m, names in missing.items() if names}
    assert not missing, f"public names that no chapter, README or tool shows (make them private): {missing}"


def test_the_check_can_fail():
    assert unshown(helpers.plots, "plot_history run_color") and not unshown(
        helpers.data, " ".join(helpers.data.__all__)
    )
