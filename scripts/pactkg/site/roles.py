"""The words a summary block uses for a link between two entities, both ways, in English and Latvian.

The ontology's labels name a property from its subject's side in the modeller's words ("applies to place",
"concerns document", "holder"); a page also shows the link from the object's side, where "as holder" says
nothing to a reader. Each property that can appear in a summary gets two headings here: `out`, on the
subject's page ("Signatories: …"), and `in`, on the object's page ("Signed: …"). `tests/site/test_site_roles.py`
fails when a property that a page can show has no entry (unlabelled_roles).
"""

from __future__ import annotations

from rdflib import URIRef

from pactkg.site.terms import LVP, OWL, RDF, RDFS, SKOS


OUT, IN = "out", "in"

# local name in lvp: (or a full IRI) -> ((out English, out Latvian), (in English, in Latvian))
_TABLE: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "addressee": (("Addressed to", "Adresāts"), ("Addressee of", "Adresāts notikumos")),
    "afterStartOf": (("After the start of", "Pēc sākuma"), ("Events after its start", "Notikumi pēc tā sākuma")),
    "alongFeature": (("Along", "Gar"), ("Lines along it", "Līnijas gar to")),
    "annexTo": (("Annex to", "Pielikums dokumentam"), ("Annexes", "Pielikumi")),
    "appliesTo": (("Places it names", "Vietas, uz kurām attiecas"), ("Provisions that name it", "Noteikumi, kas uz to attiecas")),
    "appointed": (("Appointed", "Iecēla"), ("Appointed in", "Iecelšana")),
    "archivedBy": (("Archived by", "Arhivēja"), ("Archived copies", "Arhivētās kopijas")),
    "armedForce": (("Armed force", "Bruņotie spēki"), ("Garrisons and actions", "Garnizoni un darbības")),
    "attacker": (("Attacking vessel", "Uzbrūkošais kuģis"), ("Attacks it made", "Tā uzbrukumi")),
    "attestedIn": (("Attested in", "Minēts notikumā"), ("Offices held at the time", "Tobrīd ieņemtie amati")),
    "author": (("Author", "Autors"), ("Author of", "Autors dokumentiem")),
    "basis": (("Based on", "Pamatojoties uz"), ("Based on it", "Uz to balstīts")),
    "between": (("Between", "Starp"), ("Lines ending here", "Līnijas, kas šeit beidzas")),
    "boundary": (("Boundary", "Robeža"), ("Provisions that take it as a boundary", "Noteikumi, kuros tā ir robeža")),
    "branch": (("Branch", "Ierocis"), ("Units and garrisons of this branch", "Šī ieroča vienības un garnizoni")),
    "carriedOutBy": (("Carried out by", "Veica"), ("Carried out", "Veiktās darbības")),
    "citedBy": (("Cited by", "To citē"), ("Cites", "Citē")),
    "cites": (("Cites", "Citē"), ("Cited by", "To citē")),
    "claimAbout": (("Claim about", "Apgalvojums par"), ("Claims about it", "Apgalvojumi par to")),
    "claimant": (("Claimant", "Pretendents"), ("Spheres of influence it claimed", "Ietekmes sfēras, uz kurām tā pretendēja")),
    "claimedProperty": (("Property claimed", "Apgalvotā īpašība"), ("Claims", "Apgalvojumi")),
    "claimedValue": (("Claimed value", "Apgalvotā vērtība"), ("Named in the claims", "Minēts apgalvojumos")),
    "concerns": (("About", "Attiecas uz"), ("Events about it", "Notikumi saistībā ar to")),
    "correspondsTo": (("Corresponds to", "Atbilst"), ("Corresponding provisions", "Atbilstošie noteikumi")),
    "country": (("Country", "Valsts"), ("In this country", "Šajā valstī")),
    "damaged": (("Damaged or destroyed", "Sagrāva"), ("Damaged in", "Sagrauts")),
    "datePrecision": (("Date precision", "Datuma precizitāte"), ("Dates of this precision", "Šādas precizitātes datumi")),
    "defends": (("Provides for defending", "Paredz aizsargāt"), ("Provisions to defend it", "Noteikumi par tās aizsardzību")),
    "destination": (("To", "Uz"), ("Destination of", "Galamērķis notikumos")),
    "echelon": (("Echelon", "Līmenis"), ("Units of this echelon", "Šī līmeņa vienības")),
    "establishedBy": (("Established by", "Noteikts ar"), ("What it established", "Ar to noteiktais")),
    "exception": (("Except", "Izņemot"), ("Provisions that except it", "Noteikumi, kas to izņem")),
    "facility": (("Facility", "Objekts"), ("Garrison list entries", "Garnizonu saraksta ieraksti")),
    "geometry": (("Coordinates", "Koordinātas"), ("Coordinates of", "Koordinātas vietai")),
    "lineGeometry": (("Course on the map", "Līnija kartē"), ("Course of", "Līnija vietai")),
    "grantedBy": (("Granted by", "Piešķīra"), ("Rights it granted", "Tās piešķirtās tiesības")),
    "grantedTo": (("Granted to", "Piešķirts"), ("Rights granted to it", "Tai piešķirtās tiesības")),
    "hasClaim": (("Claims", "Apgalvojumi"), ("Claim of", "Apgalvojums par")),
    "hasQuantity": (("Numbers", "Skaitļi"), ("Stated in", "Minēts")),
    "headquarters": (("Headquarters", "Štābs"), ("Headquarters of", "Štābs vienībai")),
    "holder": (("Holder", "Amatpersona"), ("Offices held", "Ieņemtie amati")),
    "identifiedAs": (("Identified as", "Identificēts kā"), ("Identified with", "Identificēts ar")),
    "inferredProperty": (("Inferred", "Secināts"), ("Inferred on", "Secināts")),
    "ledBy": (("Led by", "Vadītājs"), ("Led", "Vadīja")),
    "locatedIn": (("Lies in", "Atrodas"), ("Places inside it", "Vietas tās teritorijā")),
    "mentions": (("Mentions", "Piemin"), ("Mentioned in", "Pieminēts")),
    "nameOf": (("Name of", "Nosaukums"), ("Names in sources", "Nosaukumi avotos")),
    "namedAfter": (("Named after", "Nosaukts par godu"), ("Bearing this name", "Nes šo vārdu")),
    "negotiator": (("Negotiators", "Sarunu dalībnieki"), ("Negotiated", "Piedalījās sarunās")),
    "occasion": (("Said at", "Teikts"), ("Quotations", "Citāti")),
    "office": (("Office", "Amats"), ("Holders", "Amatpersonas")),
    "officeOf": (("Office of", "Amats iestādē"), ("Offices", "Amati")),
    "operatedBy": (("Operated by", "Apsaimniekotājs"), ("Operated", "Apsaimniekoja")),
    "origin": (("From", "No"), ("Set out from here", "Sākās šeit")),
    "partOf": (("Part of", "Daļa no"), ("Its parts", "Tās daļas")),
    "partOfEvent": (("Part of", "Daļa no"), ("Its parts", "Tā daļas")),
    "participant": (("Participants", "Dalībnieki"), ("Took part in", "Piedalījās")),
    "party": (("Parties", "Puses"), ("Party to", "Līgumslēdzēja puse")),
    "place": (("Where", "Kur"), ("At this place", "Šajā vietā")),
    "present": (("Present", "Klātesošie"), ("Present at", "Klātesošs")),
    "pretext": (("Pretext", "Iegansts"), ("Used as a pretext for", "Izmantots kā iegansts")),
    "produced": (("What it produced", "Rezultāts"), ("Produced by", "Radīts")),
    "provisionKind": (("Kind", "Veids"), ("Provisions of this kind", "Šāda veida noteikumi")),
    "publishedIn": (("Published in", "Publicēts"), ("Published in it", "Tajā publicēts")),
    "quantityKind": (("Kind of quantity", "Daudzuma veids"), ("Quantities", "Daudzumi")),
    "quotedFrom": (("Quoted from", "Citēts no"), ("Quotations from it", "Citāti no tā")),
    "quotedWithin": (("Quoted within", "Citēts citātā"), ("Quotes within it", "Citāti tajā")),
    "region": (("Region", "Reģions"), ("Spheres of influence that include it", "Ietekmes sfēras, kas to ietver")),
    "reports": (("Reports", "Atspoguļo"), ("Reported in", "Atspoguļots")),
    "reproduces": (("Text of", "Teksts dokumentam"), ("Texts", "Teksti")),
    "secrecy": (("Secrecy", "Slepenība"), ("Documents", "Dokumenti")),
    "seeAlsoEntry": (("See also", "Skatīt arī"), ("Listed under “see also” in", "Minēts sadaļā «Skatīt arī»")),
    "settlement": (("Settlement", "Apdzīvotā vieta"), ("Garrison list entries", "Garnizonu saraksta ieraksti")),
    "signatory": (("Signatories", "Parakstītāji"), ("Signed", "Parakstīja")),
    "source": (("Source", "Avots"), ("Facts citing it", "Fakti, kas to citē")),
    "speaker": (("Speaker", "Runātājs"), ("Spoke", "Runāja")),
    "stationedAt": (("Stationed at", "Izvietots"), ("Stationed here", "Šeit izvietoti")),
    "subordinateTo": (("Subordinate to", "Pakļauts"), ("Subordinate garrisons and units", "Pakļautie garnizoni un vienības")),
    "target": (("Target", "Mērķis"), ("Attacked in", "Uzbrukuma mērķis")),
    "through": (("Passes through", "Iet caur"), ("Lines through it", "Līnijas caur to")),
    "traveller": (("Travellers", "Ceļotāji"), ("Journeys", "Ceļojumi")),
    "unit": (("Unit", "Mērvienība"), ("Quantities in this unit", "Daudzumi šajā mērvienībā")),
    "unitKind": (("Kind of unit", "Vienības veids"), ("Garrisons of this kind", "Šāda veida garnizoni")),
    "vessel": (("Vessel", "Kuģis"), ("Events", "Notikumi")),
    "via": (("Via", "Caur"), ("Passed through here", "Gāja caur šejieni")),
    str(SKOS.broader): (("Broader", "Plašāks jēdziens"), ("Narrower", "Šaurāki jēdzieni")),
}

# Links a summary never shows: plumbing, or shown in a section of their own (names, sources, claims, the map).
NOT_SHOWN = frozenset({
    RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso,
    LVP.description, LVP.note, LVP.source, LVP.evidence, LVP.sourceRecord, LVP.hasClaim, LVP.datePrecision,
    LVP.dateInferred, LVP.translatedLabel, LVP.geometry, LVP.claimAbout, LVP.listPosition, LVP.country,
    LVP.nameOf, LVP.inferredProperty, LVP.translationOf,
})


_LVP = str(LVP)
_KEYS: dict[str, str] = {}  # property -> its key in _TABLE: bounded by the graph's properties


def _key(p: URIRef) -> str:
    """The property's name in _TABLE (its local name in our namespace, else the IRI); asked on every summary
    row of every page, so each property's key is made once."""
    key = _KEYS.get(p)
    if key is None:
        s = str(p)
        key = _KEYS[p] = s[len(_LVP):] if s.startswith(_LVP) else s
    return key


def role_words(p: URIRef, direction: str) -> tuple[str, str] | None:
    """(English, Latvian) heading for property `p` seen from its subject (OUT) or its object (IN)."""
    entry = _TABLE.get(_key(p))
    if entry is None:
        return None
    return entry[0] if direction == OUT else entry[1]


def has_words(p: URIRef) -> bool:
    return _key(p) in _TABLE
