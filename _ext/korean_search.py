"""Korean in the book's search: particles and endings are stripped on both sides.

Sphinx has no Korean search language. Its English one indexes whole space-separated words
(어절), so ``함수를`` is one term, and a search for ``함수`` finds only the exact word. This
extension replaces the English search language with one that

- splits a word where Hangul meets Latin letters or digits (``ReLU를`` -> ``ReLU``, ``를``)
  and drops a Hangul piece that is only particles (the ``를`` of ``ReLU를``);
- stems a Hangul word by stripping particles and endings from its end (``과대적합을``,
  ``과대적합입니다``, ``과대적합된`` -> ``과대적합``; ``모델에서는`` -> ``모델``), repeatedly, the
  longest known suffix first, always keeping at least one syllable;
- stems everything else with Sphinx's English (Porter) stemmer, as before.

The search page runs the same stemmer in JavaScript on the query (the ``Stemmer`` class of
``language_data.js``; the suffix list is written into it from :data:`SUFFIXES`, so the two sides
cannot drift), and splits the query the same way. Index and query therefore meet on the same
stem: a Korean noun finds every page that uses it with any particle or ``하다``/``되다`` ending.
A stem can be shorter than the noun (``정확도`` -> ``정확``, because ``도`` is also a particle):
that is harmless, as both sides shorten it alike. Nothing here runs outside the book build.
"""

from __future__ import annotations

import json
import re

from sphinx.search.en import SearchEnglish

#: Particles (조사), the copula and the endings of 하다/되다/시키다 verbs made from a noun, and a few
#: suffixes written onto a noun (들, 마다, 별, 당, 씩). Stripped repeatedly, so combinations
#: (에서는 = 에서 + 는, 들의 = 들 + 의) need no entry of their own.
PARTICLES = """
이 가 을 를 은 는 의 에 와 과 로 으로 도 만 에서 에게 한테 께 께서 에게서 부터 까지 보다 처럼 만큼 마다 씩
나 이나 든 이든 든지 이든지 끼리 뿐 조차 마저 밖에 랑 이랑 이며 며 이고 이란 란 라는 이라는 라고 이라고
라서 이라서 인지 이라 이야 야 요 이요 들 별 당 용 에도 에만 로서 으로서 로써 으로써
""".split()
COPULA = """
입니다 이다 였다 이었다 였습니다 이었습니다 인 일 임 이므로 이지만 이면 이어서 이어야 인데 인가 일수록
이었고 이었던 였던 입니까 이죠 이에요 예요
""".split()
VERB_ENDINGS = (
    [
        stem + ending
        for stem in ("하", "되")
        for ending in "다 는 고 면 여 지 지만 기 며 므로 도록 려면 게 니 는데".split()
    ]
    + """
합니다 한다 한 할 함 해 해서 해야 했 했다 했습니다 했고 했던 할수록 하던 하려고 하여야 하였다 하였습니다
됩니다 된다 된 될 됨 돼 돼서 돼야 됐 됐다 됐습니다 되어 되어야 되었 되었다 되었습니다 되던 될수록
시킵니다 시키는 시키고 시키면 시켜 시켜서 시킨 시킬 시키기 시켰다 시켰습니다
""".split()
)
SUFFIXES = tuple(
    sorted({s for s in PARTICLES + COPULA + VERB_ENDINGS if re.fullmatch(r"[가-힣]+", s)}, key=lambda s: (-len(s), s))
)

HANGUL = re.compile(r"[가-힣]")
_PIECES = re.compile(r"[가-힣]+|[^\W가-힣]+")
_WORD = re.compile(r"\w+")


def strip_korean(word: str, keep: int = 1) -> str:
    """Strip particles and endings from the end of a Hangul word, keeping ``keep`` syllables at least."""
    while True:
        for s in SUFFIXES:
            if word.endswith(s) and len(word) - len(s) >= keep:
                word = word[: -len(s)]
                break
        else:
            return word


def split_words(text: str) -> list[str]:
    """Words as the index sees them: ``\\w+`` runs, cut where Hangul meets other letters."""
    out = []
    for token in _WORD.findall(text):
        pieces = _PIECES.findall(token)
        for i, piece in enumerate(pieces):
            if i and HANGUL.match(piece) and not strip_korean(piece, keep=0):
                continue  # only particles, written onto a Latin word or number: ReLU를, 10개의 -> keep 개
            out.append(piece)
    return out


JS_TEMPLATE = r"""
/* Korean: the same particle stripping as _ext/korean_search.py (the list comes from there). */
var KOREAN_SUFFIXES = __SUFFIXES__;
var koreanStrip = function (word, keep) {
  for (;;) {
    var hit = false;
    for (var i = 0; i < KOREAN_SUFFIXES.length; i++) {
      var s = KOREAN_SUFFIXES[i];
      if (word.length - s.length >= keep && word.slice(-s.length) === s) {
        word = word.slice(0, word.length - s.length);
        hit = true;
        break;
      }
    }
    if (!hit) return word;
  }
};
var Stemmer = function () {
  var porter = new PorterStemmer();
  this.stemWord = function (w) {
    if (/[\uac00-\ud7a3]/.test(w)) return koreanStrip(w, 1);
    return porter.stemWord(w);
  };
};
"""

JS_SPLITTER = r"""
/* Split the query as _ext/korean_search.py splits the pages: Hangul apart from other letters,
 * particles alone after a Latin word dropped (ReLU를 -> relu). */
var splitQuery = function (query) {
  var out = [];
  query.split(/[^\p{Letter}\p{Number}_]+/gu).filter(function (t) { return t; }).forEach(function (token) {
    var pieces = token.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g) || [];
    pieces.forEach(function (piece, i) {
      if (i && /^[\uac00-\ud7a3]/.test(piece) && koreanStrip(piece, 0) === "") return;
      out.push(piece);
    });
  });
  return out;
};
"""


class SearchKoreanEnglish(SearchEnglish):
    """English (Porter) for Latin words, particle stripping for Korean; registered as ``en``."""

    lang = "en"
    language_name = "English and Korean"
    js_stemmer_code = SearchEnglish.js_stemmer_code.replace(
        "var Stemmer = function", "var PorterStemmer = function"
    ) + JS_TEMPLATE.replace("__SUFFIXES__", json.dumps(list(SUFFIXES), ensure_ascii=False))
    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return split_words(input)

    def stem(self, word: str) -> str:
        if HANGUL.search(word):
            return strip_korean(word)
        return super().stem(word)


def setup(app):
    app.add_search_language(SearchKoreanEnglish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
