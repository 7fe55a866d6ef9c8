"""Read inputs (files, directories, standard input) into `RawDoc`s, and say why anything was refused.

One file can hold one document (.txt, .md, .html) or many (.jsonl, .json, .csv, .warc); any of them
may be gzip-compressed. Every problem with a document becomes a `Rejection` and reading goes on;
only a path that does not exist stops the run, because that is a typo, not a bad document.

Memory stays bounded whatever the input: single documents are read with a cap of
``max_doc_bytes`` (after decompression), records of line-based files with a cap of
``max_line_bytes``, and nothing is ever read whole to find out that it is too large.

Reason codes emitted here: ``empty``, ``binary``, ``undecodable``, ``too-large``,
``unsupported-format``, ``unreadable``, ``outside-directory``, ``bad-gzip``, ``truncated-gzip``,
``malformed-json``, ``malformed-csv``, ``malformed-warc``, ``truncated-warc``, ``no-text-field``,
``not-html``, ``http-status``.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from faultline.errors import InputError
from faultline.ingest.decode import (
    SNIFF_BYTES,
    DecodeProblem,
    bom_encoding,
    declared_charset,
    decode_bytes,
    looks_binary,
    normalise_newlines,
)
from faultline.records import DocKind, RawDoc, Rejection

# Extension (after any .gz) -> how the file is parsed.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".warc": "warc",
}
SUPPORTED = ", ".join(sorted(FORMATS)) + " (each optionally .gz)"

# Record fields holding the article text, in order of preference (news-please uses maintext,
# common crawl derived sets text, CMS exports body/content/article).
TEXT_FIELDS: tuple[str, ...] = ("text", "body", "content", "article", "maintext")

# Record fields normalised to one meta key: first non-empty alias wins; the others pass through.
META_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "date_publish"),
    "outlet": ("outlet", "source", "site_name", "sitename"),
    "authors": ("authors", "author"),
}

# A text field is HTML when it starts with a tag and holds block markup.
_HTML_MARKUP = re.compile(r"<(?:p|div|html|body|article|br)\b", re.IGNORECASE)

STDIN_NAME = "<stdin>"
_GZIP_MAGIC = b"\x1f\x8b"
_SKIP_CHUNK = 1 << 20  # bytes read at a time when skipping the rest of an over-long line


class _LineProblem(Exception):
    """One line of a line-based file cannot be used; the file goes on."""

    def __init__(self, line_no: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.line_no = line_no
        self.reason = reason
        self.detail = detail


class _Lines:
    """Decoded lines of a binary stream, numbered from 1, each at most `limit` bytes.

    An over-long line is skipped in chunks (never held whole) and raises `_LineProblem`, as does
    a line that does not decode; the iterator stays usable, so `csv.reader` can run over it and
    the next record is read normally.
    """

    def __init__(self, stream: BinaryIO, limit: int, encoding: str) -> None:
        self._stream = stream
        self._limit = limit
        self._encoding = encoding
        self.line_no = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._stream.readline(self._limit + 1)
        if not line:
            raise StopIteration
        self.line_no += 1
        if len(line) > self._limit and not line.endswith(b"\n"):
            self._skip_rest_of_line()
            raise _LineProblem(
                self.line_no,
                "too-large",
                f"line is longer than max_line_bytes={self._limit}; split the record or raise "
                "the setting (FAULTLINE_MAX_LINE_BYTES)",
            )
        try:
            return line.decode(self._encoding)
        except UnicodeDecodeError:
            pass
        try:
            return decode_bytes(line)
        except DecodeProblem as problem:
            raise _LineProblem(self.line_no, problem.reason, problem.detail) from None

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self._stream.readline(_SKIP_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                return


class _HeadThenRest(io.RawIOBase):
    """A stream that replays bytes already read (to sniff the format) before the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _rechain(head: bytes, rest: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_HeadThenRest(head, rest))  # type: ignore[return-value]


def format_of(name: str) -> tuple[str, bool] | None:
    """(format, gzip-compressed) of a file name, or None when it is not a supported input."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    if compressed:
        lower = lower[:-3]
    fmt = FORMATS.get(os.path.splitext(lower)[1])
    return None if fmt is None else (fmt, compressed)


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class Reader:
    """Turns input paths into `RawDoc`s and `Rejection`s, streaming, in a deterministic order."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.max_doc_bytes: int = int(settings["max_doc_bytes"])
        self.max_line_bytes: int = int(settings["max_line_bytes"])
        # Every input file reached, rejected or not, so inputs = documents + rejections adds up.
        self.files_read: int = 0

    def read(
        self, paths: Sequence[str | Path], stdin: BinaryIO | None = None
    ) -> Iterator[RawDoc | Rejection]:
        """Yield one `RawDoc` or `Rejection` per document found under `paths` (``-``: `stdin`).

        All paths are checked before anything is read, so a typo fails the run at once rather
        than after an hour of reading the other inputs.
        """
        self._check_paths(paths, stdin)
        for raw in paths:
            if str(raw) == "-":
                self.files_read += 1
                yield from self._read_stdin(stdin)  # type: ignore[arg-type]
            elif Path(raw).is_dir():
                yield from self._read_directory(Path(raw))
            else:
                yield from self._read_file(Path(raw))

    def _check_paths(self, paths: Sequence[str | Path], stdin: BinaryIO | None) -> None:
        for raw in paths:
            if str(raw) == "-":
                if stdin is None:
                    raise InputError(
                        "'-' asks for standard input but there is none",
                        "pipe the documents in, e.g. `cat a.jsonl | faultline ingest -`",
                    )
            elif not Path(raw).exists():
                raise InputError(
                    f"input {str(raw)!r} does not exist",
                    "check the path for typos; use - to read standard input",
                )

    # -- directories -------------------------------------------------------------------------

    def _read_directory(self, root: Path) -> Iterator[RawDoc | Rejection]:
        """Every file under `root`, sorted, skipping dotfiles and never leaving `root`.

        A symlink whose target lies inside `root` is skipped (the target is read under its own
        name, so following it would read it twice; following links to directories could loop);
        one that points outside `root` is rejected, so a stray link cannot pull in /etc.
        """
        real_root = root.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            links = [here / d for d in dirnames if (here / d).is_symlink()]
            dirnames[:] = [d for d in dirnames if not (here / d).is_symlink()]
            for link in links:
                yield from self._check_link(link, real_root)
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = here / name
                if path.is_symlink():
                    yield from self._check_link(path, real_root)
                else:
                    yield from self._read_file(path)

    def _check_link(self, link: Path, real_root: Path) -> Iterator[Rejection]:
        if not _is_within(link.resolve(), real_root):
            self.files_read += 1
            yield Rejection(
                str(link),
                "outside-directory",
                f"symlink points outside {real_root}; pass its target as an input to read it",
            )

    # -- one file ----------------------------------------------------------------------------

    def _read_file(self, path: Path) -> Iterator[RawDoc | Rejection]:
        self.files_read += 1
        source = str(path)
        found = format_of(path.name)
        if found is None:
            yield Rejection(
                source, "unsupported-format", f"cannot read {path.suffix or 'this'} files; supported: {SUPPORTED}"
            )
            return
        fmt, compressed = found
        try:
            with path.open("rb") as handle:
                if fmt == "warc":  # warcio reads gzip members itself, and needs their offsets
                    yield from self._read_warc(handle, source)
                elif compressed:
                    yield from self._read_gzip(handle, source, fmt)
                else:
                    yield from self._read_stream(handle, source, fmt, path.stat().st_size)
        except OSError as err:
            yield Rejection(source, "unreadable", f"{err.strerror or err}; check the file's permissions")

    def _read_gzip(self, handle: BinaryIO, source: str, fmt: str) -> Iterator[RawDoc | Rejection]:
        """Decompress as a stream; records before a truncation are kept, then the file is rejected."""
        try:
            with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
                yield from self._read_stream(stream, source, fmt, None)  # type: ignore[arg-type]
        except EOFError:
            yield Rejection(
                source,
                "truncated-gzip",
                "the gzip stream ends early (records before the cut were kept); re-download or "
                "re-compress the file",
            )
        except (gzip.BadGzipFile, zlib.error) as err:
            yield Rejection(source, "bad-gzip", f"not a valid gzip file ({err}); decompress it or fix the name")

    def _read_stream(
        self, stream: BinaryIO, source: str, fmt: str, size: int | None
    ) -> Iterator[RawDoc | Rejection]:
        """Parse a (decompressed) stream as `fmt`; `size` is the file size when known up front."""
        if size is not None and size > self.max_doc_bytes and fmt in ("text", "html", "json"):
            yield self._too_large(source, fmt)
            return
        head = stream.read(SNIFF_BYTES)
        if not head:
            yield Rejection(source, "empty", "the file has no bytes; remove it or re-export it")
            return
        if bom_encoding(head) is None and looks_binary(head):
            yield Rejection(
                source,
                "binary",
                f"this is not a text document (NUL or control bytes); supported: {SUPPORTED}",
            )
            return
        stream = _rechain(head, stream)
        if fmt in ("text", "html"):
            yield self._read_document(stream, source, fmt)  # type: ignore[arg-type]
        elif fmt == "json":
            yield from self._read_json(stream, source)
        else:
            yield from self._read_lines(stream, source, fmt, head)

    def _too_large(self, source: str, fmt: str) -> Rejection:
        hint = " or rename it .jsonl to stream it line by line" if fmt == "json" else ""
        return Rejection(
            source,
            "too-large",
            f"larger than max_doc_bytes={self.max_doc_bytes}; split it{hint}, or raise the "
            "setting (FAULTLINE_MAX_DOC_BYTES)",
        )

    def _read_capped(self, stream: BinaryIO) -> bytes | None:
        """The whole stream, or None when it holds more than max_doc_bytes."""
        data = stream.read(self.max_doc_bytes + 1)
        return None if len(data) > self.max_doc_bytes else data

    def _read_document(self, stream: BinaryIO, source: str, kind: DocKind) -> RawDoc | Rejection:
        data = self._read_capped(stream)
        if data is None:
            return self._too_large(source, kind)
        try:
            text = decode_bytes(data, declared_charset(data) if kind == "html" else None)
        except DecodeProblem as problem:
            return Rejection(source, problem.reason, problem.detail)
        return RawDoc(source_path=source, content=text, kind=kind)

    # -- standard input ----------------------------------------------------------------------

    def _read_stdin(self, stdin: BinaryIO) -> Iterator[RawDoc | Rejection]:
        """Sniff what was piped in: gzip, JSON (``{`` lines, ``[`` array), HTML (``<``), else text."""
        head = stdin.read(SNIFF_BYTES)
        stream = _rechain(head, stdin)
        if head.startswith(_GZIP_MAGIC):
            try:
                with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                    yield from self._read_stdin(unzipped)  # type: ignore[arg-type]
            except EOFError:
                yield Rejection(STDIN_NAME, "truncated-gzip", "the gzip stream ends early; send it whole")
            except (gzip.BadGzipFile, zlib.error) as err:
                yield Rejection(STDIN_NAME, "bad-gzip", f"invalid gzip data ({err}); send it uncompressed")
            return
        start = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1]
        fmt = {b"{": "jsonl", b"[": "json", b"<": "html"}.get(start, "text")
        yield from self._read_stream(stream, STDIN_NAME, fmt, None)

    # -- JSON, JSON lines, CSV ---------------------------------------------------------------

    def _read_json(self, stream: BinaryIO, source: str) -> Iterator[RawDoc | Rejection]:
        """A .json file: an array of records, one record, or JSON lines under a .json name."""
        data = self._read_capped(stream)
        if data is None:
            yield self._too_large(source, "json")
            return
        try:
            text = decode_bytes(data)
        except DecodeProblem as problem:
            yield Rejection(source, problem.reason, problem.detail)
            return
        is_array = text.lstrip("\ufeff \t\n").startswith("[")
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError) as err:
            if is_array:
                yield Rejection(source, "malformed-json", f"{err}; fix the JSON array")
            else:  # several objects: JSON lines under a .json name
                yield from self._read_lines(io.BytesIO(text.encode("utf-8")), source, "jsonl", b"")
            return
        items = parsed if isinstance(parsed, list) else [parsed]
        if not items:
            yield Rejection(source, "empty", "the JSON array has no records; remove the file")
        for number, item in enumerate(items, start=1):
            # Array elements are numbered from 1 like lines, so `file.json:3` is the third record.
            yield self._record(item, f"{source}:{number}")

    def _read_lines(
        self, stream: BinaryIO, source: str, fmt: str, head: bytes
    ) -> Iterator[RawDoc | Rejection]:
        """JSON lines or CSV, one record at a time; a bad line is rejected and reading goes on."""
        try:
            encoding = _line_encoding(head)
        except DecodeProblem as problem:
            yield Rejection(source, problem.reason, problem.detail)
            return
        lines = _Lines(stream, self.max_line_bytes, encoding)
        records = self._json_lines(lines, source) if fmt == "jsonl" else self._csv_rows(lines, source)
        found = False
        for item in records:
            found = True
            yield item
        if not found:
            yield Rejection(source, "empty", "the file holds no records; remove it or re-export it")

    def _json_lines(self, lines: _Lines, source: str) -> Iterator[RawDoc | Rejection]:
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except _LineProblem as problem:
                yield Rejection(f"{source}:{problem.line_no}", problem.reason, problem.detail)
                continue
            if not line.strip():
                continue
            where = f"{source}:{lines.line_no}"
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as err:
                yield Rejection(where, "malformed-json", f"{_one_line(err)}; fix or remove line {lines.line_no}")
                continue
            yield self._record(record, where)

    def _csv_rows(self, lines: _Lines, source: str) -> Iterator[RawDoc | Rejection]:
        # The csv module caps fields at 128 KiB by default; articles are longer. The cap is
        # process-wide, so it is only ever raised.
        csv.field_size_limit(max(csv.field_size_limit(), self.max_line_bytes))
        rows = csv.reader(lines)
        header: list[str] | None = None
        while True:
            start = lines.line_no + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except _LineProblem as problem:
                yield Rejection(f"{source}:{problem.line_no}", problem.reason, problem.detail)
                if header is None:
                    return  # without its header no row of the file can be read
                continue
            except csv.Error as err:
                yield Rejection(f"{source}:{start}", "malformed-csv", f"{err}; fix the quoting on line {start}")
                continue
            if not row:
                continue
            if header is None:
                header = [name.strip() for name in row]
                continue
            if len(row) > len(header):
                yield Rejection(
                    f"{source}:{start}",
                    "malformed-csv",
                    f"row has {len(row)} fields but the header has {len(header)}; quote fields that "
                    "contain commas",
                )
                continue
            yield self._record(dict(zip(header, row)), f"{source}:{start}")

    def _record(self, record: object, where: str) -> RawDoc | Rejection:
        """One JSON object or CSV row as a RawDoc: text from the first text field, meta normalised."""
        if not isinstance(record, dict):
            return Rejection(
                where, "malformed-json", f"expected an object, got {type(record).__name__}; one article per line"
            )
        by_lower = {str(key).strip().lower(): key for key in record}
        present = [by_lower[name] for name in TEXT_FIELDS if name in by_lower]
        text_key = next((key for key in present if _text_of(record[key])), None)
        if text_key is None:
            if present:
                return Rejection(where, "empty", "the record's text field is empty; remove the record")
            return Rejection(
                where, "no-text-field", f"no text field; name the article text one of: {', '.join(TEXT_FIELDS)}"
            )
        text = normalise_newlines(_text_of(record[text_key]))
        kind: DocKind = "html" if looks_like_html(text) else "text"
        return RawDoc(source_path=where, content=text, kind=kind, meta=_record_meta(record, by_lower, text_key))

    # -- WARC ----------------------------------------------------------------------------------

    def _read_warc(self, handle: BinaryIO, source: str) -> Iterator[RawDoc | Rejection]:
        """HTML response records of a WARC (gzipped or not), each traced by its byte offset."""
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        found = False
        records = ArchiveIterator(handle)
        try:
            for record in records:
                item = self._warc_record(record)
                if item is not None:
                    found = True
                    # Only now: asking for the offset makes warcio skip to the record's end.
                    yield replace(item, source_path=f"{source}:{records.get_record_offset()}")
        # warcio raises AttributeError/ValueError on some malformed headers (it expects a
        # well-formed archive); to us they are one more bad input, not a crash.
        except (ArchiveLoadFailed, AttributeError, ValueError, EOFError, zlib.error) as err:
            found = True
            yield Rejection(source, "malformed-warc", f"{_one_line(err)}; check the file is a WARC archive")
        if not found:
            yield Rejection(source, "empty", "the WARC holds no HTML responses; nothing to read")

    def _warc_record(self, record: Any) -> RawDoc | Rejection | None:
        """A RawDoc for an HTML page; None for records that are not documents (request, warcinfo).

        The source path is left empty for the caller, who learns the record's offset only after
        the record has been read.
        """
        where = ""
        if record.rec_type == "response":
            headers = record.http_headers
            status = headers.get_statuscode() if headers else ""
            if not status.startswith("2"):
                return Rejection(
                    where, "http-status", f"HTTP status {status or 'missing'}; only 2xx pages are articles"
                )
            content_type = headers.get_header("Content-Type") or ""
        elif record.rec_type == "resource":
            content_type = record.rec_headers.get_header("Content-Type") or ""
        else:
            return None
        if "html" not in content_type.lower():
            return Rejection(
                where, "not-html", f"content type {content_type or 'missing'}; only HTML pages are read from WARCs"
            )
        data = record.content_stream().read(self.max_doc_bytes + 1)
        if len(data) > self.max_doc_bytes:
            return self._too_large(where, "html")
        if getattr(record.raw_stream, "limit", 0) > 0:
            return Rejection(
                where, "truncated-warc", "the record ends before its Content-Length; re-download the archive"
            )
        try:
            text = decode_bytes(data, declared_charset(content_type.encode("ascii", "ignore")) or declared_charset(data))
        except DecodeProblem as problem:
            return Rejection(where, problem.reason, problem.detail)
        meta: dict[str, Any] = {}
        url = record.rec_headers.get_header("WARC-Target-URI")
        if url:
            meta["url"] = url
        fetched = record.rec_headers.get_header("WARC-Date")
        if fetched:
            meta["fetched"] = fetched  # when the crawler saw the page: NOT the publication date
        return RawDoc(source_path=where, content=text, kind="html", meta=meta)


def _line_encoding(head: bytes) -> str:
    """One encoding for every line of a line-based file, chosen from its head.

    Lines are split on ``\\n`` bytes, so only ASCII-compatible encodings can work: a UTF-16
    file is refused with the fix rather than split mid-character.
    """
    bom = bom_encoding(head)
    if bom == "utf-8-sig":
        return bom
    if bom is not None:
        raise DecodeProblem("undecodable", f"line-based files must be UTF-8, this one is {bom}; re-save it as UTF-8")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # heavy import, only for non-UTF-8 input

    best = from_bytes(head).best()
    # Undetectable head: try UTF-8 and let each line fall back to detection on its own, so one
    # garbled line near the top does not cost the whole file.
    return "utf-8" if best is None else str(best.encoding)


def looks_like_html(text: str) -> bool:
    """A record's text is HTML when it starts with a tag and contains block markup."""
    return text.lstrip().startswith("<") and _HTML_MARKUP.search(text) is not None


def _text_of(value: object) -> str:
    """The article text of a field: a string, or a list of paragraph strings; else ""."""
    if isinstance(value, str):
        return value if value.strip() else ""
    if isinstance(value, list) and value and all(isinstance(p, str) for p in value):
        return "\n\n".join(p.strip() for p in value if p.strip())
    return ""


def _record_meta(record: dict[Any, Any], by_lower: dict[str, Any], text_key: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    used = {text_key}
    for name, aliases in META_ALIASES.items():
        for alias in aliases:
            key = by_lower.get(alias)
            value = record.get(key) if key is not None else None
            normalised = _authors(value) if name == "authors" else _scalar(value)
            if normalised:
                meta[name] = normalised
                used.add(key)
                break
    for key, value in record.items():
        if key in used or str(key).strip().lower() in TEXT_FIELDS:
            continue
        scalar = value if isinstance(value, (bool, int, float)) else _scalar(value)
        if scalar not in ("", None):
            meta[str(key)] = scalar
    return meta


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _authors(value: object) -> list[str]:
    """A list of author names from a list (of names or {"name": ...}) or a ``;``-separated string.

    Commas are not split: "Smith, John" is one name. Bylines are parsed later, by clean.
    """
    if isinstance(value, str):
        parts: list[object] = list(value.split(";"))
    elif isinstance(value, list):
        parts = [item.get("name", "") if isinstance(item, dict) else item for item in value]
    else:
        return []
    return [part.strip() for part in parts if isinstance(part, str) and part.strip()]


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
