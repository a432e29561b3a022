"""Dates, numbers and the search folding, as people read them."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from pactkg.site import fmt

NB = "\u00a0"


@pytest.mark.parametrize(
    "value,dtype,en,lv",
    [
        ("1939-10-05", XSD.date, "5 October 1939", "1939. gada 5. oktobris"),
        ("1920-08-11", XSD.date, "11 August 1920", "1920. gada 11. augusts"),
        ("1939-09", XSD.gYearMonth, "September 1939", "1939. gada septembris"),
        ("1940", XSD.gYear, "1940", "1940. gads"),
    ],
)
def test_format_date(value, dtype, en, lv):
    lit = Literal(value, datatype=dtype)
    assert fmt.format_date(lit, "en") == en
    assert fmt.format_date(lit, "lv") == lv


@pytest.mark.parametrize(
    "value,dtype,case,lv",
    [
        ("1939-10-15", XSD.date, "genitive", "1939. gada 15. oktobra"),  # pēc …, no …
        ("1940-06-16", XSD.date, "dative", "1940. gada 16. jūnijam"),  # līdz …
        ("1939-10", XSD.gYearMonth, "genitive", "1939. gada oktobra"),
        ("1940", XSD.gYear, "genitive", "1940. gada"),
        ("1940", XSD.gYear, "dative", "1940. gadam"),
    ],
)
def test_latvian_dates_take_the_case_their_preposition_asks_for(value, dtype, case, lv):
    lit = Literal(value, datatype=dtype)
    assert fmt.format_date(lit, "lv", case) == lv
    assert fmt.format_date(lit, "en", case) == fmt.format_date(lit, "en")  # English has no cases


def test_partial_dates_sort_at_the_start_of_their_period():
    keys = [fmt.sort_key(Literal(v, datatype=t)) for v, t in
            [("1939-10-05", XSD.date), ("1939-10", XSD.gYearMonth), ("1939", XSD.gYear), ("1940-06-16", XSD.date)]]
    assert sorted(keys) == ["1939", "1939-10", "1939-10-05", "1940-06-16"]


def test_precision_from_datatype():
    assert fmt.precision_of(Literal("1939-10", datatype=XSD.gYearMonth)) == "month"
    assert fmt.precision_of(Literal("1940", datatype=XSD.gYear)) == "year"
    assert fmt.precision_of(Literal("1939-10-05", datatype=XSD.date)) == "day"


def test_bad_date_is_an_error():
    with pytest.raises(ValueError):
        fmt.date_parts(Literal("October", datatype=XSD.date))


@pytest.mark.parametrize(
    "value,en,lv",
    [
        (50000, f"50{NB}000", f"50{NB}000"),
        (25000, f"25{NB}000", f"25{NB}000"),
        (1234567, f"1{NB}234{NB}567", f"1{NB}234{NB}567"),
        (1939, "1939", "1939"),
        (48, "48", "48"),
        ("56.53186", "56.53186", "56,53186"),
    ],
)
def test_format_number(value, en, lv):
    assert fmt.format_number(value, "en") == en
    assert fmt.format_number(value, "lv") == lv


def test_coordinates():
    assert fmt.format_coordinate("56.53186", "lat", "en") == f"56.53186°{NB}N"
    assert fmt.format_coordinate("21.02762", "long", "lv") == f"21,02762°{NB}A"


@pytest.mark.parametrize("text,folded", [("Munters", "munters"), ("Rīga", "riga"), ("Vaiņode", "vainode"), ("Молотов", "молотов")])
def test_fold(text, folded):
    assert fmt.fold(text) == folded


@pytest.mark.parametrize(
    "label,year,shown",
    [
        ("Molotov's demand to Estonia (24 September 1939)", 1939, "Molotov's demand to Estonia"),
        ("Soviet demand to the Latvian government (30 September, year inferred: 1939)", 1939, "Soviet demand to the Latvian government"),
        ("Negotiations in Moscow (from 2 October; year inferred: 1939)", 1939, "Negotiations in Moscow"),
        ("Extraordinary session of the Cabinet of Ministers in Riga (the next day; inferred: 3 October 1939)", 1939,
         "Extraordinary session of the Cabinet of Ministers in Riga"),
        ("Muntera priekšlasījums «Kara pirmie mēneši» (1940. gada 12. februāris)", 1940, "Muntera priekšlasījums «Kara pirmie mēneši»"),
        ("Ministru kabineta ārkārtas sēde Rīgā (nākamajā dienā; secināts: 1939. gada 3. oktobris)", 1939,
         "Ministru kabineta ārkārtas sēde Rīgā"),
        ("Soviet occupation of Latvia (1940)", 1940, "Soviet occupation of Latvia"),
        # brackets that say more than the date stay, and so do brackets with another year than the node's
        ("Demand that Munters sign the pact (answer within 48 hours)", 1939, "Demand that Munters sign the pact (answer within 48 hours)"),
        ("Date of the attack according to English Wikipedia 'Russarö' (2015 copy)", 1939,
         "Date of the attack according to English Wikipedia 'Russarö' (2015 copy)"),
        ("Molotov's demand to Estonia (24 September 1939)", 1940, "Molotov's demand to Estonia (24 September 1939)"),
        ("The Soviet 'sphere of influence' after 23 August 1939", 1939, "The Soviet 'sphere of influence' after 23 August 1939"),
    ],
)
def test_a_label_beside_its_date_does_not_repeat_it(label, year, shown):
    assert fmt.without_restated_date(label, year) == shown
