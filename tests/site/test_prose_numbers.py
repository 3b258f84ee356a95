"""No number in the pages' prose is typed by hand.

Shapes and counts in prose must be glued from executed cells ({glue:text}`key`) or sit in a
doctest that pytest runs. This scan removes everything that is code, math, a role or a
directive's body, and fails on any digit left in the plain prose, with file and line.
"""

import re

import pytest

from tests.helpers import DOCS, PAGES

# Product names with a major version in them are names, not figures.
NAMES = re.compile(r"\b(?:Keras|TensorFlow) \d+(?:\.\d+)*\b")
# A number standing alone: digits inside a word (float32, ConvLSTM2D) are part of a name.
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!\w)")

# (page, text on the line, reason). Keep this short: every entry is a number nobody computes.
EXCEPTIONS = [
    ("states", "Schmidhuber, 2000", "the year of a cited paper"),
]

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$", re.M | re.S)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.S)
MATH_INLINE = re.compile(r"\$[^$\n]+\$")
ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
CODE = re.compile(r"`[^`\n]+`")
TARGET = re.compile(r"^\([\w-]+\)=\s*$", re.M)
LINK_URL = re.compile(r"\]\([^)]*\)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
# A colon-fenced directive's opening line and its options (::::{grid} 1 1 2 2, :gutter: 3) are markup.
DIRECTIVE_MARKUP = re.compile(r"^(?::{3,}\{[\w-]+\}[^\n]*|:[\w-]+:[^\n]*)$", re.M)


def blank(match):
    """Replace a match with spaces, keeping its newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group())


def prose_of(text):
    for pattern in (FRONT_MATTER, FENCE, COMMENT, DIRECTIVE_MARKUP, MATH_BLOCK, MATH_INLINE, ROLE, CODE, TARGET, LINK_URL, NAMES):
        text = pattern.sub(blank, text)
    return text


def typed_numbers(page):
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    found = []
    for number, (line, original) in enumerate(zip(prose_of(source).splitlines(), source.splitlines()), 1):
        if NUMBER.search(line):
            if any(page == p and text in original for p, text, _ in EXCEPTIONS):
                continue
            found.append(f"docs/{page}.md:{number}: {original.strip()}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_hand_typed_numbers_in_prose(page):
    found = typed_numbers(page)
    assert not found, "numbers typed into prose (glue them or put them in a doctest):\n" + "\n".join(found)


def test_exceptions_are_still_needed():
    for page, text, reason in EXCEPTIONS:
        source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        assert text in source, f"exception no longer used, remove it: {page}: {text!r} ({reason})"


def test_the_scanner_catches_a_typed_number():
    sample = "---\nx: 1\n---\nThe kernel is (4, 8) here, `(4, 8)` in code, $4u$ in math, float32 in Keras 3.\n"
    prose = prose_of(sample)
    assert "(4, 8) here" in prose and "`(4, 8)`" not in prose and "$4u$" not in prose
    assert [match.group() for match in NUMBER.finditer(prose)] == ["4", "8"]


def test_the_scanner_skips_directive_markup_but_not_card_text():
    sample = "::::{grid} 1 1 2 2\n:gutter: 3\n\n:::{grid-item-card} Title\nA card with 4 typed.\n:::\n"
    assert [match.group() for match in NUMBER.finditer(prose_of(sample))] == ["4"]
