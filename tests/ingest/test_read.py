"""Reader: every input format, the traceable source path of each record, and every rejection."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultline.errors import InputError
from faultline.ingest.read import SUPPORTED, Reader
from faultline.records import RawDoc, Rejection
from faultline.settings import SETTINGS

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}
SMALL: dict[str, Any] = {**DEFAULTS, "max_doc_bytes": 1000, "max_line_bytes": 200}

ARTICLE = "Russian forces arrived in Belarus.\n\nNATO speaks of 30,000 troops."


def read_all(*paths: str | Path, settings: dict[str, Any] | None = None, stdin: Any = None) -> list[RawDoc | Rejection]:
    return list(Reader(settings or DEFAULTS).read(list(paths), stdin=stdin))


def reasons(items: list[RawDoc | Rejection]) -> list[tuple[str, str]]:
    return [(i.source_path, i.reason) for i in items if isinstance(i, Rejection)]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- single documents -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt", "a.text", "a.md"])
def test_text_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    assert read_all(path) == [RawDoc(source_path=str(path), content=ARTICLE, kind="text", meta={})]


@pytest.mark.parametrize("name", ["page.html", "page.htm", "PAGE.HTML"])
def test_html_file_keeps_raw_markup(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<html><body><p>Minsk</p></body></html>", encoding="utf-8")
    assert read_all(path) == [
        RawDoc(source_path=str(path), content="<html><body><p>Minsk</p></body></html>", kind="html", meta={})
    ]


def test_gzipped_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode()))
    assert read_all(path) == [RawDoc(source_path=str(path), content=ARTICLE, kind="text", meta={})]


def test_cp1251_text_file(tmp_path: Path) -> None:
    text = "Российские войска прибыли в Беларусь для совместных учений с белорусской армией."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert read_all(path) == [RawDoc(source_path=str(path), content=text, kind="text", meta={})]


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b'<meta charset="windows-1252"><p>caf\xe9 cr\xe8me br\xfbl\xe9e</p>')
    assert read_all(path) == [
        RawDoc(str(path), '<meta charset="windows-1252"><p>café crème brûlée</p>', "html", {})
    ]


# -- JSON lines -----------------------------------------------------------------------------------


def test_jsonl_meta_is_normalised(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {
                "maintext": "Body one.",
                "title": "Belarus",
                "link": "https://example.com/1",
                "date_publish": "2022-02-14 09:30:00",
                "site_name": "Example Times",
                "authors": ["Jane Roe", " John Doe ", ""],
                "language": "en",
                "id": 17,
                "tags": ["nested", "dropped"],
                "description": None,
            },
            {"text": "Body two.", "author": "Jane Roe; John Doe", "source": "Wire", "date": "2022-02-15"},
        ],
    )
    assert read_all(path) == [
        RawDoc(
            source_path=f"{path}:1",
            content="Body one.",
            kind="text",
            meta={
                "title": "Belarus",
                "url": "https://example.com/1",
                "published": "2022-02-14 09:30:00",
                "outlet": "Example Times",
                "authors": ["Jane Roe", "John Doe"],
                "language": "en",
                "id": 17,
            },
        ),
        RawDoc(
            source_path=f"{path}:2",
            content="Body two.",
            kind="text",
            meta={"published": "2022-02-15", "outlet": "Wire", "authors": ["Jane Roe", "John Doe"]},
        ),
    ]


def test_text_field_order_and_paragraph_lists(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"body": "from body", "text": "from text"},
            {"text": "", "content": "from content"},
            {"article": ["First paragraph.", " ", "Second paragraph."]},
        ],
    )
    assert [d.content for d in read_all(path) if isinstance(d, RawDoc)] == [
        "from text",
        "from content",
        "First paragraph.\n\nSecond paragraph.",
    ]


def test_html_in_text_field_is_kind_html(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "  <div><p>Minsk</p></div>"}, {"text": "<3 Minsk"}])
    assert [d.kind for d in read_all(path) if isinstance(d, RawDoc)] == ["html", "text"]


def test_malformed_line_is_rejected_and_others_still_yield(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "one"}\n\n{"text": broken}\n[1, 2]\n{"text": "four"}\n', encoding="utf-8")
    items = read_all(path)
    assert [d.source_path for d in items if isinstance(d, RawDoc)] == [f"{path}:1", f"{path}:5"]
    assert items[1] == Rejection(
        f"{path}:3", "malformed-json", "Expecting value: line 1 column 10 (char 9); fix or remove line 3"
    )
    assert items[2] == Rejection(f"{path}:4", "malformed-json", "expected an object, got list; one article per line")


def test_record_without_text_field(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"title": "Only a title"}, {"title": "x", "text": "   "}])
    assert read_all(path) == [
        Rejection(
            f"{path}:1",
            "no-text-field",
            "no text field; name the article text one of: text, body, content, article, maintext",
        ),
        Rejection(f"{path}:2", "empty", "the record's text field is empty; remove the record"),
    ]


def test_line_over_max_line_bytes(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "short"}, {"text": "x" * 500}, {"text": "after"}])
    items = read_all(path, settings=SMALL)
    assert [d.content for d in items if isinstance(d, RawDoc)] == ["short", "after"]
    assert items[1] == Rejection(
        f"{path}:2",
        "too-large",
        "line is longer than max_line_bytes=200; split the record or raise the setting (FAULTLINE_MAX_LINE_BYTES)",
    )


def test_line_of_exactly_max_line_bytes_is_accepted(tmp_path: Path) -> None:
    line = json.dumps({"text": "y" * 188})
    assert len(line) == 200
    path = tmp_path / "a.jsonl"
    path.write_text(line + "\n" + line, encoding="utf-8")
    assert [type(d) for d in read_all(path, settings=SMALL)] == [RawDoc, RawDoc]


def test_undecodable_line_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "ok"}\n' + bytes(range(0x80, 0x100)) * 2 + b"\n" + b'{"text": "also ok"}\n')
    items = read_all(path)
    assert [type(d).__name__ for d in items] == ["RawDoc", "Rejection", "RawDoc"]
    assert reasons(items) == [(f"{path}:2", "undecodable")]


def test_utf16_jsonl_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes('{"text": "x"}\n'.encode("utf-16"))
    assert read_all(path) == [
        Rejection(str(path), "undecodable", "line-based files must be UTF-8, this one is utf-16; re-save it as UTF-8")
    ]


def test_jsonl_with_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_bytes(codecs.BOM_UTF8 + b'{"text": "bom"}\n')
    assert read_all(path) == [RawDoc(f"{path}:1", "bom", "text", {})]


# -- .json ----------------------------------------------------------------------------------------


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"text": "one"}, {"title": "no text"}, {"text": "three"}], indent=2), encoding="utf-8")
    assert [(i.source_path, type(i).__name__) for i in read_all(path)] == [
        (f"{path}:1", "RawDoc"),
        (f"{path}:2", "Rejection"),
        (f"{path}:3", "RawDoc"),
    ]


def test_json_single_pretty_printed_object(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": "one", "url": "https://e.com"}, indent=2), encoding="utf-8")
    assert read_all(path) == [RawDoc(f"{path}:1", "one", "text", {"url": "https://e.com"})]


def test_json_holding_json_lines(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.json", [{"text": "one"}, {"text": "two"}])
    assert [i.source_path for i in read_all(path)] == [f"{path}:1", f"{path}:2"]


def test_json_broken_array_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"text": "one"},', encoding="utf-8")
    assert reasons(read_all(path)) == [(str(path), "malformed-json")]


def test_empty_json_array(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("[]", encoding="utf-8")
    assert reasons(read_all(path)) == [(str(path), "empty")]


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_rows_with_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        'Title,Text,URL,extra\n"Belarus","First line.\nSecond line.",https://e.com/1,\n"Minsk",Plain body.,,x\n',
        encoding="utf-8",
    )
    assert read_all(path) == [
        RawDoc(f"{path}:2", "First line.\nSecond line.", "text", {"title": "Belarus", "url": "https://e.com/1"}),
        RawDoc(f"{path}:4", "Plain body.", "text", {"title": "Minsk", "extra": "x"}),
    ]


def test_csv_field_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    body = "word " * 60_000  # 300 kB: over csv's default 128 KiB field limit
    path = tmp_path / "a.csv"
    path.write_text(f'text\n"{body}"\n', encoding="utf-8")
    assert read_all(path) == [RawDoc(f"{path}:2", body, "text", {})]


def test_csv_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("title,text\nA,one\nB,two,three\nC," + "z" * 300 + "\nD,four\n", encoding="utf-8")
    items = read_all(path, settings=SMALL)
    assert [d.content for d in items if isinstance(d, RawDoc)] == ["one", "four"]
    assert items[1] == Rejection(
        f"{path}:3", "malformed-csv", "row has 3 fields but the header has 2; quote fields that contain commas"
    )
    assert reasons(items)[1] == (f"{path}:4", "too-large")


def test_csv_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    text = "Les troupes russes sont arrivées en Biélorussie; l’OTAN parle de 30 000 soldats."
    path.write_bytes(f'text\n"{text}"\n'.encode("cp1252"))
    assert read_all(path) == [RawDoc(f"{path}:2", text, "text", {})]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("title,summary\nA,B\n", encoding="utf-8")
    assert reasons(read_all(path)) == [(f"{path}:2", "no-text-field")]


# -- gzip -----------------------------------------------------------------------------------------


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    assert read_all(path) == [RawDoc(f"{path}:1", "one", "text", {}), RawDoc(f"{path}:2", "two", "text", {})]


def test_truncated_gzip_keeps_records_before_the_cut(tmp_path: Path) -> None:
    records = [{"text": f"article {n} " + os.urandom(200).hex()} for n in range(50)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read_all(path)
    docs = [d for d in items if isinstance(d, RawDoc)]
    assert 10 < len(docs) < 50
    assert [d.source_path for d in docs] == [f"{path}:{n}" for n in range(1, len(docs) + 1)]
    assert [d.content for d in docs] == [r["text"] for r in records[: len(docs)]]
    assert items[-1] == Rejection(
        str(path),
        "truncated-gzip",
        "the gzip stream ends early (records before the cut were kept); re-download or re-compress the file",
    )
    assert len(items) == len(docs) + 1


def test_not_gzip_despite_the_name(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_text("plain text, not gzip", encoding="utf-8")
    assert reasons(read_all(path)) == [(str(path), "bad-gzip")]


def test_gzip_bomb_is_too_large_without_being_inflated(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 50_000))
    assert read_all(path, settings=SMALL) == [
        Rejection(
            str(path),
            "too-large",
            "larger than max_doc_bytes=1000; split it, or raise the setting (FAULTLINE_MAX_DOC_BYTES)",
        )
    ]


# -- rejected files -------------------------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    elf = tmp_path / "prog.jsonl"
    elf.write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 2000)
    assert read_all(png, elf) == [
        Rejection(str(png), "binary", f"this is not a text document (NUL or control bytes); supported: {SUPPORTED}"),
        Rejection(str(elf), "binary", f"this is not a text document (NUL or control bytes); supported: {SUPPORTED}"),
    ]


@pytest.mark.parametrize(
    "name, content", [("e.txt", b""), ("w.txt", b" \n\n\t "), ("e.jsonl", b""), ("w.jsonl", b"\n\n")]
)
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reasons(read_all(path)) == [(str(path), "empty")]


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    assert read_all(path) == [
        Rejection(str(path), "undecodable", "the bytes are in no recognisable text encoding; re-save the file as UTF-8")
    ]


def test_file_over_max_doc_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text("<p>" + "x" * 2000 + "</p>", encoding="utf-8")
    assert reasons(read_all(path, settings=SMALL)) == [(str(path), "too-large")]


def test_200_mb_sparse_file_is_rejected_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(200 * 1024 * 1024)
    assert read_all(path) == [
        Rejection(
            str(path),
            "too-large",
            "larger than max_doc_bytes=20000000; split it, or raise the setting (FAULTLINE_MAX_DOC_BYTES)",
        )
    ]


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "slides.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert read_all(path) == [
        Rejection(
            str(path),
            "unsupported-format",
            "cannot read .pdf files; supported: .csv, .htm, .html, .json, .jsonl, .md, .ndjson, .text, .txt, "
            ".warc (each optionally .gz)",
        )
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    assert reasons(read_all(path)) == [(str(path), "unreadable")]


def test_missing_path_raises_before_anything_is_read(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("x", encoding="utf-8")
    reader = Reader(DEFAULTS)
    with pytest.raises(InputError) as caught:
        list(reader.read([good, tmp_path / "typo.txt"]))
    assert str(caught.value) == (
        f"input {str(tmp_path / 'typo.txt')!r} does not exist (check the path for typos; use - to read standard input)"
    )
    assert reader.files_read == 0


# -- directories ----------------------------------------------------------------------------------


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b" / "z.txt").write_text("z", encoding="utf-8")
    (root / "b" / "a.txt").write_text("a", encoding="utf-8")
    (root / "c.txt").write_text("c", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".git" / "HEAD.txt").write_text("git", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside", encoding="utf-8")
    (root / "escape.txt").symlink_to(outside)
    (root / "same.txt").symlink_to(root / "c.txt")
    (root / "loop").symlink_to(root)
    reader = Reader(DEFAULTS)
    items = list(reader.read([root]))
    assert [(i.source_path, i.content if isinstance(i, RawDoc) else i.reason) for i in items] == [
        (str(root / "c.txt"), "c"),
        (str(root / "escape.txt"), "outside-directory"),
        (str(root / "notes.docx"), "unsupported-format"),
        (str(root / "b" / "a.txt"), "a"),
        (str(root / "b" / "z.txt"), "z"),
    ]
    assert reader.files_read == 5


# -- standard input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        (b'{"text": "one"}\n{"text": "two"}\n', [("<stdin>:1", "one", "text"), ("<stdin>:2", "two", "text")]),
        (b'\n [{"text": "one"}]', [("<stdin>:1", "one", "text")]),
        (b"  <html><p>Minsk</p></html>", [("<stdin>", "  <html><p>Minsk</p></html>", "html")]),
        (b"Plain text.\r\n", [("<stdin>", "Plain text.\n", "text")]),
        (gzip.compress(b'{"text": "zipped"}\n'), [("<stdin>:1", "zipped", "text")]),
    ],
)
def test_stdin_is_sniffed(data: bytes, expected: list[tuple[str, str, str]]) -> None:
    reader = Reader(DEFAULTS)
    items = list(reader.read(["-"], stdin=io.BytesIO(data)))
    assert [(d.source_path, d.content, d.kind) for d in items if isinstance(d, RawDoc)] == expected
    assert reader.files_read == 1


def test_dash_without_stdin_raises() -> None:
    with pytest.raises(InputError, match="pipe the documents in"):
        list(Reader(DEFAULTS).read(["-"]))


# -- WARC -----------------------------------------------------------------------------------------


def make_warc(path: Path, responses: list[tuple[str, str, str, bytes]], gz: bool) -> list[int]:
    """Write a WARC of warcinfo + request + the given (url, status, content type, body) responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://example.com/", "request", http_headers=request))
        for url, status, content_type, body in responses:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            record.rec_headers.replace_header("WARC-Date", "2022-03-01T12:00:00Z")
            offsets.append(handle.tell())
            writer.write_record(record)
    return offsets


RESPONSES = [
    ("https://example.com/a", "200 OK", "text/html; charset=windows-1251", "<p>Минск</p>".encode("cp1251")),
    ("https://example.com/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
    ("https://example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
    ("https://example.com/b", "200 OK", "text/html", b"<p>Kyiv</p>"),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = make_warc(path, RESPONSES, gz=name.endswith(".gz"))
    items = read_all(path)
    fetched = "2022-03-01T12:00:00Z"
    assert items == [
        RawDoc(
            f"{path}:{offsets[0]}",
            "<p>Минск</p>",
            "html",
            {"url": "https://example.com/a", "fetched": fetched},
        ),
        Rejection(f"{path}:{offsets[1]}", "http-status", "HTTP status 404; only 2xx pages are articles"),
        Rejection(f"{path}:{offsets[2]}", "not-html", "content type image/png; only HTML pages are read from WARCs"),
        RawDoc(f"{path}:{offsets[3]}", "<p>Kyiv</p>", "html", {"url": "https://example.com/b", "fetched": fetched}),
    ]
    assert "published" not in items[0].meta  # type: ignore[union-attr]  # a fetch date is not a publication date


def test_warc_record_over_max_doc_bytes(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = make_warc(path, [("https://e.com/big", "200 OK", "text/html", b"<p>" + b"x" * 5000 + b"</p>")], gz=True)
    assert reasons(read_all(path, settings=SMALL)) == [(f"{path}:{offsets[0]}", "too-large")]


def test_truncated_warc_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    offsets = make_warc(path, RESPONSES[3:] * 2, gz=False)
    path.write_bytes(path.read_bytes()[:-8])  # the closing CRLFs and the end of the last body
    items = read_all(path)
    assert [(i.source_path, type(i).__name__) for i in items] == [
        (f"{path}:{offsets[0]}", "RawDoc"),
        (f"{path}:{offsets[1]}", "Rejection"),
    ]
    assert reasons(items) == [(f"{path}:{offsets[1]}", "truncated-warc")]


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_text("hello world\nnot a warc\n", encoding="utf-8")
    assert reasons(read_all(path)) == [(str(path), "malformed-warc")]


def test_files_read_counts_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00")
    write_jsonl(tmp_path / "c.jsonl", [{"text": "1"}, {"text": "2"}])
    reader = Reader(DEFAULTS)
    items = list(reader.read([tmp_path]))
    assert (reader.files_read, len(items)) == (3, 4)


# -- nothing crashes ------------------------------------------------------------------------------

SAMPLE_PREFIXES = [b"", b'{"text": ', b"text,title\n", b"<html><p>", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"\xef\xbb\xbf"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.json", "a.csv", "a.warc", "a.jsonl.gz", "a.warc.gz"]),
    prefix=st.sampled_from(SAMPLE_PREFIXES),
    data=st.binary(max_size=400),
)
def test_arbitrary_bytes_never_crash(tmp_path: Path, name: str, prefix: bytes, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(prefix + data)
    items = read_all(path, settings=SMALL)
    assert items and all(isinstance(item, (RawDoc, Rejection)) for item in items)
    assert all(item.source_path.startswith(str(path)) for item in items)
