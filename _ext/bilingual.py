"""Turn the chapters' raw ``<div class="lang-xx" lang="xx">`` markers into well-formed HTML.

Chapters mark each language with raw HTML blocks, because those render both in the
book and on Colab (see CONTRIBUTING.md). A heading inside such a block starts a Sphinx
section that outlives the block, so the raw ``<div>`` and ``</div>`` would land in
different sections and the page's HTML would be malformed. This extension removes the
markers and instead

- wraps each run of body elements of one language (within one parent) in a
  ``<div class="lang-ko" lang="ko">`` container, and
- gives each section heading of that language the class ``lang-ko`` and ``lang="ko"``,

so the sections stay where Sphinx put them (the page table of contents keeps working) and
code cells, which belong to both languages, are never hidden with a heading.
An unbalanced or nested marker is a build warning (and so fails a ``-W`` build).
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

OPEN = re.compile(r'^\s*<div class="lang-(ko|en)" lang="(ko|en)">\s*$')
CLOSE = re.compile(r"^\s*</div>\s*$")


def _marker(node):
    if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
        text = node.astext()
        m = OPEN.match(text)
        if m and m.group(1) == m.group(2):
            return "open", m.group(1)
        if CLOSE.match(text):
            return "close", None
    return None


def _classes(lang):
    return [f"lang-{lang}", f"language-{lang}"]  # docutils writes language-xx as lang="xx"


def wrap_language_blocks(app, doctree):
    docname = app.env.docname
    lang, markers, pending = None, [], []
    for node in list(doctree.findall(include_self=False)):
        kind = _marker(node)
        if kind and kind[0] == "open":
            if lang is not None:
                logger.warning("a lang-%s block opens inside an unclosed lang-%s block", kind[1], lang,
                               location=node)
            lang = kind[1]
            markers.append(node)
            continue
        if kind and lang is not None:
            lang = None
            markers.append(node)
            continue
        if lang is None:
            continue
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            node["classes"] += _classes(lang)
        elif isinstance(node.parent, (nodes.section, nodes.document)) and not isinstance(
                node, (nodes.section, nodes.title)):
            pending.append((node, lang))
    if lang is not None:
        logger.warning("a lang-%s block is never closed in %s", lang, docname, location=docname)

    for m in markers:
        m.parent.remove(m)

    runs = []
    for node, node_lang in pending:
        last = runs[-1] if runs else None
        if (last and last["parent"] is node.parent and last["lang"] == node_lang
                and node.parent.index(node) == node.parent.index(last["nodes"][-1]) + 1):
            last["nodes"].append(node)
        else:
            runs.append({"parent": node.parent, "lang": node_lang, "nodes": [node]})
    for run in runs:
        parent = run["parent"]
        box = nodes.container(classes=_classes(run["lang"]))
        parent.insert(parent.index(run["nodes"][0]), box)
        for n in run["nodes"]:
            parent.remove(n)
            box.append(n)


def setup(app):
    app.connect("doctree-read", wrap_language_blocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
