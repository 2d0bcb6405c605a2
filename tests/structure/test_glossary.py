"""One Korean term per concept: glossary.yml decides, and the Korean text follows it.

Each entry lists the Korean words for the same concept that the book does not use, in two kinds:
``also`` (legitimate variants other books use, shown on the glossary page as "also seen as") and
``reject`` (misspellings, false friends and names the book has given up, shown as "avoided", with
the reason in ``why_en``/``why_ko``). The book's own text uses only ``ko``: both kinds fail the test.
"""

import re

import pytest
import yaml
from _book import CHAPTERS, MARKDOWN_PAGES, ROOT, chapter_pairs, korean_texts, page_blocks, prose, read_notebook

GLOSSARY = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))


def other_words(entry) -> list[str]:
    """Every word the book's Korean text must not use for this entry's concept."""
    return [*entry.get("also", []), *entry.get("reject", [])]


def variant_hits(text: str, glossary=GLOSSARY) -> list[str]:
    """Variants (legitimate or not) that occur in Korean prose instead of the chosen term."""
    clean = prose(text)
    return [f"{v!r} (use {e['ko']!r} for {e['en']!r})" for e in glossary for v in other_words(e) if v in clean]


def _english_in_parentheses(after: str, en: str) -> bool:
    """Does the text right after a term give the English in parentheses?

    Either '(… English …)' follows the term, or the term itself opens a parenthesis that goes on
    with the English: 길이(노름, norm). Singular or plural both count.
    """
    m = re.match(r"\s?\(([^()]*)\)", after) or re.match(r",\s*([^()]*)\)", after)
    if not m:
        return False
    stem = re.escape(en[:-1] if en.endswith("s") else en)
    return re.search(r"(?<![\w-])" + stem + r"s?(?![\w-])", m.group(1), re.I) is not None


def first_use_problems(blocks: list[str], glossary=GLOSSARY) -> list[str]:
    """Terms whose first use in a chapter's Korean text is not followed by '(English)'.

    The parentheses may hold more than the term ("검증 지표(validation metric)" counts for
    지표/metric, "블로그 글(blog post)" for 블로그 글/blog posts). Longer terms are matched
    first and masked, so 은닉층 does not count as a use of 층. Single-syllable terms (층) are
    exempt: they occur inside too many compounds.
    """
    text = "\n".join(prose(b) for b in blocks)
    problems = []
    for entry in sorted(glossary, key=lambda e: -len(e["ko"])):
        term = entry["ko"]
        if len(term.replace(" ", "")) < 2:
            continue
        m = re.search(re.escape(term), text)
        if m and not _english_in_parentheses(text[m.end() : m.end() + 200], entry["en"]):
            problems.append(
                f"first use of {term!r} should read {term}({entry['en']}), found {text[m.start() : m.end() + 12]!r}"
            )
        text = text.replace(term, "□" * len(term))
    return problems


# The blog posts the book corrects are "the blog posts" / "블로그 글", never "seeds": in the same
# chapters 시드/seed means a random seed. Random-seed wording ("fixes the random seeds",
# "난수 시드를 고정", `seed=0`) passes; so does "the seed is reset".
SEED_AS_SOURCE_EN = re.compile(r"\bthe seeds\b|\bseed[- ](?:posts?|code|notebooks?|blogs?|articles?)\b", re.I)
SEED_AS_SOURCE_KO = re.compile(
    r"시드\s*(?:글|코드|노트북?|게시물|포스트|블로그)|시드의\s*(?:코드|글|식|옵티마이저|버그|예제|모델)"
)


def seed_name_hits(text: str, pattern) -> list[str]:
    """Places where the prose calls the blog posts 'seeds' / '시드'."""
    return [m.group(0) for m in pattern.finditer(prose(text))]


def _comments(code: str) -> str:
    """The comment text of a code cell (what a reader reads in it), one per line."""
    return "\n".join(m.group(1) for m in re.finditer(r"#\s?(.*)$", code, re.M))


def english_and_korean_texts() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """{page: (Korean blocks, English blocks, code comments)} for every chapter and markdown page."""
    out = {}
    for path in CHAPTERS:
        pairs = chapter_pairs(path)
        comments = [_comments(c.source) for c in read_notebook(path).cells if c.cell_type == "code"]
        out[path.name] = ([ko for _, ko, _ in pairs], [en for _, _, en in pairs], comments)
    for page in MARKDOWN_PAGES:
        pairs = page_blocks(page.read_text(encoding="utf-8"))
        out[page.name] = ([ko for ko, _ in pairs], [en for _, en in pairs], [])
    return out


def test_glossary_is_well_formed():
    required = {"en", "ko", "also", "reject", "def_en", "def_ko"}
    allowed = required | {"why_en", "why_ko"}
    for entry in GLOSSARY:
        assert required <= set(entry), f"{entry.get('en')}: missing {required - set(entry)}"
        assert set(entry) <= allowed, f"{entry['en']}: unknown fields {set(entry) - allowed}"
        assert ("why_en" in entry) == ("why_ko" in entry), f"{entry['en']}: why_en and why_ko go together"
        if entry["reject"]:
            assert "why_en" in entry, f"{entry['en']}: say why {entry['reject']} are avoided (why_en/why_ko)"
        words = other_words(entry)
        assert len(words) == len(set(words)), f"{entry['en']}: a variant is listed twice"
        for v in words:
            assert v != entry["ko"], f"{entry['en']}: {v!r} is both chosen and a variant"
    chosen_terms = [e["ko"] for e in GLOSSARY]
    for entry in GLOSSARY:
        for v in other_words(entry):
            inside = [t for t in chosen_terms if v in t]
            assert not inside, f"{entry['en']}: the variant {v!r} is part of the chosen term(s) {inside}"
    ens = [e["en"].lower() for e in GLOSSARY]
    kos = [e["ko"] for e in GLOSSARY]
    assert len(ens) == len(set(ens)), "an English term appears twice"
    assert len(kos) == len(set(kos)), "a Korean term is used for two concepts"


def test_glossary_keeps_the_decided_terms():
    """Decisions the whole book relies on (BRIEF / issue 9); changing one is a book-wide edit."""
    by_en = {e["en"]: e for e in GLOSSARY}
    assert by_en["overfitting"]["ko"] == "과대적합" and "과적합" in by_en["overfitting"]["also"]
    assert by_en["gradient"]["ko"] == "그레이디언트" and "그래디언트" in by_en["gradient"]["also"]
    assert by_en["blog posts"]["ko"] == "블로그 글"
    assert {"옛 글", "원본 자료", "원래 노트"} <= set(by_en["blog posts"]["reject"])
    assert not any("시드" in v for v in other_words(by_en["blog posts"])), "시드 is for random seeds"
    for en in ("metric", "step", "weight initialization"):
        assert en in by_en, f"missing glossary entry {en!r}"


@pytest.mark.parametrize("page, blocks", sorted(korean_texts().items()), ids=lambda x: x if isinstance(x, str) else "")
def test_korean_text_uses_glossary_terms(page, blocks):
    hits = [h for b in blocks for h in variant_hits(b)]
    assert not hits, f"{page}: variants instead of the glossary term: {hits}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_first_use_gives_the_english_term(path):
    blocks = [ko for _, ko, _ in chapter_pairs(path)]
    problems = first_use_problems(blocks)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "page, texts", sorted(english_and_korean_texts().items()), ids=lambda x: x if isinstance(x, str) else ""
)
def test_blog_posts_are_not_called_seeds(page, texts):
    ko_blocks, en_blocks, comments = texts
    hits = (
        [f"ko: {h!r}" for b in ko_blocks for h in seed_name_hits(b, SEED_AS_SOURCE_KO)]
        + [f"en: {h!r}" for b in en_blocks for h in seed_name_hits(b, SEED_AS_SOURCE_EN)]
        + [f"comment: {h!r}" for c in comments for p in (SEED_AS_SOURCE_KO, SEED_AS_SOURCE_EN) for h in p.findall(c)]
    )
    assert not hits, (
        f"{page}: call the source material 'the blog posts' / '블로그 글' (시드/seed means a random seed): {hits}"
    )


# The checks must be able to fail.
SAMPLE = [
    {"en": "overfitting", "ko": "과대적합", "also": ["과적합"], "reject": []},
    {"en": "hidden layer", "ko": "은닉층", "also": [], "reject": ["은닉 레이어"]},
    {"en": "layer", "ko": "층", "also": ["레이어"], "reject": []},
    {"en": "metric", "ko": "지표", "also": [], "reject": []},
    {"en": "blog posts", "ko": "블로그 글", "also": [], "reject": ["옛 글"]},
]


def test_variants_are_caught():
    assert variant_hits("모델이 과적합되었습니다.", SAMPLE)  # an 'also' variant
    assert variant_hits("은닉 레이어를 추가합니다.", SAMPLE)  # a 'reject' variant
    assert variant_hits("옛 글의 코드", SAMPLE)
    assert not variant_hits("과대적합(overfitting)을 막습니다. `과적합`", SAMPLE)


def test_first_use_rule():
    assert not first_use_problems(["과대적합(overfitting)을 막습니다. 과대적합은 흔합니다."], SAMPLE)
    assert first_use_problems(["과대적합을 막습니다. 과대적합(overfitting)"], SAMPLE)
    assert not first_use_problems(["은닉층(hidden layer)과 출력층"], SAMPLE)
    assert not first_use_problems(["검증 지표(validation metric)를 봅니다."], SAMPLE)
    assert first_use_problems(["지표(metrics 아님)를 봅니다."], SAMPLE) == []  # 'metrics' counts
    assert first_use_problems(["지표(측정값)를 봅니다."], SAMPLE)
    assert first_use_problems(["지표(metricx)를 봅니다."], SAMPLE)
    assert not first_use_problems(["블로그 글(blog post) 하나"], SAMPLE)
    assert not first_use_problems(["블로그 글(blog posts)"], SAMPLE)
    assert not first_use_problems(["열의 길이(지표, metric)를 봅니다."], SAMPLE)
    assert first_use_problems(["열의 길이(지표, 측정값)를 봅니다."], SAMPLE)


@pytest.mark.parametrize(
    "text",
    [
        "The seeds build their optimizer as `Adam(lr=0.001)`.",
        "the seeds' `lr_decayed_fn` bug",
        "In the seed posts the model is compiled once.",
        "The seed code uses `tf.keras`.",
        "as in the seed notebook",
    ],
)
def test_seed_as_source_is_caught_in_english(text):
    assert seed_name_hits(text, SEED_AS_SOURCE_EN), text


@pytest.mark.parametrize(
    "text",
    [
        "시드 코드는 옵티마이저를 만듭니다.",
        "시드 글에서는",
        "시드의 코드를 그대로 옮깁니다.",
        "시드의 식을 따릅니다.",
    ],
)
def test_seed_as_source_is_caught_in_korean(text):
    assert seed_name_hits(text, SEED_AS_SOURCE_KO), text


@pytest.mark.parametrize(
    "text, pattern",
    [
        ("The second cell fixes the random seeds. `keras.utils.set_random_seed(0)`, `seed=0`.", SEED_AS_SOURCE_EN),
        ("It resets the same seed every time; another seed can change the order.", SEED_AS_SOURCE_EN),
        ("The random generator's seed is fixed; `build_model` gives them seeds of their own.", SEED_AS_SOURCE_EN),
        ("The blog posts build `lr_decayed_fn`; the blog post trains one epoch.", SEED_AS_SOURCE_EN),
        ("난수 시드를 고정하고, 같은 시드에서 출발합니다. 시드를 바꾸면 순위가 바뀝니다. `seed=0`", SEED_AS_SOURCE_KO),
        ("블로그 글(blog posts)의 코드는 `seed_code`입니다.", SEED_AS_SOURCE_KO),
    ],
)
def test_random_seed_wording_passes(text, pattern):
    assert not seed_name_hits(text, pattern), seed_name_hits(text, pattern)
