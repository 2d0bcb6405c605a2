"""Every public function of helpers has a docstring with an example.

The examples themselves run as pytest doctests (``--doctest-modules`` in pytest.ini; set-up in tests/conftest.py).
"""

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
