"""Every public function of helpers has a docstring with an example, and every example runs."""

import doctest
import importlib
import inspect
import pkgutil

import pytest

import helpers

MODULES = sorted(m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers."))


def public_functions(module):
    for name, obj in vars(module).items():
        if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", None) == module.__name__:
            yield name, obj


@pytest.mark.parametrize("name", ["helpers", *MODULES])
def test_public_functions_have_docstrings_with_examples(name):
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    missing = [n for n, obj in public_functions(module) if inspect.isfunction(obj) and ">>>" not in (obj.__doc__ or "")]
    undocumented = [n for n, obj in public_functions(module) if not obj.__doc__]
    assert not undocumented, f"{name}: no docstring: {undocumented}"
    assert not missing, f"{name}: docstring without an example: {missing}"


@pytest.mark.parametrize("name", ["helpers", *MODULES])
def test_docstring_examples_run(name, monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_BOOK_DATA", "standin")
    monkeypatch.setenv("KERAS_BOOK_CACHE", str(tmp_path))
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
