"""The stand-ins are hard enough to teach with, measured by the book's own networks in this run.

Stage 1 executed every chapter once, and the built pages show those outputs. These checks read what
the chapters printed, on the built page, instead of training the networks a second time:

- chapter 4's network (Dense 512 relu, Dense 10 softmax; adam, batch 128, 5 epochs: the blog posts'
  MNIST network) ends above 90 % test accuracy on the digit stand-in (chapter 4 asserts that itself)
  and clearly below 100 % (checked here: a stand-in the network learns perfectly would teach nothing
  about errors);
- the garment stand-in visibly overfits within 20 epochs: chapter 6 asserts that itself (its baseline's
  validation loss bottoms out well before the last epoch and rises again while the training loss falls).

These are facts about the stand-in: with real data they are skipped.
"""

import html
import re

import pytest

CHAPTER_4 = "chapters/04_mnist_classifier.html"
TEST_LINE = re.compile(r"test loss [\d.]+\s+test accuracy ([\d.]+)")


def printed(page: str, pattern: re.Pattern) -> tuple[str, re.Match]:
    """(the data mode printed in the same output, the first match of ``pattern``) in a page's printed outputs."""
    for block in re.findall(r'<div class="output stream[^"]*">.*?<pre>(.*?)</pre>', page, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        found = pattern.search(text)
        if found:
            mode = re.search(r"^data: (\S+)", text, re.M)
            return (mode.group(1) if mode else ""), found
    raise AssertionError(f"{pattern.pattern!r} is not in any printed output of {CHAPTER_4}")


def test_digit_standin_is_learned_well_but_not_perfectly(book):
    page = (book[0] / CHAPTER_4).read_text(encoding="utf-8")
    mode, found = printed(page, TEST_LINE)
    if mode != "standin":
        pytest.skip(f"chapter 4 ran on {mode!r} data: the claim is about the stand-in")
    accuracy = float(found.group(1))
    assert 0.90 < accuracy < 0.985, f"chapter 4's network on the digit stand-in: test accuracy {accuracy}"
