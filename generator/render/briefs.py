"""One-page briefs: each practice and results file on one A4 sheet for a council or board meeting.

`briefs/practices/<id>/index.html` and `briefs/results/<id>/index.html` are standalone HTML
documents written here, not MkDocs pages (MkDocs and Zensical copy them as they are: at 10,000
practices they would double the pages MkDocs builds). brief.css lays them out: A4, no site
chrome, the address and a QR code at the foot. `downloads/briefs/.../<id>.pdf` is
the same brief written with fpdf2 (brief_pdf.py). Both take their texts from one `Brief`,
whose every section is cut to a length budget at a sentence boundary, so that the brief
always fits one page; a cut section points to the full page.

Everything in a brief is plain text (contributor Markdown is reduced to its words) escaped
where it is printed, plus our own SVG: the bar charts of render/visual and the QR code.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import weakref
from dataclasses import dataclass, field

import nh3
import numpy
import zxingcpp
from markupsafe import Markup

from ..models.common import country_name
from . import SECTIONS, Renderer, safe, step
from .print_margins import css_string, margin_style
from .visual.choose import Chart

# Length budgets in characters, measured so that a brief with every section at its budget
# still fits one A4 page in print and in the PDF (tests/test_briefs_browser.py prints the
# worst case). Lists keep at most so many items, each cut to ITEM.
TITLE, LEAD, PROBLEM, DONE, ITEM, LINE = 160, 600, 450, 640, 200, 120
FOOTER_LINE = 170  # the contact and the source: two lines each at the foot of the sheet
LESSONS, FIGURES, CHARTS = 3, 5, 2

# Headings of a practice's description that say what the problem is; the others say what was done.
PROBLEM_HEADINGS = ("context", "why", "background", "the problem", "problem", "challenge", "situation")
DONE_HEADINGS = ("what was done", "what is done", "how it works", "how it was done", "what came out")


@dataclass
class Section:
    text: str
    cut: bool = False


@dataclass
class Brief:
    kind: str  # "practice" or "results"
    record_id: str
    title: str
    lead: Section
    where: list[tuple[str, str]]  # (label, text) lines of facts
    problem: Section | None
    done: Section | None
    done_label: str
    problem_label: str
    figures: list[tuple[str, str]]  # (indicator, figures)
    more_figures: int
    charts: list[Chart]
    lessons: list[Section]
    more_lessons: int
    contact: list[str]
    source: str
    last_verified: dt.date
    address: str  # the record page's published address (absolute where site_url is set)
    qr: tuple[bytes, ...] | None = None  # the QR code's rows of modules, 1 where dark: SVG on the page, runs in the PDF
    cut: bool = field(default=False)  # something was left out: the brief points to the full page

    @property
    def page_path(self) -> str:
        return f"briefs/{SECTIONS[self.kind]}/{self.record_id}/index.html"

    @property
    def pdf_path(self) -> str:
        return f"downloads/briefs/{SECTIONS[self.kind]}/{self.record_id}.pdf"


# ---------------------------------------------------------------- cutting


def cut(text: str, budget: int) -> Section:
    """The text whole if it is within budget, else up to its last full sentence that fits, ending '…'."""
    text = " ".join(text.split())
    if len(text) <= budget:
        return Section(text)
    head = text[:budget]
    ends = [m.end() for m in re.finditer(r"[.!?][\"')\]»”]?(?=\s)", head)]
    if ends and ends[-1] >= budget // 3:
        return Section(head[:ends[-1]] + " …", True)
    space = head.rfind(" ")
    return Section((head[:space] if space > budget // 2 else head).rstrip(",;:– ") + " …", True)


_HEADING_ELEMENT = re.compile(r"<(h[1-6])\b.*?</\1>", re.S)
_BLOCK_END = re.compile(r"</(p|li|blockquote|tr)>")
_ANY_TAG = re.compile(r"<[^>]*>")  # exact on nh3's output without attributes: it writes text's < and > as &lt; &gt;


def plain_text(markdown: str) -> str:
    """A contributor's Markdown reduced to its words: sanitised HTML without any tag, entities decoded.

    nh3 cleans any raw HTML with the pages' allowed tags (the content of a script or style goes) but
    keeps no attribute, as none is printed: that spares the pages' attribute filter, a Python call
    for each. Markdown without a '<' has no raw HTML to clean.
    """
    cleaned = safe.gfm_to_html(markdown)
    if "<" in markdown:  # raw HTML: without it, cmark writes only its own tags and escapes the text's < > &
        cleaned = nh3.clean(cleaned, tags=safe.ALLOWED_TAGS, attributes={}, strip_comments=True)
    cleaned = _HEADING_ELEMENT.sub(" ", cleaned)  # headings are not sentences
    cleaned = _BLOCK_END.sub(" ", cleaned)
    return " ".join(html.unescape(_ANY_TAG.sub("", cleaned)).split())


def body_sections(body: str) -> list[tuple[str, str]]:
    """A description's '## ' sections as (heading, its Markdown); text before the first heading has heading ''."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        match = _HEADING_LINE.match(line)
        if match:
            sections.append((match.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in sections if "".join(lines).strip()]


_HEADING_LINE = re.compile(r"#{1,3}\s+(.*?)\s*#*\s*$")


def _is_problem(heading: str) -> bool:
    return heading.lower().startswith(PROBLEM_HEADINGS)


def _plain_within(sections: list[tuple[str, str]], budget: int) -> str:
    """The sections' plain text joined, converted only until it is longer than budget: cut() reads no further."""
    texts, length = [], -1
    for _, markdown in sections:
        if length > budget:
            break
        texts.append(plain_text(markdown))
        if texts[-1]:  # as cut() counts: an empty text adds no space
            length += len(texts[-1]) + 1
    return " ".join(texts)


def problem_and_done(body: str) -> tuple[str, str, str]:
    """(the problem, what was done, the label for it) from a practice's description headings.

    Each text is whole up to its budget (PROBLEM, DONE) and may stop after it: the brief cuts it there.
    """
    sections = body_sections(body)
    problem = _plain_within([(h, md) for h, md in sections if h and _is_problem(h)], PROBLEM)
    done_parts = [(h, md) for h, md in sections if h.lower().startswith(DONE_HEADINGS)]
    if not done_parts:  # no heading says it: every section that is not about the problem
        done_parts = [(h, md) for h, md in sections if not (h and _is_problem(h))]
    if not problem and not any(h for h, _ in sections) and done_parts:
        return "", _plain_within(done_parts[:1], DONE), "What was done"
    return problem, _plain_within(done_parts, DONE), "What was done"


# ---------------------------------------------------------------- figures


def figure_label(indicator) -> str:
    """An indicator's figures in one line: 'baseline 20 (2010) · achieved 60 (2015) · target 80 %'."""
    parts = []
    if indicator.baseline is not None:
        parts.append(f"baseline {indicator.baseline.label()}" + (f" ({indicator.baseline_year})" if indicator.baseline_year else ""))
    if indicator.achieved is not None:
        parts.append(f"achieved {indicator.achieved.label()}" + (f" ({indicator.year})" if indicator.year else ""))
    if indicator.target is not None:
        parts.append(f"target {indicator.target.label()}")
    if indicator.change is not None:
        parts.append(f"change {indicator.change.label()} {indicator.change_unit or ''}".rstrip())
    if indicator.series:
        years = sorted(indicator.series)
        parts.append(f"{years[0]}: {indicator.series[years[0]].label()} → {years[-1]}: {indicator.series[years[-1]].label()}")
    return " · ".join(parts) + (f" {indicator.unit}" if parts and indicator.unit and not indicator.change else "")


def figures_of(r: Renderer, indicators: list) -> tuple[list[tuple[str, str]], int]:
    rows = []
    for i in indicators:
        label = figure_label(i)
        if label:
            where = f" — {r.entity_name(i.member)}" if i.member else ""
            rows.append((cut(i.name + where, 72).text, cut(label, 110).text))  # one line each in print
    return rows[:FIGURES], max(0, len(rows) - FIGURES)


# ---------------------------------------------------------------- address and QR code


def page_address(r: Renderer, kind: str, record_id: str) -> str:
    """The record page's address: absolute under site_url, else relative to the site's root."""
    path = f"{SECTIONS[kind]}/{record_id}.html"
    return (r.options.site_url.rstrip("/") + "/" + path) if r.options.site_url else path


QUIET_ZONE = 4  # light modules around a QR code, as the standard asks
_DARK_AS_ONE = bytes.maketrans(b"\x00\xff", b"\x01\x00")  # zxing-cpp's pixels: 0 dark, 255 light
# The QR standard's mask 2 (every third column), fixed rather than chosen: zxing-cpp (zint) choosing
# among the eight took 0.5 ms of its 0.6 ms a code, 5 s at 10,000 briefs, and it chose mask 2 for
# 94 % of the portal's addresses. Any mask reads the same; the mask is written into the code.
QR_MASK = 2


def qr_modules(address: str) -> tuple[bytes, ...]:
    """The QR code of an address (error correction M) as rows of modules, 1 where dark.

    zxing-cpp's C++ encoder: segno, in Python, took about 10 ms of CPU a code choosing its mask,
    most of the brief step: some 100 s at 10,000 practices (benchmarks/README.md).
    """
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=QR_MASK)
    image = code.to_image(scale=1, add_quiet_zones=False)  # one pixel a module
    height, width = image.shape
    pixels = bytes(memoryview(image)).translate(_DARK_AS_ONE)
    return tuple(pixels[row * width:(row + 1) * width] for row in range(height))


# Path pieces by number: a run of n dark modules, and a move to module (x, y) of a code of a given
# size; indexing arrays of them with numpy joins a code's path without a Python step per run.
_RUN = numpy.array([f"h{n}v1h-{n}z" for n in range(178)], dtype=object)  # 177 modules: version 40
_MOVES: dict[int, numpy.ndarray] = {}


def _moves(size: int) -> numpy.ndarray:
    """'M{x} {y}' for each module of a size x size code, with one light module ahead of each row."""
    if size not in _MOVES:
        _MOVES[size] = numpy.array([f"M{x + QUIET_ZONE - 1} {y + QUIET_ZONE}"
                                    for y in range(size) for x in range(size + 1)], dtype=object)
    return _MOVES[size]


def qr_path(modules: tuple[bytes, ...]) -> str:
    """The dark runs of a code's rows as one SVG path: 'M{x} {y}h{n}v1h-{n}z' for each."""
    size = len(modules)
    dark = numpy.zeros(size * (size + 1) + 1, numpy.int8)  # a light module ahead of each row and at the end
    dark[:-1].reshape(size, size + 1)[:, 1:] = numpy.frombuffer(b"".join(modules), numpy.uint8).reshape(size, size)
    edges = numpy.flatnonzero(dark[1:] != dark[:-1]) + 1  # where a run starts, where it ends
    starts, ends = edges[0::2], edges[1::2]
    parts = numpy.empty(2 * len(starts), dtype=object)
    parts[0::2], parts[1::2] = _moves(size)[starts], _RUN[ends - starts]
    return "".join(parts.tolist())


def qr_svg(modules: tuple[bytes, ...]) -> Markup:
    """An inline SVG QR code: one path of the dark runs, presentation attributes only (the CSP forbids style)."""
    size = len(modules) + 2 * QUIET_ZONE
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-brief__qr" viewBox="0 0 {size} {size}" '
                  f'role="img" aria-label="QR code of the full page\'s address" shape-rendering="crispEdges">'
                  f'<path fill="#000" d="{qr_path(modules)}"/></svg>')


# ---------------------------------------------------------------- the two kinds


def _lessons(items: list[str]) -> tuple[list[Section], int]:
    return [cut(item, ITEM) for item in items[:LESSONS]], max(0, len(items) - LESSONS)


def _source_line(sources: list) -> str:
    first = sources[0]
    text = ", ".join(str(part) for part in (first.title, first.publisher, first.year, first.pages) if part)
    more = f" (and {len(sources) - 1} more)" if len(sources) > 1 else ""
    return cut(text, FOOTER_LINE - len(more)).text + more


def _contact_lines(r: Renderer, contact) -> list[str]:
    """Who to contact, then the e-mail and web addresses, in FOOTER_LINE characters all together."""
    if not contact:
        return []
    lines = []
    who = " — ".join(part for part in (r.entity_name(contact.organisation) if contact.organisation else None,
                                       contact.role) if part)
    if who:
        lines.append(cut(who, LINE).text)
    if contact.email:
        lines.append(cut("E-mail: " + contact.email.replace("@", " [at] ").replace(".", " [dot] "), 80).text)
    if contact.website:
        lines.append(cut(f"Web: {contact.website}", 80).text)
    if who and len(" · ".join(lines)) > FOOTER_LINE:  # the name or role gives way to the addresses
        room = FOOTER_LINE - len(" · ".join(lines[1:])) - len(" · ") - len(" …")
        lines[0] = cut(lines[0], max(40, room)).text
    return lines


@functools.lru_cache(maxsize=None)
def _country(code: str) -> str:
    """A country's name, as its page calls it (Renderer.title_of): looked up once, not on each of 10,000 briefs."""
    return country_name(code.upper())


def practice_brief(r: Renderer, practice_id: str, record) -> Brief:
    p, catalog = record.model, r.catalog
    problem, done, done_label = problem_and_done(record.body)
    runners = [r.entity_name(m) for m in p.municipalities] + [r.entity_name(o.ref) for o in p.organisations]
    countries = [_country(code) for code in catalog.practice_countries(practice_id)]
    where = [("Where", cut(", ".join(runners) + (f" ({', '.join(countries)})" if countries else ""), LINE).text),
             ("Period", f"{p.period.label()} · {str(getattr(p.status, 'value', p.status)).replace('-', ' ')}")]
    networks = [r.title_of("network", ref) for ref in p.network_ids() if ref in catalog.networks]
    if networks:
        where.append(("Network", cut("; ".join(networks), LINE).text))
    indicators = p.results.indicators if p.results else []
    figures, more = figures_of(r, indicators)
    lessons, more_lessons = _lessons(p.lessons)
    return _finish(r, Brief(
        kind="practice", record_id=practice_id, title=cut(p.title, TITLE).text, lead=cut(p.summary, LEAD),
        where=where, problem=cut(problem, PROBLEM) if problem else None, done=cut(done, DONE) if done else None,
        done_label=done_label, problem_label="The problem", figures=figures, more_figures=more,
        charts=_charts(r, indicators, f"brief-{practice_id}"), lessons=lessons, more_lessons=more_lessons,
        contact=_contact_lines(r, p.contact), source=_source_line(p.sources), last_verified=p.last_verified,
        address=page_address(r, "practice", practice_id)))


def results_brief(r: Renderer, results_id: str, record) -> Brief:
    res, catalog = record.model, r.catalog
    network = catalog.networks.get(res.network)
    countries = [_country(code) for code in catalog.network_countries(res.network)] if network else []
    where = [("Network", cut(r.title_of("network", res.network) if network else res.network, LINE).text)]
    if countries:
        where.append(("Where", cut(", ".join(countries), LINE).text))
    where.append(("Evaluated in", str(res.year)))
    findings = [f for level in ("individual", "organisational", "community")
                for f in (getattr(res.findings, level) if res.findings else [])]
    done = " ".join(filter(None, [res.method and f"Method: {res.method}", *findings, *res.success_factors]))
    problem = plain_text(network.model.description or network.model.summary) if network else ""
    figures, more = figures_of(r, res.indicators)
    lessons, more_lessons = _lessons(res.lessons or res.weaknesses)
    host = network.model.host if network else None
    contact = [cut(f"Host of the network: {r.entity_name(host)}", LINE).text] if host else []
    return _finish(r, Brief(
        kind="results", record_id=results_id, title=cut(res.title, TITLE).text, lead=cut(res.summary, LEAD),
        where=where, problem=cut(problem, PROBLEM) if problem else None, done=cut(done, DONE) if done else None,
        done_label="What was found", problem_label="Background", figures=figures, more_figures=more,
        charts=_charts(r, res.indicators, f"brief-{results_id}"), lessons=lessons, more_lessons=more_lessons,
        contact=contact, source=_source_line(res.sources), last_verified=res.last_verified,
        address=page_address(r, "results", results_id)))


def _charts(r: Renderer, indicators: list, prefix: str) -> list[Chart]:
    return r.env.globals["indicator_charts"](indicators, prefix)[:CHARTS] if indicators else []


def _finish(r: Renderer, brief: Brief) -> Brief:
    brief.qr = qr_modules(brief.address) if r.options.site_url else None
    sections = [brief.lead, brief.problem, brief.done, *brief.lessons]
    brief.cut = any(s and s.cut for s in sections) or bool(brief.more_figures or brief.more_lessons)
    return brief


# ---------------------------------------------------------------- render step


# The site's policy (overrides/main.html), with the hash of the brief's one <style>, its printed margins.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' '{style_hash}'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
       "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")
LANGUAGE = "en"  # the language of the brief's own labels ("Where", "Key figures")
ROOT = "../../../"  # from briefs/<section>/<id>/index.html back to the docs root


def brief_address(r: Renderer, brief: Brief) -> str:
    """The brief's own published address, printed in its margin: absolute under site_url."""
    return (r.options.site_url or "").rstrip("/") + "/" + brief.page_path


def brief_document(r: Renderer, brief: Brief, pdf: str | None) -> str:
    """The brief as a complete HTML document with the site's policy, its own style sheet and margins."""
    own_address = brief_address(r, brief)
    site = _site_values(r)
    style = margin_style(site["url_css"] + css_string(own_address.removeprefix(site["url"])))  # as css_string(own_address)
    return site["template"].render(
        b=brief, language=LANGUAGE, csp=CSP.format(style_hash=safe.csp_hash(style)), margin_style=style,
        site=site, canonical=own_address if r.options.site_url else None,
        title=Markup(safe.attr(brief.title)), lead=Markup(safe.attr(brief.lead.text)), address=Markup(safe.attr(brief.address)),
        back=f"{ROOT}{SECTIONS[brief.kind]}/{brief.record_id}.html", pdf=pdf,
        qr=qr_svg(brief.qr) if brief.qr else None)


_SITE_VALUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # by renderer: its options


def _site_values(r: Renderer) -> dict:
    """What every brief of a build prints the same, escaped once (10,000 briefs print it 10,000 times)."""
    values = _SITE_VALUES.get(r)
    if values is None:
        url = (r.options.site_url or "").rstrip("/") + "/"
        values = _SITE_VALUES[r] = {
            "template": r.env.get_template("brief.html.j2"), "url": url, "url_css": css_string(url),
            "name": Markup(safe.attr(r.options.site_name)),
            "card_image": Markup(safe.attr(url + "assets/images/portal-card.png")),
            **{key: Markup(safe.html_url(ROOT + path)) for key, path in (
                ("favicon", "assets/images/favicon.png"), ("style_sheet", "assets/brief.css"),
                ("home", "index.html"), ("accessibility", "accessibility.html"))}}
    return values


@step(per_item=True)
def briefs(r: Renderer) -> None:
    from .brief_pdf import brief_pdf

    items = [("practice", pid, rec) for pid, rec in sorted(r.catalog.practices.items())]
    items += [("results", rid, rec) for rid, rec in sorted(r.catalog.results.items())]
    for kind, record_id, record in r.share(items):
        brief = (practice_brief if kind == "practice" else results_brief)(r, record_id, record)
        pdf = None
        if has_pdf(brief):
            r.output.add(brief.pdf_path, brief_pdf(brief))
            pdf = ROOT + brief.pdf_path
        r.output.add(brief.page_path, brief_document(r, brief, pdf))


def has_pdf(brief: Brief) -> bool:
    """A PDF download for results files and practices with key figures; any brief prints from its page.

    fpdf2 takes about 100 ms of CPU a brief (its fonts cut down and embedded for each file, every
    line measured: benchmarks/briefs.py), some 15 minutes at 10,000 practices: written for the
    briefs a board compares figures from, the others print as a PDF from the browser on one page.
    """
    return brief.kind == "results" or bool(brief.figures)
