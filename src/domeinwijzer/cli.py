"""Command line: thin dispatch to one module per command (imported only when used)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .fouten import DomeinwijzerFout

# command -> (module, Dutch help text). Each module has add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "valideer": ("domeinwijzer.valideer", "controleer de hele kennisbank (SHACL en OWL)"),
    "statistiek": ("domeinwijzer.statistiek", "tel wat er in de kennisbank staat"),
    "classificeer": ("domeinwijzer.classificeer", "bepaal het domein van een situatie"),
    "vraag": ("domeinwijzer.vragen", "toon of draai de vaste SPARQL-vragen"),
    "serveer": ("domeinwijzer.serve", "start het SPARQL-endpoint (en de site) op 127.0.0.1"),
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "gebruik: ")


class _Parser(argparse.ArgumentParser):
    """argparse with Dutch headings and help (its own texts are English)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="toon deze hulptekst en stop")

    def error(self, message: str) -> None:  # argparse's messages are English; keep them short and exit 2
        self.print_usage(sys.stderr)
        print(f"Fout in de opdracht: {_nl(message)}", file=sys.stderr)
        raise SystemExit(2)


_VERTALING = [
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"\1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): expected one argument", r"\1: hier hoort één waarde bij"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"\1: ongeldige waarde \3"),
    (r"the following arguments are required: (.+)", r"deze gegevens ontbreken: \1"),
    (r"unrecognized arguments: (.+)", r"onbekende argumenten: \1"),
]


def _nl(message: str) -> str:
    """argparse's English error messages in Dutch (the common ones)."""
    import re

    for pattern, repl in _VERTALING:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, repl, message)
    return message


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="domeinwijzer", description="Domeinwijzer: welke zorgwet geldt hier, en waarom?")
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_Parser)
    for name, (module, helptext) in COMMANDS.items():
        p = sub.add_parser(name, help=helptext, description=helptext)
        importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Build only the subparser that is used: keeps a cold start fast.
    if argv and argv[0] in COMMANDS:
        module = importlib.import_module(COMMANDS[argv[0]][0])
        parser = _Parser(prog=f"domeinwijzer {argv[0]}", description=COMMANDS[argv[0]][1])
        module.add_arguments(parser)
        args = parser.parse_args(argv[1:])
        runner = module.run
    else:
        parser = build_parser()
        parser.parse_args(argv)
        parser.print_help()
        return 0 if not argv else 2
    try:
        return int(runner(args) or 0)
    except DomeinwijzerFout as fout:
        print(fout.bericht, file=sys.stderr)
        return fout.exit_code
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never show a traceback to a user
        if os.environ.get("DOMEINWIJZER_DEBUG"):
            raise
        print(f"Interne fout ({type(exc).__name__}). Zet DOMEINWIJZER_DEBUG=1 voor details.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
