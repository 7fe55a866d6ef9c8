import pytest

from faultline.ingest import metadata as md
from faultline.records import Author


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-06-24T17:30:00Z", "2022-06-24"),
        ("Aug. 1, 2022", "2022-08-01"),
        ("March 27, 2022", "2022-03-27"),
        ("Sept. 9, 2021", "2021-09-09"),
        ("1 March 2022", "2022-03-01"),
        ("20220125T090000Z", "2022-01-25"),
        ("2022-02-30", ""),
        ("", ""),
        ("sometime soon", ""),
    ],
)
def test_parse_date(value: str, expected: str) -> None:
    assert md.parse_date(value) == expected


def test_date_from_url() -> None:
    assert md.date_from_url("https://www.example.com/2022/02/15/a-slug-a76386") == "2022-02-15"
    assert md.date_from_url("https://example.com/news/2022-01-30-slug") == "2022-01-30"
    assert md.date_from_url("https://example.com/news/12345") == ""


def test_title_from_url_drops_ids_and_hyphenates_geopolitical_pairs() -> None:
    url = "https://www.themoscowtimes.com/2022/02/15/where-does-belarus-stand-in-the-russia-west-standoff-a76386"
    assert md.title_from_url(url) == "Where Does Belarus Stand in the Russia-West Standoff"
    assert md.title_from_url("https://x.org/news/us-china-talks-resume-in-geneva.html") == "US-China Talks Resume in Geneva"
    assert md.title_from_url("https://x.org/why-russia-needs-us-now") == "Why Russia Needs Us Now"
    assert md.title_from_url("https://x.org/commentary/86430") == ""
    assert md.title_from_url("") == ""


def test_outlets_from_urls_and_names() -> None:
    assert md.outlet_from_url("https://www.themoscowtimes.com/2022/02/15/x") == "The Moscow Times"
    assert md.outlet_from_url("http://en.kremlin.ru/events/president/news/68700") == "President of Russia (kremlin.ru)"
    assert md.outlet_from_url("https://unknown.example/a") == ""
    assert md.canonical_outlet("Moscow Times.") == "The Moscow Times"
    assert md.canonical_outlet("Carnegie Moscow Center") == "Carnegie Moscow Center"
    assert md.canonical_outlet("Some Blog") == "Some Blog"


def test_bylines() -> None:
    empty = md.parse_byline("By , a senior analyst at the Newlines Institute.")
    assert empty is not None and empty.empty and empty.affiliation == "Newlines Institute"
    two = md.parse_byline("By Anna Smith and Jan Kowalski")
    assert two is not None and two.authors == [Author("Anna Smith"), Author("Jan Kowalski")]
    assert md.parse_byline("By contrast, the army stayed home.") is None
    assert md.parse_byline("Troops moved in.") is None


def test_bios_need_a_role_word() -> None:
    bio = "Eugene Chausovsky is a senior analyst at the Newlines Institute. He wrote this."
    assert md.parse_bio(bio) == Author("Eugene Chausovsky", "Newlines Institute")
    assert md.parse_bio("Alexander Lukashenko is the president of Belarus.") is None
    assert md.parse_bio("The army is a tool of the state.") is None
