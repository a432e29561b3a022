"""The competency questions answered by SPARQL engines other than ours, to prove the answers do not depend on it.

The embedded store is pyoxigraph. The same questions are answered here by two independent engines:

  * rdflib's SPARQL engine (pure Python, in the pinned dependencies), and
  * Apache Jena ARQ from Debian's `libapache-jena-java`, run as a real Java program (jena/JenaAnswers.java,
    started with `java` in source-file mode: one JVM answers every question over the dump).

Neither has the GeoSPARQL functions, so the questions of the `geosparql` group are not asked of them
(ENGINES[...].groups). Where an engine is known to answer a question wrongly, the bug is recorded beside the
question in NAME.engine-bugs.tsv (engine, versions, link, what goes wrong), never as a different expected
answer; `known_bugs` reads those files and the tests expect exactly those questions to fail on that engine.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pactkg.query.competency_questions import Question
from pactkg.query.results import Results

JAVA_DIR = Path("/usr/share/java")
# Jena ARQ and the libraries it needs, as Debian installs them (libapache-jena-java and its dependencies).
JENA_JARS = ("jena-arq jena-base jena-core jena-iri jena-dboe-base jena-dboe-index jena-dboe-storage "
             "jena-dboe-trans-data jena-dboe-transaction jena-tdb jena-tdb2 jena-rdfconnection commons-cli "
             "commons-codec commons-compress commons-csv commons-io commons-lang3 dexx.collection gson guava "
             "httpclient jackson-core jackson-databind jsonld-java jakarta.json-api protobuf thrift "
             "titanium-json-ld slf4j-api slf4j-nop").split()
BUG_FILE_SUFFIX = ".engine-bugs.tsv"
BUG_COLUMNS = ["engine", "versions", "reference", "what"]


class EngineMissing(Exception):
    """The engine is not installed; the message says which package to install."""


@dataclass(frozen=True)
class Engine:
    name: str
    groups: frozenset[str]  # the question groups (besides standard SPARQL 1.1) the engine can answer

    def asks(self, q: Question) -> bool:
        return q.group == "" or q.group in self.groups


ENGINES = {"rdflib": Engine("rdflib", frozenset()), "jena": Engine("jena", frozenset())}


# ---- rdflib ------------------------------------------------------------------------------------------------


def rdflib_version() -> str:
    import rdflib

    return rdflib.__version__


def rdflib_answers(data: Path, questions: list[Question]) -> dict[str, Results | str]:
    """Each question's answer from rdflib's SPARQL engine over `data`, or the error it raised (as text)."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(str(data))
    out: dict[str, Results | str] = {}
    for q in questions:
        try:
            answer = graph.query(q.text)
            out[q.name] = Results.from_sparql_json(json.loads(answer.serialize(format="json")))
        except Exception as exc:  # noqa: BLE001 - any engine failure is an answer to report
            out[q.name] = f"{type(exc).__name__}: {exc}"
    return out


# ---- Apache Jena ---------------------------------------------------------------------------------------------


def jena_classpath() -> list[Path]:
    jars = [JAVA_DIR / f"{name}.jar" for name in JENA_JARS]
    missing = [j.name for j in jars if not j.is_file()]
    if shutil.which("java") is None or missing:
        raise EngineMissing("Apache Jena is not installed (java, or " + ", ".join(missing[:3]) + "): "
                            "apt-get install libapache-jena-java default-jdk-headless (mk/system-packages.txt)")
    return jars


def jena_version() -> str:
    with zipfile.ZipFile(JAVA_DIR / "jena-arq.jar") as z:
        for name in z.namelist():
            if name.endswith("jena-arq/pom.properties"):
                for line in z.read(name).decode().splitlines():
                    if line.startswith("version="):
                        return line.split("=", 1)[1]
    return "unknown"


def _xerces_messages(into: Path) -> Path:
    """Debian's jena-core has Jena's copy of Xerces under `xerces.` but its message files under
    `org.apache.jena.ext.xerces.`; without them XSD datatypes fail to initialise ("internal error").
    Copy them to where the classes look, in a folder put first on the class path."""
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as z:
        for name in z.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = into / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(name))
    return into


def jena_answers(data: Path, questions: list[Question], timeout: float = 300) -> dict[str, Results | str]:
    """Each question's answer from Jena ARQ over `data`, or Jena's error message."""
    jars = jena_classpath()
    program = Path(__file__).with_name("jena") / "JenaAnswers.java"
    with tempfile.TemporaryDirectory(prefix="pactkg-jena-") as tmp:
        tmp_path = Path(tmp)
        resources = _xerces_messages(tmp_path / "resources")
        out_dir = tmp_path / "answers"
        out_dir.mkdir()
        classpath = ":".join([str(resources)] + [str(j) for j in jars])
        done = subprocess.run(["java", "-cp", classpath, str(program), str(data), str(out_dir),
                               *[str(q.path) for q in questions]],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"Jena failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
        out: dict[str, Results | str] = {}
        for q in questions:
            answer, error = out_dir / f"{q.name}.srj", out_dir / f"{q.name}.error"
            if answer.is_file():
                out[q.name] = Results.from_sparql_json(json.loads(answer.read_text(encoding="utf-8")))
            else:
                out[q.name] = error.read_text(encoding="utf-8") if error.is_file() else "no answer written"
        return out


# ---- known engine bugs ------------------------------------------------------------------------------------


def known_bugs(q: Question) -> dict[str, dict[str, str]]:
    """engine -> its record from NAME.engine-bugs.tsv beside the question (empty when there is none)."""
    path = q.path.with_name(q.name + BUG_FILE_SUFFIX)
    if not path.is_file():
        return {}
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))
    for i, row in enumerate(rows, start=2):
        if list(row) != BUG_COLUMNS or not all((row.get(c) or "").strip() for c in BUG_COLUMNS):
            raise ValueError(f"{path}, line {i}: a known engine bug needs the columns {BUG_COLUMNS}, all filled")
        if row["engine"] not in ENGINES:
            raise ValueError(f"{path}, line {i}: unknown engine '{row['engine']}' (one of {sorted(ENGINES)})")
    return {row["engine"]: row for row in rows}
