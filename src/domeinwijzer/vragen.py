"""`domeinwijzer vraag`: list or run the named SPARQL questions in queries/*.rq.

A query file starts with comment lines:

    # titel: Welke zorgvormen sluit een Wlz-indicatie uit?
    # vraag: ... (Dutch, B1)
    # parameter: peildatum = 2026-01-01

In the query body a parameter is written as ``$peildatum``; ordinary variables use ``?``.
Before the query runs, every ``$name`` is replaced by a validated, typed SPARQL term
(date -> "..."^^xsd:date, IRI -> <...>, integer -> "..."^^xsd:integer, text -> escaped string).
The type of a parameter follows from its default value.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .fouten import DomeinwijzerFout
from .ns import PREFIXES
from .paths import kb_dir
from .sparql_store import Resultaat

XSD = "http://www.w3.org/2001/XMLSchema#"


class VraagFout(DomeinwijzerFout):
    """Bad input for a named question (unknown name, parameter or value): exit status 2."""

    exit_code = 2


_HEADER = re.compile(r"^#\s*(titel|vraag|parameter)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$")
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_PNAME = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9_][A-Za-z0-9._~%-]*)$")
_IRI_BAD = re.compile(r'[\s<>"{}|^`\\]')


def _is_iri(waarde: str) -> bool:
    if waarde.startswith("<") and waarde.endswith(">"):
        return True
    if re.match(r"^https?://", waarde):
        return True
    m = _PNAME.match(waarde)
    return bool(m and m.group(1) in PREFIXES)


def soort_van(standaard: str) -> str:
    """Type of a parameter, read from its default: datum | iri | geheel | tekst."""
    if _DATE.match(standaard):
        return "datum"
    if _INT.match(standaard):
        return "geheel"
    if _is_iri(standaard):
        return "iri"
    return "tekst"


def _escape(s: str) -> str:
    return (
        s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def sparql_term(naam: str, soort: str, waarde: str) -> str:
    """A validated SPARQL term for a parameter value; raises VraagFout (Dutch) if it is not valid."""
    if soort != "tekst":
        waarde = waarde.strip()
    if soort == "datum":
        try:
            if not _DATE.match(waarde):
                raise ValueError(waarde)
            _dt.date.fromisoformat(waarde)
        except ValueError:
            raise VraagFout(
                f"De waarde '{waarde}' voor parameter '{naam}' is geen geldige datum. Schrijf JJJJ-MM-DD, bijvoorbeeld 2026-01-01."
            ) from None
        return f'"{waarde}"^^<{XSD}date>'
    if soort == "geheel":
        if not _INT.match(waarde):
            raise VraagFout(f"De waarde '{waarde}' voor parameter '{naam}' is geen geheel getal.")
        return f'"{int(waarde)}"^^<{XSD}integer>'
    if soort == "iri":
        iri = None
        m = _PNAME.match(waarde)
        if m and m.group(1) in PREFIXES:
            iri = str(PREFIXES[m.group(1)]) + m.group(2)
        elif waarde.startswith("<") and waarde.endswith(">"):
            iri = waarde[1:-1]
        elif re.match(r"^https?://", waarde):
            iri = waarde
        if iri is None or not re.match(r"^https?://[^/]", iri) or _IRI_BAD.search(iri):
            bekend = ", ".join(sorted(PREFIXES))
            raise VraagFout(
                f"De waarde '{waarde}' voor parameter '{naam}' is geen geldige IRI. Gebruik een volledige "
                f"http(s)-IRI of een korte naam met een bekend voorvoegsel ({bekend}), bijvoorbeeld art:wlz-3.2.1-lid1."
            )
        return f"<{iri}>"
    return f'"{_escape(waarde)}"'


@dataclass
class Parameter:
    naam: str
    standaard: str
    soort: str


@dataclass
class Vraag:
    naam: str
    titel: str
    vraag: str
    parameters: dict[str, Parameter] = field(default_factory=dict)
    tekst: str = ""  # the query body (after the header)
    pad: Path | None = None

    def bereid(self, waarden: dict[str, str] | None = None) -> str:
        """The query text with every $parameter replaced by a typed, validated term."""
        waarden = dict(waarden or {})
        onbekend = sorted(set(waarden) - set(self.parameters))
        if onbekend:
            bekend = ", ".join(self.parameters) or "geen"
            raise VraagFout(
                f"De vraag '{self.naam}' kent de parameter '{onbekend[0]}' niet. Parameters van deze vraag: {bekend}."
            )
        termen = {
            p.naam: sparql_term(p.naam, p.soort, waarden.get(p.naam, p.standaard)) for p in self.parameters.values()
        }
        return _DOLLAR.sub(lambda m: termen[m.group(1)], self.tekst)

    @property
    def gebruikt_uitleg(self) -> bool:
        """Does the query read the explanation graphs (named graphs)?"""
        return re.search(r"\bGRAPH\b", self.tekst, re.IGNORECASE) is not None


def lees_vraag(pad: Path) -> Vraag:
    """Parse one .rq file (header + body). Raises ValueError on a malformed file."""
    regels = pad.read_text(encoding="utf-8").splitlines()
    titel = vraag = ""
    params: dict[str, Parameter] = {}
    i = 0
    while i < len(regels) and regels[i].startswith("#"):
        m = _HEADER.match(regels[i])
        if m:
            sleutel, waarde = m.groups()
            if sleutel == "titel":
                titel = waarde
            elif sleutel == "vraag":
                vraag = (vraag + " " + waarde).strip()
            else:
                pm = _PARAM.match(waarde)
                if not pm:
                    raise ValueError(f"{pad.name}: parameterregel niet te lezen: {regels[i]!r}")
                naam, standaard = pm.group(1), pm.group(2).strip()
                params[naam] = Parameter(naam, standaard, soort_van(standaard))
        i += 1
    body = "\n".join(regels[i:]).strip() + "\n"
    if not titel:
        raise ValueError(f"{pad.name}: de kop mist '# titel:'")
    gebruikt = set(_DOLLAR.findall(body))
    if gebruikt - set(params):
        raise ValueError(f"{pad.name}: ${sorted(gebruikt - set(params))[0]} staat niet als parameter in de kop")
    if set(params) - gebruikt:
        raise ValueError(f"{pad.name}: parameter {sorted(set(params) - gebruikt)[0]} wordt niet gebruikt")
    return Vraag(pad.stem, titel, vraag, params, body, pad)


def vragen_dir() -> Path:
    return kb_dir("queries")


@lru_cache(maxsize=1)
def laad_vragen() -> dict[str, Vraag]:
    """All named questions, by name (file stem), sorted."""
    return {p.stem: lees_vraag(p) for p in sorted(vragen_dir().glob("*.rq"))}


def zoek_vraag(naam: str) -> Vraag:
    vragen = laad_vragen()
    if naam not in vragen:
        lijkt = [n for n in vragen if naam.lower() in n or n in naam.lower()]
        tip = f" Bedoelt u: {', '.join(lijkt[:3])}?" if lijkt else ""
        raise VraagFout(
            f"Er is geen vraag met de naam '{naam}'.{tip} Typ 'domeinwijzer vraag' voor de lijst."
        )
    return vragen[naam]


def voer_vraag_uit(naam: str, waarden: dict[str, str] | None = None) -> Resultaat:
    """Run a named question with pyoxigraph on the dataset."""
    from . import sparql_store

    v = zoek_vraag(naam)
    tekst = v.bereid(waarden)
    return sparql_store.voer_uit(tekst, sparql_store.store(v.gebruikt_uitleg))


# --------------------------------------------------------------------------- output


def _kort(iri: str) -> str:
    best = None
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    if best:
        return f"{best[0]}:{iri[len(best[1]):]}"
    return f"<{iri}>"


def toon_term(t, kort: bool = True) -> str:
    """A term as text for a table (short IRIs) or a CSV cell."""
    if t is None:
        return ""
    if t[0] == "uri":
        return _kort(t[1]) if kort else t[1]
    if t[0] == "bnode":
        return "_:" + t[1]
    return t[1]


def sparql_json(res: Resultaat) -> dict:
    """SPARQL 1.1 Query Results JSON (SELECT/ASK)."""
    if res.soort == "ask":
        return {"head": {}, "boolean": bool(res.boolean)}
    bindings = []
    for rij in res.rijen:
        b = {}
        for var, t in zip(res.variabelen, rij, strict=True):
            if t is None:
                continue
            if t[0] == "literal":
                d = {"type": "literal", "value": t[1]}
                if t[3]:
                    d["xml:lang"] = t[3]
                elif t[2]:
                    d["datatype"] = t[2]
            else:
                d = {"type": t[0], "value": t[1]}
            b[var] = d
        bindings.append(b)
    out: dict = {"head": {"vars": list(res.variabelen)}, "results": {"bindings": bindings}}
    if res.afgekapt:
        out["afgekapt"] = True
    return out


def sparql_csv(res: Resultaat) -> str:
    """SPARQL 1.1 Query Results CSV (full IRIs, plain values)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if res.soort == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if res.boolean else "false"])
        return buf.getvalue()
    w.writerow(res.variabelen)
    for rij in res.rijen:
        w.writerow([toon_term(t, kort=False) for t in rij])
    return buf.getvalue()


def tabel(res: Resultaat, breedte: int = 70) -> str:
    """Aligned columns with short IRIs; long cells are cut in this view only."""
    if res.soort == "ask":
        return "ja" if res.boolean else "nee"

    def cel(t) -> str:
        s = " ".join(toon_term(t).split())
        return s if len(s) <= breedte else s[: breedte - 1] + "…"

    kop = list(res.variabelen)
    rijen = [[cel(t) for t in rij] for rij in res.rijen]
    maten = [max([len(k)] + [len(r[i]) for r in rijen]) for i, k in enumerate(kop)]
    lijnen = ["  ".join(k.ljust(m) for k, m in zip(kop, maten, strict=True)).rstrip()]
    lijnen.append("  ".join("-" * m for m in maten))
    for r in rijen:
        lijnen.append("  ".join(c.ljust(m) for c, m in zip(r, maten, strict=True)).rstrip())
    n = len(rijen)
    lijnen.append(f"({n} {'rij' if n == 1 else 'rijen'})" if n else "(geen antwoorden)")
    return "\n".join(lijnen)


# --------------------------------------------------------------------------- CLI


def add_arguments(parser) -> None:
    parser.add_argument("naam", nargs="?", help="naam van de vraag (zonder naam: toon de lijst)")
    parser.add_argument(
        "--param", "-p", action="append", default=[], metavar="NAAM=WAARDE",
        help="waarde voor een parameter van de vraag (mag vaker)",
    )
    parser.add_argument("--formaat", choices=("tabel", "csv", "json"), default="tabel", help="uitvoer (standaard: tabel)")
    parser.add_argument("--toon-query", action="store_true", help="toon alleen de SPARQL-tekst (met ingevulde parameters)")


def _lees_params(paren: list[str]) -> dict[str, str]:
    waarden: dict[str, str] = {}
    for paar in paren:
        if "=" not in paar:
            raise VraagFout(f"Schrijf een parameter als naam=waarde, bijvoorbeeld peildatum=2026-01-01 (niet '{paar}').")
        k, v = paar.split("=", 1)
        waarden[k.strip()] = v
    return waarden


def run(args) -> int:
    out = sys.stdout
    if not args.naam:
        vragen = laad_vragen()
        breed = max((len(n) for n in vragen), default=0)
        for naam, v in vragen.items():
            params = "".join(f" [{p.naam}={p.standaard}]" for p in v.parameters.values())
            out.write(f"{naam.ljust(breed)}  {v.titel}{params}\n")
        out.write(f"\n{len(vragen)} vragen. Draai er een met: domeinwijzer vraag NAAM [--param naam=waarde]\n")
        return 0
    v = zoek_vraag(args.naam)
    waarden = _lees_params(args.param)
    if args.toon_query:
        out.write(v.bereid(waarden))
        return 0
    res = voer_vraag_uit(v.naam, waarden)
    if args.formaat == "json":
        out.write(json.dumps(sparql_json(res), ensure_ascii=False, indent=2) + "\n")
    elif args.formaat == "csv":
        out.write(sparql_csv(res))
    else:
        out.write(f"{v.titel}\n\n{tabel(res)}\n")
    return 0
