"""Every Korean block has an English twin with the same headings, math, code references, links
and numbers."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from _book import (
    CHAPTERS,
    MARKDOWN_PAGES,
    BilingualError,
    chapter_pairs,
    page_blocks,
    parity_problems,
    prose,
    read_notebook,
    split_bilingual,
)

KO = '<div class="lang-ko" lang="ko">\n\n{}\n\n</div>'
EN = '<div class="lang-en" lang="en">\n\n{}\n\n</div>'


def cell(ko, en):
    return KO.format(ko) + "\n\n" + EN.format(en)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_markdown_cell_is_bilingual(path):
    nb = read_notebook(path)
    problems = []
    for i, c in enumerate(nb.cells):
        if c.cell_type == "markdown" and i > 0:
            try:
                split_bilingual(c.source)
            except BilingualError as exc:
                problems.append(f"cell {i}: {exc}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_twins_match(path):
    problems = [f"cell {i}: {p}" for i, ko, en in chapter_pairs(path) for p in parity_problems(ko, en)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_page_twins_match(page):
    pairs = page_blocks(page.read_text(encoding="utf-8"))
    assert pairs, f"{page.name} has no language blocks"
    problems = [f"block {i}: {p}" for i, (ko, en) in enumerate(pairs) for p in parity_problems(ko, en)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Number parity: a figure must not drift between the languages.
#
# The numbers of a block are read from its prose (math, inline code, fenced code, link URLs and
# HTML tags removed: math and code are compared exactly above, URLs are identical). Digits count
# with thousands separators (60,000 = 60000), decimals, exponents (1e-7) and percentages (85 % = 85%
# = 85); Korean 만/천 before a counter scale them (6만 장 = 60000). Number words are normalised:
# English two…twelve, twenty…fifty, hundred, thousand, dozen, twice; Korean native numerals before a
# noun (두 층, 세 가지, 다섯 장), 네/열/한 only before a counter (네 배, 열 개, 한 번: 네 is also "yes",
# 열 also "column"), and 둘/셋/넷/하나 as nouns. Sino-Korean numerals (일, 이, 삼 …) are not read:
# written out they are almost always parts of words (일차, 이미지, 삼각형).
#
# Some number words are also articles, pronouns or ordinals: English one, once, single, both, zero,
# first…tenth, 2nd; Korean 한, 하나, 둘 (둘 다), 첫, 첫째, 두 번째, 2번째, 2등. These are "soft": a soft word
# may stand in for the same number on the other side ("1 에포크" / "one epoch", "두 함수 모두" /
# "both functions"), but is never required ("the large one" needs no 1 in Korean).
# Every other number must occur as often in one block as in the other.

_EN_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "twice": 2,
}
_EN_SOFT = {
    "one": 1,
    "once": 1,
    "single": 1,
    "ones": 1,
    "both": 2,
    "zero": 0,
    "zeros": 0,
    "zeroes": 0,
    "zeroed": 0,
    "nonzero": 0,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_KO_WORDS = {
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "열한": 11,
    "열두": 12,
    "스무": 20,
    "셋": 3,
    "넷": 4,
}
_KO_SOFT = {"한": 1, "하나": 1, "둘": 2, "첫": 1, "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4}
_KO_COUNTER = "(?:개|번|배|가지|층|장|에포크|스텝|줄|명|쌍|편|칸|자리|차례|단계|묶음|군데|점|벌|열|행|종류|셀|그룹)"
_KO_SCALE = {"만": 10_000, "천": 1_000, "억": 100_000_000}

_URL = re.compile(r"https?://\S+")
_VERSION = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])")  # 3.15.1: one token
_DIGITS = re.compile(
    r"(?<![A-Za-z_\d.])"  # not L2, float32, x1
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"(?:\s?(?P<scale>만|천|억)(?=\s?(?:개|장|명|스텝|번|줄|행|건|에포크|단계)))?"  # 6만 장, not 1만 (only 1s)
    r"(?P<ordinal>st|nd|rd|th|\s?번째|등(?!분))?"  # 2nd, 2번째, 2등 (rank)
    r"(?:x)?(?![A-Za-z_\d])"
)
_EN_WORD = re.compile(r"\b(" + "|".join([*_EN_WORDS, *_EN_SOFT]) + r")\b", re.I)
_KO_WORD = re.compile(
    r"(?<![가-힣])(?:"
    r"(?P<ordinal>두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?번째"
    r"|(?P<counted>열한|열두|열|네|한)\s?(?=" + _KO_COUNTER + r")"
    r"|(?P<before_noun>두|세|다섯|여섯|일곱|여덟|아홉|스무)\s(?=[가-힣])(?!봅|보|볼|봐|어)"  # not 세 봅니다
    r"|(?P<noun>하나|둘째|셋째|넷째|첫째|둘|셋|넷)(?=[\s,.)]|[은는이가을를의와도씩만로에])"
    r"|(?P<first>첫)(?=\s)"
    r")"
)


def _number(text: str, scale: str | None) -> str:
    value = Decimal(text.replace(",", "")) * _KO_SCALE.get(scale, 1)
    value = value.normalize()
    return format(value, "f") if value == value.to_integral() else str(value)


def block_numbers(md: str, lang: str) -> tuple[Counter, Counter]:
    """The (strict, soft) numbers of one language block, as normalised strings."""
    text = _URL.sub(" ", prose(md))
    strict, soft = Counter(_VERSION.findall(text)), Counter()
    text = _VERSION.sub(" ", text)
    for m in _DIGITS.finditer(text):
        (soft if m.group("ordinal") else strict)[_number(m.group("num"), m.group("scale"))] += 1
    if lang == "en":
        for m in _EN_WORD.finditer(text):
            word = m.group(1).lower()
            if word in _EN_SOFT:
                soft[str(_EN_SOFT[word])] += 1
            else:
                strict[str(_EN_WORDS[word])] += 1
    else:
        for m in _KO_WORD.finditer(text):
            if m.group("ordinal"):
                soft[str(_KO_WORDS[m.group("ordinal")])] += 1
                continue
            word = m.group("counted") or m.group("before_noun") or m.group("noun") or m.group("first")
            if word in _KO_SOFT:
                soft[str(_KO_SOFT[word])] += 1
            else:
                strict[str(_KO_WORDS[word])] += 1
    return strict, soft


def number_drift(ko: str, en: str) -> tuple[Counter, Counter]:
    """(numbers only the Korean block has, numbers only the English block has); both empty if twins agree."""
    (ko_strict, ko_soft), (en_strict, en_soft) = block_numbers(ko, "ko"), block_numbers(en, "en")
    only_ko, only_en = ko_strict - en_strict, en_strict - ko_strict
    for only, other_soft in ((only_ko, en_soft), (only_en, ko_soft)):
        for value in list(only):
            only[value] -= min(only[value], other_soft[value])
    return +only_ko, +only_en


def number_problems(pairs) -> list[str]:
    problems = []
    for where, ko, en in pairs:
        only_ko, only_en = number_drift(ko, en)
        if only_ko or only_en:
            problems.append(
                f"{where}: numbers only in Korean {sorted(only_ko.elements())}, "
                f"only in English {sorted(only_en.elements())}"
            )
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_twins_have_the_same_numbers(path):
    problems = number_problems((f"cell {i}", ko, en) for i, ko, en in chapter_pairs(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_page_twins_have_the_same_numbers(page):
    pairs = page_blocks(page.read_text(encoding="utf-8"))
    problems = number_problems((f"block {i}", ko, en) for i, (ko, en) in enumerate(pairs))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "ko, en",
    [
        ("검증 정확도는 0.97입니다.", "The validation accuracy is 0.97."),
        ("훈련 이미지 60,000장과 테스트 이미지 10000장", "60000 training and 10,000 test images"),
        ("6만 장을 씁니다.", "We use 60,000 images."),
        ("정확도 85%", "an accuracy of 85 %"),
        ("tanh 도함수의 최댓값은 네 배입니다.", "The peak of tanh's derivative is four times as high."),
        ("세 가지 경우와 두 층", "three cases and 2 layers"),
        ("은닉층 두 개와 유닛 열 개", "two hidden layers and ten units"),
        ("1 에포크만 훈련합니다.", "We train for one epoch."),
        ("큰 값을 씁니다.", "We use the large one."),  # 'one' as a pronoun
        ("두 함수 모두 포화됩니다.", "Both functions saturate."),
        ("2번째 에포크부터 잽니다.", "We time it from the second epoch on."),
        ("고른 변형이 2등보다 앞선 폭", "the margin of the chosen variant over the runner-up"),
        ("두 번째 셀은 시드를 고정합니다.", "The second cell fixes the seeds."),
        ("`Dropout(0.5)`에 1만 들어 있는 입력", "an input of all ones into `Dropout(0.5)`"),  # 1만 = only 1s
        ("손으로 세 봅니다.", "We count them by hand."),  # 세다 (count), not 3
        ("$x^2$와 `Dense(64)`, [문서](https://keras.io/v3/a)", "$x^2$, `Dense(64)`, [docs](https://keras.io/v3/a)"),
        ("Keras 3.15.1과 TF 2.21", "Keras 3.15.1 and TF 2.21"),
        ("L2 벌점과 float32", "an L2 penalty and float32"),
    ],
)
def test_twins_with_the_same_numbers_pass(ko, en):
    assert number_drift(ko, en) == (Counter(), Counter())


@pytest.mark.parametrize(
    "ko, en, only_ko, only_en",
    [
        ("검증 정확도는 0.97입니다.", "The validation accuracy is 0.96.", ["0.97"], ["0.96"]),  # a drifting figure
        ("세 가지 경우", "four cases", ["3"], ["4"]),
        ("tanh의 도함수가 네 배 높습니다.", "The peak of tanh's derivative is higher.", ["4"], []),
        ("20 에포크 동안", "for ten epochs", ["20"], ["10"]),
        ("유닛 512개", "512 units and 10 outputs", [], ["10"]),
        ("6만 장", "6,000 images", ["60000"], ["6000"]),
        ("0.01에서 시작합니다. 0.01은 큽니다.", "It starts at 0.01, which is large.", ["0.01"], []),  # counts matter
        ("열 개의 숫자", "the nine digits", ["10"], ["9"]),
    ],
)
def test_number_drift_is_found(ko, en, only_ko, only_en):
    found_ko, found_en = number_drift(ko, en)
    assert sorted(found_ko.elements()) == only_ko and sorted(found_en.elements()) == only_en


def test_a_drifting_twin_pair_fails_the_chapter_check():
    cell_source = cell(
        "## 3. 결과\n\n검증 정확도는 97.1%입니다.", "## 3. Results\n\nThe validation accuracy is 97.7 %."
    )
    problems = number_problems([("cell 7", *split_bilingual(cell_source))])
    assert problems == ["cell 7: numbers only in Korean ['97.1'], only in English ['97.7']"]


# The checks above must be able to fail: each broken cell below must be caught.


def test_twin_with_matching_content_passes():
    ko, en = split_bilingual(
        cell(
            "## 1. 시그모이드\n\n값 $\\sigma(x)$와 `np.exp`를 씁니다.",
            "## 1. Sigmoid\n\nIt uses $\\sigma(x)$ and `np.exp`.",
        )
    )
    assert parity_problems(ko, en) == []


@pytest.mark.parametrize(
    "source, message",
    [
        (KO.format("## 1. 시그모이드"), "one Korean block then one English block"),
        (
            EN.format("## 1. Sigmoid") + "\n\n" + KO.format("## 1. 시그모이드"),
            "one Korean block then one English block",
        ),
        (cell("한국어", "English") + "\n\nstray text", "outside the language blocks"),
        ("Just English, no blocks.", "no language block"),
        ('<div class="lang-ko" lang="en">\n\n한국어\n\n</div>\n\n' + EN.format("English"), "lang attribute"),
        (KO.format("한국어") + "\n\n" + KO.format("또 한국어"), "one Korean block then one English block"),
    ],
)
def test_malformed_cells_are_rejected(source, message):
    with pytest.raises(BilingualError, match=message):
        split_bilingual(source)


@pytest.mark.parametrize(
    "ko, en, message",
    [
        ("## 1. 시그모이드", "## 2. Sigmoid", "headings differ"),
        ("## 1. 시그모이드\n\n### 1.1 도함수", "## 1. Sigmoid", "headings differ"),
        ("$$\\sigma(x)$$ 입니다", "$$\\sigma(-x)$$ here", "display math differs"),
        ("$x$와 $y$", "$x$ only", "inline math differs"),
        ("`keras.ops`를 씁니다", "We use `keras.backend`", "code references differ"),
        ("[문서](https://keras.io/a)", "[docs](https://keras.io/b)", "link targets differ"),
        ("English only", "English", "no Hangul"),
        ("한국어", "English with 한글", "contains Hangul"),
    ],
)
def test_parity_problems_are_found(ko, en, message):
    assert any(message in p for p in parity_problems(ko, en)), parity_problems(ko, en)
