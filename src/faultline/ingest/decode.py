"""Bytes to text: find the encoding of a document, or say why there is no text in it.

Scraped news arrives as UTF-8 most of the time, as UTF-16 from Windows tools, and as cp1251 /
latin-1 / Shift-JIS from older sites. The fast path is strict UTF-8; only when that fails do we
pay for charset-normalizer's detection. A file that is not text at all (an image, an executable)
is named as such rather than decoded into mojibake.
"""

from __future__ import annotations

import codecs
import re

# Bytes inspected to decide whether a file is binary: enough to see past any header.
SNIFF_BYTES = 8192

# Share of C0 control characters (other than tab, newlines, form feed, escape) above which a
# byte string is binary. Text has almost none; random or compressed bytes have about 10%
# (26 of 256 byte values), so 5% separates the two with room on both sides.
BINARY_CONTROL_SHARE = 0.05

_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")

# `<meta charset="...">` or `<meta http-equiv="Content-Type" content="text/html; charset=...">`,
# and an HTTP Content-Type header: the charset a page or server declares.
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeProblem(Exception):
    """Why some bytes are not a text document: `reason` is a rejection code, `detail` the fix."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of `data`, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """True when the start of `data` is not text: it holds NUL bytes or many control characters.

    UTF-16/32 text holds NULs too, so callers check `bom_encoding` first.
    """
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls / len(head) > BINARY_CONTROL_SHARE


def normalise_newlines(text: str) -> str:
    """Windows and old-Mac line ends become ``\\n``, so offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML head or a Content-Type header declares, if any and if Python knows it."""
    match = _DECLARED_CHARSET.search(data[:SNIFF_BYTES])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode one document to text with ``\\n`` line ends, or raise `DecodeProblem`.

    Order: byte-order mark, strict UTF-8, the `declared` charset (from a ``<meta>`` tag or an
    HTTP header), then detection. UTF-8 goes before the declaration because pages that declare
    iso-8859-1 while serving UTF-8 are common, and valid UTF-8 is almost never an accident.

    Reasons: ``empty`` (no bytes, or only whitespace), ``binary`` (not text at all),
    ``undecodable`` (text in no encoding charset-normalizer can identify).
    """
    if not data.strip():
        raise DecodeProblem("empty", "the document has no text; remove it or re-export it")
    text = _decode_with_bom(data)
    if text is None:
        if looks_binary(data):
            raise DecodeProblem(
                "binary",
                "this is not a text document (NUL or control bytes); pass only .txt, .html, "
                ".jsonl, .csv or .warc files",
            )
        text = _decode_strict(data, "utf-8")
    if text is None and declared:
        text = _decode_strict(data, declared)
    if text is None:
        text = _detect_and_decode(data)
    if not text.strip():
        raise DecodeProblem("empty", "the document has only whitespace; remove it or re-export it")
    return normalise_newlines(text)


def _decode_with_bom(data: bytes) -> str | None:
    encoding = bom_encoding(data)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DecodeProblem(
            "undecodable",
            f"the file starts with a {encoding} byte-order mark but is not valid {encoding}; "
            "re-save it as UTF-8",
        ) from None


def _decode_strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect_and_decode(data: bytes) -> str:
    from charset_normalizer import from_bytes  # heavy import, only for non-UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        raise DecodeProblem(
            "undecodable",
            "the bytes are in no recognisable text encoding; re-save the file as UTF-8",
        )
    return str(best)
