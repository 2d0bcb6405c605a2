"""A run card under each chapter's title: time, data, tested versions, GPU, in both languages.

Nothing on the card is typed by hand. At build time it is generated from

- ``benchmark-results.json`` (written by ``python scripts/benchmark.py``): the chapter's measured
  seconds and the machine's core count (a chapter missing from the file says "not measured");
- ``stacks.toml``: both ends of the TensorFlow/Keras range every chapter is tested on (without
  that file, the pins in ``requirements.txt`` are the one tested version);
- ``helpers.data.standin``: the stand-in and real sizes of the data sets;
- the chapter's own code: which ``helpers.data`` loader it calls, and whether it trains (``.fit(``).

The card sits right after the title block (the H1 and the Colab badge), as raw HTML in the
bilingual convention: a ``lang-ko`` and a ``lang-en`` block, so the language switch shows the
reader's language. Its ``data-*`` attributes carry the values the book tests compare with the
source files (``tests/browser/test_reader.py``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import tomllib
from docutils import nodes

RESULTS = "benchmark-results.json"
STACKS = "stacks.toml"

DATASETS = {  # loader name in the chapter's code -> (data set key, name shown)
    "load_mnist": ("mnist", "MNIST"),
    "load_fashion_mnist": ("fashion_mnist", "Fashion-MNIST"),
    "load_thoracic": ("thoracic", "UCI Thoracic Surgery"),
}


def _version(spec: str) -> str:
    return spec.strip().removeprefix("==").removesuffix(".*")


def tested_range(root: Path) -> dict:
    """{"tensorflow": (oldest, newest), "keras": (oldest, newest), "source": file name}."""
    stacks = root / STACKS
    if stacks.exists():
        data = tomllib.loads(stacks.read_text(encoding="utf-8"))
        old, new = data["oldest"], data["newest"]

        def pick(table, name):
            return _version(table.get(f"{name}-cpu") or table.get(name) or "?")

        return {
            "tensorflow": (pick(old, "tensorflow"), pick(new, "tensorflow")),
            "keras": (pick(old, "keras"), pick(new, "keras")),
            "source": STACKS,
        }
    pins = {}
    req = root / "requirements.txt"
    if req.exists():
        for line in req.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^(tensorflow(?:-cpu)?|keras)==([\w.]+)", line.strip())
            if m:
                pins[m.group(1).removesuffix("-cpu")] = m.group(2)
    tf, keras = pins.get("tensorflow", "?"), pins.get("keras", "?")
    return {"tensorflow": (tf, tf), "keras": (keras, keras), "source": "requirements.txt"}


def benchmark(root: Path) -> dict:
    """The benchmark results file as written by scripts/benchmark.py, or {} when there is none."""
    try:
        return json.loads((root / RESULTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def chapter_seconds(results: dict, notebook: str):
    entry = (results.get("chapters") or {}).get(notebook) or {}
    seconds = entry.get("seconds")
    return float(seconds) if isinstance(seconds, (int, float)) else None


def cores(results: dict):
    m = re.search(r"(\d+)\s*cores?", str(results.get("machine", "")))
    return int(m.group(1)) if m else None


def data_sets(code: str) -> list[str]:
    return [key for loader, (key, _) in DATASETS.items() if re.search(rf"\b{loader}\s*\(", code)]


def sizes():
    from helpers.data import standin

    return standin.SIZES, standin.REAL_SIZES


def _count(n, unit_ko, unit_en):
    if isinstance(n, tuple):
        return (f"{n[0]:,} + {n[1]:,}{unit_ko}", f"{n[0]:,} + {n[1]:,} {unit_en}")
    return (f"{n:,}{unit_ko}", f"{n:,} {unit_en}")


def card_facts(root: Path, notebook: Path) -> dict:
    """Everything the card states about one chapter (also what the tests compare)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    )
    results = benchmark(root)
    return {
        "notebook": notebook.name,
        "seconds": chapter_seconds(results, notebook.name),
        "cores": cores(results),
        "standin_size": results.get("standin_size"),
        "data_mode": results.get("data_mode"),
        "data": data_sets(code),
        "trains": bool(re.search(r"\.fit\(", code)),
        "range": tested_range(root),
    }


def card_html(facts: dict) -> str:
    esc = html.escape
    standin, real = sizes()
    if facts["seconds"] is None:
        time_ko, time_en = "아직 측정하지 않았습니다", "not measured yet"
    else:
        s = round(facts["seconds"])
        cpu = facts["cores"] or 2
        big = facts["standin_size"] == "real"
        time_ko = f"약 {s}초 ({cpu}코어 CPU, {'실제 크기의' if big else '기본 크기의'} 대체 데이터)"
        time_en = f"about {s} s ({cpu}-core CPU, {'real-size' if big else 'default-size'} stand-in data)"
    if facts["data"]:
        data_ko, data_en = [], []
        for key in facts["data"]:
            name = next(n for k, n in DATASETS.values() if k == key)
            unit_ko, unit_en = ("행", "rows") if key == "thoracic" else ("장", "images")
            r_ko, r_en = _count(real[key], unit_ko, unit_en)
            s_ko, s_en = _count(standin[key], unit_ko, unit_en)
            data_ko.append(f"{name}: 실제 데이터 {r_ko}, 대체 데이터 {s_ko}")
            data_en.append(f"{name}: real {r_en}, stand-in {s_en}")
        data_ko, data_en = "; ".join(data_ko), "; ".join(data_en)
    else:
        data_ko, data_en = "데이터 세트 없음 (코드에서 만든 작은 배열)", "no data set (small arrays made in the code)"
    (tf_lo, tf_hi), (k_lo, k_hi) = facts["range"]["tensorflow"], facts["range"]["keras"]
    tf = tf_lo if tf_lo == tf_hi else f"{tf_lo} – {tf_hi}"
    keras = k_lo if k_lo == k_hi else f"{k_lo} – {k_hi}"
    versions = f"TensorFlow {tf}, Keras {keras}"
    if not facts["trains"]:
        gpu_ko, gpu_en = "필요 없습니다 (훈련하지 않습니다)", "not needed (no training)"
    elif any(k in facts["data"] for k in ("mnist", "fashion_mnist")):
        gpu_ko = "필요 없습니다 (작은 완전 연결 신경망이라 CPU로 충분합니다)"
        gpu_en = "not needed (small fully connected networks: a CPU is enough)"
    else:
        gpu_ko, gpu_en = "필요 없습니다 (작은 데이터로 잠깐 훈련합니다)", "not needed (brief training on small data)"

    def block(lang, title, rows):
        items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
        return (
            f'<div class="lang-{lang} run-card-{lang}" lang="{lang}">'
            f'<p class="run-card-title">{esc(title)}</p><dl>{items}</dl></div>'
        )

    attrs = {
        "data-notebook": facts["notebook"],
        "data-seconds": "" if facts["seconds"] is None else f"{facts['seconds']:g}",
        "data-tensorflow": f"{tf_lo} {tf_hi}",
        "data-keras": f"{k_lo} {k_hi}",
        "data-data": " ".join(facts["data"]),
        "data-trains": "yes" if facts["trains"] else "no",
    }
    attr_text = " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items())
    return (
        f'<aside class="run-card" aria-label="실행 정보 · Run card" {attr_text}>'
        + block(
            "ko",
            "실행 정보",
            [("실행 시간", time_ko), ("데이터", data_ko), ("테스트한 버전", versions), ("GPU", gpu_ko)],
        )
        + block(
            "en", "Run card", [("Run time", time_en), ("Data", data_en), ("Tested with", versions), ("GPU", gpu_en)]
        )
        + "</aside>"
    )


def insert_run_card(app, doctree):
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return
    root = Path(app.srcdir)
    raw = nodes.raw("", card_html(card_facts(root, source)), format="html", classes=["run-card-raw"])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = section[0]
    pos = section.index(title) + 1
    # Keep the Colab badge with the title: the card goes after the paragraph or raw HTML holding it.
    while pos < len(section) and "colab-badge" in section[pos].astext() + str(section[pos]):
        pos += 1
    section.insert(pos, raw)
    for f in (RESULTS, STACKS, "requirements.txt"):
        if (root / f).exists():
            app.env.note_dependency(str(root / f))


def setup(app):
    app.connect("doctree-read", insert_run_card)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
