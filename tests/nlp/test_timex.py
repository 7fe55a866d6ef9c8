"""Time expressions: the grammar, year inference against the anchor, the anchor itself, the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultline.nlp.sentences import split_sentences
from faultline.nlp.timex import calendar_spans, choose_anchor, find_times
from faultline.records import TimeExpr

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ANCHOR = "2022-02-15"  # a Tuesday


def _times(text: str, anchor: str = ANCHOR, inferred: bool = False) -> list[TimeExpr]:
    return find_times("doc", text, split_sentences("doc", text), anchor, inferred)


def _values(text: str, anchor: str = ANCHOR, inferred: bool = False) -> list[tuple[str, str, str, str, bool]]:
    return [(t.text, t.value_start, t.value_end, t.granularity, t.year_inferred) for t in _times(text, anchor, inferred)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute dates
        ("Putin received Lukashenko in Sochi on Sept. 9, 2021.", ("Sept. 9, 2021", "2021-09-09", "2021-09-09", "day", False)),
        ("The talks opened on 4 February 2022 in Geneva.", ("4 February 2022", "2022-02-04", "2022-02-04", "day", False)),
        ("The deal was signed on Monday, Jan. 17, 2022.", ("Monday, Jan. 17, 2022", "2022-01-17", "2022-01-17", "day", False)),
        ("The ministry published it on 2022-02-04.", ("2022-02-04", "2022-02-04", "2022-02-04", "day", False)),
        ("Sanctions followed the crackdown in 2020.", ("2020", "2020-01-01", "2020-12-31", "year", False)),
        ("He never recovered from the strikes of 2020.", ("2020", "2020-01-01", "2020-12-31", "year", False)),
        ("Until 2020, Minsk balanced between the blocs.", ("2020", "2020-01-01", "2020-12-31", "year", False)),
        ("Gas deliveries fell in March 2022.", ("March 2022", "2022-03-01", "2022-03-31", "month", False)),
        ("The base was built in the 1990s.", ("the 1990s", "1990-01-01", "1999-12-31", "decade", False)),
        ("The offensive is expected in early 2023.", ("early 2023", "2023-01-01", "2023-04-30", "part-of-year", False)),
        ("Troops massed there in the summer of 2021.", ("summer of 2021", "2021-06-01", "2021-08-31", "season", False)),
        # yearless dates: nearest year to the anchor
        ("Armoured columns crossed the border on Jan. 28.", ("Jan. 28", "2022-01-28", "2022-01-28", "day", True)),
        ("The envoy arrived in Minsk on February 4.", ("February 4", "2022-02-04", "2022-02-04", "day", True)),
        ("Warships entered the port on 12 December.", ("12 December", "2021-12-12", "2021-12-12", "day", True)),
        # direction cues
        ("The minister had floated the idea back at the beginning of December.",
         ("the beginning of December", "2021-12-01", "2021-12-10", "part-of-month", True)),
        ("Since the middle of January, convoys have moved west.",
         ("Since the middle of January", "2022-01-11", "2022-02-15", "interval", True)),
        ("Naval drills are planned for March.", ("March", "2022-03-01", "2022-03-31", "month", True)),
        ("The summit is planned for December.", ("December", "2022-12-01", "2022-12-31", "month", True)),
        ("Riot police were deployed last December.", ("last December", "2021-12-01", "2021-12-31", "month", True)),
        ("Protests have continued since last December.", ("since last December", "2021-12-01", "2022-02-15", "interval", True)),
        ("Air-defence units trained for ten days from Feb. 10, officials said.",
         ("for ten days from Feb. 10", "2022-02-10", "2022-02-19", "interval", True)),
        ("Exercises will run from March 1 for two weeks.", ("from March 1 for two weeks", "2022-03-01", "2022-03-14", "interval", True)),
        ("Talks are scheduled between Feb. 20 and Feb. 22.", ("between Feb. 20 and Feb. 22", "2022-02-20", "2022-02-22", "interval", True)),
        ("The drills lasted from 2014 to 2016.", ("from 2014 to 2016", "2014-01-01", "2016-12-31", "interval", False)),
        ("The mission ran Feb. 1-12 near the border.", ("Feb. 1-12", "2022-02-01", "2022-02-12", "interval", True)),
        ("The drills ended in mid-January.", ("mid-January", "2022-01-11", "2022-01-20", "part-of-month", True)),
        ("Prices were the same in April last year.", ("April last year", "2021-04-01", "2021-04-30", "month", True)),
        # relative to the moment of writing
        ("Strikes in Almaty this month shocked the region.", ("this month", "2022-02-01", "2022-02-28", "month", True)),
        ("The foreign minister spoke on Friday.", ("Friday", "2022-02-11", "2022-02-11", "day", True)),
        ("The foreign minister spoke on Tuesday.", ("Tuesday", "2022-02-15", "2022-02-15", "day", True)),
        ("The chancellor will travel to Kyiv on Friday.", ("Friday", "2022-02-18", "2022-02-18", "day", True)),
        ("Opposition leaders were detained last year.", ("last year", "2021-01-01", "2021-12-31", "year", True)),
        ("The convoy was first seen last week.", ("last week", "2022-02-07", "2022-02-13", "week", True)),
        ("The vote takes place next month.", ("next month", "2022-03-01", "2022-03-31", "month", True)),
        ("Three drones were downed yesterday.", ("yesterday", "2022-02-14", "2022-02-14", "day", True)),
        ("Shelling has intensified over the past two weeks.", ("the past two weeks", "2022-02-02", "2022-02-15", "interval", True)),
        ("The unit left its barracks three days ago.", ("three days ago", "2022-02-12", "2022-02-12", "day", True)),
        ("Reserves must be called up by the end of the year.", ("the end of the year", "2022-09-01", "2022-12-31", "part-of-year", True)),
    ],
)
def test_expression(text: str, expected: tuple[str, str, str, str, bool]) -> None:
    assert _values(text) == [expected]


def test_anchor_recorded_only_for_relative_values() -> None:
    absolute, relative = _times("The pact of Sept. 9, 2021 was renewed on Jan. 28.")
    assert absolute.anchor == ""
    assert relative.anchor == ANCHOR


@pytest.mark.parametrize(
    "text",
    [
        "Relations have soured in recent months.",
        "Throughout his twenty-seven years in power, he stressed stability.",  # a duration: a quantity
        "Officials may resign. Theresa May spoke. The march began. Jan Kubis arrived.",
        "Some 2000 troops arrived at 1800 GMT.",
        "The talks took place in the spring.",  # which spring is not said
        "A couple of years ago the border was quiet.",
    ],
)
def test_vague_or_not_time(text: str) -> None:
    assert _times(text) == []


def test_no_anchor_no_invented_year() -> None:
    assert _values("Troops arrived on Jan. 17 and left in 2020, last week.", anchor="") == [
        ("2020", "2020-01-01", "2020-12-31", "year", False)
    ]


def test_inferred_anchor_resolves_dates_but_not_deictics() -> None:
    text = "Convoys crossed on Jan. 17 before drills planned for February. Riots broke out this month, on Friday."
    assert _values(text, anchor="2021-09-09", inferred=True) == [
        ("Jan. 17", "2022-01-17", "2022-01-17", "day", True),
        ("February", "2022-02-01", "2022-02-28", "month", True),
    ]


def test_offsets_and_sentence_ids() -> None:
    text = "First sentence here.\n\nThe drills began on Feb. 10 near Brest."
    sentences = split_sentences("doc", text)
    (found,) = find_times("doc", text, sentences, ANCHOR, False)
    assert text[found.start : found.end] == found.text == "Feb. 10"
    assert found.sentence_id == sentences[1].id


def test_choose_anchor() -> None:
    assert choose_anchor("2022-02-15", ["on Sept. 9, 2021"]) == ("2022-02-15", False)
    texts = ["Convoys crossed on Jan. 17.", "Leaders met in Moscow on Sept. 9, 2021. Photo: Pool", "Signed 4 March 2019."]
    assert choose_anchor("", texts) == ("2021-09-09", True)
    assert choose_anchor("", ["Convoys crossed on Jan. 17 in 2022."]) == ("", False)


def test_calendar_spans_cover_dates_and_years() -> None:
    text = "On Feb. 10, 2022 some 30,000 troops came, as in 2020."
    assert [text[s:e] for s, e in calendar_spans(text)] == ["Feb. 10, 2022", "2020"]


def test_seeds_acceptance() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent: the seeds are only beside the project's own checkout")
    from faultline.ingest.clean import clean
    from faultline.records import Article, RawDoc

    found: dict[str, tuple[str, list[TimeExpr]]] = {}
    for path in sorted(seeds.glob("*.txt")):
        article = clean(RawDoc(str(path), path.read_text(encoding="utf-8")))
        assert isinstance(article, Article)
        anchor, inferred = choose_anchor(article.published, [article.text, *(r.text for r in article.removed)])
        sentences = split_sentences(article.id, article.text)
        times = find_times(article.id, article.text, sentences, anchor, inferred)
        found[path.name[:3]] = (anchor, times)

    def context(times: list[TimeExpr], phrase: str) -> TimeExpr:
        return next(t for t in times if t.text == phrase)

    # Foreign Policy: no publication date; anchored on its caption's Sept. 9, 2021 (a removed block).
    anchor, times = found["003"]
    assert anchor == "2021-09-09"
    jan17 = [t for t in times if t.text == "Jan. 17"]
    assert len(jan17) == 2  # troops entering Belarus, and Lukashenko's speech
    assert all((t.value_start, t.value_end, t.year_inferred, t.anchor) == ("2022-01-17", "2022-01-17", True, anchor) for t in jan17)
    assert {(t.value_start, t.value_end) for t in times if t.text == "February"} == {("2022-02-01", "2022-02-28")}
    assert context(times, "2014").year_inferred is False
    assert not any(t.text == "this month" for t in times)  # relative to an unknown writing date

    # The Moscow Times: published 2022-02-15 (from its URL).
    anchor, times = found["000"]
    assert anchor == "2022-02-15"
    exercises = context(times, "for ten days from Feb. 10")
    assert (exercises.value_start, exercises.value_end) == ("2022-02-10", "2022-02-19")
    december = context(times, "the beginning of December")
    assert (december.value_start, december.value_end, december.granularity) == ("2021-12-01", "2021-12-10", "part-of-month")
    since = context(times, "Since the middle of January")
    assert (since.value_start, since.value_end) == ("2022-01-11", "2022-02-15")
    assert (context(times, "2020").value_start, context(times, "2020").year_inferred) == ("2020-01-01", False)


def test_trigger_words_find_the_same_starts_as_a_flat_alternation() -> None:
    from faultline.nlp.timex import trigger_pattern

    def starts(words: list[str], guarded: list[tuple[str, str]], text: str) -> list[int]:
        return [m.start("w") for pattern in trigger_pattern(words, guarded) for m in pattern.finditer(text)]

    # factored into a trie: the longest word wins where two start alike, as in the flat list
    assert starts(["this", "the", "there", "today"], [], " there this today the") == [1, 7, 12, 18]
    # "half" before a guarded "half past": the flat list matches "half" and then finds "past" too,
    # which a trie (longest first) would hide, so such a list stays flat
    assert starts(["half", "past"], [("half past", r"\s")], " at half past ten") == [4, 9]
