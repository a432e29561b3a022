"""results.wrap_words must wrap every text exactly as textwrap.wrap does with the table's options (it only
computes the common case itself, and hands every other text to textwrap)."""

from __future__ import annotations

import random
import textwrap

import pytest

from pactkg.query.results import render_table, wrap_words

CASES = [
    "word " * 30,  # a trailing space
    " leading space and then enough words to need a second line of the table, or even a third one",
    "two  spaces  between  the  words  of  a  text  long  enough  to  be  wrapped  by  the  table",
    "a line that is exactly seventy characters long, and then it goes on here: " + "x" * 10,
    "x" * 69 + " y " + "z" * 70 + " " + "w" * 71,  # a word of exactly the width; one longer than it
    "no\u00a0break spaces\u00a0and an ideographic\u3000space in a text that is wrapped over two lines",
    "soft\u00adhyphen and a tab\tinside a text that is longer than the seventy characters of a cell",
    "Latviešu un krievu (Пакт о взаимопомощи между СССР и Латвийской Республикой) teksts vienā rindā",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("width", [10, 70])
def test_wrap_words_is_textwrap(text, width):
    expected = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    assert wrap_words(text, width) == expected


def test_wrap_words_is_textwrap_on_random_texts():
    rng = random.Random(15)
    pieces = ["a", "bb", "ccc", "x" * 20, "y" * 69, "z" * 70, "w" * 71, " ", "  ", "\u00a0", "-", "ā", "\u3000"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        for width in (10, 70):
            expected = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
            assert wrap_words(text, width) == expected, (text, width)


def test_render_table_wraps_pads_and_escapes():
    long = "word " * 20 + "end"
    table = render_table(["a", "b"], [("x", long), ("\x1b[31m", "y"), ("x", "y")], max_width=30)
    assert table == (
        "+------------+-------------------------------+\n"
        "| a          | b                             |\n"
        "+============+===============================+\n"
        "| x          | word word word word word word |\n"
        "|            | word word word word word word |\n"
        "|            | word word word word word word |\n"
        "|            | word word end                 |\n"
        "| \\u001b[31m | y                             |\n"
        "| x          | y                             |\n"
        "+------------+-------------------------------+\n"
        "3 rows\n"
    )
