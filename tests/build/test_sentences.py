"""The sentence splitter: Latvian dates, initials and abbreviations contain dots that end no sentence."""

from __future__ import annotations

import pytest

from pactkg.build.sentence_coverage import split_sentences


def texts(s: str) -> list[str]:
    return [x.text for x in split_sentences(s)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Dates: ordinal numbers end in a dot.
        ("Pakts parakstīts 1939. gada 5. oktobrī Maskavā. Tas bija spēkā.",
         ["Pakts parakstīts 1939. gada 5. oktobrī Maskavā.", "Tas bija spēkā."]),
        # Initials.
        ("Sarunas ar V. Molotovu, klātesot J. Staļinam. Kopā ar A. Kampi un M. Hartmaņa komisiju.",
         ["Sarunas ar V. Molotovu, klātesot J. Staļinam.", "Kopā ar A. Kampi un M. Hartmaņa komisiju."]),
        # A sentence may start with a number (a date).
        ("Pilnvaras piešķīra. 5. oktobrī V. Munters parakstīja.",
         ["Pilnvaras piešķīra.", "5. oktobrī V. Munters parakstīja."]),
        # Ranges of years, numbers without spaces, ellipses before lower case.
        ("Karabāzes 1939.-1940. gadā bija. Avīze 13.02.1940 un 1940.gada 16.junijā. Pakts \"attīstīt ... attiecības\".",
         ["Karabāzes 1939.-1940. gadā bija.", "Avīze 13.02.1940 un 1940.gada 16.junijā.",
          "Pakts \"attīstīt ... attiecības\"."]),
        # "[..]" in a quotation, then lower case.
        ("Runā teica: [..] noslēgtais pakts dod mieru. Savukārt Munters.",
         ["Runā teica: [..] noslēgtais pakts dod mieru.", "Savukārt Munters."]),
        # A closing quotation mark after the dot belongs to the sentence.
        ("Vārdi: „Mūsu valsts ir brīva. Mēs paši to uzturēsim.\" Tomēr PSRS to pārkāpa.",
         ["Vārdi: „Mūsu valsts ir brīva.", "Mēs paši to uzturēsim.\"", "Tomēr PSRS to pārkāpa."]),
        # Inside «...» no sentence ends.
        ("Ziņas «PSRS paziņojums Latvijai. 1940.gada 16.junijā». Arhivēts.",
         ["Ziņas «PSRS paziņojums Latvijai. 1940.gada 16.junijā».", "Arhivēts."]),
        # Non-breaking spaces count as spaces; a Russian "г." is an abbreviation.
        ("Arhivēts 2007.\u00a0gada 7.\u00a0septembrī. От 5 октября 1939 г. и протокол.",
         ["Arhivēts 2007.\u00a0gada 7.\u00a0septembrī.", "От 5 октября 1939 г. и протокол."]),
        # Abbreviations.
        ("Bāzes u.c. objekti, piem. lidlauki. Beigas.", ["Bāzes u.c. objekti, piem. lidlauki.", "Beigas."]),
        # Question and exclamation marks; text without a final dot.
        ("Kas notika? Tas bija pakts! Un tad", ["Kas notika?", "Tas bija pakts!", "Un tad"]),
    ],
)
def test_split(text, expected):
    assert texts(text) == expected


def test_offsets_point_into_the_text():
    text = "  Pirmais teikums.  Otrais 5. oktobrī.  "
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
    assert [s.index for s in split_sentences(text)] == [1, 2]


def test_real_article_is_split_where_a_reader_would(source_text):
    sentences = texts(source_text)
    # No sentence ends inside a date or after an initial.
    for s in sentences:
        assert not s.endswith((" V.", " A.", " J.", " M.", " I.", "1939.", " 5.")), s
    def starts(prefix: str) -> bool:
        return any(s.startswith(prefix) for s in sentences)

    assert starts("1939. gada 24. septembrī V. Molotovs pieprasīja Igaunijai")
    assert starts("30. septembrī līdzīgu prasību saņēma arī Latvijas valdība.")
    assert starts("12. oktobrī Latvijas Ministru kabinets iecēla īpašu militāro komisiju ģenerāļa M. Hartmaņa")
    assert starts("2. oktobrī V. Munters kopā ar Ārlietu ministrijas Līgumu departamenta direktoru A. Kampi, "
                  "PSRS sūtni Latvijā I. Zotovu")
