"""Turn a rule's SHACL condition into Dutch: the rdfs:comment of each property shape, with and/or/not.

A property shape without a comment gets a sentence built from its path and constraints, so a
missing comment shows as plain (less readable) text, never as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDFS, SH

from . import kb


@dataclass
class Voorwaarde:
    """One node of a condition tree: kind is 'feit', 'en', 'of' or 'niet'."""

    kind: str
    tekst: str = ""
    delen: list[Voorwaarde] = field(default_factory=list)


def _path_label(g: Graph, path) -> str:
    prop = kb.path_property(g, path)
    return kb.label(g, prop) if prop is not None else "?"


def _val(g: Graph, v) -> str:
    if isinstance(v, kb.Literal):
        py = v.toPython()
        return ("ja" if py else "nee") if isinstance(py, bool) else str(v)
    return kb.label(g, v)


def _comment(g: Graph, n) -> str | None:
    """A Dutch (or untagged) rdfs:comment only: English notes for developers stay off the site."""
    for v in g.objects(n, RDFS.comment):
        if isinstance(v, kb.Literal) and v.language in ("nl", None):
            return str(v).strip()
    return None


def _sentence(g: Graph, ps) -> str:
    """Fallback sentence for a property shape without rdfs:comment."""
    path = _path_label(g, kb.value(g, ps, SH.path))
    bits = []
    if (ins := kb.value(g, ps, SH["in"])) is not None:
        bits.append("een van: " + ", ".join(_val(g, v) for v in kb.rdf_list(g, ins)))
    if (hv := kb.value(g, ps, SH.hasValue)) is not None:
        bits.append(_val(g, hv))
    for p, word in ((SH.minInclusive, "minstens"), (SH.maxInclusive, "hoogstens"),
                    (SH.minExclusive, "meer dan"), (SH.maxExclusive, "minder dan")):
        if (x := kb.value(g, ps, p)) is not None:
            bits.append(f"{word} {x}")
    if (q := kb.value(g, ps, SH.qualifiedValueShape)) is not None:
        sub = to_text(parse(g, q), joiner="; ").replace(": ", " ")
        mn = kb.value(g, ps, SH.qualifiedMinCount)
        mx = kb.value(g, ps, SH.qualifiedMaxCount)
        if mx is not None and str(mx) == "0":
            return f"{_cap(path)}: geen met {sub}"
        return f"{_cap(path)}: minstens {mn or 1} met {sub}"
    mx = kb.value(g, ps, SH.maxCount)
    if not bits and mx is not None and str(mx) == "0":
        bits.append("niet ingevuld")
    if not bits:
        bits.append("ingevuld")
    return f"{_cap(path)}: {' en '.join(bits)}"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def parse(g: Graph, shape) -> Voorwaarde:
    """The condition tree of a node shape (its property shapes and logical parts are all required)."""
    delen: list[Voorwaarde] = []
    for ps in sorted(g.objects(shape, SH.property), key=lambda n: (_comment(g, n) or "", str(n))):
        delen.append(Voorwaarde("feit", _comment(g, ps) or _sentence(g, ps)))
    for p, kind in ((SH["and"], "en"), (SH["or"], "of")):
        for lst in g.objects(shape, p):
            delen.append(Voorwaarde(kind, delen=[parse(g, s) for s in kb.rdf_list(g, lst)]))
    for n in g.objects(shape, SH["not"]):
        delen.append(Voorwaarde("niet", delen=[parse(g, n)]))
    for n in g.objects(shape, SH.node):
        delen.append(parse(g, n))
    # a shape that is itself a property shape (sh:path on the node)
    if (shape, SH.path, None) in g:
        delen.insert(0, Voorwaarde("feit", _comment(g, shape) or _sentence(g, shape)))
    if len(delen) == 1:
        return delen[0]
    return Voorwaarde("en", delen=delen)


def rule_condition(g: Graph, rule):
    """The sh:condition shape of a rule's triple rule (None if absent)."""
    for r in g.objects(rule, SH.rule):
        c = kb.value(g, r, SH.condition)
        if c is not None:
            return c
    return None


def to_markdown(v: Voorwaarde, indent: int = 0) -> str:
    """A nested bullet list (4-space indents, as Python-Markdown wants)."""
    pad = "    " * indent
    if v.kind == "feit":
        return f"{pad}- {_md(v.tekst)}\n"
    if v.kind == "en":
        if indent == 0:
            return "".join(to_markdown(d, indent) for d in v.delen)
        return f"{pad}- alle volgende:\n" + "".join(to_markdown(d, indent + 1) for d in v.delen)
    head = {"of": "minstens één van deze:", "niet": "dit is **niet** zo:"}[v.kind]
    return f"{pad}- {head}\n" + "".join(to_markdown(d, indent + 1) for d in v.delen)


def to_text(g_or_v, v: Voorwaarde | None = None, joiner: str = "<br>") -> str:
    """One-cell version for tables: parts joined by ``joiner``, or-groups in brackets."""
    v = v if v is not None else g_or_v
    if v.kind == "feit":
        return _md(v.tekst)
    if v.kind == "en":
        return joiner.join(to_text(d) if d.kind != "en" else "(" + to_text(d, joiner=" én ") + ")"
                           for d in v.delen)
    if v.kind == "of":
        return "(" + " **of** ".join(to_text(d, joiner=" én ") for d in v.delen) + ")"
    return "**niet**: (" + to_text(v.delen[0], joiner=" én ") + ")"


def _md(s: str) -> str:
    return s.replace("|", "&#124;").replace("\n", " ")
