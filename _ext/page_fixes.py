"""Small fixes to the pages Jupyter Book 1 writes.

- Drop duplicate ``<script>`` entries. sphinx-thebe registers its inline configuration
  script (``const THEBE_JS_URL = …``) in a way that ends up twice on every page with
  Sphinx 7.4, and declaring a ``const`` twice is a JavaScript error in every reader's
  console. The second copy of an identical script is never needed.
"""

from __future__ import annotations


def _key(script):
    # The two copies differ only in filename None vs "" (one comes from the registry, one
    # straight from the builder), so compare what ends up in the page.
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app):
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
