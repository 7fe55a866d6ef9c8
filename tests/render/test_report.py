"""The report renderer: formats, files, and HTML / Markdown that stay inert whatever the articles say."""

from __future__ import annotations

import json
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from faultline.errors import InputError
from faultline.render import FORMATS, format_for, render, write_report
from tests.render.fixture import (
    S1,
    S2,
    S3,
    S4,
    S5,
    SPAN1,
    SPAN2,
    SPAN3,
    SPAN4,
    SPAN5,
    report,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Tags that load, run or submit something: none may appear in a report.
ACTIVE = {"script", "link", "img", "iframe", "object", "embed", "base", "form", "audio", "video", "source", "frame", "style-src"}
ANCHORS = {"art:1#s0": "s-art-1-s0", "art:1#s1": "s-art-1-s1", "art-2.s1": "s-art-2-s1", "art-2.s2": "s-art-2-s2", "art-2.s3": "s-art-2-s3"}
SPANS = {
    "s-art-1-s0": (S1, SPAN1),
    "s-art-1-s1": (S5, SPAN5),
    "s-art-2-s1": (S2, SPAN2),
    "s-art-2-s2": (S3, SPAN3),
    "s-art-2-s3": (S4, SPAN4),
}


class Page(HTMLParser):
    """Collects what the tests check: tags, attributes, ids, links, marked text per sentence, nesting errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.marks: dict[str, list[str]] = {}
        self.sentence: str | None = None
        self.in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
        found = dict(attrs)
        if tag == "li" and found.get("id"):
            self.sentence = found["id"]
            self.marks[self.sentence] = []
        if tag == "mark":
            self.in_mark = True
            if self.sentence:
                self.marks[self.sentence].append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value))
            if name == "id":
                self.ids.append(value or "")
            if name == "href":
                self.hrefs.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "li":
            self.sentence = None
        if tag == "mark":
            self.in_mark = False

    def handle_data(self, data: str) -> None:
        if self.in_mark and self.sentence:
            self.marks[self.sentence][-1] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return render(report(), "html")


@pytest.fixture(scope="module")
def md() -> str:
    return render(report(), "md")


def section(html: str, index: int) -> str:
    """The HTML of assessment ``index`` (1-based)."""
    start = html.index(f'<section class="assessment" id="a-{index}">')
    end = html.find('<section class="assessment"', start + 1)
    return html[start : end if end > 0 else html.index('<section class="appendix"')]


# --- HTML: inert, offline, internally linked ----------------------------------------------------------


def test_html_never_contains_a_script_tag_and_shows_the_escaped_one(html: str) -> None:
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;troops&lt;/i&gt;" in html  # a claim's markup is text too


def test_html_loads_nothing_and_links_only_inside_itself(html: str) -> None:
    # The quote is inside the lookahead: with `["']?(?!#)` the regex backtracks past an optional quote
    # and matches every href="#...".
    assert re.findall(r"(?i)(src|href)\s*=\s*(?![\"']?#)", html) == []
    assert re.findall(r"(?i)(?:src|href)\s*=\s*[\"']?\s*https?://", html) == []
    assert "url(" not in html and "@import" not in html.lower()
    page = parse(html)
    assert not ACTIVE & set(page.tags)
    assert [(t, n, v) for t, n, v in page.attrs if n in {"src", "href", "action", "formaction", "srcset", "xlink:href"} and not (v or "").startswith("#")] == []
    assert [(t, n) for t, n, _ in page.attrs if n.startswith("on")] == []


def test_article_urls_are_text_not_links(html: str) -> None:
    assert '<span class="url">javascript:alert(1)</span>' in html
    assert '<span class="url">https://example.org/x</span>' in html
    assert html.count("javascript:") == 1
    assert html.count("https://") == 1


def test_html_tags_are_balanced(html: str) -> None:
    page = parse(html)
    assert page.errors == []
    assert page.stack == []
    assert page.tags.count("table") == html.count("</table>") == 13
    assert page.tags.count("section") == html.count("</section>")


def test_every_link_has_exactly_one_target(html: str) -> None:
    page = parse(html)
    assert len(page.ids) == len(set(page.ids))
    assert sorted({h[1:] for h in page.hrefs} - set(page.ids)) == []
    assert {f"#{a}" for a in ANCHORS.values()} <= set(page.hrefs)


def test_evidence_links_to_the_sentence_of_its_span(html: str) -> None:
    for e in report()["assessments"][0]["evidence"]:
        assert f'href="#{ANCHORS[e["sentence_id"]]}">{escape(e["quote"])}</a>' in html


def test_mark_wraps_exactly_the_quoted_span(html: str) -> None:
    page = parse(html)
    assert page.marks == {anchor: [text[start:end]] for anchor, (text, (start, end)) in SPANS.items()}
    text, (start, end) = SPANS["s-art-1-s0"]
    assert f'<li id="s-art-1-s0">{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}</li>' in html


def test_links_to_sentences_not_in_the_appendix_stay_text(html: str) -> None:
    first = section(html, 1)
    assert '<span class="quote">Sanctions | were imposed</span>' in first
    assert '<a href="#s-art-2-s3">ev-3</a>, ev-gone</td>' in first
    assert "Named but not in this report: ev-404" in first


def test_sections_come_in_the_contract_order(html: str) -> None:
    first = section(html, 1)
    order = ["judgment", "estimates", "factors", "conflicts", "timeline", "trajectory", "ach", "sources", "left-out"]
    positions = [first.index(f'<section class="{name}">') for name in order]
    assert positions == sorted(positions)
    assert html.index('<section class="assessment" id="a-2">') < html.index('<section class="appendix" id="cited-articles">')


def test_second_assessment_has_no_chart_ach_estimates_or_timeline(html: str) -> None:
    second = section(html, 2)
    for name in ("estimates", "conflicts", "timeline", "trajectory", "ach"):
        assert f'<section class="{name}">' not in second
    assert "<svg" not in second
    assert html.count("<svg") == 1
    assert '<p class="none">No sources.</p>' in second
    assert '<p class="none">Nothing was left out.</p>' in second


def test_judgment_states_likelihood_and_confidence_apart(html: str) -> None:
    first, second = section(html, 1), section(html, 2)
    assert "<dt>Likelihood</dt><dd><strong>likely</strong>, 62% (interval 50-75%)</dd>" in first
    assert "<dt>Confidence</dt><dd><strong>moderate</strong>: two outlets &amp; one official agree</dd>" in first
    assert "<dt>Model alone</dt><dd>66%, before the stated estimates below were blended in</dd>" in first
    assert "<dt>Confidence</dt><dd><strong>low</strong></dd>" in second
    assert "<dt>Missing factors</dt><dd>No military resistance</dd>" in second
    assert "<dt>Capped</dt>" in second and "<dt>Capped</dt>" not in first


def test_factor_rows_carry_score_interval_and_weights(html: str) -> None:
    first = section(html, 1)
    assert (
        '<td class="status">contested</td>\n<td class="num">62% (50-75%)</td>\n<td class="num">0.00</td>\n<td class="num">0.90</td>'
        in first
    )
    assert "<caption>Evidence for Low costs (2)</caption>" in first
    assert '<p class="none">No evidence for this factor.</p>' in first


def test_evidence_row_shows_grade_analyst_and_rejection(html: str) -> None:
    first = section(html, 1)
    assert "re-rated by J. Analyst (2026-11-20T10:00:00Z): weight halved: &lt;b&gt;opinion&lt;/b&gt;" in first
    assert '<tr class="rejected">\n<td>+ supports <em>(rejected)</em></td>' in first
    assert '<abbr title="reliability C, credibility 4">C4</abbr>' not in first  # ev-2 is an estimate, shown there
    assert "<td>very unlikely</td><td>5-20%</td>" in first
    assert '<abbr title="reliability B, credibility 3">B3</abbr>' in first


def test_evidence_named_by_no_factor_is_listed_not_dropped(html: str) -> None:
    second = section(html, 2)
    assert "Other evidence (1), not tied to a factor, estimate or hypothesis above" in second
    assert 'href="#s-art-1-s1">The garrison at Vorsk was reinforced' in second
    assert "Other evidence" not in section(html, 1)  # ev-4 is an ACH item there


def test_ach_matrix(html: str) -> None:
    first = section(html, 1)
    assert '<th scope="col" class="leading">H2: Gray zone <small>(leading)</small></th>' in first
    assert '<tr class="linchpin">\n<td><strong>Linchpin:</strong> <a class="quote" href="#s-art-2-s2">' in first
    assert '<td class="r-C">C</td>\n<td class="r-CC">CC</td>\n<td class="r-II">II</td>' in first
    assert '<td class="num">0.00</td>\n<td class="num leading">0.00</td>\n<td class="num">2.50</td>' in first
    assert "Leading: <strong>Gray zone</strong>" in first


def test_trajectory_chart_and_steps(html: str) -> None:
    first = section(html, 1)
    assert first.count('<circle class="step"') == 3
    assert "<td>2026-11-05</td>\n<td class=\"num\">55%</td>\n<td class=\"num\">45-65%</td>" in first
    assert '<a href="#s-art-1-s0">ev-1</a>, <a href="#s-art-2-s2">ev-4</a>' in first


def test_every_table_has_a_caption(html: str) -> None:
    assert html.count("<table") == html.count("<caption>")


# --- Markdown ----------------------------------------------------------------------------------------


def test_markdown_escapes_the_script_and_all_markup(md: str) -> None:
    assert "<script" not in md.lower()
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "&lt;i&gt;troops&lt;/i&gt;" in md
    tags = set(re.findall(r"</?[A-Za-z][^>]*>", md))
    assert tags == {"<mark>", "</mark>", "</a>"} | {f'<a id="{a}">' for a in [*ANCHORS.values(), "a-1", "a-2", "cited-articles"]}


def test_markdown_links_are_internal_and_urls_are_code(md: str) -> None:
    assert {target[0] for target in re.findall(r"\]\(([^)]*)\)", md)} == {"#"}
    assert "`javascript:alert(1)`" in md
    assert "`https://example.org/x`" in md
    assert md.count("https://") == 1


def test_markdown_tables_keep_their_columns(md: str) -> None:
    assert "| — | SANCTION | USA → LNV | — | asserted | Sanctions \\| were imposed |" in md
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert all(line.endswith("|") for line in rows)


def test_markdown_states_judgment_and_marks_spans(md: str) -> None:
    assert "- **Likelihood:** likely, 62% (interval 50-75%)\n- **Confidence:** moderate: two outlets &amp; one official agree\n" in md
    assert "- <a id=\"s-art-2-s3\"></a>Analysts warned that sanctions would make an incursion <mark>costly</mark>.\n" in md
    assert "[ev-3](#s-art-2-s3), ev-gone |" in md


# --- JSON, formats, files ----------------------------------------------------------------------------


def test_json_round_trips() -> None:
    data = report()
    text = render(data, "json")
    assert json.loads(text) == data
    assert text.endswith("}\n")
    assert "<script>alert(1)</script>" in text  # JSON is data, not a page: the text is kept as it was


@pytest.mark.parametrize(
    ("path", "fmt", "expected"),
    [
        ("r.html", None, "html"),
        ("r.HTM", None, "html"),
        ("out/r.md", None, "md"),
        ("r.markdown", None, "md"),
        ("r.json", None, "json"),
        ("r.html", "json", "json"),  # an explicit format wins over the suffix
        ("report", "Markdown", "md"),
        ("report", ".htm", "html"),
    ],
)
def test_format_for(path: str, fmt: str | None, expected: str) -> None:
    assert format_for(Path(path), fmt) == expected
    assert expected in FORMATS


def test_format_for_unknown_suffix_names_the_fix() -> None:
    with pytest.raises(InputError) as err:
        format_for(Path("out/report.pdf"), None)
    assert str(err.value) == "cannot tell the report format from the file name 'report.pdf' (end it in .html, .md or .json, or give the format (html, md, json))"
    assert err.value.exit_code == 2


def test_format_for_unknown_format_names_the_fix() -> None:
    with pytest.raises(InputError, match=r"^unknown report format 'pdf' \(use one of html, md, json\)$"):
        format_for(Path("r.html"), "pdf")
    with pytest.raises(InputError):
        render(report(), "pdf")


def test_write_report_creates_dirs_and_leaves_no_temp_file(tmp_path: Path) -> None:
    data = report()
    target = tmp_path / "deep" / "er" / "report.html"
    assert write_report(data, target) == target
    assert target.read_text(encoding="utf-8") == render(data, "html")
    written = write_report(data, target, "json")  # replaces the file in place
    assert json.loads(written.read_text(encoding="utf-8")) == data
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]


def test_write_report_gives_the_mode_of_a_plain_write(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("x", encoding="utf-8")
    written = write_report(report(), tmp_path / "report.md")
    assert stat.S_IMODE(written.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    written.chmod(0o640)
    assert stat.S_IMODE(write_report(report(), written).stat().st_mode) == 0o640  # an existing file keeps its mode


def test_write_report_rejects_unknown_suffix_before_writing(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_report(report(), tmp_path / "new" / "report.txt")
    assert not (tmp_path / "new").exists()


def test_empty_report_renders() -> None:
    empty = {"title": "Nothing yet", "generated_at": "2026-11-21T13:00:00Z", "store": ":memory:", "assessments": [], "articles": []}
    html = render(empty, "html")
    assert "<h1>Nothing yet</h1>" in html and '<p class="none">No articles are cited.</p>' in html
    assert parse(html).errors == []
    assert "No articles are cited." in render(empty, "md")


def test_sentence_ids_that_sanitise_alike_get_distinct_anchors() -> None:
    data = report()
    article = data["articles"][1]
    article["sentences"].append({"id": "art-2:s1", "text": "Another one.", "marks": [[0, 7]]})  # sanitises like art-2.s1
    data["assessments"][1]["evidence"][1].update(sentence_id="art-2:s1", quote="Another one.")
    html = render(data, "html")
    page = parse(html)
    assert len(page.ids) == len(set(page.ids))
    assert '<li id="s-art-2-s1-2"><mark>Another</mark> one.</li>' in html
    assert 'href="#s-art-2-s1-2">Another one.</a>' in html


def test_megabyte_article_renders() -> None:
    data = report()
    big = ("war & <peace> " * 80_000).strip()
    data["articles"][0]["sentences"][0]["text"] = big
    data["articles"][0]["sentences"][0]["marks"] = [[4, 5], [0, 3]]
    html = render(data, "html")
    assert "<li id=\"s-art-1-s0\"><mark>war</mark> <mark>&amp;</mark> &lt;peace&gt; war" in html
    assert "<peace>" not in html and "<peace>" not in render(data, "md")
