"""Write (or check) the committed SDL: ``python -m api.export_schema [--check] [PATH]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from api.schema import sdl

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "schema.graphql"
COMMAND = "python -m api.export_schema"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=COMMAND, description="Export the GraphQL schema as SDL.")
    p.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH,
                   help="where to write (default: schema.graphql at the repository root)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 if the file differs from the code")
    args = p.parse_args(argv)
    text = sdl()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else None
        if current != text:
            print(f"{args.path} is out of date; run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
