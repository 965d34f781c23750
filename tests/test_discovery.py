"""Discovery data computed at build time: related practices and the practice filters' JSON."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from types import SimpleNamespace

from generator.catalog import link
from generator.load import load
from generator.related import WEIGHTS, related_practices
from generator.render import render
from generator.validate import validate


def _practice(network=None, themes=(), caf=()):
    return SimpleNamespace(network=network, themes=list(themes), caf=list(caf),
                           network_ids=lambda: [network] if network else [])


def _brute_force(practices, limit=5):
    """Every pair compared: the slow, obvious answer the fast one must equal."""
    def features(p):
        return ({("network", p.network)} if p.network else set()) | {("theme", t) for t in p.themes} | \
               {("caf", c) for c in p.caf}
    answer = {}
    for pid, p in practices.items():
        scored = []
        for other, q in practices.items():
            shared = features(p) & features(q)
            if other != pid and shared:
                scored.append((-sum(WEIGHTS[kind] for kind, _ in shared), other))
        answer[pid] = [(other, -score) for score, other in sorted(scored)[:limit]]
    return answer


def test_related_practices_rank_by_what_they_share_then_by_id():
    practices = {
        "a": _practice("net", ["education", "health"], ["4.2"]),
        "two-themes": _practice(None, ["education", "health"]),    # 2 + 2
        "c-theme-and-caf": _practice(None, ["education"], ["4.2"]),  # 2 + 1
        "b-same-network": _practice("net"),                          # 3, ties with the one above: id order
        "theme-only": _practice(None, ["health"]),                   # 2
        "caf-only": _practice(None, [], ["4.2"]),                    # 1
        "nothing-shared": _practice("other", ["water"], ["1.1"]),
    }
    related = related_practices(practices)["a"]
    assert [r.practice_id for r in related] == ["two-themes", "b-same-network", "c-theme-and-caf", "theme-only",
                                                "caf-only"]
    assert [r.score for r in related] == [4, 3, 3, 2, 1]
    assert related[2].shared == (("theme", "education"), ("caf", "4.2"))
    assert related_practices(practices)["nothing-shared"] == []


def test_related_practices_equal_comparing_every_pair_and_are_deterministic():
    rnd = random.Random(7)
    themes, cafs, networks = ["t1", "t2", "t3", "t4"], ["1.1", "4.2", "5.1"], ["n1", "n2", None]
    practices = {f"p{i:03d}": _practice(rnd.choice(networks), rnd.sample(themes, rnd.randint(0, 3)),
                                        rnd.sample(cafs, rnd.randint(0, 2))) for i in range(120)}
    fast = related_practices(practices)
    assert {pid: [(r.practice_id, r.score) for r in found] for pid, found in fast.items()} == _brute_force(practices)
    shuffled = dict(sorted(practices.items(), key=lambda _: rnd.random()))
    assert related_practices(shuffled) == fast


def _render(root):
    catalog, problems = link(validate(load(root)), dt.date(2026, 11, 24))
    assert not problems, problems
    return render(catalog).files


def test_practice_page_shows_related_practices(mini):
    mini.network()
    mini.practice("school-exchange", network="gran-mukono")
    mini.practice("teacher-visits", title="Teacher visits", network="gran-mukono", themes="[education]")
    mini.practice("clinic-twinning", title="Clinic twinning", themes="[health-and-care]")
    page = _render(mini.root)["practices/school-exchange.md"].decode()
    related = page[page.index("## Related practices"):]
    assert ("[Teacher visits](../practices/teacher-visits.md) — same network: "
            "[Gran–Mukono partnership](../networks/gran-mukono.md) · theme: Education") in related
    assert "Clinic twinning" not in related


def test_related_practices_say_the_networks_they_share_once(mini):
    """Issue 11: two practices in the same five networks read 'shares the network, the network, ...'."""
    networks = ["gran-mukono", "n2", "n3"]
    for nid in networks:
        mini.network(nid)
    refs = "[" + ", ".join("{ref: %s, role: programme}" % n for n in networks) + "]"
    mini.practice("school-exchange", networks=refs)
    mini.practice("teacher-visits", title="Teacher visits", networks=refs, themes="[education]")
    page = _render(mini.root)["practices/school-exchange.md"].decode()
    related = page[page.index("## Related practices"):]
    assert "— 3 networks in common · theme: Education" in related
    assert "the network" not in related


def test_practice_index_json_has_facets_counts_and_escaped_text(mini):
    mini.network()
    hostile = '"</script><img src=x onerror=alert(1)> Ölkonferens"'
    mini.practice("school-exchange", network="gran-mukono", sdgs="[4, 17]", caf="['4.2', '4.3', '1.1']")
    mini.practice("hostile", title=hostile, municipalities="[solvesborg]", status="pilot", language="sv",
                  period="{start: 2019}")
    files = _render(mini.root)
    data = json.loads(files["practices/index.json"])
    facets = {f["key"]: f for f in data["facets"]}
    assert list(facets) == ["country", "theme", "sdg", "caf", "stage", "status", "network-kind", "year", "language"]
    assert data["columns"][2:11] == list(facets)  # a row: id, title, then the facets' positions
    assert facets["country"]["values"] == [["NO", "Norway"], ["SE", "Sweden"], ["UG", "Uganda"]]
    assert facets["caf"]["values"] == [["1", "1. Leadership"], ["4", "4. Partnerships and resources"]]
    assert facets["year"]["values"] == [["2019", "2019"], ["2004", "2004"]]  # newest first
    assert facets["network-kind"]["values"] == [["partnership", "Partnership"]]
    rows = {row[0]: row for row in data["practices"]}
    assert rows["hostile"][1] == hostile.strip('"')  # the title as written: the page script uses textContent
    country, caf, network_kind = 2, 2 + 3, 2 + 6
    assert [facets["country"]["values"][i][0] for i in rows["school-exchange"][country]] == ["NO", "UG"]
    assert rows["school-exchange"][caf] == [0, 1]  # two sub-criteria of criterion 4 count once
    assert rows["hostile"][network_kind] == []
    # The page itself lists practices as text for readers without script; nothing becomes markup.
    index = files["practices/index.md"].decode()
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in index and "<img" not in index


def test_practice_index_rows_carry_what_the_cards_show(mini):
    mini.network()
    long_summary = "Pupils write letters to each other every month and visit once a year. " * 6
    mini.practice("school-exchange", network="gran-mukono", summary=f"'{long_summary}'",
                  transfers="[{municipality: solvesborg}, {municipality: gran, year: 2010}]")
    mini.practice("clinic-twinning", title="Clinic twinning", municipalities="[solvesborg]",
                  last_verified="2026-10-02")
    data = json.loads(_render(mini.root)["practices/index.json"])
    rows = {row[0]: dict(zip(data["columns"], row)) for row in data["practices"]}
    exchange, clinic = rows["school-exchange"], rows["clinic-twinning"]
    # The card's summary is cut at a word, short enough for 10,000 practices in one file.
    assert 150 < len(exchange["summary"]) <= 201 and exchange["summary"].endswith("…")
    assert long_summary.startswith(exchange["summary"][:-1])
    assert clinic["summary"] == "Pupils of two towns write to each other and visit."  # short ones stay whole
    # Names written once, in local spelling, referred to by position; cards and the keyword box read them.
    assert data["names"] == ["Gran", "Mukono", "Sölvesborg"]
    assert [data["names"][n] for n in exchange["run_by"]] == ["Gran", "Mukono"]
    assert (exchange["transfers"], clinic["transfers"]) == (2, 0)  # the "taken up elsewhere" badge
    assert (exchange["verified"], clinic["verified"]) == ("2026-11-01", "2026-10-02")  # the sort by last verified


def test_practice_index_offers_learning_clusters_as_a_network_kind(mini):
    mini.network("sori-cluster", extra="")
    path = mini.root / "networks/sori-cluster.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: partnership", "kind: learning-cluster"),
                    encoding="utf-8")
    mini.practice("peer-exchange", networks="[{ref: sori-cluster}]")
    data = json.loads(_render(mini.root)["practices/index.json"])
    kinds = next(f for f in data["facets"] if f["key"] == "network-kind")
    assert kinds["values"] == [["learning-cluster", "Learning cluster"]]
    assert data["practices"][0][data["columns"].index("network-kind")] == [0]


def test_practice_index_script_holds_the_same_data_as_the_json(mini):
    """The page reads the script (fetch() is refused on file://); the JSON is the export: they agree."""
    mini.practice("school-exchange", title='"</script><script>alert(1)</script>"')
    files = _render(mini.root)
    script = files["practices/index-data.js"].decode()
    prefix = "window.portalPracticeIndex = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix):-2]) == json.loads(files["practices/index.json"])
    index = files["practices/index.md"].decode()
    assert '<script src="index-data.js"></script>' in index and 'data-portal-practices="portalPracticeIndex"' in index


def test_practice_index_json_is_deterministic(mini):
    for n, year in zip(range(5), itertools.cycle([2001, 2010])):
        mini.practice(f"practice-{n}", title=f"Practice {n}", period=f"{{start: {year}}}")
    assert _render(mini.root)["practices/index.json"] == _render(mini.root)["practices/index.json"]


def test_portal_serve_serves_the_search_index(mini):
    from conftest import portal_serve, wait_for

    mini.practice()
    with portal_serve(mini.root) as base:
        entry = json.loads(wait_for(base + "pagefind/pagefind-entry.json"))
        assert entry["languages"], entry
        assert b"PagefindComponents" in wait_for(base + "pagefind/portal-search.js")


def test_related_practices_name_what_they_share_by_kind(mini):
    """The reviewer read 'shares Good governance' and 'shares Education, CAF 4.1, CAF 4.4': each kind is
    named once, its values listed after it."""
    mini.practice("school-exchange", themes="[education, health-and-care]", caf="['4.1', '4.4']")
    mini.practice("teacher-visits", title="Teacher visits", themes="[education, health-and-care]", caf="['4.1', '4.4']")
    page = _render(mini.root)["practices/school-exchange.md"].decode()
    related = page[page.index("## Related practices"):]
    assert "— themes: Education, Health and care · CAF 4\\.1, 4\\.4" in related
    assert "shares" not in related
