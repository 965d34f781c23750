"""safe.py: addresses, front matter and contributed classes, each escaped for where it lands."""

from __future__ import annotations

import yaml

from generator.render import safe


def test_only_web_mail_and_relative_addresses_become_links() -> None:
    for bad in ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x",
                "//evil.example/x", "\\\\evil.example", "https://", "file:///etc/passwd"]:
        assert safe.md_url(bad) == "" and safe.html_url(bad) == "", bad
    assert safe.md_url("../practices/a.md") == "../practices/a.md"
    assert safe.md_url("../practices/a.md", relative=False) == ""
    assert safe.md_url("mailto:someone@a.example") == "mailto:someone@a.example"


def test_an_address_cannot_close_its_link_or_add_attributes() -> None:
    url = "https://a.example/x){onclick=alert(1)} \"t\" 'u' <b> [c] `d` |e \\f"
    encoded = safe.md_url(url)
    assert encoded.startswith("https://a.example/x%29%7Bonclick=alert%281%29%7D")
    assert not set(encoded) & set("(){}<>[]\"'` |\\")
    # An entity would be decoded by the browser: javascript&colon; must stay a relative path.
    assert safe.md_url("javascript&colon;alert(1)").startswith("javascript&amp;colon;")
    assert safe.html_url("https://a.example/?a=1&b=2") == "https://a.example/?a=1&amp;b=2"


def test_front_matter_text_stays_one_value() -> None:
    text = 'x"\n---\ntitle: injected \x7f\u2028\ufeff <b>'
    loaded = yaml.safe_load("description: " + safe.yaml_string(text))
    assert list(loaded) == ["description"]
    assert loaded["description"].startswith("x&quot; --- title: injected")


def test_contributed_classes_only_from_the_converters() -> None:
    cleaned = safe.clean_html(
        '<div class="md-dialog md-dialog--active admonition note">a</div>'
        '<p class="portal-edit admonition-title">b</p><code class="language-python md-x">c</code>'
        '<span class="k md-typeset">d</span><img src="https://evil.example/t.png"><img src="maps/a.png">')
    assert 'class="admonition note"' in cleaned and 'class="admonition-title"' in cleaned
    assert 'class="language-python"' in cleaned and 'class="k"' in cleaned
    assert "md-" not in cleaned and "portal-" not in cleaned
    assert "evil.example" not in cleaned and 'src="maps/a.png"' in cleaned


def test_a_figures_unbreakable_space_is_kept_and_every_other_run_of_space_is_one() -> None:
    """'11 000' with its narrow no-break space (English) or '4 000' with CLDR's (Albanian) stays one word in
    a table cell or a sentence, so a phone never wraps it; line breaks still cannot start new Markdown."""
    text = "Baseline\n\n# not a heading  11\u202f000\tor 4\u00a0000 *EUR*\r\n"
    assert safe.md_text(text) == "Baseline \\# not a heading 11\u202f000 or 4\u00a0000 \\*EUR\\*"
    assert safe.md_cell(" 12\u00a0345 | x ") == "12\u00a0345 \\| x"
    assert safe.attr("\u00a0a\u202fb\n<c>") == "a\u202fb &lt;c&gt;"
    assert safe.md_text("plain  words\n") == "plain words"
