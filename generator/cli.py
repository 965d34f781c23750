"""The `portal` command: a thin layer over the pipeline in generator.build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as pipeline
from .lifetime import Terminated, sigterm_raises
from .problems import errors, format_problems
from .scaffold import KINDS
from .search import SearchIndexError


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

    new = commands.add_parser("new", parents=[common],
                              help="write a new practice, network, results or registry entry from the models")
    new.add_argument("kind", choices=sorted(KINDS))
    new.add_argument("id", help="id of the new record, or its title or name, from which the id (the file name) is "
                                "made: \"Ajdovščina PB\" becomes ajdovscina-pb")
    new.add_argument("--title", help="title (practice, results) or name (network, municipality, organisation, theme)")
    new.add_argument("--summary", help="two or three sentences")
    new.add_argument("--municipality", action="append", default=[], help="registry id (repeatable)")
    new.add_argument("--network", help="network id (results; optional for a practice)")
    new.add_argument("--country", help="ISO country code (municipality, organisation)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    init = commands.add_parser("init", parents=[common],
                               help="make this copy your own portal: name, address, repository, e-mail, language")
    init.add_argument("--name", required=True, help="the portal's name (site_name)")
    init.add_argument("--repository", required=True, metavar="OWNER/REPO", help="its GitHub repository")
    init.add_argument("--url", help="its address (default: https://OWNER.github.io/REPO/)")
    init.add_argument("--email", help="editors' e-mail address, shown where readers propose or correct a practice")
    init.add_argument("--language", help="language of the site's interface, an ISO 639-1 code (default: en)")
    init.add_argument("--team", metavar="@OWNER/TEAM",
                      help="who reviews code and configuration (.github/CODEOWNERS; default: @OWNER/maintainers)")
    init.add_argument("--empty", action="store_true",
                      help="remove the shipped practices, networks and registry entries (the guides, templates "
                           "and themes stay)")

    importing = commands.add_parser("import", parents=[common],
                                    help="read a filled-in template (xlsx, odt, docx, csv, pdf, json) and write its record")
    importing.add_argument("file", type=Path, help="the filled-in form, as downloaded from the portal")
    importing.add_argument("--network", help="id of the network the action plan or results belong to (default: "
                                             "the one network the form's municipality is a member of)")
    importing.add_argument("--force", action="store_true", help="replace a record (or an action plan) that exists")
    importing.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")

    translate = commands.add_parser("translate", parents=[common],
                                    help="write a translation of a practice, network, results or template file beside it")
    translate.add_argument("record", help="practice/ID, network/ID, results/ID, template/ID (or a template's id), "
                                          "or the path of the original "
                                          "(or of the translation, with --refresh)")
    translate.add_argument("language", nargs="?", help="the language: sq, sh, mk or nb (read from the name of a "
                                                       "translation's path)")
    translate.add_argument("--status", choices=["machine", "human"],
                           help="machine (a translation tool) or human (a person); asked at a terminal")
    translate.add_argument("--by", help="who makes it: a person, an organisation, or the tool")
    translate.add_argument("--refresh", action="store_true",
                           help="after bringing a translation up to date, record the original's current text as its source")
    translate.add_argument("--force", action="store_true", help="write the scaffold over an existing translation")

    schema = commands.add_parser("schema", parents=[common],
                                 help="write JSON Schema files for editors into schemas/ from the models")
    schema.add_argument("--check", action="store_true", help="write nothing; fail if schemas/ is out of date")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    command = {"build": _build, "check": _check, "serve": _serve, "new": _new, "schema": _schema,
               "init": _init, "import": _import, "translate": _translate}[args.command]
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
    from .new_command import run

    return run(args, root)


def _init(args, root: Path) -> int:
    from .init import run

    return run(args, root)


def _import(args, root: Path) -> int:
    from .importing.command import run

    return run(args, root)


def _translate(args, root: Path) -> int:
    from .translate_command import run

    return run(args, root)


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


if __name__ == "__main__":
    sys.exit(main())
