"""The named SPARQL questions (queries/*.rq): each runs and answers what it promises on the KB.

Every question has its own assertion in ASSERTIONS; a question without one fails
test_elke_vraag_heeft_een_controle. Expected facts come from the sources (bronanalyse §3, §6)
or are cross-checked against the KB graph with rdflib, so a wrong query or a wrong fact fails.
"""

from __future__ import annotations

import json

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from domeinwijzer import cli, sparql_store
from domeinwijzer.kb import load_graph
from domeinwijzer.ns import ART, DW, KNELPUNT, PREFIXES, WET, concept
from domeinwijzer.vragen import VraagFout, laad_vragen, lees_vraag, sparql_term, voer_vraag_uit

VRAGEN = laad_vragen()


def run(naam: str, **params) -> list[dict]:
    """Rows as dicts of plain strings (IRI or lexical value); None for unbound."""
    res = voer_vraag_uit(naam, params)
    return [{v: (t[1] if t else None) for v, t in zip(res.variabelen, rij, strict=True)} for rij in res.rijen]


def col(rows: list[dict], var: str) -> set:
    return {r[var] for r in rows if r[var] is not None}


def kn(n: str) -> str:
    return str(KNELPUNT[n])


def subclasses(g, cls) -> set:
    return set(g.transitive_subjects(RDFS.subClassOf, cls))


def instances(g, cls) -> set:
    out = set()
    for c in subclasses(g, cls):
        out |= set(g.subjects(RDF.type, c))
    return out


@pytest.fixture(scope="module")
def g():
    return load_graph()


@pytest.fixture(scope="module")
def casus_antwoorden():
    """The classifier's answer for every worked case (id -> answer dict)."""
    from domeinwijzer.casussen import laad_casussen
    from domeinwijzer.engine import classifier

    clf = classifier()
    return {str(c["id"]): clf.classificeer(c["situatie"]) for c in laad_casussen()}


# --------------------------------------------------------------------------- per question


def a_wlz_sluit_uit(g):
    rows = run("wlz-sluit-uit")
    begeleiding_wmo = [
        r for r in rows if r["zorgvorm"] == concept("zorgvorm", "begeleiding") and r["wetNa"] == str(WET.wmo)
    ]
    assert begeleiding_wmo, "begeleiding uit de Wmo ontbreekt"
    assert any("wmo-2.3.5-lid6" in (r["grondslagen"] or "").split(", ") for r in begeleiding_wmo)
    assert str(WET.zvw) in col(rows, "wetNa")
    for r in rows:  # every row rests on a Voorliggendheid with the Wlz in front, and another law behind
        v = URIRef(r["voorliggendheid"])
        assert (v, DW.gaatVoor, WET.wlz) in g and (v, DW.gaatNa, URIRef(r["wetNa"])) in g
        assert r["wetNa"] != str(WET.wlz)


def verwante_bepalingen(g, artikel: URIRef) -> set:
    """Same law and article number; lid/onderdeel equal where both have one."""
    wet, nr = g.value(artikel, DW.inWet), g.value(artikel, DW.artikelnummer)
    lid, ond = g.value(artikel, DW.lid), g.value(artikel, DW.onderdeel)
    out = set()
    for b in g.subjects(DW.artikelnummer, nr):
        if (b, RDF.type, DW.Artikel) not in g or g.value(b, DW.inWet) != wet:
            continue
        lid2, ond2 = g.value(b, DW.lid), g.value(b, DW.onderdeel)
        if (lid is None or lid2 is None or lid == lid2) and (ond is None or ond2 is None or ond == ond2):
            out.add(b)
    return out


def a_regels_op_artikel(g):
    for naam in ("wlz-3.2.1-lid1", "wlz-3.2.1-lid3", "wmo-2.3.5-lid6"):
        artikel = ART[naam]
        rows = run("regels-op-artikel", artikel=f"art:{naam}")
        bepalingen = verwante_bepalingen(g, artikel)
        assert artikel in bepalingen and col(rows, "bepaling") <= {str(b) for b in bepalingen}
        assert col(rows, "onderwerp") == {str(s) for b in bepalingen for s in g.subjects(DW.grondslag, b)}, naam
    lid1 = run("regels-op-artikel", artikel="art:wlz-3.2.1-lid1")
    assert "regel" in col(lid1, "soort"), "geen enkele regel rust op Wlz 3.2.1 lid 1"
    assert str(ART["wlz-3.2.1-lid3"]) not in col(lid1, "bepaling")  # another member is not related
    assert run("regels-op-artikel", artikel="art:bestaat-niet-1") == []


def a_wijzigingen_tussen_data(g):
    rows = run("wijzigingen-tussen-data", datum1="2020-01-01", datum2="2021-12-31")
    versies = col([r for r in rows if r["soort"] == "artikelversie"], "onderwerp")
    # the Wlz opened to ggz on 1 January 2021 (3.2.1 lid 1 got "een psychische stoornis")
    assert any(v.startswith(str(ART["wlz-3.2.1-lid1-v2021"])) for v in versies)
    assert all("2020-01-01" < r["datum"] <= "2021-12-31" for r in rows)
    assert "regel met datumgrens" in col(rows, "soort"), "geen regel met een peildatumgrens in 2021"
    assert run("wijzigingen-tussen-data", datum1="2026-01-01", datum2="2026-01-01") == []


def a_knelpunten_dossierhouder(g):
    assert {kn("K5"), kn("K6")} <= col(run("knelpunten-dossierhouder"), "knelpunt")


def a_knelpunten_zorgkantoor(g):
    rows = run("knelpunten-zorgkantoor")
    zk = URIRef(PREFIXES["actor"] + "zorgkantoor")
    assert col(rows, "knelpunt") == {str(k) for k in g.subjects(DW.betrokkenActor, zk) if (k, RDF.type, DW.Knelpunt) in g}
    assert kn("K10") in col(rows, "knelpunt")
    assert all(r["status"] for r in rows)


def a_knelpunten_per_status(g):
    status = {r["knelpunt"]: r["status"] for r in run("knelpunten-per-status")}
    # bronanalyse §6 vraag 32
    assert status[kn("K2")] == concept("knelpuntstatus", "opgelost")
    assert status[kn("K15")] == concept("knelpuntstatus", "vervalt")
    assert status[kn("K14")] == concept("knelpuntstatus", "bewaken")
    assert set(status) == {kn(f"K{i}") for i in range(1, 16)}


def a_knelpunten_met_status(g):
    assert col(run("knelpunten-met-status"), "knelpunt") >= {kn("K2")}
    vervalt = col(run("knelpunten-met-status", status="knelpuntstatus:vervalt"), "knelpunt")
    assert kn("K15") in vervalt and kn("K2") not in vervalt


def a_knelpunten_per_traject(g):
    rows = run("knelpunten-per-traject")
    m11 = [r for r in rows if r["traject"].endswith("maatregel-11")]
    huidig = {r["knelpunt"] for r in m11 if r["lijst"] == "huidig"}
    oud = {r["knelpunt"] for r in m11 if r["lijst"] == "2024"}
    # bronanalyse §6 vraag 33: current list K3, K4, K5, K6, K9; list of 2024: K6, K7
    assert huidig == {kn(k) for k in ("K3", "K4", "K5", "K6", "K9")}
    assert oud == {kn(k) for k in ("K2024-6", "K2024-7")}


def a_huidige_nummering(g):
    mapping = {r["knelpunt2024"]: r["knelpunt"] for r in run("huidige-nummering")}
    assert mapping[kn("K2024-9")] == kn("K10")  # from 2024-9 on everything shifts by one
    assert mapping[kn("K2024-1")] == kn("K1")
    assert mapping[kn("K2024-14")] == kn("K15")
    assert kn("K9") not in mapping.values()  # K9 is new
    assert len(mapping) == 14


def a_aanvliegroute_toen_en_nu(g):
    rows = {r["knelpunt"]: r for r in run("aanvliegroute-toen-en-nu")}
    k1 = rows[kn("K1")]
    assert k1["route2024"] and k1["routeNu"] and k1["route2024"] != k1["routeNu"]
    assert "WGS" in k1["routeNu"]  # bronanalyse §6 vraag 34


def a_knelpunten_wlz_en_wmo(g):
    got = col(run("knelpunten-wlz-en-wmo"), "knelpunt")
    assert {kn("K8"), kn("K9"), kn("K10")} <= got  # bronanalyse §6 vraag 37
    for k in got:
        assert (URIRef(k), DW.betrokkenWet, WET.wmo) in g


def a_actoren_per_knelpunt(g):
    rows = {r["knelpunt"]: r for r in run("actoren-per-knelpunt")}
    assert {kn(f"K{i}") for i in range(1, 16)} <= set(rows)
    assert rows[kn("K6")]["actoren"], "K6 zonder betrokkenen"


def a_knelpunten_van_actor(g):
    assert col(run("knelpunten-van-actor"), "knelpunt") == col(run("knelpunten-zorgkantoor"), "knelpunt")
    via_rol = col(run("knelpunten-van-actor", actor="rol:dossierhouder"), "knelpunt")
    assert {kn("K5"), kn("K6")} <= via_rol


def a_coordinatietaken(g):
    rows = run("coordinatietaken")
    soort = {r["taak"]: r["soort"] for r in rows}
    assert soort[concept("coordinatietaak", "contact-met-client")] == "cliëntgebonden"
    assert soort[concept("coordinatietaak", "intervisie-faciliteren")] == "niet cliëntgebonden"
    assert len(soort) == len(rows) == 12  # no task is both


def a_coordinatietaken_zonder_bekostiging(g):
    niet_clientgebonden = {str(t) for t in g.subjects(RDF.type, DW.NietClientgebondenTaak)}
    # from 2026 no product and no subsidy for the non-client-bound tasks (seed 002 r318, r659)
    assert col(run("coordinatietaken-zonder-bekostiging"), "taak") == niet_clientgebonden
    # in 2024-2025 the ZonMw subsidy paid for them
    tijdens_zonmw = col(run("coordinatietaken-zonder-bekostiging", peildatum="2024-05-01"), "taak")
    assert not (tijdens_zonmw & niet_clientgebonden)


def a_coordinatiesituaties(g):
    rows = run("coordinatiesituaties")
    assert [r["code"] for r in rows] == ["S1", "S2", "S3"]
    assert all(r["bekostigingsgevolg"] for r in rows)


def a_inclusiecriteria(g):
    rows = run("inclusiecriteria")
    assert {f"IC-{i}" for i in range(1, 7)} <= col(rows, "code")
    assert all(r["tekst"] for r in rows)
    assert any(r["regels"] for r in rows), "geen inclusieregel toetst een criterium"


def a_wie_beslist_wat(g):
    rows = run("wie-beslist-wat")
    ciz = [r for r in rows if r["actor"].endswith("/ciz") and r["rol"] == "beslist over"]
    assert any(r["onderwerp"] == concept("domein", "Wlz") and "wlz-3.2.3" in r["grondslagen"] for r in ciz)
    dji = {r["onderwerp"] for r in rows if r["actor"].endswith("/dji")}
    assert concept("domein", "Wfz") in dji
    gemeente = {r["onderwerp"] for r in rows if r["actor"].endswith("/gemeente")}
    assert concept("domein", "Wmo") in gemeente


def a_wetten(g):
    rows = {r["wet"]: r for r in run("wetten")}
    assert rows[str(WET.wlz)]["bwbId"] == "BWBR0035917"
    assert rows[str(WET.wmo)]["bwbId"] == "BWBR0035362"
    assert rows[str(WET.zvw)]["bwbId"] == "BWBR0018450"
    assert rows[str(WET.wfz)]["bwbId"] == "BWBR0040634"
    assert int(rows[str(WET.wlz)]["aantalVersies"]) >= 2
    assert "2021-01-01" in rows[str(WET.wlz)]["versiesVanaf"]


def a_artikelen_per_wet(g):
    rows = {r["artikel"]: r for r in run("artikelen-per-wet")}
    assert all(a.startswith(str(ART["wlz-"])) for a in rows)
    assert int(rows[str(ART["wlz-3.2.1-lid1"])]["aantalVersies"]) >= 2
    wfz = run("artikelen-per-wet", wet="wet:wfz")
    assert wfz and all(r["artikel"].startswith(str(ART["wfz-"])) for r in wfz)


def a_onbevestigde_feiten(g):
    rows = run("onbevestigde-feiten")
    assert col(rows, "status") <= {concept("verificatie", "U"), concept("verificatie", "S")}
    expected = {str(s) for st in ("U", "S") for s in g.subjects(DW.verificatiestatus, URIRef(concept("verificatie", st)))}
    assert col(rows, "onderwerp") == expected and expected


def a_disputen(g):
    rows = run("disputen")
    per = {}
    for r in rows:
        per.setdefault(r["dispuut"], set()).add(r["lezing"])
    assert per, "geen enkel dispuut"
    assert all(len(lezingen) >= 2 for lezingen in per.values()), "een dispuut met minder dan twee lezingen"
    assert all(r["standpunt"] and r["bron"] for r in rows)


def a_regels_zonder_testcase(g, casus_antwoorden):
    gebruikt = {r["id"] for a in casus_antwoorden.values() for r in a.get("regels", [])}
    assert gebruikt, "geen enkele casus gebruikt een regel"
    rows = run("regels-zonder-testcase")
    zonder = {r["regel"].rsplit("/", 1)[-1] for r in rows}
    assert not (zonder & gebruikt)
    alle = {str(r).rsplit("/", 1)[-1] for r in instances(g, DW.Regel) if str(r).startswith(str(PREFIXES["regel"]))}
    assert zonder | gebruikt >= alle


def a_regels_per_zekerheid(g):
    rows = {r["zekerheid"]: int(r["aantal"]) for r in run("regels-per-zekerheid")}
    assert rows.get(concept("zekerheid", "dwingend"), 0) > 0
    regels = instances(g, DW.Regel)
    assert sum(rows.values()) == len({r for r in regels if (r, DW.zekerheid, None) in g})


def a_zorgprofielen_zonder_pgb(g):
    rows = col(run("zorgprofielen-zonder-pgb"), "zorgprofiel")
    assert rows
    for z in rows:
        assert (URIRef(z), DW.pgbMogelijk, None) in g
        assert not any(o.toPython() for o in g.objects(URIRef(z), DW.pgbMogelijk))
    met_pgb = {str(s) for s, o in g.subject_objects(DW.pgbMogelijk) if o.toPython() is True}
    assert met_pgb and not (rows & met_pgb)


def a_bekostigingsopties(g):
    rows = run("bekostigingsopties")
    met_score = {r["optie"] for r in rows if r["kleur"]}
    assert len(met_score) >= 4  # bronanalyse §6 vraag 40: four structural options with scores
    assert col(rows, "kleur") <= {str(k) for k in g.subjects(RDF.type, None) if str(k).startswith(PREFIXES["kleur"])}


def a_kengetallen(g):
    rows = {r["kengetal"]: r for r in run("kengetallen")}
    wlz = [r for r in rows.values() if r["waarde"] == "349776"]  # bronanalyse §6 vraag 54
    assert wlz and wlz[0]["peildatum"] == "2023-12-31"
    assert all(r["bronnen"] for r in rows.values()), "een kengetal zonder bron"
    met_datum = [r["peildatum"] for r in rows.values() if r["peildatum"]]
    assert len(met_datum) >= 10 and met_datum == sorted(met_datum)  # ordered by peildatum
    assert all(len(d) == 10 and d[4] == "-" for d in met_datum)


def a_zorgprofielen_per_sector(g):
    rows = {r["sector"].rsplit("/", 1)[-1]: r for r in run("zorgprofielen-per-sector")}
    assert int(rows["GGZ-W"]["aantal"]) == 5
    assert set(rows["GGZ-W"]["zorgprofielen"].split(", ")) == {f"GGZ-W{i}" for i in range(1, 6)}
    assert sum(int(r["aantal"]) for r in rows.values()) == len(set(g.subjects(RDF.type, DW.Zorgprofiel)))


def a_voorliggendheid_matrix(g):
    rows = {(r["gaatVoor"], r["gaatNa"]): r for r in run("voorliggendheid-matrix")}
    assert (str(WET.wlz), str(WET.wmo)) in rows
    assert "begeleiding" in rows[(str(WET.wlz), str(WET.wmo))]["zorgvormen"].split(", ")
    verwacht: dict = {}
    for v in set(g.subjects(RDF.type, DW.Voorliggendheid)):
        for voor in g.objects(v, DW.gaatVoor):
            for na in g.objects(v, DW.gaatNa):
                verwacht[(str(voor), str(na))] = verwacht.get((str(voor), str(na)), 0) + 1
    assert {k: int(r["aantal"]) for k, r in rows.items()} == verwacht


def a_regels_geldig_op(g):
    nu = col(run("regels-geldig-op", peildatum="2026-01-01"), "regel")
    toen = col(run("regels-geldig-op", peildatum="2019-06-01"), "regel")
    assert nu and toen
    # rules that test "peildatum >= 2021-01-01" (the ggz opening) hold now, not in 2019
    assert nu - toen, "geen enkele regel met een datumgrens"
    assert run("regels-geldig-op", peildatum="2026-01-01") == run("regels-geldig-op", peildatum="2030-01-01")


def a_wfz_letterwijziging(g):
    rows = run("wfz-letterwijziging")
    versies = {r["geldigVanaf"] for r in rows if r["soort"] == "versie"}
    assert "2023-10-01" in versies  # Reparatiewet forensische zorg
    assert "2020-01-01" in versies
    verwijzingen = [r for r in rows if r["soort"] == "verwijst ernaar"]
    assert any(r["bepaling"].startswith(str(ART["wfz-1.1-lid1-"])) for r in verwijzingen), "geen verwijzing naar een letter"
    for r in verwijzingen:
        assert (URIRef(r["onderwerp"]), DW.grondslag, URIRef(r["bepaling"])) in g


def a_bronnen_per_regel(g):
    rows = run("bronnen-per-regel")
    regels = {str(r) for r in instances(g, DW.Regel) if (r, DW.grondslag, None) in g}
    assert col(rows, "regel") == regels and regels
    assert "artikel" in col(rows, "soort")


def a_bronfragmenten_per_regel(g):
    rows = run("bronfragmenten-per-regel")
    assert rows, "geen regel rust op een bronfragment"
    for r in rows:
        assert r["citeerAls"].startswith("seed:") and "#L" in r["citeerAls"]
        assert int(r["regelVan"]) <= int(r["regelTot"] or r["regelVan"])


def a_artikelen_geldig_op(g):
    def versie(peildatum: str, artikel: str) -> list[str]:
        return [r["versie"] for r in run("artikelen-geldig-op", peildatum=peildatum) if r["artikel"] == str(ART[artikel])]

    na = versie("2021-06-01", "wlz-3.2.1-lid1")
    voor = versie("2020-06-01", "wlz-3.2.1-lid1")
    assert len(na) == 1 and len(voor) == 1 and na != voor
    rows = run("artikelen-geldig-op", peildatum="2026-03-01")
    assert len(col(rows, "artikel")) == len(rows), "twee versies van één artikel op dezelfde dag"


def a_regel_grondslagen(g):
    rows = {r["grondslag"]: r for r in run("regel-grondslagen")}
    lid6 = rows[str(ART["wmo-2.3.5-lid6"])]
    assert lid6["soort"] == "artikel" and "artikel=2.3.5&lid=6" in lid6["jci"]
    assert all(r["citeerAls"] for r in rows.values() if r["soort"] == "bronfragment")
    regel = URIRef(PREFIXES["regel"] + "R07-uitsluiting-wmo-wlz-indicatie")
    assert set(rows) == {str(o) for o in g.objects(regel, DW.grondslag)}
    # the version follows the peildatum: before 2021 the Wlz 3.2.1 text without the ggz ground
    oud = {
        r["grondslag"]: r["versie"]
        for r in run("regel-grondslagen", regel="regel:R09-wlz-toegang-psychische-stoornis", peildatum="2020-06-01")
    }
    nu = {
        r["grondslag"]: r["versie"]
        for r in run("regel-grondslagen", regel="regel:R09-wlz-toegang-psychische-stoornis", peildatum="2026-07-01")
    }
    a = str(ART["wlz-3.2.1-lid1"])
    assert oud[a] and nu[a] and oud[a] != nu[a]


def a_grondslagen_zonder_tekst_op(g):
    import datetime as dt

    regels = instances(g, DW.Regel)
    artikelen = {a for r in regels for a in g.objects(r, DW.grondslag) if (a, RDF.type, DW.Artikel) in g}

    def zonder_tekst(d: dt.date) -> set:
        out = set()
        for a in artikelen:
            geldig = False
            for v in g.objects(a, DW.heeftVersie):
                vanaf = g.value(v, DW.geldigVanaf)
                tot = g.value(v, DW.geldigTot)
                if vanaf is not None and vanaf.toPython() <= d and (tot is None or tot.toPython() >= d):
                    geldig = True
            if not geldig:
                out.add(str(a))
        return out

    for datum in ("2026-01-01", "2020-06-01"):
        rows = run("grondslagen-zonder-tekst-op", peildatum=datum)
        assert col(rows, "artikel") == zonder_tekst(dt.date.fromisoformat(datum)), datum
        assert all(int(r["aantalRegels"]) >= 1 for r in rows)
    # before the Wlz opened to ggz the KB has the 2020 text, so Wlz 3.2.1 lid 1 is covered then
    assert str(ART["wlz-3.2.1-lid1"]) not in col(run("grondslagen-zonder-tekst-op", peildatum="2020-06-01"), "artikel")


def a_uitvoerders_per_wet(g):
    rows = run("uitvoerders-per-wet")
    paren = {(r["wet"], r["uitvoerder"]) for r in rows}
    actor = PREFIXES["actor"]
    assert (str(WET.wlz), actor + "zorgkantoor") in paren  # bronanalyse §6 vraag 1
    assert (str(WET.wmo), actor + "gemeente") in paren
    assert (str(WET.zvw), actor + "zorgverzekeraar") in paren
    assert (str(WET.wfz), actor + "dji") in paren


def a_signaalregels(g):
    rows = run("signaalregels")
    assert rows, "geen signaalregels"
    knelpunten = {str(k) for k in g.subjects(RDF.type, DW.Knelpunt)}
    assert col(rows, "knelpunt") <= knelpunten


def a_domeinregels(g):
    rows = run("domeinregels")
    assert rows
    per_type: dict = {}
    for r in rows:
        per_type.setdefault(r["vraagtype"], []).append(int(r["prioriteit"]))
    assert all(p == sorted(p) for p in per_type.values())
    assert col(rows, "uitkomst") <= {str(d) for d in g.subjects(RDF.type, DW.Domein)}


def a_casus_antwoorden(g, casus_antwoorden):
    rows = run("casus-antwoorden")
    per_graaf = {r["uitleg"]: r for r in rows}
    assert len(per_graaf) == len(rows) == len(casus_antwoorden)
    for cid, antwoord in casus_antwoorden.items():
        r = per_graaf[sparql_store.uitleg_graaf_iri(cid)]
        if antwoord.get("domein"):
            assert r["domein"] == concept("domein", antwoord["domein"]), cid
        if antwoord.get("includeerbaar") is not None:
            assert r["includeerbaar"] == str(antwoord["includeerbaar"]).lower(), cid
        assert r["casus"] == cid
        assert int(r["aantalRegels"]) == len({x["id"] for x in antwoord.get("regels", [])}), cid


def a_begrippen(g):
    rows = run("begrippen")
    assert rows and all(r["label"] and r["definitie"] for r in rows)


ASSERTIONS = {
    "wlz-sluit-uit": a_wlz_sluit_uit,
    "regels-op-artikel": a_regels_op_artikel,
    "wijzigingen-tussen-data": a_wijzigingen_tussen_data,
    "knelpunten-dossierhouder": a_knelpunten_dossierhouder,
    "knelpunten-zorgkantoor": a_knelpunten_zorgkantoor,
    "knelpunten-per-status": a_knelpunten_per_status,
    "knelpunten-met-status": a_knelpunten_met_status,
    "knelpunten-per-traject": a_knelpunten_per_traject,
    "huidige-nummering": a_huidige_nummering,
    "aanvliegroute-toen-en-nu": a_aanvliegroute_toen_en_nu,
    "knelpunten-wlz-en-wmo": a_knelpunten_wlz_en_wmo,
    "actoren-per-knelpunt": a_actoren_per_knelpunt,
    "knelpunten-van-actor": a_knelpunten_van_actor,
    "coordinatietaken": a_coordinatietaken,
    "coordinatiesituaties": a_coordinatiesituaties,
    "coordinatietaken-zonder-bekostiging": a_coordinatietaken_zonder_bekostiging,
    "inclusiecriteria": a_inclusiecriteria,
    "wie-beslist-wat": a_wie_beslist_wat,
    "wetten": a_wetten,
    "artikelen-per-wet": a_artikelen_per_wet,
    "onbevestigde-feiten": a_onbevestigde_feiten,
    "disputen": a_disputen,
    "regels-zonder-testcase": a_regels_zonder_testcase,
    "regels-per-zekerheid": a_regels_per_zekerheid,
    "zorgprofielen-zonder-pgb": a_zorgprofielen_zonder_pgb,
    "bekostigingsopties": a_bekostigingsopties,
    "kengetallen": a_kengetallen,
    "zorgprofielen-per-sector": a_zorgprofielen_per_sector,
    "voorliggendheid-matrix": a_voorliggendheid_matrix,
    "regels-geldig-op": a_regels_geldig_op,
    "wfz-letterwijziging": a_wfz_letterwijziging,
    "bronnen-per-regel": a_bronnen_per_regel,
    "bronfragmenten-per-regel": a_bronfragmenten_per_regel,
    "artikelen-geldig-op": a_artikelen_geldig_op,
    "uitvoerders-per-wet": a_uitvoerders_per_wet,
    "regel-grondslagen": a_regel_grondslagen,
    "grondslagen-zonder-tekst-op": a_grondslagen_zonder_tekst_op,
    "signaalregels": a_signaalregels,
    "domeinregels": a_domeinregels,
    "casus-antwoorden": a_casus_antwoorden,
    "begrippen": a_begrippen,
}


def test_minstens_dertig_vragen():
    assert len(VRAGEN) >= 30


@pytest.mark.parametrize("naam", sorted(VRAGEN))
def test_elke_vraag_heeft_een_controle(naam):
    assert naam in ASSERTIONS, f"de vraag {naam} heeft geen controle in tests/test_vragen.py"


@pytest.mark.parametrize("naam", sorted(VRAGEN))
def test_vraag_beantwoordt_wat_hij_belooft(naam, g, request):
    fn = ASSERTIONS[naam]
    extra = {"casus_antwoorden": request.getfixturevalue("casus_antwoorden")} if "casus_antwoorden" in fn.__code__.co_varnames else {}
    fn(g, **extra)


@pytest.mark.parametrize("naam", sorted(VRAGEN))
def test_kop_is_compleet(naam):
    v = VRAGEN[naam]
    assert v.titel.endswith("?") and len(v.vraag) > 20
    assert naam == naam.lower() and " " not in naam and "_" not in naam


# --------------------------------------------------------------------------- parameters


def test_parameter_soorten_en_veilige_invulling(tmp_path):
    assert sparql_term("d", "datum", "2026-01-01") == '"2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert sparql_term("a", "iri", "art:wlz-3.2.1-lid1") == f"<{ART['wlz-3.2.1-lid1']}>"
    assert sparql_term("t", "tekst", 'a"b\\c\n') == '"a\\"b\\\\c\\n"'
    for soort, waarde in [
        ("datum", "2026-02-30"),
        ("datum", '2026-01-01"^^<x> } DROP ALL #'),
        ("iri", "art:x> } ; DROP ALL <y"),
        ("iri", "onbekend:iets"),
        ("iri", "javascript:alert(1)"),
        ("geheel", "1; DROP"),
    ]:
        with pytest.raises(VraagFout) as e:
            sparql_term("p", soort, waarde)
        assert "'p'" in e.value.bericht and e.value.exit_code == 2


def test_kop_zonder_parameter_declaratie_wordt_geweigerd(tmp_path):
    f = tmp_path / "kapot.rq"
    f.write_text("# titel: Kapot?\n# vraag: iets\nSELECT * WHERE { ?s ?p $onbekend }\n", encoding="utf-8")
    with pytest.raises(ValueError):
        lees_vraag(f)


def test_onbekende_parameter_wordt_genoemd():
    with pytest.raises(VraagFout) as e:
        VRAGEN["wetten"].bereid({"peildatum": "2026-01-01"})
    assert "peildatum" in e.value.bericht


# A fixed sample that covers the SPARQL features the questions use (GRAPH, MINUS, subquery
# aggregates, property paths into SHACL lists, FILTER NOT EXISTS with dates, UNION). The
# benchmark (bench/load_endpoint.py) compares all questions on both engines.
DIFFERENTIEEL = [
    "wlz-sluit-uit", "casus-antwoorden", "regels-geldig-op", "wetten", "knelpunten-per-traject",
    "coordinatietaken-zonder-bekostiging", "huidige-nummering", "zorgprofielen-per-sector",
]


@pytest.mark.parametrize("naam", DIFFERENTIEEL)
def test_rdflib_en_oxigraph_geven_hetzelfde(naam):
    """The benchmark baseline (rdflib) and the endpoint engine (pyoxigraph) agree."""
    tekst = VRAGEN[naam].bereid({})
    a = sparql_store.voer_uit(tekst)
    b = sparql_store.voer_uit_rdflib(tekst)
    assert a.variabelen == b.variabelen
    assert a.rijen, "lege uitkomst zegt niets over gelijkheid"
    assert sparql_store.genormaliseerd(a) == sparql_store.genormaliseerd(b)


# --------------------------------------------------------------------------- CLI


def test_cli_lijst(capsys):
    assert cli.main(["vraag"]) == 0
    out = capsys.readouterr().out
    for naam, v in VRAGEN.items():
        assert naam in out and v.titel in out


def test_cli_tabel_met_parameter(capsys):
    assert cli.main(["vraag", "artikelen-per-wet", "--param", "wet=wet:wfz"]) == 0
    out = capsys.readouterr().out
    assert "art:wfz-1.1-lid1" in out and "art:wlz-" not in out
    assert "https://" not in out.split("\n", 3)[3]  # IRIs are shortened in the table


def test_cli_csv(capsys):
    assert cli.main(["vraag", "huidige-nummering", "--formaat", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "knelpunt2024,nummer2024,knelpunt,nummer,label"
    assert any(r.startswith(kn("K2024-9") + ",9," + kn("K10") + ",10,") for r in out)


def test_cli_json(capsys):
    assert cli.main(["vraag", "knelpunten-met-status", "-p", "status=knelpuntstatus:vervalt", "--formaat", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"][0] == "knelpunt"
    assert {b["knelpunt"]["value"] for b in data["results"]["bindings"]} == {kn("K15")}


@pytest.mark.parametrize(
    "argv, woord",
    [
        (["vraag", "bestaat-niet"], "bestaat-niet"),
        (["vraag", "wetten", "--param", "peildatum=2026-01-01"], "peildatum"),
        (["vraag", "regels-geldig-op", "--param", "peildatum=1-1-2026"], "1-1-2026"),
        (["vraag", "artikelen-per-wet", "--param", "wet=<http://x> } DROP ALL {"], "wet"),
        (["vraag", "wetten", "--param", "zonder-is-teken"], "naam=waarde"),
    ],
)
def test_cli_foute_invoer_geeft_exit_2_met_nederlandse_melding(argv, woord, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert woord in err
    assert any(w in err for w in ("geen", "kent", "Schrijf")), err
