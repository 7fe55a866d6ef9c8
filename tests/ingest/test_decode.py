"""decode_bytes: every encoding we meet in scraped news, and every way bytes are not a document."""

from __future__ import annotations

import codecs

import pytest

from faultline.ingest.decode import DecodeProblem, bom_encoding, declared_charset, decode_bytes, looks_binary

RUSSIAN = (
    "Российские войска прибыли в Беларусь для совместных учений. "
    "По данным НАТО, речь идёт о 30 000 военнослужащих."
)
GERMAN = (
    "Die russischen Truppen sind für gemeinsame Übungen nach Belarus gekommen; laut NATO handelt es "
    "sich um 30.000 Soldaten, während russische Experten von nur 10.000 sprechen."
)
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"


def test_utf8_fast_path() -> None:
    assert decode_bytes("Minsk — “gray zone”".encode()) == "Minsk — “gray zone”"


def test_utf8_bom_is_stripped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + b"Minsk") == "Minsk"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding: str) -> None:
    data = RUSSIAN.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_bytes(data) == RUSSIAN


def test_newlines_are_normalised() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_cp1251_is_detected() -> None:
    assert decode_bytes(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_latin1_is_detected() -> None:
    assert decode_bytes(GERMAN.encode("latin-1")) == GERMAN


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le")])
def test_empty(data: bytes) -> None:
    with pytest.raises(DecodeProblem) as caught:
        decode_bytes(data)
    assert caught.value.reason == "empty"


@pytest.mark.parametrize("data", [PNG_HEADER, ELF_HEADER, b"text then a NUL\x00 byte"])
def test_binary(data: bytes) -> None:
    with pytest.raises(DecodeProblem) as caught:
        decode_bytes(data)
    assert caught.value.reason == "binary"
    assert "not a text document" in caught.value.detail


def test_undecodable() -> None:
    with pytest.raises(DecodeProblem) as caught:
        decode_bytes(bytes(range(0x80, 0x100)) * 4)
    assert (caught.value.reason, caught.value.detail) == (
        "undecodable",
        "the bytes are in no recognisable text encoding; re-save the file as UTF-8",
    )


def test_bom_that_lies_is_undecodable() -> None:
    with pytest.raises(DecodeProblem) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9")
    assert caught.value.reason == "undecodable"
    assert "re-save it as UTF-8" in caught.value.detail


def test_looks_binary_counts_control_characters() -> None:
    assert looks_binary(b"plain text\twith tabs\x1b[0m and escapes\n") is False
    assert looks_binary(b"\x01\x02\x03\x04" + b"x" * 20) is True
    assert looks_binary(b"") is False


def test_bom_encoding_prefers_utf32_over_utf16() -> None:
    assert bom_encoding(codecs.BOM_UTF32_LE + b"x") == "utf-32"
    assert bom_encoding(codecs.BOM_UTF16_LE + b"x") == "utf-16"
    assert bom_encoding(b"x") is None


def test_declared_charset_is_used_when_utf8_fails() -> None:
    # Short Latin text: detection alone reads it as cp1250 ("crčme"); the declaration is right.
    data = b"caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade"
    assert decode_bytes(data, "cp1252") == "café crème brûlée, naïve façade"


def test_utf8_beats_a_wrong_declaration() -> None:
    assert decode_bytes("café".encode(), "iso-8859-1") == "café"


@pytest.mark.parametrize(
    "head, expected",
    [
        (b'<meta charset="windows-1251">', "cp1251"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "iso8859-1"),
        (b"text/html;charset=utf-8", "utf-8"),
        (b"<meta charset=bogus>", None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected
