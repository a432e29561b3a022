"""The Wikidata classes and properties the linking code relies on, and the kinds of entity it links.

Every id here was seen paired with its meaning in public material; the evidence is in
mappings/wikidata-vocabulary.tsv (a test checks that every id used here is listed there). None comes from
memory.

A *kind* says, for one group of our classes, which Wikidata classes a matching item must be an instance of
(P31, through any chain of P279), which predicate our curated mappings use for it (see docs/linking.md,
"Which predicate"), and which extra checks the reconciler applies. Kinds are tried in order; the first whose
classes the entity has (through rdfs:subClassOf*) wins: lvd:latvia is both a lvp:State and a lvp:Place, and
is a state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pactkg.common.namespaces import LVP

# Properties
P_INSTANCE_OF = "P31"
P_SUBCLASS_OF = "P279"
P_COUNTRY = "P17"
P_IMAGE = "P18"
P_DATE_OF_BIRTH = "P569"
P_DATE_OF_DEATH = "P570"
P_POINT_IN_TIME = "P585"
P_START_TIME = "P580"
P_END_TIME = "P582"
P_PUBLICATION_DATE = "P577"
P_SIGNATORY = "P1891"
P_LOCATION = "P276"
P_COORDINATES = "P625"
P_REFERENCE_URL = "P854"
P_RETRIEVED = "P813"

# Classes
Q_HUMAN = "Q5"
Q_COUNTRY = "Q6256"
Q_SOVEREIGN_STATE = "Q3624078"
Q_STATE = "Q7275"
Q_HUMAN_SETTLEMENT = "Q486972"
Q_CITY = "Q515"  # not a kind's class (a city is a human settlement through P279); used by the test fixture
Q_TREATY = "Q131569"
Q_WAR = "Q198"
Q_MILITARY_OCCUPATION = "Q188686"
Q_MILITARY_UNIT = "Q176799"
Q_ORGANIZATION = "Q43229"
Q_RIVER = "Q4022"
Q_LAKE = "Q23397"
Q_ISLAND = "Q23442"
Q_STRAIT = "Q37901"
Q_RAILWAY_STATION = "Q55488"
Q_AERODROME = "Q62447"
Q_AIRPORT = "Q1248784"
Q_PORT = "Q44782"
Q_BUILDING = "Q41176"
Q_SHIP = "Q11446"

CLASS_LABELS = {
    Q_HUMAN: "human",
    Q_COUNTRY: "country",
    Q_SOVEREIGN_STATE: "sovereign state",
    Q_STATE: "state",
    Q_HUMAN_SETTLEMENT: "human settlement",
    Q_CITY: "city",
    Q_TREATY: "treaty",
    Q_WAR: "war",
    Q_MILITARY_OCCUPATION: "military occupation",
    Q_MILITARY_UNIT: "military unit",
    Q_ORGANIZATION: "organization",
    Q_RIVER: "river",
    Q_LAKE: "lake",
    Q_ISLAND: "island",
    Q_STRAIT: "strait",
    Q_RAILWAY_STATION: "railway station",
    Q_AERODROME: "aerodrome",
    Q_AIRPORT: "airport",
    Q_PORT: "port",
    Q_BUILDING: "building",
    Q_SHIP: "ship",
}

SAME_AS = "owl:sameAs"
EXACT_MATCH = "skos:exactMatch"

LABEL_LANGUAGES = ("lv", "en", "ru")


@dataclass(frozen=True)
class Kind:
    name: str
    our_classes: tuple  # rdflib URIRefs (lvp: classes)
    wd_classes: tuple  # any of these, via P31/P279*
    predicate: str  # CURIE used in curated rows of this kind
    checks: tuple = field(default_factory=tuple)  # names of extra checks: "lifespan", "country", "date"
    description: str = ""


KINDS: tuple[Kind, ...] = (
    Kind("person", (LVP.Person,), (Q_HUMAN,), SAME_AS, ("lifespan",), "human"),
    Kind("state", (LVP.State,), (Q_COUNTRY, Q_SOVEREIGN_STATE, Q_STATE), EXACT_MATCH, (), "country or state"),
    Kind("settlement", (LVP.Settlement,), (Q_HUMAN_SETTLEMENT,), SAME_AS, ("country",), "human settlement"),
    Kind("treaty", (LVP.Treaty, LVP.Protocol), (Q_TREATY,), SAME_AS, ("date",), "treaty"),
    Kind("war", (LVP.War,), (Q_WAR,), SAME_AS, ("date",), "war"),
    Kind("occupation", (LVP.Occupation,), (Q_MILITARY_OCCUPATION,), SAME_AS, ("date",), "military occupation"),
    Kind("military", (LVP.MilitaryFormation,), (Q_MILITARY_UNIT, Q_ORGANIZATION), SAME_AS, (), "military body"),
    Kind("organisation", (LVP.Organisation,), (Q_ORGANIZATION,), SAME_AS, (), "organization"),
    Kind("railway-station", (LVP.RailwayStation,), (Q_RAILWAY_STATION,), SAME_AS, ("country",), "railway station"),
    Kind("airfield", (LVP.Airfield,), (Q_AERODROME, Q_AIRPORT), SAME_AS, ("country",), "aerodrome"),
    Kind("port", (LVP.Port, LVP.NavalBase), (Q_PORT,), SAME_AS, ("country",), "port"),
    Kind("river", (LVP.River,), (Q_RIVER,), SAME_AS, (), "river"),
    Kind("lake", (LVP.Lake,), (Q_LAKE,), SAME_AS, (), "lake"),
    Kind("island", (LVP.Island,), (Q_ISLAND,), SAME_AS, (), "island"),
    Kind("strait", (LVP.Strait,), (Q_STRAIT,), SAME_AS, (), "strait"),
    Kind("building", (LVP.Building,), (Q_BUILDING,), SAME_AS, (), "building"),
    Kind("vessel", (LVP.Vessel,), (Q_SHIP,), SAME_AS, (), "ship"),
)
KINDS_BY_NAME = {k.name: k for k in KINDS}

# Our classes whose members should, in time, each have a Wikidata link (or be listed as lacking one).
# Places without a kind above (regions, coasts, lines, meridians) are listed too: a maintainer may find one.
LINKABLE_CLASSES = tuple(c for k in KINDS for c in k.our_classes) + (LVP.Place, LVP.Periodical)


def all_wd_classes() -> list[str]:
    return sorted({c for k in KINDS for c in k.wd_classes}, key=lambda q: int(q[1:]))


def used_ids() -> set[str]:
    """Every Wikidata id this module names (the test checks each has evidence)."""
    return {v for k, v in globals().items() if (k.startswith("P_") or k.startswith("Q_")) and isinstance(v, str)}
