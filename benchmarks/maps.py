"""Maps benchmark: what the maps cost, on the shipped portal and at 10,000 practices.

    python benchmarks/maps.py              # shipped portal, then 10,000 generated practices
    python benchmarks/maps.py 1000 10000   # other sizes

Times are CPU time of this process (time.process_time), so a busy shared machine does not
inflate them much (a heavily loaded machine still does: compare figures within one run).
`portal build` reads the outlines once, lists and draws every distinct framing once, split
over one worker per core, and then renders the pages in the workers with the framings ready
(generator/render/parallel.py); the last lines add those parts up.

The generated portal mirrors benchmarks/scale.py: N/5 municipalities in its 20 countries,
N/10 networks of 5 to 15 members, each practice run by 1 to 3 municipalities (most in one
country), one in five taken up elsewhere. The generated places are scattered at random
around a point in each country (its capital); they are made up, like the names in scale.py.
The share is measured against the MkDocs build of the same N in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.render.page_maps import HOME_MAX_PINS, _middle  # noqa: E402
from generator.render.visual import maps, outlines  # noqa: E402

# A point in each of scale.py's 20 countries (its capital), to scatter generated places around.
CENTRES = {"NO": (59.91, 10.75), "SE": (59.33, 18.07), "DK": (55.68, 12.57), "PL": (52.23, 21.01),
           "BA": (43.86, 18.41), "RS": (44.82, 20.46), "AL": (41.33, 19.82), "MK": (42.00, 21.43),
           "XK": (42.66, 21.17), "UG": (0.35, 32.58), "ES": (40.42, -3.70), "PT": (38.72, -9.14),
           "RO": (44.43, 26.10), "GE": (41.69, 44.80), "UA": (50.45, 30.52), "EE": (59.44, 24.75),
           "DE": (52.52, 13.40), "HR": (45.81, 15.98), "SI": (46.06, 14.51), "CZ": (50.08, 14.44)}
# MkDocs build of N practices, from benchmarks/README.md (24 November 2026).
MKDOCS_SECONDS = {100: 1.78, 1000: 8.59, 10000: 79.05}


def shipped() -> None:
    from generator.catalog import link
    from generator.load import load
    from generator.render import Renderer
    from generator.validate import validate

    catalog, _ = link(validate(load(REPO)), dt.date.today())
    globals_ = Renderer(catalog).env.globals
    calls = [("home", lambda: globals_["home_map"]())]
    calls += [(f"country {c}", lambda c=c: globals_["country_map"](c)) for c in catalog.countries()]
    calls += [(f"network {n}", lambda n=n: globals_["network_map"](n)) for n in sorted(catalog.networks)]
    calls += [(f"practice {p}", lambda p=p: globals_["practice_map"](p)) for p in sorted(catalog.practices)]
    start = time.process_time()
    outlines.world_outlines()
    load_ms = (time.process_time() - start) * 1000
    timings, sizes = [], []
    for _, call in calls:
        start = time.process_time()
        html = call()
        timings.append((time.process_time() - start) * 1000)
        if html:
            sizes.append(len(str(html).encode()))
    print("shipped portal")
    print(f"  outlines read and decoded (once per process) {load_ms:8.1f} ms")
    print(f"  maps drawn                                   {len(sizes):8d}  of {len(calls)} pages asked")
    print(f"  ms per map (mean, largest)                   {statistics.mean(timings):8.2f}  {max(timings):.1f}")
    print(f"  bytes per map (mean, largest)                {statistics.mean(sizes):8.0f}  {max(sizes)}")
    print(f"  all maps together                            {sum(timings) / 1000:8.2f} s")


def pin_lists(n: int, seed: int = 2026) -> dict[str, list[list[maps.Pin]]]:
    """The pins of every practice, network, country and home map of a generated portal of N practices."""
    rnd = random.Random(seed)
    places = []
    for i in range(max(n // 5, 20)):
        country = list(CENTRES)[i % len(CENTRES)]
        lat, lon = CENTRES[country]
        places.append((country, lat + rnd.uniform(-2, 2), lon + rnd.uniform(-3, 3)))
    by_country = {c: [p for p in places if p[0] == c] for c in CENTRES}

    def pin(place, shape="circle", hollow=False):
        return maps.Pin(place[1], place[2], "../municipalities/x.html", "Åkdalös", "Åkdalös: runs it", shape, hollow)

    practice_maps = []
    for _ in range(n):
        home = by_country[rnd.choice(list(CENTRES))]
        runners = rnd.sample(home, min(len(home), rnd.randint(1, 3)))
        if rnd.random() < 0.3:
            runners.append(rnd.choice(places))
        taken_up = [pin(rnd.choice(places), "diamond") for _ in range(rnd.randint(1, 2))] if rnd.random() < 0.2 else []
        practice_maps.append([pin(p) for p in runners] + taken_up)
    network_maps = []
    for _ in range(max(n // 10, 1)):
        pool = [p for c in rnd.sample(list(CENTRES), rnd.randint(1, 3)) for p in by_country[c]]
        network_maps.append([pin(p, rnd.choice(["circle", "square"]))
                             for p in rnd.sample(pool, min(len(pool), rnd.randint(5, 15)))])
    country_maps = [[pin(p) for p in by_country[c]] for c in CENTRES]
    # The home map: a pin per municipality, or one per country beyond page_maps.HOME_MAX_PINS.
    grouped = [(c, *_middle([p[1:] for p in by_country[c]])) for c in CENTRES if by_country[c]]
    home_map = [[pin(p) for p in (places if len(places) <= HOME_MAX_PINS else grouped)]]
    return {"practice": practice_maps, "network": network_maps, "country": country_maps, "home": home_map}


def generated(n: int, seed: int = 2026) -> None:
    lists = pin_lists(n, seed)
    maps.forget_drawn()
    outlines.world_outlines.cache_clear()
    start = time.process_time()
    outlines.world_outlines()
    load_s = time.process_time() - start
    rows = {}
    for kind, maps_of_kind in lists.items():
        start = time.process_time()
        sizes = [len(maps.map_svg("m", "Map", pins).encode()) for pins in maps_of_kind]
        rows[kind] = (time.process_time() - start, len(maps_of_kind), statistics.mean(sizes))
    start = time.process_time()  # again, every framing drawn: what the render workers do once parallel.py drew them
    for maps_of_kind in lists.values():
        for pins in maps_of_kind:
            maps.map_svg("m", "Map", pins)
    ready_s = time.process_time() - start
    start = time.process_time()
    distinct = {maps.framing_of(pins) for maps_of_kind in lists.values() for pins in maps_of_kind}
    listing_s = time.process_time() - start
    framings = maps.forget_drawn()
    start = time.process_time()
    maps.draw_framings(sorted(distinct, key=repr))
    drawing_s = time.process_time() - start
    maps.forget_drawn()
    total = load_s + sum(seconds for seconds, _, _ in rows.values())
    print(f"N={n} generated practices")
    for kind, (seconds, count, size) in rows.items():
        print(f"  {kind + ' maps':14} {count:6d}  {seconds * 1000 / count:7.2f} ms per map  {size:8.0f} bytes per map"
              f"  {seconds:6.2f} s")
    print(f"  outlines read once                 {load_s:6.2f} s")
    print(f"  framings drawn                    {framings:6d}  of {sum(len(m) for m in lists.values())} maps")
    print(f"  all maps, one process              {total:6.2f} s")
    print(f"  framings listed (parallel.py's first round)      {listing_s:6.2f} s")
    print(f"  framings drawn once (its second round)           {drawing_s:6.2f} s")
    print(f"  maps drawn with their framings ready             {ready_s:6.2f} s")
    split = listing_s + drawing_s + ready_s
    print(f"  all maps as portal build draws them, in CPU s    {load_s + split:6.2f} s"
          f"  (on 2 cores: about {load_s + split / 2:.2f} s)")
    if n in MKDOCS_SECONDS:
        print(f"  share of the MkDocs build ({MKDOCS_SECONDS[n]:.0f} s)     {100 * total / MKDOCS_SECONDS[n]:6.1f} %"
              f"  (split over the render workers: about {100 * total / 2 / MKDOCS_SECONDS[n]:.1f} % on 2 cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    args = parser.parse_args()
    shipped()
    for n in args.sizes:
        generated(n)


if __name__ == "__main__":
    main()
