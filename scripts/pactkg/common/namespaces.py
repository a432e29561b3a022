"""The project's namespaces, declared once."""

from rdflib import Namespace

BASE = "https://w3id.org/lv-pact-1939/"
LVP = Namespace(BASE + "ontology#")
LVD = Namespace(BASE + "id/")
ONTOLOGY_IRI = BASE + "ontology"
SOURCE_ARTICLE = LVD["source-lvwiki-article"]
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

# Prefixes bound in every output we write, in this order.
PREFIXES = {
    "lvp": LVP,
    "lvd": LVD,
    "wd": WD,
    "wdt": WDT,
    "wgs": WGS,
    "geo": GEO,
    "crm": CRM,
    "schema": SCHEMA,
}
