"""The cleaner on hand-written scrapes (the bundled samples and small inline cases)."""

from faultline.ingest.clean import HEADLINE_REASON, clean
from faultline.records import Article, Author, RawDoc, Rejection

from tests.conftest import SAMPLES


def _clean(text: str, **meta: object) -> Article:
    result = clean(RawDoc("inline.txt", text, meta=dict(meta)))
    assert isinstance(result, Article), result
    return result


def _reasons(article: Article) -> list[tuple[str, str]]:
    return [(r.reason, r.text[:40]) for r in article.removed]


def test_wrapped_scrape_with_glued_header() -> None:
    article = _clean((SAMPLES / "001_staging_area_wrapped.txt").read_text(encoding="utf-8"))
    assert article.title == "Russian Units Keep Arriving in Belarus Ahead of Drills"
    assert article.subtitle == (
        "Russian units keep arriving in Belarus ahead of the February drills, and Minsk says they will leave afterwards."
    )
    assert article.url == (
        "https://www.easternflankreview.example/2022/02/03/russian-units-keep-arriving-in-belarus-ahead-of-drills-a10442"
    )
    assert article.related_urls == ["https://www.easternflankreview.example/2022/01/30/baltic-states-ask-nato-for-more-air-defence"]
    assert (article.published, article.published_from) == ("2022-02-03", "url")
    assert article.outlet == "Eastern Flank Review"
    assert article.syndicated_from == "Vilnius Wire"
    assert article.authors == []
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("Trains carrying Russian armour")
    assert article.paragraphs[-1].endswith("were used for an attack on Ukraine.")
    assert [r.reason for r in article.removed] == [
        "subtitle (metadata)",
        "image caption",
        "related-article insert",
        "syndication note",
        "disclaimer",
        "url label",
        "url (metadata)",
        "url (metadata)",
    ]


def test_wrapped_analysis_with_dateline_byline_and_closed_comments() -> None:
    article = _clean((SAMPLES / "005_costs_wrapped.txt").read_text(encoding="utf-8"))
    assert (article.title, article.outlet) == ("What a Belarusian Front Would Cost Moscow and Minsk", "Baltic Policy Review")
    assert article.authors == [Author("Ona Petraityte", "Baltic Policy Review")]
    assert (article.published, article.published_from) == ("2022-02-16", "dateline")
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("VILNIUS, Feb. 16, 2022 (Baltic Policy Review) - As the joint drills")
    assert article.paragraphs[-1] == 'If the drills are extended beyond Feb. 20, one diplomat said, "we will know the troops are not going home."'
    assert [r.reason for r in article.removed] == [
        "title (metadata)",
        "subtitle (metadata)",
        "byline (metadata)",
        "image caption (repeated)",
        "image caption (repeated)",
        "related-article insert",
        "comments",
        "newsletter promotion",
    ]


def test_page_scrape_with_captions_duplicated_lead_bio_and_teasers() -> None:
    article = _clean((SAMPLES / "002_leverage_page.txt").read_text(encoding="utf-8"))
    assert article.title == "Why Moscow Wants Its Troops to Stay in Belarus"
    assert article.subtitle == "A permanent presence would give the Kremlin leverage without the costs of a war."
    assert article.authors == [Author("Marta Kowalska", "Eastern Security Institute")]
    assert article.outlet == "Eastern Flank Review"
    assert article.published == ""  # nothing in the text dates it: never invented
    assert len(article.paragraphs) == 4
    assert article.text.count("For months, Western governments") == 1
    assert "for months. Moscow could present" in article.text  # missing space repaired
    reasons = [r.reason for r in article.removed]
    assert reasons.count("image caption (repeated)") == 2
    assert reasons.count("repeated paragraph") == 1
    assert reasons.count("teaser list") == 5
    assert "author bio (metadata)" in reasons and "byline (metadata)" in reasons
    assert not any("Join the Conversation" in p or "Baltic Ports" in p for p in article.paragraphs)


def test_boilerplate_inserts_and_headline_teasers_leave_with_reasons() -> None:
    body = "\n\n".join(
        [
            "Officials in Kyiv said on Monday that the border was calm, and that no new units had been seen.",
            "Advertisement",
            "Read also: Ukraine asks partners for more air defence",
            "PRESIDENT WARNS OF CONSEQUENCES AS TALKS STALL",
            "The foreign ministry added that talks with Minsk would continue next week in Geneva.",
            "Partners promise new aid package for the winter months ahead",
            "The ministry did not say who would attend the talks or what would be on the agenda.",
            "Photo: Defence Ministry press service",
        ]
    )
    article = _clean(body, title="Border calm, Kyiv says")
    assert article.paragraphs == [
        "Officials in Kyiv said on Monday that the border was calm, and that no new units had been seen.",
        "The foreign ministry added that talks with Minsk would continue next week in Geneva.",
        "The ministry did not say who would attend the talks or what would be on the agenda.",
    ]
    assert _reasons(article) == [
        ("advertisement", "Advertisement"),
        ("related-article insert", "Read also: Ukraine asks partners for mor"),
        (HEADLINE_REASON, "PRESIDENT WARNS OF CONSEQUENCES AS TALKS"),
        (HEADLINE_REASON, "Partners promise new aid package for the"),
        ("image caption", "Photo: Defence Ministry press service"),
    ]


def test_lists_and_headings_inside_official_texts_stay() -> None:
    body = "The following persons were designated today:\n\nIvan Petrov, deputy minister of defence\n\nOleg Sidorov, head of the regional administration\n\nBoth are subject to the freeze of assets."
    article = _clean(body, title="Designations")
    assert len(article.paragraphs) == 4


def test_dateline_dates_the_article_and_marks_wire_copies() -> None:
    article = _clean(
        "MINSK, 4 February 2022 (BelTA) – The defence ministry said the drills would end as planned on Feb. 20.",
        outlet="Baltic Ledger",
        title="Drills to end as planned",
    )
    assert (article.published, article.published_from) == ("2022-02-04", "dateline")
    assert article.syndicated_from == "BelTA"


def test_metadata_from_the_container_wins_and_a_repeated_title_leaves() -> None:
    article = _clean(
        "Talks resume in Geneva\n\nDelegations from both sides met on Tuesday for a first round of talks.",
        title="  Talks resume\n\t in Geneva ",
        published="Aug. 1, 2022",
        url="https://www.vilniuswire.example/news/talks",
        authors="Anna Smith; Jan Kowalski",
    )
    assert article.title == "Talks resume in Geneva"
    assert (article.published, article.published_from) == ("2022-08-01", "meta")
    assert article.authors == [Author("Anna Smith"), Author("Jan Kowalski")]
    assert article.removed[0].reason == "title (metadata)"
    assert article.paragraphs == ["Delegations from both sides met on Tuesday for a first round of talks."]


def test_pages_that_are_not_articles_are_rejected_with_the_reason() -> None:
    index = clean(RawDoc("i.jsonl:3", "A\n\nB\n\nNo posts could be found that matched the specified criteria.\n\nC", meta={"title": "Search"}))
    assert index == Rejection("i.jsonl:3", "not-article/index-page", '"no posts could be found"')
    site = clean(
        RawDoc(
            "s.jsonl:1",
            "Our Mission\n\nThe office serves as the principal adviser to the Secretary on management.",
            meta={"title": "$100 Million in Additional Military Assistance for Ukraine"},
        )
    )
    assert isinstance(site, Rejection) and site.reason == "not-article/site-page"
    # the marker phrase inside a real sentence does not reject the article
    prose = _clean("Investigators said no results were found in the first search of the site, and they would go on.", title="Search goes on")
    assert prose.paragraphs[0].startswith("Investigators said")


def test_only_boilerplate_is_rejected_as_no_text() -> None:
    result = clean(RawDoc("b.txt", "Advertisement\n\nJoin the Conversation\n\nNot your account?"))
    assert result == Rejection("b.txt", "no-text", "nothing left after removing boilerplate")


def test_upper_case_teasers_count_letters_only() -> None:
    lede = "Officials in Kyiv said on Monday that the border was calm, and that no new units had been seen."
    body = "\n\n".join([lede, "КИЇВ ЗАКЛИКАЄ ПАРТНЕРІВ: ЗАХИСТ НЕБА ЗАРАЗ (VIDEO REPORT FROM THE BORDER)",
                       "Chapter Ⅻ of the accord: Ⓐ Ⓑ Ⓒ Ⓓ Ⓔ Ⓕ Ⓖ Ⓗ Ⓘ Ⓙ Ⓚ Ⓛ Ⓜ Ⓝ Ⓞ Ⓟ Ⓠ Ⓡ Ⓢ Ⓣ Ⓤ Ⓥ Ⓦ", lede.replace("Monday", "Tuesday")])
    article = _clean(body, title="Border calm, Kyiv says")
    # a Cyrillic capitals teaser with its Latin words goes; circled capitals are no letters: it stays
    assert _reasons(article) == [(HEADLINE_REASON, "КИЇВ ЗАКЛИКАЄ ПАРТНЕРІВ: ЗАХИСТ НЕБА ЗАР")]
    assert article.paragraphs[1].startswith("Chapter Ⅻ of the accord")
