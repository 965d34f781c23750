"""Save-to-served under `portal serve`: how long after writing a file the page carries the change.

    python benchmarks/serve.py 1000                     # a scratch portal of 1,000 practices
    python benchmarks/serve.py 10000 --portal /tmp/p10k # generated once into that folder, then reused

Starts `portal serve` on the portal (its first, full build is timed too), then makes four edits
one after another, each the way an editor saves a file, and polls the served page every 20 ms
until the response carries the change:

- a changed practice: a new title in one practice file (its page shows the new title);
- a new practice: a copy of a practice under a new id (its page is served);
- a deleted practice: a practice file removed (its page answers 404);
- a registry change: a municipality's new name (the municipality's page shows it).

Each figure is from the moment the file was written to the first response with the change; the
server's own report line for it is printed beside it. A save is served in two rounds (the
record's pages, then the whole-catalogue lists): "lists" is the time until the server reports the
second round done (its line follows). The edits are undone at the end, so a kept portal stays as
generated.
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

POLL_SECONDS = 0.02


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def wait_until(url: str, done, limit: float) -> float:
    """Seconds until `done(status, body)` holds for a response of `url`."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if done(*fetch(url)):
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} did not change within {limit:.0f} s")


class Server:
    """`portal serve` in its own process; its report lines collected as they come."""

    def __init__(self, root: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.seen: dict[int, float] = {}  # line number: when it was read
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.seen[len(self.lines)] = time.perf_counter()
            self.lines.append(line.rstrip())

    def wait_for_line(self, pattern: str, after: int, limit: float) -> str:
        return self.line_and_time(pattern, after, limit)[0]

    def line_and_time(self, pattern: str, after: int, limit: float) -> tuple[str, float]:
        """The first line from `after` on that matches, and when it was read."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            for number, line in enumerate(self.lines[after:], start=after):
                if re.search(pattern, line):
                    return line, self.seen[number]
            if self.process.poll() is not None:
                raise RuntimeError("portal serve stopped:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.1)
        raise TimeoutError(f"no line matching {pattern!r}:\n" + "\n".join(self.lines[-20:]))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def edits(root: Path):
    """(name, page, apply, undo, done) for each edit, in order."""
    practices = sorted((root / "practices").glob("bench-practice-*.md"))
    changed, template, deleted = practices[len(practices) // 2], practices[1], practices[-1]
    original = changed.read_text(encoding="utf-8")
    new_text = re.sub(r"(?m)^title: .*$", "title: Renamed for the serve benchmark", original, count=1)
    yield ("changed practice", f"practices/{changed.stem}.html",
           lambda: changed.write_text(new_text, encoding="utf-8"),
           lambda: changed.write_text(original, encoding="utf-8"),
           lambda status, body: b"Renamed for the serve benchmark" in body)
    new = root / "practices" / "bench-serve-new-practice.md"
    yield ("new practice", f"practices/{new.stem}.html",
           lambda: new.write_text(template.read_text(encoding="utf-8"), encoding="utf-8"),
           lambda: new.unlink(missing_ok=True),
           lambda status, body: status == 200)
    kept = deleted.read_text(encoding="utf-8")
    yield ("deleted practice", f"practices/{deleted.stem}.html",
           deleted.unlink, lambda: deleted.write_text(kept, encoding="utf-8"),
           lambda status, body: status == 404)
    registry = root / "registry" / "municipalities" / "bench.yml"
    registry_text = registry.read_text(encoding="utf-8")
    first = re.search(r"(?m)^  id: (\S+)\n  name: (.+)$", registry_text)  # as scale.py writes it
    entity, name = first.group(1), first.group(2)
    renamed = registry_text.replace(f"  id: {entity}\n  name: {name}\n", f"  id: {entity}\n  name: {name} Benchmark\n", 1)
    yield ("registry change", f"municipalities/{entity}.html",
           lambda: registry.write_text(renamed, encoding="utf-8"),
           lambda: registry.write_text(registry_text, encoding="utf-8"),
           lambda status, body: b"Benchmark" in body)


def run(root: Path, limit: float) -> list[tuple[str, float, float, str]]:
    server = Server(root)
    undo = []
    try:
        started = time.perf_counter()
        server.wait_for_line(r"^Serving on", 0, limit=4 * 3600)
        first = time.perf_counter() - started
        results = [("first build (full)", first, first, "")]
        time.sleep(2)  # the watcher settles
        for name, page, apply, revert, done in edits(root):
            assert fetch(server.base + page)[0] in (200, 404)
            count = len(server.lines)
            apply()
            undo.append(revert)
            applied = time.perf_counter()
            seconds = wait_until(server.base + page, done, limit)
            line = server.wait_for_line(r"^(Rebuilt|Site built|No page|Not regenerated|Full)", count, limit)
            lists_line, lists = "", seconds
            if "lists follow" in line:
                lists_line, seen = server.line_and_time(
                    r"^(Lists rebuilt|Lists p|Full site build|Pages not rebuilt|Not regenerated)", count, limit)
                lists = seen - applied
            results.append((name, seconds, lists, line + (f"  /  {lists_line}" if lists_line else "")))
            print(f"  {name:<20} {seconds:7.2f} s  lists {lists:7.2f} s   {line}", flush=True)
            if lists_line:
                print(f"  {'':<20} {'':>9}   {lists_line}", flush=True)
            time.sleep(1)
        return results
    finally:
        server.stop()
        for revert in reversed(undo):
            revert()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="number of practices, e.g. 1000 or 10000")
    parser.add_argument("--portal", type=Path, help="generate the portal here once and reuse it afterwards")
    parser.add_argument("--limit", type=float, default=600, help="seconds to wait for one change (default 600)")
    args = parser.parse_args()
    import scale

    scratch = None
    root = args.portal
    if root is None:
        scratch = tempfile.TemporaryDirectory(prefix="serve-bench-")
        root = Path(scratch.name)
    if not (root / "practices").is_dir():
        root.mkdir(parents=True, exist_ok=True)
        scale.generate_portal(root, args.size)
    count = sum(1 for path in (root / "practices").glob("*.md") if "." not in path.stem)  # not translations
    print(f"portal serve on {count} practices ({root})", flush=True)
    results = run(root, args.limit)
    print(f"\n{'edit':<20} {'save to served':>15} {'lists served':>14}")
    for name, seconds, lists, _ in results:
        print(f"{name:<20} {seconds:13.2f} s {lists:12.2f} s")
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    main()
