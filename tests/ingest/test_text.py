from faultline.ingest.text import is_hard_wrapped, normalise, paragraphs, repair_spacing

WRAPPED = """ Troops have kept arriving in the region, and officials say they
will stay for the drills.
 A column of armoured vehicles on a road near the border.
 Since the middle of January, trains have carried units from the east toward the border where,
for ten days from Feb. 10, joint exercises are due to take place. Nobody knows how many soldiers
are involved, but the number appears to be a post-Soviet
 record.  

Officials in the capital have said little.
 The few statements they made were vague about numbers and about dates of withdrawal, and
they have not answered questions.

Original url:
https://www.example.org/2022/02/15/troops-keep-arriving-in-the-region-
a76386
"""


def test_wrapped_block_splits_only_at_indented_sentence_starts() -> None:
    paras = paragraphs(WRAPPED)
    assert [p.text for p in paras] == [
        "Troops have kept arriving in the region, and officials say they will stay for the drills.",
        "A column of armoured vehicles on a road near the border.",
        "Since the middle of January, trains have carried units from the east toward the border where, "
        "for ten days from Feb. 10, joint exercises are due to take place. Nobody knows how many soldiers "
        "are involved, but the number appears to be a post-Soviet record.",
        "Officials in the capital have said little.",
        "The few statements they made were vague about numbers and about dates of withdrawal, and "
        "they have not answered questions.",
        "Original url:",
        "https://www.example.org/2022/02/15/troops-keep-arriving-in-the-region-a76386",
    ]
    assert [(p.block, p.split_in_block) for p in paras[:3]] == [(0, True), (0, True), (0, True)]
    assert paras[3].split_in_block is True and paras[5].split_in_block is True


def test_one_line_per_paragraph_is_not_unwrapped() -> None:
    text = (
        "A Headline Without a Full Stop\n\nBy , an analyst.\n"
        "A caption line.\nA caption line.\n\nFirst paragraph, which is long enough. It has two sentences.\n"
    )
    assert [p.text for p in paragraphs(text)] == [
        "A Headline Without a Full Stop",
        "By , an analyst.",
        "A caption line.",
        "A caption line.",
        "First paragraph, which is long enough. It has two sentences.",
    ]


def test_stray_break_mid_sentence_is_mended_in_unwrapped_text() -> None:
    assert [p.text for p in paragraphs("The minister said that\nthe drills would end.\n")] == [
        "The minister said that the drills would end."
    ]


def test_is_hard_wrapped_needs_mid_sentence_breaks() -> None:
    assert is_hard_wrapped([["a line that goes on", "and on and", "on and ends."]] * 2) is True
    assert is_hard_wrapped([["One sentence.", "Another sentence.", "A third."]]) is False


def test_normalise_removes_controls_and_folds_spaces() -> None:
    assert normalise("a\u00a0\u00a0b\x00c\u200b\r\nd  \te ") == "a bc\nd e"


def test_repair_spacing_inserts_missing_space_but_keeps_abbreviations() -> None:
    assert repair_spacing("to Ukraine.The talks") == "to Ukraine. The talks"
    assert repair_spacing('was "defensive."He said') == 'was "defensive." He said'
    assert repair_spacing("the U.S. and the U.K. met at No.1 Street, see bbc.co.uk.") == (
        "the U.S. and the U.K. met at No.1 Street, see bbc.co.uk."
    )
    assert repair_spacing("it is the situation.\"- We expect") == "it is the situation.\" - We expect"
