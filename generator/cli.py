"""The `portal` command: a thin layer over the pipeline in generator.build."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import build as pipeline
from .lifetime import Terminated, sigterm_raises
from .problems import errors, format_problems
from .scaffold import KINDS, scaffold
from .search import SearchIndexError
from .source_files import ID


def _parser() -> argparse.ArgumentParser:
    # --root and -q work before or after the command (`portal -q build` = `portal build -q`).
    parser = argparse.ArgumentParser(prog="portal", description="Build the good-practice portal from its files.")
    parser.add_argument("--root", type=Path, default=Path("."), help="folder of the portal (default: here)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    # SUPPRESS: given after the command they override, absent they leave the value above alone.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="folder of the portal")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only problems")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", parents=[common], help="check, generate build/docs/ and build site/ with MkDocs")
    build.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="processes for generating the pages of a large portal (default: one per CPU core)")
    check = commands.add_parser("check", parents=[common], help="validate every file; write nothing")
    check.add_argument("--format", choices=["text", "github", "json"], default="text",
                       help="github prints annotations for pull requests")
    serve = commands.add_parser("serve", parents=[common], help="build, serve on localhost and rebuild when files change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    new = commands.add_parser("new", parents=[common], help="write a new practice, network or results file from the models")
    new.add_argument("kind", choices=sorted(KINDS))
    new.add_argument("id", help="id of the new record (lower-case, hyphens): becomes the file name")
    new.add_argument("--title", help="title (practice, results) or name (network)")
    new.add_argument("--summary", help="two or three sentences")
    new.add_argument("--municipality", action="append", default=[], help="registry id (repeatable)")
    new.add_argument("--network", help="network id (results; optional for a practice)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    schema = commands.add_parser("schema", parents=[common],
                                 help="write JSON Schema files for editors into schemas/ from the models")
    schema.add_argument("--check", action="store_true", help="write nothing; fail if schemas/ is out of date")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    command = {"build": _build, "check": _check, "serve": _serve, "new": _new, "schema": _schema}[args.command]
    return command(args, root)


def _report(problems, style: str = "text") -> None:
    if problems:
        print(format_problems(problems, style), file=sys.stdout if style != "text" else sys.stderr)


def _check(args, root: Path) -> int:
    progress = pipeline.Progress(quiet=args.quiet or args.format != "text")
    _, problems = pipeline.check(root, progress=progress)
    _report(problems, args.format)
    found = errors(problems)
    if args.format == "text":
        warnings = len(problems) - len(found)
        print(f"{len(found)} error(s), {warnings} warning(s)" if problems else "No problems found.",
              file=sys.stderr)
    return 1 if found else 0


def _build(args, root: Path) -> int:
    try:
        with sigterm_raises():  # so that a stopped build removes its staging folders and children
            generated = pipeline.build(root, quiet=args.quiet, workers=args.jobs)
    except (pipeline.BuildError, SearchIndexError) as error:
        print(error, file=sys.stderr)
        print(f"Build failed; {_previous_site(root)}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM as Terminated
        pipeline.recover_swaps(root, quiet=True)  # in case the stop came between two renames
        print(f"Stopped; {_previous_site(root)}.", file=sys.stderr)
        return stop.exit_code if isinstance(stop, Terminated) else 130
    _report(generated.problems)
    if not generated.ok:
        print(f"{len(errors(generated.problems))} error(s): nothing written; {_previous_site(root)}.",
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"Site built in {root / pipeline.SITE_DIR}", file=sys.stderr)
    return 0


def _previous_site(root: Path) -> str:
    return "the previous site/ is unchanged" if (root / pipeline.SITE_DIR).is_dir() else "there is no site/ yet"


def _serve(args, root: Path) -> int:
    from .serve import serve

    return serve(root, args.dev_addr, args.quiet)


def _new(args, root: Path) -> int:
    if args.kind == "results" and not args.network:
        print("portal new results needs --network NETWORK-ID", file=sys.stderr)
        return 2
    # The id becomes a file name: `../x` or `a/b` would write outside the portal's folders.
    for what, value in (("id", args.id), ("--network", args.network)):
        if value is not None and not ID.fullmatch(value):
            print(f"'{value}' is not a valid {what}: use lower-case letters, digits and hyphens, e.g. "
                  "school-exchange", file=sys.stderr)
            return 2
    folder = {"practice": "practices", "network": "networks", "results": f"networks/{args.network}"}[args.kind]
    name = f"results-{args.id}.yml" if args.kind == "results" else f"{args.id}.{'md' if args.kind == 'practice' else 'yml'}"
    target = root / folder / name
    if target.exists() and not args.force:
        print(f"{target.relative_to(root)} exists already (use --force to overwrite)", file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        _ask_missing(args)
    unknown = _unknown_refs(root, args.municipality)
    if unknown:
        print("\n".join(unknown), file=sys.stderr)
        return 2
    values = _values(args)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold(args.kind, values, dt.date.today()), encoding="utf-8")
    print(f"Wrote {target.relative_to(root)}; edit it, then run `portal check`.", file=sys.stderr)
    return 0


def _registry_ids(root: Path) -> list[str]:
    from .load import load

    return sorted({r.id for r in load(root).records if r.kind in ("municipality", "organisation")})


def _unknown_refs(root: Path, refs: list[str]) -> list[str]:
    """One line per id missing from the registry, with the closest known id."""
    import difflib

    known = _registry_ids(root) if refs else []
    found = []
    for ref in refs:
        if known and ref not in known:
            close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
            found.append(f"unknown registry id '{ref}'" + (f": did you mean '{close[0]}'?" if close
                                                            else " (add it to registry/ first)"))
    return found


def _ask_missing(args) -> None:
    """At a terminal, ask for the essentials that were not given as options."""
    title = "name" if args.kind == "network" else "title"
    if not args.title:
        args.title = input(f"{title.capitalize()}: ").strip() or None
    if not args.summary:
        args.summary = input("Summary (two or three sentences): ").strip() or None
    if args.kind != "results" and not args.municipality:
        root = args.root.resolve()
        who = "Municipalities" if args.kind == "practice" else "Members"
        while True:
            answer = input(f"{who} (registry ids, comma-separated): ")
            args.municipality = [ref.strip() for ref in answer.split(",") if ref.strip()]
            problems = _unknown_refs(root, args.municipality)
            if not problems:
                break
            print("\n".join(problems), file=sys.stderr)


def _schema(args, root: Path) -> int:
    from .schema import schema_files, write_schemas

    site_url = pipeline.render_options(root).site_url or ""
    if args.check:
        stale = [name for name, text in schema_files(site_url).items()
                 if not (root / name).exists() or (root / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{name} is out of date with the models: run `portal schema`", file=sys.stderr)
        return 1 if stale else 0
    changed = write_schemas(root, site_url)
    if not args.quiet:
        print(f"{len(changed)} schema file(s) updated in schemas/" if changed else "schemas/ is up to date",
              file=sys.stderr)
    return 0


def _values(args) -> dict:
    values: dict = {}
    title_key = "name" if args.kind == "network" else "title"
    if args.title:
        values[title_key] = args.title
    if args.summary:
        values["summary"] = args.summary
    if args.municipality:
        if args.kind == "practice":
            values["municipalities"] = args.municipality
        elif args.kind == "network":
            values["members"] = [{"ref": ref, "role": "member"} for ref in args.municipality]
    if args.network:
        values["network"] = args.network
    if args.kind == "results" and "year" not in values and args.id.isdigit():
        values["year"] = int(args.id)
    return values


if __name__ == "__main__":
    sys.exit(main())
