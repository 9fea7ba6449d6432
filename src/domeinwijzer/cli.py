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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse speaks English; keep it short and exit 2
        self.print_usage(sys.stderr)
        print(f"Fout in de opdracht: {message}", file=sys.stderr)
        raise SystemExit(2)


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
