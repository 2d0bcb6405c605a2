"""The test set is used once: for the chosen model, at the end (CONTRIBUTING.md, "The test set").

The check reads each chapter's code cells with `ast`. A *test name* is an identifier that contains
"test" in any case (`x_test`, `X_test`, `y_test_full`, `test_ds`, `test_accuracy`): a variable, an
argument, a function name or an attribute (`data.x_test`), but not the module `np.testing`.
Validation arrays carry "val" instead, and nothing else may contain "test".

A chapter may mention test names in two kinds of code cell only:

1. **Data cells**: loading and preprocessing. Every statement that mentions a test name is an
   assignment (`x_test = x_test.reshape(-1, 784).astype("float32") / 255`, tuple unpacking, slicing,
   a split), a `print(...)`, an `assert` (shapes, dtypes, value ranges, label counts), a bare
   expression such as `x_test.shape`, or a `for`/`if` made only of those. None of these may
   - use a model: call `.fit`, `.predict`, `.evaluate`, `.predict_on_batch`, `.test_on_batch`,
     `.train_on_batch`, `.call`, anything whose name contains "model", or pass something named
     "model" as an argument;
   - plot, tabulate or rank: `plt.*`, `plots.*`, `ax.*`, `fig.*`, `sns.*`, `pd.*`, `.imshow`,
     `.plot`, `sorted`, `.sort_values`, `.argsort`, `.rank`, `max/min(..., key=…)`,
     `confusion_matrix`;
   - define a function or lambda.
2. **The final test cell**: at most one per chapter. Its first line is exactly
   `# 테스트 세트는 마지막에 한 번만 · the test set, once, at the end`. It comes after every
   training call of the chapter's main text (a `.fit(` call, or a call of a function of the notebook
   that calls `.fit(`) and before the Summary (`## 요약` / `## Summary`). It scores the chosen model:
   no plotting, tables (`pd.*`), ranking, function definitions, or loops that call a model.

After the final test cell, and anywhere after the Summary (Exercises included), no cell mentions a
test name.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from _book import CHAPTERS, read_notebook

MARKER = "# 테스트 세트는 마지막에 한 번만 · the test set, once, at the end"
_MARKER_TEXT = ("테스트 세트는 마지막에 한 번만", "the test set, once, at the end")

MODEL_METHODS = {
    "fit",
    "predict",
    "evaluate",
    "predict_on_batch",
    "test_on_batch",
    "train_on_batch",
    "call",
    "__call__",
}
PLOT_ROOTS = {"plt", "plots", "ax", "axes", "axs", "fig", "sns", "pd"}
PLOT_OR_RANK_CALLS = {
    "imshow",
    "plot",
    "scatter",
    "hist",
    "bar",
    "barh",
    "subplots",
    "sorted",
    "sort_values",
    "argsort",
    "rank",
    "nlargest",
    "nsmallest",
    "confusion_matrix",
    "plot_confusion_matrix",
    "DataFrame",
    "display",
}
_SUMMARY = re.compile(r"^##\s+(요약|Summary)\s*$", re.M)


def is_test_name(name: str) -> bool:
    return "test" in name.lower()


def _code(source: str) -> str:
    """Cell source as Python: IPython magics and shell lines become `pass`."""
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in source.splitlines())


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _root(node) -> str:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def names_with_test(node) -> set[str]:
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and is_test_name(n.id):
            names.add(n.id)
        elif isinstance(n, ast.arg) and is_test_name(n.arg):
            names.add(n.arg)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and is_test_name(n.name):
            names.add(n.name)
        elif isinstance(n, ast.Attribute) and is_test_name(n.attr) and n.attr != "testing":
            names.add(n.attr)
    return names


def uses_a_model(node) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            name = _call_name(n)
            if (isinstance(n.func, ast.Attribute) and name in MODEL_METHODS) or "model" in name.lower():
                return True
            args = [*n.args, *(k.value for k in n.keywords)]
            if any(isinstance(a, ast.Name) and "model" in a.id.lower() for a in args):
                return True
    return False


def plots_tabulates_or_ranks(node) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            name = _call_name(n)
            if name in PLOT_OR_RANK_CALLS or _root(n.func) in PLOT_ROOTS:
                return True
            if name in ("max", "min") and any(k.arg == "key" for k in n.keywords):
                return True
    return False


def defines_code(node) -> bool:
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) for n in ast.walk(node))


def _clean(node) -> bool:
    return not (uses_a_model(node) or plots_tabulates_or_ranks(node) or defines_code(node))


def is_data_statement(stmt: ast.stmt) -> bool:
    """May this statement mention test arrays in a data (loading/preprocessing) cell?"""
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Assert, ast.Expr)):
        return _clean(stmt)
    if isinstance(stmt, ast.For):
        return _clean(stmt.iter) and all(is_data_statement(s) for s in [*stmt.body, *stmt.orelse])
    if isinstance(stmt, ast.If):
        return _clean(stmt.test) and all(is_data_statement(s) for s in [*stmt.body, *stmt.orelse])
    return isinstance(stmt, (ast.Pass, ast.Import, ast.ImportFrom))


def _fit_functions(trees: list[ast.Module]) -> set[str]:
    """Names of functions defined in the notebook that (directly or through each other) call .fit."""
    defs = {n.name: n for t in trees for n in ast.walk(t) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    fitting = set()
    changed = True
    while changed:
        changed = False
        for name, d in defs.items():
            if name not in fitting and any(
                isinstance(n, ast.Call)
                and ((isinstance(n.func, ast.Attribute) and n.func.attr == "fit") or _call_name(n) in fitting)
                for n in ast.walk(d)
            ):
                fitting.add(name)
                changed = True
    return fitting


def trains(tree: ast.Module, fitting: set[str]) -> bool:
    """Does this cell train a model (outside function definitions)?"""
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(n, ast.Call) and (
            (isinstance(n.func, ast.Attribute) and n.func.attr == "fit")
            or (isinstance(n.func, ast.Name) and n.func.id in fitting)
        ):
            if not any(isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) for p in _parents(tree, n)):
                return True
    return False


def _parents(tree, target):
    """The chain of nodes that contain `target` (outermost first)."""
    path = []

    def visit(node):
        if node is target:
            return True
        for child in ast.iter_child_nodes(node):
            path.append(node)
            if visit(child):
                return True
            path.pop()
        return False

    visit(tree)
    return path


def find_test_set_problems(nb) -> list[str]:
    """Every way this notebook breaks the test-set rule (empty if it keeps it)."""
    cells = list(enumerate(nb.cells))
    summary_at = next((i for i, c in cells if c.cell_type == "markdown" and _SUMMARY.search(c.source)), len(nb.cells))
    code = [(i, c) for i, c in cells if c.cell_type == "code"]
    trees = {}
    problems = []
    for i, c in code:
        try:
            trees[i] = ast.parse(_code(c.source))
        except SyntaxError as exc:
            problems.append(f"cell {i}: cannot parse ({exc.msg})")
            trees[i] = ast.Module(body=[], type_ignores=[])
    fitting = _fit_functions(list(trees.values()))

    finals = [i for i, c in code if c.source.split("\n", 1)[0].rstrip() == MARKER]
    for i, c in code:
        if i not in finals and any(t in c.source for t in _MARKER_TEXT):
            problems.append(f"cell {i}: the test-cell comment must be the cell's first line, exactly {MARKER!r}")
    if len(finals) > 1:
        problems.append(f"cells {finals}: more than one final test cell")
    final = finals[0] if finals else None
    if final is not None:
        if final > summary_at:
            problems.append(f"cell {final}: the final test cell comes after the Summary")
        late_fits = [i for i, _ in code if final < i < summary_at and trains(trees[i], fitting)]
        if late_fits:
            problems.append(f"cell {final}: the final test cell comes before training in cells {late_fits}")
        tree = trees[final]
        if plots_tabulates_or_ranks(tree):
            problems.append(f"cell {final}: the final test cell plots, tabulates or ranks")
        if defines_code(tree):
            problems.append(f"cell {final}: the final test cell defines a function")
        if any(isinstance(n, (ast.For, ast.While, ast.comprehension)) and uses_a_model(n) for n in ast.walk(tree)):
            problems.append(f"cell {final}: the final test cell scores several models in a loop")

    for i, _ in code:
        if i == final:
            continue
        tree = trees[i]
        names = names_with_test(tree)
        if not names:
            continue
        where = f"cell {i} ({', '.join(sorted(names))})"
        if i > summary_at:
            problems.append(f"{where}: uses the test set after the Summary (exercises use validation data)")
        elif final is not None and i > final:
            problems.append(f"{where}: uses the test set after the final test cell")
        else:
            bad = [s for s in tree.body if names_with_test(s) and not is_data_statement(s)]
            if bad:
                lines = ", ".join(str(s.lineno) for s in bad)
                problems.append(
                    f"{where}: line(s) {lines} use the test set for more than loading or "
                    f"preprocessing; score the chosen model once, in the cell that starts "
                    f"with {MARKER!r}"
                )
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_test_set_is_used_once(path):
    problems = find_test_set_problems(read_notebook(path))
    assert not problems, "\n".join(problems)


# The check must be able to fail: toy notebooks.


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    return nb


LOAD = (
    "code",
    "(x_train, y_train), (x_test, y_test) = helpers.data.load_mnist()\n"
    'x_test = x_test.reshape(len(x_test), 784).astype("float32") / 255\n'
    'print("test:", x_test.shape)\nassert x_test.shape[1:] == (784,)\nx_test.shape',
)
FIT = ("code", "history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=3, verbose=0)")
FINAL = (
    "code",
    MARKER + "\ntest_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)\n"
    "print(test_accuracy)\nassert test_accuracy > 0.9",
)
SUMMARY = (
    "md",
    '<div class="lang-ko" lang="ko">\n\n## 요약\n\n</div>\n\n<div class="lang-en" lang="en">\n\n## Summary\n\n</div>',
)
EXERCISE = ("code", "model.fit(x_train, y_train, epochs=1, verbose=0)\nprint(model.evaluate(x_val, y_val, verbose=0))")


def test_a_chapter_that_keeps_the_rule_passes():
    nb = notebook(
        ("code", "%pip install -q x\nimport numpy as np\nnp.testing.assert_array_equal(1, 1)"),
        LOAD,
        (
            "code",
            "for name, labels in [('train', y_train), ('test', y_test)]:\n    print(name, len(labels), labels.mean())",
        ),
        FIT,
        FINAL,
        SUMMARY,
        EXERCISE,
    )
    assert find_test_set_problems(nb) == []


def test_a_chapter_without_a_test_set_passes():
    assert find_test_set_problems(notebook(FIT, SUMMARY)) == []


@pytest.mark.parametrize(
    "cells, message",
    [
        # chapter 6 before the edit: every variant scored on the test set for the comparison table
        (
            [
                LOAD,
                FIT,
                (
                    "code",
                    "scores = {n: m.evaluate(x, y, return_dict=True) for n, (x, y) in "
                    '{"val": (x_val, y_val), "test": (x_test, y_test)}.items()}',
                ),
                SUMMARY,
            ],
            "more than loading",
        ),
        # chapter 8 before the edit: a helper that scores on the test set, then a ranking
        (
            [
                LOAD,
                FIT,
                ("code", "def test_accuracy(model):\n    return float((model(x_test).argmax(1) == y_test).mean())"),
                ("code", "accuracy = {name: test_accuracy(m) for name, m in models.items()}"),
                SUMMARY,
            ],
            "more than loading",
        ),
        # chapter 4 before the edit: error analysis on test images
        (
            [
                LOAD,
                FIT,
                FINAL,
                (
                    "code",
                    "wrong = np.flatnonzero(model.predict(x_test).argmax(1) != y_test)\n"
                    "plt.imshow(x_test[wrong[0]].reshape(28, 28))",
                ),
                SUMMARY,
            ],
            "after the final test cell",
        ),
        ([LOAD, FIT, ("code", "p = model.predict(x_test)"), SUMMARY], "more than loading"),
        ([LOAD, FIT, ("code", "plots.show_images(x_test[:8])"), SUMMARY], "more than loading"),
        ([LOAD, FIT, ("code", "print(best_model.evaluate(x_test, y_test))"), SUMMARY], "more than loading"),
        ([LOAD, FINAL, FIT, SUMMARY], "before training in cells [2]"),
        (
            [
                LOAD,
                ("code", "def train():\n    return model.fit(x_train, y_train)"),
                FINAL,
                ("code", "train()"),
                SUMMARY,
            ],
            "before training in cells [3]",
        ),
        ([LOAD, FIT, FINAL, FINAL, SUMMARY], "more than one final test cell"),
        (
            [LOAD, FIT, ("code", "import numpy as np\n" + MARKER + "\nprint(model.evaluate(x_test, y_test))"), SUMMARY],
            "must be the cell's first line",
        ),
        (
            [
                LOAD,
                FIT,
                (FINAL[0], FINAL[1] + "\nplots.plot_confusion_matrix(y_test, model.predict(x_test).argmax(1))"),
                SUMMARY,
            ],
            "plots, tabulates or ranks",
        ),
        (
            [LOAD, FIT, (FINAL[0], FINAL[1] + "\ntable = pd.DataFrame({'test': [test_accuracy]})"), SUMMARY],
            "plots, tabulates or ranks",
        ),
        (
            [LOAD, FIT, (FINAL[0], MARKER + "\nfor m in models:\n    print(m.evaluate(x_test, y_test))"), SUMMARY],
            "several models in a loop",
        ),
        ([LOAD, FIT, SUMMARY, FINAL], "after the Summary"),
        ([LOAD, FIT, FINAL, SUMMARY, ("code", "print(model.evaluate(x_test, y_test))")], "after the Summary"),
        ([LOAD, FIT, SUMMARY, ("code", "x_test_small = x_test[:100]")], "after the Summary"),
    ],
)
def test_violations_are_caught(cells, message):
    problems = find_test_set_problems(notebook(*cells))
    assert any(message in p for p in problems), problems
