"""One Korean term per concept: glossary.yml decides, and the Korean text follows it."""
import re

import pytest
import yaml

from _book import CHAPTERS, ROOT, chapter_pairs, korean_texts, prose

GLOSSARY = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))


def variant_hits(text: str, glossary=GLOSSARY) -> list[str]:
    """Rejected variants that occur in Korean prose."""
    clean = prose(text)
    return [f"{v!r} (use {e['ko']!r} for {e['en']!r})"
            for e in glossary for v in e.get("reject", []) if v in clean]


def first_use_problems(blocks: list[str], glossary=GLOSSARY) -> list[str]:
    """Terms whose first use in a chapter's Korean text is not followed by '(English)'.

    Longer terms are matched first and masked, so 은닉층 does not count as a use of 층.
    Single-syllable terms (층) are exempt: they occur inside too many compounds.
    """
    text = "\n".join(prose(b) for b in blocks)
    problems = []
    for entry in sorted(glossary, key=lambda e: -len(e["ko"])):
        term = entry["ko"]
        if len(term.replace(" ", "")) < 2:
            continue
        m = re.search(re.escape(term), text)
        if m:
            after = text[m.end():m.end() + len(entry["en"]) + 3]
            if not re.match(r"\s?\(" + re.escape(entry["en"]) + r"\)", after, re.I):
                problems.append(f"first use of {term!r} should read {term}({entry['en']}), "
                                f"found {text[m.start():m.end() + 12]!r}")
        text = text.replace(term, "□" * len(term))
    return problems


def test_glossary_is_well_formed():
    required = {"en", "ko", "reject", "def_en", "def_ko"}
    for entry in GLOSSARY:
        assert required <= set(entry), f"{entry.get('en')}: missing {required - set(entry)}"
        for v in entry["reject"]:
            assert v != entry["ko"], f"{entry['en']}: {v!r} is both chosen and rejected"
    chosen_terms = [e["ko"] for e in GLOSSARY]
    for entry in GLOSSARY:
        for v in entry["reject"]:
            inside = [t for t in chosen_terms if v in t]
            assert not inside, f"{entry['en']}: the rejected {v!r} is part of the chosen term(s) {inside}"
    ens = [e["en"].lower() for e in GLOSSARY]
    kos = [e["ko"] for e in GLOSSARY]
    assert len(ens) == len(set(ens)), "an English term appears twice"
    assert len(kos) == len(set(kos)), "a Korean term is used for two concepts"


@pytest.mark.parametrize("page, blocks", sorted(korean_texts().items()), ids=lambda x: x if isinstance(x, str) else "")
def test_korean_text_uses_glossary_terms(page, blocks):
    hits = [h for b in blocks for h in variant_hits(b)]
    assert not hits, f"{page}: rejected variants: {hits}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_first_use_gives_the_english_term(path):
    blocks = [ko for _, ko, _ in chapter_pairs(path)]
    problems = first_use_problems(blocks)
    assert not problems, "\n".join(problems)


# The checks must be able to fail.
SAMPLE = [{"en": "overfitting", "ko": "과대적합", "reject": ["과적합"]},
          {"en": "hidden layer", "ko": "은닉층", "reject": ["은닉 레이어"]},
          {"en": "layer", "ko": "층", "reject": ["레이어"]}]


def test_variants_are_caught():
    assert variant_hits("모델이 과적합되었습니다.", SAMPLE)
    assert variant_hits("은닉 레이어를 추가합니다.", SAMPLE)
    assert not variant_hits("과대적합(overfitting)을 막습니다. `과적합`", SAMPLE)


def test_first_use_rule():
    assert not first_use_problems(["과대적합(overfitting)을 막습니다. 과대적합은 흔합니다."], SAMPLE)
    assert first_use_problems(["과대적합을 막습니다. 과대적합(overfitting)"], SAMPLE)
    assert not first_use_problems(["은닉층(hidden layer)과 출력층"], SAMPLE)
