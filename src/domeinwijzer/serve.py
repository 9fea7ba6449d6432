"""`domeinwijzer serveer`: a read-only SPARQL 1.1 Protocol endpoint (and optionally the static site).

Design (why it looks like this):
- Queries run in a small pool of worker PROCESSES, each with its own in-memory pyoxigraph store
  loaded from one N-Quads dump in a temporary folder. The HTTP layer (ThreadingHTTPServer) hands a
  query to a free worker and waits at most --timeout seconds. On timeout it kills that worker,
  starts a fresh one in the background and answers 503; the other workers keep serving.
  (A time limit inside the query engine did not stop a runaway query in our measurements, and a
  single-process server let one slow query block all others.)
- Read-only: SPARQL Update is refused (403) before it reaches a worker, and the workers only call
  Store.query, which cannot change data. SERVICE (federation) is refused (400).
- A row limit (--max-rijen): the worker stops reading rows beyond it; the answer then carries the
  header X-Domeinwijzer-Afgekapt: true (and "afgekapt": true in JSON).
- The log never contains query text: only method, path, status, the number of lines of the query
  and the time taken.
"""

from __future__ import annotations

import functools
import html
import ipaddress
import json
import multiprocessing
import queue
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .fouten import DomeinwijzerFout
from .sparql_store import Resultaat

MAX_BODY = 1_000_000  # bytes in a POST body
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

# --------------------------------------------------------------------------- query inspection

_LEX = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n]*",  # comments
    re.DOTALL,
)


def _kale_tekst(query: str) -> str:
    """The query without strings, IRIs and comments (so keywords can be looked for safely)."""
    return _LEX.sub(" ", query)


def is_update(query: str) -> bool:
    """Is this an update request (INSERT, DELETE, LOAD, ...), judged by its first keyword?"""
    kaal = _kale_tekst(query)
    kaal = re.sub(r"(?i)\b(PREFIX\s+[A-Za-z0-9_.-]*:|BASE)\s*", " ", kaal)
    m = re.search(r"[A-Za-z]+", kaal)
    return bool(m and m.group(0).upper() in UPDATE_KEYWORDS)


def gebruikt_service(query: str) -> bool:
    return re.search(r"(?i)\bSERVICE\b", _kale_tekst(query)) is not None


# --------------------------------------------------------------------------- worker processes


def _werker_main(dump: str, conn) -> None:
    """Entry point of a worker process: load the dump, then answer queries until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    from .sparql_store import store_uit_dump, voer_uit

    st = store_uit_dump(dump)
    conn.send(("klaar", None))
    while True:
        try:
            bericht = conn.recv()
        except (EOFError, OSError):
            return
        if bericht is None:
            return
        query, max_rijen = bericht
        try:
            conn.send(("ok", voer_uit(query, st, max_rijen)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # report, keep serving
            conn.send(("fout", f"{type(exc).__name__}: {exc}"))


class Tijdsoverschrijding(Exception):
    pass


class Bezet(Exception):
    pass


class _Werker:
    def __init__(self, ctx, dump: str):
        self.conn, kind = ctx.Pipe()
        self.proc = ctx.Process(target=_werker_main, args=(dump, kind), daemon=True)
        self.proc.start()
        kind.close()

    def wacht_klaar(self, timeout: float) -> bool:
        try:
            return self.conn.poll(timeout) and self.conn.recv()[0] == "klaar"
        except (EOFError, OSError):
            return False

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(2)
        self.conn.close()


class WerkerPool:
    """A few worker processes; a query that runs too long costs its worker, not the server."""

    def __init__(self, dump: str, aantal: int = 3, start_timeout: float = 120.0):
        self.dump = dump
        self.ctx = multiprocessing.get_context("spawn")
        self.vrij: queue.Queue[_Werker] = queue.Queue()
        self.alle: set[_Werker] = set()
        self.lock = threading.Lock()
        self.gestopt = False
        self.start_timeout = start_timeout
        werkers = [self._nieuw() for _ in range(aantal)]
        for w in werkers:
            if not w.wacht_klaar(start_timeout):
                self.stop()
                raise DomeinwijzerFout("Een werkproces van het SPARQL-endpoint kon niet starten.")
            self.vrij.put(w)

    def _nieuw(self) -> _Werker:
        w = _Werker(self.ctx, self.dump)
        with self.lock:
            self.alle.add(w)
        return w

    def _vervang(self, oud: _Werker) -> None:
        oud.stop()
        with self.lock:
            self.alle.discard(oud)

        def start() -> None:
            if self.gestopt:
                return
            w = self._nieuw()
            if w.wacht_klaar(self.start_timeout) and not self.gestopt:
                self.vrij.put(w)
            else:
                w.stop()

        threading.Thread(target=start, daemon=True).start()

    def vraag(self, query: str, max_rijen: int, timeout: float) -> tuple[str, object]:
        """Run a query on a free worker; raises Bezet or Tijdsoverschrijding."""
        deadline = time.monotonic() + timeout
        try:
            w = self.vrij.get(timeout=timeout)
        except queue.Empty:
            raise Bezet() from None
        try:
            w.conn.send((query, max_rijen))
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                self._vervang(w)
                raise Tijdsoverschrijding()
            antwoord = w.conn.recv()
        except (EOFError, OSError):
            self._vervang(w)
            return ("werkfout", "werkproces gestopt")
        self.vrij.put(w)
        return antwoord

    def stop(self) -> None:
        self.gestopt = True
        with self.lock:
            werkers = list(self.alle)
            self.alle.clear()
        for w in werkers:
            w.stop()


# --------------------------------------------------------------------------- result formats


def _nt(t) -> str:
    """A neutral term in N-Triples/Turtle syntax (used for TSV)."""
    if t is None:
        return ""
    if t[0] == "uri":
        return f"<{t[1]}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    lex = t[1].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if t[3]:
        return f'"{lex}"@{t[3]}'
    if t[2]:
        return f'"{lex}"^^<{t[2]}>'
    return f'"{lex}"'


def results_xml(res: Resultaat) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if res.soort == "ask":
        out += ["</head>", f"<boolean>{'true' if res.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out += [f"<variable name={quoteattr(v)}/>" for v in res.variabelen]
    out += ["</head>", "<results>"]
    for rij in res.rijen:
        out.append("<result>")
        for var, t in zip(res.variabelen, rij, strict=True):
            if t is None:
                continue
            if t[0] == "uri":
                inner = f"<uri>{xml_escape(t[1])}</uri>"
            elif t[0] == "bnode":
                inner = f"<bnode>{xml_escape(t[1])}</bnode>"
            elif t[3]:
                inner = f"<literal xml:lang={quoteattr(t[3])}>{xml_escape(t[1])}</literal>"
            elif t[2]:
                inner = f"<literal datatype={quoteattr(t[2])}>{xml_escape(t[1])}</literal>"
            else:
                inner = f"<literal>{xml_escape(t[1])}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{inner}</binding>")
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def results_tsv(res: Resultaat) -> str:
    if res.soort == "ask":
        return "?boolean\n" + ("true" if res.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in res.variabelen)]
    lines += ["\t".join(_nt(t) for t in rij) for rij in res.rijen]
    return "\n".join(lines) + "\n"


def graph_ntriples(res: Resultaat) -> str:
    return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in res.rijen)


def graph_turtle(res: Resultaat) -> str:
    import pyoxigraph as ox

    from .ns import PREFIXES

    data = graph_ntriples(res)
    if not data:
        return ""
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    return ox.serialize(
        triples, format=ox.RdfFormat.TURTLE, prefixes={k: str(v) for k, v in PREFIXES.items() if str(v) in data}
    ).decode("utf-8")


SELECT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
}


def kies_formaat(accept: str | None, soort: str) -> str | None:
    """Pick an output format from an Accept header (q-values respected); None = not acceptable."""
    formats = GRAPH_FORMATS if soort == "graph" else SELECT_FORMATS
    default = "turtle" if soort == "graph" else "json"
    if not accept:
        return default
    keuzes = []
    for i, deel in enumerate(accept.split(",")):
        stukken = [s.strip() for s in deel.split(";")]
        mime = stukken[0].lower()
        q = 1.0
        for s in stukken[1:]:
            if s.startswith("q="):
                try:
                    q = float(s[2:])
                except ValueError:
                    q = 0.0
        keuzes.append((-q, i, mime))
    for negq, _i, mime in sorted(keuzes):
        if negq == 0:
            continue
        if mime in formats:
            return formats[mime]
        if mime in ("*/*", "application/*", "text/*"):
            return default
    return None


def serialiseer(res: Resultaat, formaat: str) -> tuple[bytes, str]:
    from .vragen import sparql_csv, sparql_json

    if formaat == "json":
        body, ctype = json.dumps(sparql_json(res), ensure_ascii=False), "application/sparql-results+json"
    elif formaat == "xml":
        body, ctype = results_xml(res), "application/sparql-results+xml"
    elif formaat == "csv":
        body, ctype = sparql_csv(res), "text/csv"
    elif formaat == "tsv":
        body, ctype = results_tsv(res), "text/tab-separated-values"
    elif formaat == "nt":
        body, ctype = graph_ntriples(res), "application/n-triples"
    else:
        body, ctype = graph_turtle(res), "text/turtle"
    return body.encode("utf-8"), ctype + "; charset=utf-8"


# --------------------------------------------------------------------------- HTTP


HULP_HTML = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Domeinwijzer SPARQL-endpoint</title></head>
<body>
<h1>Domeinwijzer SPARQL-endpoint</h1>
<p>Stel hier een SPARQL-vraag aan de kennisbank. Het endpoint is alleen-lezen.
Antwoorden komen als JSON (SPARQL 1.1). Een vraag mag hoogstens {timeout} seconden duren
en geeft hoogstens {max_rijen} rijen.</p>
<form method="get" action="/sparql">
<textarea name="query" rows="12" cols="90">PREFIX dw: &lt;https://domeinwijzer.nl/def/&gt;
SELECT ?wet ?afkorting WHERE {{ ?wet a dw:Wet ; dw:afkorting ?afkorting }}</textarea><br>
<button type="submit">Vraag</button>
</form>
<p>De vaste vragen staan op <a href="/vragen">/vragen</a> (ook met <code>domeinwijzer vraag</code>).</p>
</body></html>
"""


_PAGINA = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{titel}</title>
<style>body{{font-family:sans-serif;margin:1.5em;max-width:80em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}}th{{background:#eee}}</style>
</head><body>
{inhoud}
</body></html>
"""


def _e(tekst: object) -> str:
    return html.escape(str(tekst), quote=True)


def vragen_lijst_html(vragen: dict) -> str:
    """The list of named questions, each with a small form for its parameters."""
    delen = ["<h1>Vaste vragen aan de kennisbank</h1>",
             "<p>Kies een vraag. Waar een vraag een datum of een artikel nodig heeft, kunt u die invullen."
             " Eigen SPARQL-vragen stelt u op <a href=\"/sparql\">/sparql</a>.</p>"]
    for naam, v in vragen.items():
        velden = "".join(
            f' <label>{_e(p.naam)} <input name="{_e(p.naam)}" value="{_e(p.standaard)}"></label>'
            for p in v.parameters.values()
        )
        delen.append(
            f'<h2 id="{_e(naam)}">{_e(v.titel)}</h2><p>{_e(v.vraag)}</p>'
            f'<form method="get" action="/vragen/{_e(naam)}">{velden} <button type="submit">Toon antwoord</button>'
            f" <code>{_e(naam)}</code></form>"
        )
    return _PAGINA.format(titel="Vaste vragen", inhoud="\n".join(delen))


def vraag_html(vraag, waarden: dict, res: Resultaat, max_rijen: int) -> str:
    """The answer to one named question as an HTML table (short IRIs, full text)."""
    from .vragen import toon_term

    query = urllib.parse.urlencode(waarden)
    basis = f"/vragen/{urllib.parse.quote(vraag.naam)}?" + (query + "&" if query else "")
    delen = [f"<h1>{_e(vraag.titel)}</h1>", f"<p>{_e(vraag.vraag)}</p>"]
    gebruikt = {p.naam: waarden.get(p.naam, p.standaard) for p in vraag.parameters.values()}
    if gebruikt:
        delen.append("<p>" + ", ".join(f"{_e(k)} = <code>{_e(v)}</code>" for k, v in gebruikt.items()) + "</p>")
    if res.soort == "ask":
        delen.append(f"<p>{'ja' if res.boolean else 'nee'}</p>")
    else:
        kop = "".join(f"<th>{_e(v)}</th>" for v in res.variabelen)
        rijen = "".join(
            "<tr>" + "".join(f"<td>{_e(toon_term(t))}</td>" for t in rij) + "</tr>" for rij in res.rijen
        )
        delen.append(f"<table><tr>{kop}</tr>{rijen}</table>")
        n = len(res.rijen)
        delen.append(f"<p>{n} {'rij' if n == 1 else 'rijen'}.</p>")
        if res.afgekapt:
            delen.append(f"<p><strong>Let op: er waren meer dan {max_rijen} rijen; alleen de eerste staan hier.</strong></p>")
    delen.append(
        f'<p><a href="{_e(basis)}formaat=csv">als CSV</a> · <a href="{_e(basis)}formaat=json">als JSON</a>'
        ' · <a href="/vragen">alle vragen</a></p>'
    )
    delen.append(f"<details><summary>SPARQL</summary><pre>{_e(vraag.bereid(waarden))}</pre></details>")
    return _PAGINA.format(titel=_e(vraag.titel), inhoud="\n".join(delen))


class SparqlHandler(SimpleHTTPRequestHandler):
    server_version = "Domeinwijzer"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # set per server (see maak_server)
    pool: WerkerPool
    timeout_s: float
    max_rijen: int
    site: Path | None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.site) if self.site else None, **kwargs)

    # ---- logging: never the query text
    def log_request(self, code="-", size="-") -> None:
        pad = urllib.parse.urlsplit(getattr(self, "path", "") or "").path
        extra = getattr(self, "_log_extra", "")
        self._log_extra = ""  # keep-alive: the next request on this connection starts clean
        code = code.value if isinstance(code, HTTPStatus) else code
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} {getattr(self, 'command', '-')} {pad} {code}{extra}\n")

    def log_message(self, format, *args) -> None:  # noqa: A002 (stdlib signature)
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} {format % args}\n")

    def log_error(self, format, *args) -> None:  # noqa: A002
        # the stdlib would log the raw request line (which can hold a query): log the code only
        code = args[0] if args and isinstance(args[0], int) else "?"
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} fout in verzoek (code {code})\n")

    # ---- helpers
    def _stuur(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fout(self, status: int, bericht: str) -> None:
        self._stuur(status, (bericht + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _is_sparql_pad(self) -> bool:
        return urllib.parse.urlsplit(self.path).path.rstrip("/") == "/sparql"

    # ---- GET / HEAD
    def do_GET(self) -> None:
        if self._is_sparql_pad():
            params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
            if "update" in params:
                return self._fout(403, "Dit endpoint is alleen-lezen: wijzigingen (SPARQL Update) zijn niet toegestaan.")
            if "query" not in params:
                body = HULP_HTML.format(timeout=self.timeout_s, max_rijen=self.max_rijen).encode("utf-8")
                return self._stuur(200, body, "text/html; charset=utf-8")
            return self._sparql(params["query"][0], params)
        pad = urllib.parse.urlsplit(self.path).path
        if pad == "/vragen" or pad.startswith("/vragen/"):
            return self._vaste_vraag(pad)
        if self.site is None:
            return self._fout(404, "Hier staat niets. Het SPARQL-endpoint staat op /sparql.")
        return super().do_GET()

    # ---- the named questions as web pages: /vragen and /vragen/NAAM?param=waarde
    def _vaste_vraag(self, pad: str) -> None:
        from .vragen import VraagFout, laad_vragen

        vragen = laad_vragen()
        naam = pad[len("/vragen"):].strip("/")
        if not naam:
            return self._stuur(200, vragen_lijst_html(vragen).encode("utf-8"), "text/html; charset=utf-8")
        if naam not in vragen:
            return self._fout(404, f"Er is geen vraag met de naam '{naam}'. De lijst staat op /vragen.")
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        formaat = params.pop("formaat", ["html"])[0]
        if formaat not in ("html", "csv", "json"):
            return self._fout(400, "Kies formaat=html, csv of json.")
        waarden = {k: v[0] for k, v in params.items() if v and v[0] != ""}
        try:
            tekst = vragen[naam].bereid(waarden)
        except VraagFout as fout:
            return self._fout(400, fout.bericht)
        return self._sparql(tekst, {}, formaat=formaat, vraag=vragen[naam], waarden=waarden)

    def do_HEAD(self) -> None:
        if self._is_sparql_pad() or self.site is None:
            return self._fout(405, "Gebruik GET of POST.")
        return super().do_HEAD()

    # ---- POST
    def do_POST(self) -> None:
        if not self._is_sparql_pad():
            return self._fout(404, "Stuur SPARQL-vragen naar /sparql.")
        try:
            lengte = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            lengte = -1
        if lengte < 0 or lengte > MAX_BODY:
            self.close_connection = True
            return self._fout(413, f"De vraag is te groot of de lengte klopt niet (hoogstens {MAX_BODY} bytes).")
        data = self.rfile.read(lengte).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return self._fout(403, "Dit endpoint is alleen-lezen: wijzigingen (SPARQL Update) zijn niet toegestaan.")
        if ctype == "application/sparql-query":
            params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            return self._sparql(data, params)
        if ctype == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(data, keep_blank_values=True)
            if "update" in params:
                return self._fout(403, "Dit endpoint is alleen-lezen: wijzigingen (SPARQL Update) zijn niet toegestaan.")
            if "query" not in params:
                return self._fout(400, "Geef de vraag mee in het veld 'query'.")
            return self._sparql(params["query"][0], params)
        return self._fout(
            415, "Stuur de vraag als application/sparql-query of als formulier (application/x-www-form-urlencoded)."
        )

    # ---- the query itself
    def _sparql(self, query: str, params: dict, formaat: str | None = None, vraag=None, waarden=None) -> None:
        regels = query.count("\n") + 1
        self._log_extra = f" (vraag van {regels} {'regel' if regels == 1 else 'regels'})"
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return self._fout(400, "De parameters default-graph-uri en named-graph-uri worden hier niet ondersteund.")
        if is_update(query):
            return self._fout(403, "Dit endpoint is alleen-lezen: wijzigingen (SPARQL Update) zijn niet toegestaan.")
        if gebruikt_service(query):
            return self._fout(400, "Vragen aan andere endpoints (SERVICE) zijn hier uitgeschakeld.")
        t0 = time.monotonic()
        try:
            soort, inhoud = self.pool.vraag(query, self.max_rijen, self.timeout_s)
        except Tijdsoverschrijding:
            self._log_extra += f" gestopt na {self.timeout_s:g} s"
            return self._fout(
                503, f"De vraag duurde langer dan {self.timeout_s:g} seconden en is gestopt. Maak de vraag kleiner."
            )
        except Bezet:
            return self._fout(503, "Het endpoint is nu te druk. Probeer het zo nog eens.")
        ms = (time.monotonic() - t0) * 1000
        self._log_extra += f" {ms:.0f} ms"
        if soort == "syntax":
            return self._fout(400, f"Dit is geen geldige SPARQL-vraag: {inhoud}")
        if soort == "fout":
            return self._fout(400, f"De vraag kon niet worden uitgevoerd: {inhoud}")
        if soort != "ok":
            return self._fout(500, "De vraag kon niet worden uitgevoerd (interne fout).")
        res: Resultaat = inhoud
        if formaat == "html" and vraag is not None:
            body = vraag_html(vraag, waarden or {}, res, self.max_rijen).encode("utf-8")
            return self._stuur(200, body, "text/html; charset=utf-8")
        formaat = formaat or kies_formaat(self.headers.get("Accept"), res.soort)
        if formaat is None:
            return self._fout(406, "Dit antwoordformaat kan het endpoint niet maken. Vraag om JSON, XML, CSV, TSV of Turtle.")
        try:
            body, ctype = serialiseer(res, formaat)
        except Exception as exc:  # e.g. a term the chosen format cannot express
            self._log_extra += f" serialisatiefout {type(exc).__name__}"
            return self._fout(500, "Het antwoord kon niet in dit formaat worden gemaakt. Probeer JSON.")
        extra = {"X-Domeinwijzer-Max-Rijen": str(self.max_rijen)}
        if res.afgekapt:
            extra["X-Domeinwijzer-Afgekapt"] = "true"
        self._stuur(200, body, ctype, extra)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # one line, no traceback and no request content (e.g. a client that hung up)
        exc = sys.exc_info()[1]
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} verbinding afgebroken ({type(exc).__name__})\n")


def maak_server(
    host: str, poort: int, pool: WerkerPool, timeout_s: float, max_rijen: int, site: Path | None
) -> ThreadingHTTPServer:
    handler = type(
        "Handler",
        (SparqlHandler,),
        {"pool": pool, "timeout_s": timeout_s, "max_rijen": max_rijen, "site": site},
    )
    return _Server((host, poort), functools.partial(handler))


# --------------------------------------------------------------------------- CLI


def add_arguments(parser) -> None:
    parser.add_argument("--poort", type=int, default=8321, help="poort (standaard 8321; 0 = kies een vrije poort)")
    parser.add_argument("--host", default="127.0.0.1", help="adres (standaard 127.0.0.1: alleen deze computer)")
    parser.add_argument("--site", type=Path, help="map met de gebouwde site, te tonen op /")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconden per vraag (standaard 10)")
    parser.add_argument("--max-rijen", type=int, default=10000, help="hoogstens zoveel rijen per antwoord (standaard 10000)")
    parser.add_argument("--werkers", type=int, default=3, help="aantal werkprocessen (standaard 3)")


def run(args) -> int:
    from .sparql_store import nquads

    if args.timeout <= 0 or args.max_rijen < 1 or args.werkers < 1:
        raise DomeinwijzerFout("--timeout, --max-rijen en --werkers moeten groter dan 0 zijn.")
    if not 0 <= args.poort <= 65535:
        raise DomeinwijzerFout(f"Poort {args.poort} bestaat niet. Kies een getal tussen 1 en 65535.")
    site = None
    if args.site is not None:
        site = args.site.resolve()
        if not (site / "index.html").is_file():
            raise DomeinwijzerFout(f"In de map {args.site} staat geen gebouwde site (index.html ontbreekt).")
    try:
        is_loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        is_loopback = args.host == "localhost"
    if not is_loopback:
        print(f"Let op: op {args.host} is het endpoint ook vanaf andere computers te bereiken.", file=sys.stderr)

    tmp = Path(tempfile.mkdtemp(prefix="domeinwijzer-sparql-"))
    pool = None
    server = None

    def stop_signaal(signum, frame):
        raise KeyboardInterrupt

    vorige = signal.signal(signal.SIGTERM, stop_signaal)
    try:
        dump = tmp / "dataset.nq"
        dump.write_bytes(nquads(met_uitleg=True))
        pool = WerkerPool(str(dump), args.werkers)
        try:
            server = maak_server(args.host, args.poort, pool, args.timeout, args.max_rijen, site)
        except OSError as exc:
            raise DomeinwijzerFout(f"Kan niet luisteren op {args.host}:{args.poort} ({exc.strerror}).") from None
        host, poort = server.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"SPARQL-endpoint: http://{shown}:{poort}/sparql", flush=True)
        if site:
            print(f"Site: http://{shown}:{poort}/", flush=True)
        print("Stoppen: Ctrl-C", flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("Gestopt.", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, vorige)
        if server is not None:
            server.server_close()
        if pool is not None:
            pool.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0

