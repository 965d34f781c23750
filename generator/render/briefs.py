"""One-page briefs: each practice and results file on one A4 sheet for a council or board meeting.

`briefs/practices/<id>/index.html` and `briefs/results/<id>/index.html` are standalone HTML
documents written here, not MkDocs pages (MkDocs and Zensical copy them as they are: at 10,000
practices they would double the pages MkDocs builds). brief.css lays them out: A4, no site
chrome, the address and a QR code at the foot. `downloads/briefs/.../<id>.pdf` is
the same brief written with fpdf2 (brief_pdf.py). Both take their texts from one `Brief`,
whose every section is cut to a length budget at a sentence boundary (brief_text.py), so that
the brief always fits one page; a cut section points to the full page.

Everything in a brief is plain text (contributor Markdown is reduced to its words) escaped
where it is printed, plus our own SVG: the bar charts of render/visual and the QR code.

A language's site has the brief of each record translated into it (issue 14), in its words: the
labels from the catalogue, figures and dates through render/labels.py, and each stretch of the
record's text left in another language (an untranslated field, a contact's role) in a
`<span lang>` (a `Worded` text says where those stretches are). English briefs are as they were.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from dataclasses import dataclass, field
from functools import partial

from markupsafe import Markup

from ..i18n import N_
from ..languages import ORIGINAL
from ..models.common import country_name
from . import SECTIONS, Renderer, safe, step
from .brief_text import Section, body_sections, brief_html, cut, plain_text, plain_within, worded
from .labels import Labels
from .languages import LocalizedRecord
from .print_margins import css_string, margin_style
from .qr import QR_LABEL, qr_modules, qr_svg
from .visual.choose import Chart

# Length budgets in characters, measured so that a brief with every section at its budget
# still fits one A4 page in print and in the PDF (tests/test_briefs_browser.py prints the
# worst case). Lists keep at most so many items, each cut to ITEM.
TITLE, LEAD, PROBLEM, DONE, ITEM, LINE = 160, 600, 450, 640, 200, 120
FOOTER_LINE = 170  # the contact and the source: two lines each at the foot of the sheet
LESSONS, FIGURES, CHARTS = 3, 5, 2
# A brief in another language keeps this share (%) of each text budget: its words run longer than English
# (its labels and pointers too), and a worst-case brief in it still fits the sheet (tests/test_briefs_browser.py).
LANGUAGE_BUDGET = 85

# Headings of a practice's description that say what the problem is; the others say what was done.
PROBLEM_HEADINGS = ("context", "why", "background", "the problem", "problem", "challenge", "situation")
DONE_HEADINGS = ("what was done", "what is done", "how it works", "how it was done", "what came out")

# The brief's own words (the template has the rest), in the catalogue.
WHERE, PERIOD, NETWORK, EVALUATED_IN = N_("Where"), N_("Period"), N_("Network"), N_("Evaluated in")
THE_PROBLEM, WHAT_WAS_DONE, BACKGROUND, WHAT_WAS_FOUND = (N_("The problem"), N_("What was done"), N_("Background"),
                                                          N_("What was found"))
# Translators: before the method of an evaluation, at the start of what a results brief says was found.
METHOD = N_("Method:")
# Translators: on a brief's sheet, the e-mail address is written with [at] and [dot] for @ and the dots.
EMAIL, WEB = N_("E-mail: %(address)s"), N_("Web: %(address)s")
HOST = N_("Host of the network: %(name)s")
# Translators: an indicator's figures on a brief, e.g. "baseline 20 (2010) · achieved 60 (2015) · target 80".
BASELINE, ACHIEVED, TARGET, CHANGE = (N_("baseline %(figure)s"), N_("achieved %(figure)s"), N_("target %(figure)s"),
                                      N_("change %(figure)s"))
# The footer's note on a translated brief, after "Translation:".
TRANSLATION_NOTES = {"machine": N_("by machine, not reviewed by a native speaker"),
                     "human": N_("by a person, not reviewed by a native speaker"),
                     "reviewed": N_("reviewed by a native speaker")}


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
    language: str = ORIGINAL  # the language of the brief's own words (its site's)
    verified: str = ""  # the date of last_verified as the brief prints it (English: 2026-11-01)
    translation: str = ""  # on a language's brief of a translation: how it was translated, for the footer

    @property
    def page_path(self) -> str:
        return f"briefs/{SECTIONS[self.kind]}/{self.record_id}/index.html"

    @property
    def pdf_path(self) -> str:
        return f"downloads/briefs/{SECTIONS[self.kind]}/{self.record_id}.pdf"


# ---------------------------------------------------------------- what a description says


def _is_problem(heading: str) -> bool:
    return heading.lower().startswith(PROBLEM_HEADINGS)


def problem_and_done(body: str, original: str | None = None) -> tuple[str, str, str]:
    """(the problem, what was done, the label for it) from a practice's description headings.

    Each text is whole up to its budget (PROBLEM, DONE) and may stop after it: the brief cuts it there.
    A translated description (`original`: the English one it translates) is read by the original's
    headings, section by section, where it has as many sections: its own are in its language.
    """
    sections = body_sections(body)
    if original is not None:
        english = body_sections(original)
        if len(english) == len(sections):
            sections = [(heading, markdown) for (heading, _), (_, markdown) in zip(english, sections)]
    problem = plain_within([(h, md) for h, md in sections if h and _is_problem(h)], PROBLEM)
    done_parts = [(h, md) for h, md in sections if h.lower().startswith(DONE_HEADINGS)]
    if not done_parts:  # no heading says it: every section that is not about the problem
        done_parts = [(h, md) for h, md in sections if not (h and _is_problem(h))]
    if not problem and not any(h for h, _ in sections) and done_parts:
        return "", plain_within(done_parts[:1], DONE), WHAT_WAS_DONE
    return problem, plain_within(done_parts, DONE), WHAT_WAS_DONE


# ---------------------------------------------------------------- figures


_ENGLISH = Labels()


def _unmarked(value: object) -> tuple[str, None]:
    return str(value), None


def figure_label(indicator, words: Labels = _ENGLISH, mark=_unmarked) -> str:
    """An indicator's figures in one line: 'baseline 20 (2010) · achieved 60 (2015) · target 80 %'.

    In `words`' language; `mark` gives a record's text (the units) with its language where that is not the brief's."""
    gettext, figure = words.gettext, words.quantity
    parts: list = []

    def add(*pieces) -> None:
        if parts:
            parts.append(" · ")
        parts.extend(pieces)

    if indicator.baseline is not None:
        add(gettext(BASELINE) % {"figure": figure(indicator.baseline)}
            + (f" ({indicator.baseline_year})" if indicator.baseline_year else ""))
    if indicator.achieved is not None:
        add(gettext(ACHIEVED) % {"figure": figure(indicator.achieved)} + (f" ({indicator.year})" if indicator.year else ""))
    if indicator.target is not None:
        add(gettext(TARGET) % {"figure": figure(indicator.target)})
    if indicator.change is not None:
        unit = (indicator.change_unit or "").rstrip()
        add(gettext(CHANGE) % {"figure": figure(indicator.change)}, *((" ", mark(indicator.change_unit)) if unit else ()))
    if indicator.series:
        years = sorted(indicator.series)
        add(f"{years[0]}: {figure(indicator.series[years[0]])} → {years[-1]}: {figure(indicator.series[years[-1]])}")
    if parts and indicator.unit and not indicator.change:
        parts += [" ", mark(indicator.unit)]
    return worded(*parts)


def figures_of(r: Renderer, indicators: list) -> tuple[list[tuple[str, str]], int]:
    rows = []
    mark = partial(_marked, r)
    for i in indicators:
        label = figure_label(i, r.words, mark)
        if label:
            where = f" — {r.entity_name(i.member)}" if i.member else ""
            rows.append((cut(worded(mark(i.name), where), 72).text, cut(label, 110).text))  # one line each in print
    return rows[:FIGURES], max(0, len(rows) - FIGURES)


def _marked(r: Renderer, value: object, record_language: str | None = None) -> tuple[str, str | None]:
    """(a record's text, its language where that is not the brief's): an untranslated field says its language,
    a text no translation has (a contact's role) is in `record_language`."""
    return str(value), r.foreign_language(value, record_language)


def _record_language(r: Renderer, kind: str, record_id: str) -> str | None:
    """The language a record's text is in on this site: None where the site has its translation (a field left
    untranslated says its own), else the record's."""
    if r.options.language == ORIGINAL or r.holdings.translated(r.options.language, kind, record_id):
        return None
    record = getattr(r.catalog, SECTIONS[kind]).get(record_id)
    return (getattr(record.model, "language", None) or ORIGINAL) if record else ORIGINAL


# ---------------------------------------------------------------- the page's address (its QR code: qr.py)


def page_address(r: Renderer, kind: str, record_id: str) -> str:
    """The record page's address (on its language's site): absolute under site_url, else relative to the site's root."""
    path = f"{SECTIONS[kind]}/{record_id}.html"
    return (r.options.site_url.rstrip("/") + "/" + _site_folder(r) + path) if r.options.site_url else path


def _site_folder(r: Renderer) -> str:
    """Where the site of the renderer's language is below the English one: '' or 'sq/'."""
    return "" if r.options.language == ORIGINAL else r.options.language + "/"


# ---------------------------------------------------------------- the two kinds


def _lessons(r: Renderer, items: list[str]) -> tuple[list[Section], int]:
    return [cut(worded(_marked(r, item)), _budget(r, ITEM)) for item in items[:LESSONS]], max(0, len(items) - LESSONS)


def _budget(r: Renderer, budget: int) -> int:
    """A text's budget in the renderer's language (English: as measured)."""
    return budget if r.options.language == ORIGINAL else budget * LANGUAGE_BUDGET // 100


def _source_line(r: Renderer, sources: list, record_language: str | None) -> str:
    first = sources[0]
    parts: list = []
    for part in (first.title, first.publisher, first.year, first.pages):
        if part:
            if parts:
                parts.append(", ")
            # The title in the source's language (else the record's), as the record's page marks it.
            parts.append(_marked(r, part, first.language or record_language) if part is first.title else str(part))
    more = (" " + r.words.ngettext("(and %(count)s more)", "(and %(count)s more)", len(sources) - 1)
            % {"count": len(sources) - 1}) if len(sources) > 1 else ""
    return worded(cut(worded(*parts), FOOTER_LINE - len(more)).text, more)


def _contact_lines(r: Renderer, contact, record_language: str | None) -> list[str]:
    """Who to contact, then the e-mail and web addresses, in FOOTER_LINE characters all together."""
    if not contact:
        return []
    lines = []
    gettext = r.words.gettext
    parts = []
    if contact.organisation and (name := r.entity_name(contact.organisation)):
        parts.append(name)
    if contact.role:
        parts.append(_marked(r, contact.role, record_language))  # no translation has it: the record's language
    who = _joined(parts, " — ")
    if who:
        lines.append(cut(who, LINE).text)
    if contact.email:
        address = contact.email.replace("@", " [at] ").replace(".", " [dot] ")
        lines.append(cut(gettext(EMAIL) % {"address": address}, 80).text)
    if contact.website:
        lines.append(cut(gettext(WEB) % {"address": contact.website}, 80).text)
    if who and len(" · ".join(lines)) > FOOTER_LINE:  # the name or role gives way to the addresses
        room = FOOTER_LINE - len(" · ".join(lines[1:])) - len(" · ") - len(" …")
        lines[0] = cut(lines[0], max(40, room)).text
    return lines


@functools.lru_cache(maxsize=None)
def _country(code: str) -> str:
    """A country's name, as its page calls it (Renderer.title_of): looked up once, not on each of 10,000 briefs."""
    return country_name(code.upper())


def _country_of(r: Renderer, code: str) -> str:
    return _country(code) if r.options.language == ORIGINAL else r.words.country(code.upper())


def _title(r: Renderer, kind: str, record_id: str) -> tuple[str, str | None]:
    """A record's title as this site calls it, with its language where that is not the brief's."""
    title = r.title_of(kind, record_id)
    if r.options.language == ORIGINAL:
        return title, None
    return _marked(r, title, _record_language(r, kind, record_id))


def _joined(parts: list, separator: str) -> str:
    return worded(*[piece for n, part in enumerate(parts) for piece in ((separator, part) if n else (part,))])


def _status(r: Renderer, status) -> str:
    if r.options.language == ORIGINAL:
        return str(getattr(status, "value", status)).replace("-", " ")
    return r.words.label(status).lower()


def _in_language(r: Renderer, record) -> tuple[object, str | None, str]:
    """(the record as this site shows it, the English description it translates or None, the record's language)."""
    if isinstance(record, LocalizedRecord):
        return record, record.original.body, getattr(record.original.model, "language", None) or ORIGINAL
    return record, None, getattr(record.model, "language", None) or ORIGINAL


def practice_brief(r: Renderer, practice_id: str, record) -> Brief:
    record, original_body, record_language = _in_language(r, record)
    p, catalog = record.model, r.catalog
    gettext = r.words.gettext
    problem, done, done_label = problem_and_done(record.body, original_body)
    body_language = r.foreign_language(record.body)  # a description left untranslated says its language
    runners = [r.entity_name(m) for m in p.municipalities] + [r.entity_name(o.ref) for o in p.organisations]
    countries = [_country_of(r, code) for code in catalog.practice_countries(practice_id)]
    places = ", ".join(runners) + (f" ({', '.join(countries)})" if countries else "")
    where = [(gettext(WHERE), cut(places, _budget(r, LINE)).text),
             (gettext(PERIOD), f"{r.words.period(p.period)} · {_status(r, p.status)}")]
    networks = [_title(r, "network", ref) for ref in p.network_ids() if ref in catalog.networks]
    if networks:
        where.append((gettext(NETWORK), cut(_joined(networks, "; "), _budget(r, LINE)).text))
    indicators = p.results.indicators if p.results else []
    figures, more = figures_of(r, indicators)
    lessons, more_lessons = _lessons(r, p.lessons)
    return _finish(r, record, Brief(
        kind="practice", record_id=practice_id, title=cut(worded(_marked(r, p.title)), _budget(r, TITLE)).text,
        lead=cut(worded(_marked(r, p.summary)), _budget(r, LEAD)), where=where,
        problem=cut(worded((problem, body_language)), _budget(r, PROBLEM)) if problem else None,
        done=cut(worded((done, body_language)), _budget(r, DONE)) if done else None,
        done_label=gettext(done_label), problem_label=gettext(THE_PROBLEM), figures=figures, more_figures=more,
        charts=_charts(r, indicators, f"brief-{practice_id}"), lessons=lessons, more_lessons=more_lessons,
        contact=_contact_lines(r, p.contact, record_language),
        source=_source_line(r, p.sources, record_language), last_verified=p.last_verified,
        address=page_address(r, "practice", practice_id)))


def results_brief(r: Renderer, results_id: str, record) -> Brief:
    record, _, record_language = _in_language(r, record)
    res, catalog = record.model, r.catalog
    gettext = r.words.gettext
    network = catalog.networks.get(res.network)
    countries = [_country_of(r, code) for code in catalog.network_countries(res.network)] if network else []
    where = [(gettext(NETWORK), cut(worded(_title(r, "network", res.network) if network else res.network), _budget(r, LINE)).text)]
    if countries:
        where.append((gettext(WHERE), cut(", ".join(countries), _budget(r, LINE)).text))
    where.append((gettext(EVALUATED_IN), str(res.year)))
    findings = [f for level in ("individual", "organisational", "community")
                for f in (getattr(res.findings, level) if res.findings else [])]
    method = [worded(gettext(METHOD) + " ", _marked(r, res.method))] if res.method else []
    done = _joined(method + [_marked(r, text) for text in (*findings, *res.success_factors) if text], " ")
    problem, problem_language = "", None
    if network:
        shown = r.localized("network", network)
        text = shown.model.description or shown.model.summary
        problem = plain_text(text)
        problem_language = r.foreign_language(text, _record_language(r, "network", res.network))
    figures, more = figures_of(r, res.indicators)
    lessons, more_lessons = _lessons(r, res.lessons or res.weaknesses)
    host = network.model.host if network else None
    contact = [cut(gettext(HOST) % {"name": r.entity_name(host)}, LINE).text] if host else []
    return _finish(r, record, Brief(
        kind="results", record_id=results_id, title=cut(worded(_marked(r, res.title)), _budget(r, TITLE)).text,
        lead=cut(worded(_marked(r, res.summary)), _budget(r, LEAD)), where=where,
        problem=cut(worded((problem, problem_language)), _budget(r, PROBLEM)) if problem else None,
        done=cut(done, _budget(r, DONE)) if done else None, done_label=gettext(WHAT_WAS_FOUND), problem_label=gettext(BACKGROUND),
        figures=figures, more_figures=more, charts=_charts(r, res.indicators, f"brief-{results_id}"), lessons=lessons,
        more_lessons=more_lessons, contact=contact, source=_source_line(r, res.sources, record_language),
        last_verified=res.last_verified, address=page_address(r, "results", results_id)))


def _charts(r: Renderer, indicators: list, prefix: str) -> list[Chart]:
    return r.env.globals["indicator_charts"](indicators, prefix)[:CHARTS] if indicators else []


def _finish(r: Renderer, record, brief: Brief) -> Brief:
    brief.qr = qr_modules(brief.address) if r.options.site_url else None
    sections = [brief.lead, brief.problem, brief.done, *brief.lessons]
    brief.cut = any(s and s.cut for s in sections) or bool(brief.more_figures or brief.more_lessons)
    brief.language = r.options.language
    iso = brief.last_verified.isoformat()
    brief.verified = iso if r.options.language == ORIGINAL else r.words.when(iso)
    if isinstance(record, LocalizedRecord):
        brief.translation = r.words.gettext(TRANSLATION_NOTES.get(record.status, TRANSLATION_NOTES["machine"]))
    return brief


# ---------------------------------------------------------------- render step


# The site's policy (overrides/main.html), with the hash of the brief's one <style>, its printed margins.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' '{style_hash}'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
       "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")
ROOT = "../../../"  # from briefs/<section>/<id>/index.html back to the docs root


def brief_address(r: Renderer, brief: Brief) -> str:
    """The brief's own published address (on its language's site), printed in its margin: absolute under site_url."""
    return (r.options.site_url or "").rstrip("/") + "/" + _site_folder(r) + brief.page_path


def brief_document(r: Renderer, brief: Brief, pdf: str | None, notice: str = "") -> str:
    """The brief as a complete HTML document with the site's policy, its own style sheet and margins.

    `notice`: on a language's brief of a translation, how it was translated and a link to the English brief."""
    own_address = brief_address(r, brief)
    site = _site_values(r)
    style = margin_style(site["url_css"] + css_string(own_address.removeprefix(site["url"])),  # as css_string(own_address)
                         brief.language)
    title = Markup(safe.attr(brief.title))
    lead = Markup(safe.attr(brief.lead.text))
    return site["template"].render(
        b=brief, language=brief.language, csp=CSP.format(style_hash=safe.csp_hash(style)), margin_style=style,
        site=site, canonical=own_address if r.options.site_url else None,
        title=title, lead=lead, address=Markup(safe.attr(brief.address)),
        heading=brief_html(brief.title) if getattr(brief.title, "spans", ()) else title,
        lead_text=brief_html(brief.lead.text) if getattr(brief.lead.text, "spans", ()) else lead,
        back=f"{ROOT}{SECTIONS[brief.kind]}/{brief.record_id}.html", pdf=pdf, brief_text=brief_html,
        notice=Markup(notice.rstrip("\n")),
        qr=qr_svg(brief.qr, r.words.gettext(QR_LABEL)) if brief.qr else None)


_SITE_VALUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # by renderer: its options


def _site_values(r: Renderer) -> dict:
    """What every brief of a build prints the same, escaped once (10,000 briefs print it 10,000 times)."""
    values = _SITE_VALUES.get(r)
    if values is None:
        url = (r.options.site_url or "").rstrip("/") + "/"
        values = _SITE_VALUES[r] = {
            "template": r.env.get_template("brief.html.j2"), "url": url, "url_css": css_string(url),
            "name": Markup(safe.attr(r.words.gettext(r.options.site_name))),  # the shipped name is in the catalogue
            "card_image": Markup(safe.attr(url + "assets/images/portal-card.png")),
            **{key: Markup(safe.html_url(ROOT + path)) for key, path in (
                ("favicon", "assets/images/favicon.png"), ("style_sheet", "assets/brief.css"),
                ("home", "index.html"), ("accessibility", "accessibility.html"))}}
    return values


@step(per_item=True)
def briefs(r: Renderer) -> None:
    from .brief_pdf import brief_pdf

    # In another language, the records translated into it, as it shows them (languages.py: TRANSLATED).
    items = [("practice", pid, rec) for pid, rec in r.records("practice")]
    items += [("results", rid, rec) for rid, rec in r.records("results")]
    for kind, record_id, record in r.share(items):
        brief = (practice_brief if kind == "practice" else results_brief)(r, record_id, record)
        pdf = None
        if has_pdf(brief):
            r.output.add(brief.pdf_path, brief_pdf(brief))
            pdf = ROOT + brief.pdf_path
        notice = ""
        if r.notices is not None and isinstance(record, LocalizedRecord):
            site = (r.options.site_url or "").rstrip("/")
            notice = r.notices.record(record, "../" + ROOT + brief.page_path,  # the English brief, one folder up
                                      f"{site}/{brief.page_path}" if site else "")
        r.output.add(brief.page_path, brief_document(r, brief, pdf, notice))


def has_pdf(brief: Brief) -> bool:
    """A PDF download for results files and practices with key figures; any brief prints from its page.

    fpdf2 takes about 100 ms of CPU a brief (its fonts cut down and embedded for each file, every
    line measured: benchmarks/briefs.py), some 15 minutes at 10,000 practices: written for the
    briefs a board compares figures from, the others print as a PDF from the browser on one page.
    """
    return brief.kind == "results" or bool(brief.figures)
