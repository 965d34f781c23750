"""A portal written by an attacker: markup payloads in every field that reaches a page.

The data is valid (it passes `portal check`: web addresses start with https://, names are
short enough, no control characters), so what is tested is what render and MkDocs make of
hostile text, not what the models reject. Every payload that could run a script sets
`window.__pwned` or calls `alert`, and carries MARK, so a survivor is easy to spot.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

MARK = "PWNED"
RUN = "window.__pwned=1"  # what an executed payload does
ATTACKS = [
    f"<script>alert('{MARK}');{RUN}</script>",
    f'<iframe src="https://evil.example/{MARK}"></iframe>',
    f'<img src="x" onerror="{RUN}">',
    f'<img src="https://evil.example/{MARK}.png" alt="tracker">',
    f'<svg onload="{RUN}"><circle r="5"/></svg>',
    f"<svg><script>alert('{MARK}')</script></svg>",
    f'<a href="javascript:alert(\'{MARK}\')">js link</a>',
    f'<a href=" JaVaScRiPt:alert(\'{MARK}\')">mixed-case link</a>',
    f'<a href="data:text/html;base64,{MARK}">data link</a>',
    f"[md js link](javascript:alert('{MARK}'))",
    f"[md data link](data:text/html,{MARK})",
    f"[attr link](https://a.example/){{ onclick=\"{RUN}\" }}",
    f"![md image](javascript:alert('{MARK}'))",
    f"<javascript:alert('{MARK}')>",
    f'<div onmouseover="{RUN}">hover</div>',
    f"line with attributes {{ onclick=\"{RUN}\" style=\"position:fixed;inset:0\" }}",
    f'<a href="https://evil.example/" style="position:fixed;inset:0;z-index:9">{MARK} overlay</a>',
    f'<div class="md-dialog md-dialog--active">{MARK} fake toast</div>',
    f'<p class="portal-edit admonition-title" id="__search">{MARK} hidden</p>',
]
PAYLOAD = " ".join(ATTACKS)
# For names, titles and summaries (at most 300 characters).
SHORT = (f"<img src=x onerror=\"{RUN}\"> {{ onclick=\"{RUN}\" }} [x](javascript:{RUN}) "
         f"<b class=\"md-dialog--active\" style=\"position:fixed\">{MARK}</b>")
TEMPLATE_TITLE = "{{ 7*7 }}"
# Valid web addresses whose characters mean something to Markdown, attr_list and HTML.
URLS = [
    f"https://a.example/x){{onclick={RUN}}}",
    f"https://a.example/{{:onclick={RUN}}}",
    f"https://a.example/a'onclick='{RUN}'",
    "https://a.example/(x)[y]{.md-dialog--active}|z*w*",
    "mailto:someone@a.example?subject=)){onclick=x}",
]
BODY = "\n\n".join([
    f"## Context {{ onclick=\"{RUN}\" }}",
    *ATTACKS,
    "```html\n<script>alert('PWNED')</script>\n```",
    f"<details><summary>more</summary><script>{RUN}</script></details>",
    f"<form action=\"javascript:{RUN}\"><button formaction=\"javascript:{RUN}\">go</button></form>",
    "<object data=\"data:text/html,PWNED\"></object><embed src=\"javascript:alert('PWNED')\">",
    "<math><mi xlink:href=\"javascript:alert('PWNED')\">x</mi></math>",
    "<style>body{background:red} .md-header{display:none}</style>",
    "> [!NOTE]\n> An alert that becomes an admonition { onclick=\"x\" }",
    "| a | b |\n|--:|:-:|\n| 1 { onclick=x } | 2 |",
    "Footnote[^1].\n\n[^1]: The note.",
    *(f"[link {n}]({url})" for n, url in enumerate(URLS)),
])
GUIDE_BODY = BODY + "\n\n!!! md-dialog--active \"Fake\"\n    toast\n\n```python\nx = 1\n```\n"


def _y(value: object) -> str:
    """A value as YAML (JSON is YAML), so the payload stays one string."""
    return json.dumps(value, ensure_ascii=False)


def write_hostile_portal(root: Path):
    """Every kind of source file, every text field hostile; returns the MiniPortal."""
    from conftest import MiniPortal

    portal = MiniPortal(root)
    portal.write("registry/municipalities/test.yml", f"""
        - id: gran
          name: {_y("Gran " + SHORT)}
          country: NO
          region: {_y(PAYLOAD)}
          name_en: {_y(SHORT)}
        - id: mukono
          name: Mukono
          country: UG
        """)
    portal.write("registry/organisations/test.yml", f"""
        - id: ks
          name: {_y("KS " + SHORT)}
          abbreviation: {_y(SHORT)}
          kind: association
          country: NO
          website: {_y(URLS[0])}
          contact: {{role: {_y(PAYLOAD)}}}
        """)
    portal.write("registry/themes.yml", f"""
        - id: education
          name: {_y("Education " + SHORT)}
          description: {_y(PAYLOAD)}
        """)
    portal.write("registry/portfolios/hostile-portfolio.yml", f"""
        title: {_y(SHORT)}
        owner: ks
        year: 2015
        description: {_y(BODY)}
        projects:
          - country: NO
            project: {_y(PAYLOAD)}
            partners: [{_y(PAYLOAD)}]
            funding: {_y(PAYLOAD)}
            network: gran-mukono
          - country: UG
            project: {_y(PAYLOAD)}
            partners: [{_y(SHORT)}]
        sources: [{{title: {_y(SHORT)}, url: {_y(URLS[1])}}}]
        """)
    portal.write("content/templates/hostile-form.yml", f"""
        title: {_y(SHORT)}
        purpose: {_y(SHORT)}
        instructions: {_y(BODY)}
        fields:
          - key: approach
            label: {_y(SHORT)}
            hint: {_y(SHORT)}
        tables:
          - key: activities
            title: {_y(SHORT)}
            columns:
              - key: activity
                name: {_y(SHORT)}
                description: {_y(PAYLOAD)}
              - key: owner
                name: Owner
            blank_rows: 2
            example: {{activity: {_y(PAYLOAD)}, owner: {_y(SHORT)}}}
        sources: [{{title: {_y(SHORT)}, url: {_y(URLS[2])}}}]
        last_verified: 2026-11-01
        """)
    sources = [{"title": SHORT, "publisher": PAYLOAD, "url": url, "pages": SHORT} for url in URLS]
    portal.practice(
        "hostile",
        title=_y(TEMPLATE_TITLE),
        summary=_y(SHORT),
        themes="[education]",
        network="gran-mukono",
        lessons=_y([PAYLOAD, SHORT]),
        difficulties=_y([PAYLOAD]),
        transferability=_y(PAYLOAD),
        resources=_y({"staff": PAYLOAD, "budget": PAYLOAD, "funding": [PAYLOAD], "other": PAYLOAD}),
        results=_y({"indicators": [{"name": PAYLOAD, "unit": PAYLOAD, "note": PAYLOAD, "achieved": 1}],
                    "findings": [PAYLOAD]}),
        transfers=_y([{"municipality": "mukono", "year": 2010, "outcome": "adapted", "note": PAYLOAD}]),
        contact=_y({"organisation": "ks", "role": PAYLOAD}),
        sources=_y(sources),
        body=BODY,
    )
    portal.practice("hostile-title", title=_y(SHORT), summary=_y(SHORT), themes="[education]")
    portal.network("gran-mukono", extra=f"""
        description: {_y(BODY)}
        meeting_rhythm: {_y(PAYLOAD)}
        funding: [{_y(PAYLOAD)}]
        themes: [education]
        timeline: [{{year: 2001, event: {_y(PAYLOAD)}}}]
        events: [{{name: {_y(SHORT)}, kind: workshop, year: 2002, place: gran, description: {_y(PAYLOAD)}}}]
        people: [{{role: coordinator, name: {_y(SHORT)}, organisation: ks, expertise: {_y(PAYLOAD)}}}]
        cycle: {{clustering: {{status: done, when: {_y(PAYLOAD)}, note: {_y(PAYLOAD)}}}}}
        action_plan:
          approach: {_y(PAYLOAD)}
          goal: {_y(PAYLOAD)}
          beneficiaries: {_y(PAYLOAD)}
          activities: [{{activity: {_y(PAYLOAD)}, responsible: {_y(PAYLOAD)}, deadline: {_y(PAYLOAD)},
                         challenges: {_y(PAYLOAD)}, results: {_y(PAYLOAD)}}}]
        """)
    path = portal.root / "networks/gran-mukono.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Gran–Mukono partnership", f"name: {_y('Partnership ' + SHORT)}")
    text = text.replace("topic: Municipal co-operation", f"topic: {_y(PAYLOAD)}")
    text = text.replace("summary: Two municipalities learning from each other.", f"summary: {_y(SHORT)}")
    text = text.replace("role: partner\n  - ref: mukono", f"role: partner\n    note: {_y(PAYLOAD)}\n  - ref: mukono")
    text = text.replace("  - title: Has it been worth it?", f"  - title: {_y(SHORT)}\n    url: {_y(URLS[3])}")
    path.write_text(text, encoding="utf-8")
    portal.write("networks/gran-mukono/results-2012.yml", f"""
        network: gran-mukono
        title: {_y(SHORT)}
        year: 2012
        method: {_y(PAYLOAD)}
        summary: {_y(SHORT)}
        indicators: [{{name: {_y(PAYLOAD)}, unit: {_y(PAYLOAD)}, achieved: 3}}]
        findings: {{individual: [{_y(PAYLOAD)}], community: [{_y(PAYLOAD)}]}}
        success_factors: [{_y(PAYLOAD)}]
        weaknesses: [{_y(PAYLOAD)}]
        lessons: [{_y(PAYLOAD)}]
        benefits: [{{member: gran, benefits: [{_y(PAYLOAD)}]}}]
        sources: [{{title: {_y(SHORT)}, url: {_y(URLS[4])}}}]
        last_verified: 2026-11-01
        """)
    portal.write("content/hostile-guide.md", "# Guide " + SHORT + "\n\n" + GUIDE_BODY + "\n")
    return portal


def build_hostile_site(root: Path) -> Path:
    from generator.build import build

    portal = write_hostile_portal(root)
    generated = build(portal.root, quiet=True, today=dt.date(2026, 11, 2))
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    return portal.root / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))
