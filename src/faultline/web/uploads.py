"""Uploads streamed to disk inside the data directory, never held whole in memory or put elsewhere.

The multipart body is parsed as it arrives (python-multipart's streaming parser): each file part goes
straight to a file under ``DATA_DIR/uploads/JOB/`` with a name we generate (``001-report_final.txt``:
a counter, the original stem reduced to [A-Za-z0-9_-], and the suffix the reader knows), so no
filename can point anywhere else. A file over the size cap is cut off and deleted, an unsupported type
is not written at all; both come back with their reason. The whole request is bounded too.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

from faultline.ingest.read import SUPPORTED, format_of
from faultline.web.models import FileResult

MAX_STEM = 40
PASTE_NAME = "pasted.txt"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class UploadRefused(Exception):
    """The request as a whole cannot be taken (a status code and a reason for the user)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def stored_name(index: int, filename: str) -> str | None:
    """The generated name for an upload, or None when the reader cannot read its type."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if format_of(base) is None:
        return None
    lower = base.lower()
    compressed = lower.endswith(".gz")
    plain = base[:-3] if compressed else base
    stem, dot, ext = plain.rpartition(".")
    if not dot:
        stem, ext = plain, ""
    safe = _UNSAFE.sub("_", stem).strip("_")[:MAX_STEM] or "upload"
    return f"{index:03d}-{safe}.{ext.lower()}" + (".gz" if compressed else "")


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    handle: BinaryIO | None = None
    path: Path | None = None
    size: int = 0
    value: bytearray = field(default_factory=bytearray)
    result: FileResult | None = None


@dataclass
class Upload:
    """What a request carried: file results (accepted ones written under ``directory``) and form fields."""

    directory: Path
    files: list[FileResult] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        return [self.directory / f.stored_as for f in self.files if f.status == "accepted" and f.stored_as]


class UploadReader:
    """Feeds one request body through the parser; ``token_ok`` is asked before the first file is written."""

    def __init__(self, directory: Path, max_file: int, max_total: int, max_files: int, max_field: int, token_ok) -> None:
        self.upload = Upload(directory)
        self.max_file, self.max_total, self.max_files, self.max_field = max_file, max_total, max_files, max_field
        self.token_ok = token_ok
        self.part = _Part()
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.headers: dict[str, bytes] = {}

    # -- parser callbacks --------------------------------------------------------------------------

    def on_part_begin(self) -> None:
        self.part = _Part()
        self.headers = {}

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[bytes(self.header_field).decode("latin-1").lower()] = bytes(self.header_value)
        self.header_field, self.header_value = bytearray(), bytearray()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get("content-disposition", b""))
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None:
            return
        self.part.filename = filename.decode("utf-8", "replace")
        if not self.part.filename:
            return  # an empty file input: no file chosen
        if not self.token_ok(self.upload.fields.get("csrf")):
            raise UploadRefused(403, "missing or invalid CSRF token: reload the page and try again")
        accepted = [f for f in self.upload.files if f.status == "accepted"]
        name = stored_name(len(self.upload.files) + 1, self.part.filename)
        if len(accepted) >= self.max_files:
            self.part.result = FileResult(name=self.part.filename, stored_as=None, size=0, status="rejected", reason=f"more than {self.max_files} files in one upload: send the rest separately")
        elif name is None:
            self.part.result = FileResult(name=self.part.filename, stored_as=None, size=0, status="rejected", reason=f"unsupported file type; supported: {SUPPORTED}")
        else:
            self.upload.directory.mkdir(parents=True, exist_ok=True)
            self.part.path = self.upload.directory / name
            self.part.handle = self.part.path.open("xb")
            self.part.result = FileResult(name=self.part.filename, stored_as=name, size=0, status="accepted", reason=None)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        part = self.part
        part.size += len(chunk)
        if part.filename is None:
            if part.size > self.max_field:
                raise UploadRefused(413, f"the form field {part.name!r} is over {self.max_field:,} bytes: upload it as a file")
            part.value += chunk
            return
        if part.handle is None:
            return
        if part.size > self.max_file:
            self._discard(f"over the upload limit of {self.max_file:,} bytes per file")
            return
        part.handle.write(chunk)

    def _discard(self, reason: str) -> None:
        part = self.part
        if part.handle is not None:
            part.handle.close()
            part.handle = None
        if part.path is not None:
            part.path.unlink(missing_ok=True)
        if part.result is not None:
            part.result = part.result.model_copy(update={"stored_as": None, "status": "rejected", "reason": reason})

    def on_part_end(self) -> None:
        part = self.part
        if part.filename is None:
            self.upload.fields[part.name] = part.value.decode("utf-8", "replace")
            return
        if part.handle is not None:
            part.handle.close()
            if part.size == 0:
                self._discard("empty file")
        if part.result is not None:
            self.upload.files.append(part.result.model_copy(update={"size": part.size}))

    # -- driving -----------------------------------------------------------------------------------

    async def read(self, content_type: str, body: AsyncIterator[bytes]) -> Upload:
        kind, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise UploadRefused(400, "send the files as multipart/form-data (the upload form does)")
        callbacks = {name: getattr(self, name) for name in (
            "on_part_begin", "on_part_data", "on_part_end", "on_header_field", "on_header_value", "on_header_end", "on_headers_finished")}
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        total = 0
        try:
            async for chunk in body:
                total += len(chunk)
                if total > self.max_total:
                    raise UploadRefused(413, f"the upload is over {self.max_total:,} bytes in all: send fewer files at a time")
                parser.write(chunk)
            parser.finalize()
        except BaseException:
            self._discard("upload interrupted")
            raise
        return self.upload

    def paste(self, text: str) -> None:
        """Pasted text becomes one more .txt file of the job."""
        data = text.encode("utf-8")
        if not text.strip():
            return
        if len(data) > self.max_file:
            self.upload.files.append(FileResult(name="(pasted text)", stored_as=None, size=len(data), status="rejected", reason=f"over the upload limit of {self.max_file:,} bytes"))
            return
        self.upload.directory.mkdir(parents=True, exist_ok=True)
        name = f"{len(self.upload.files) + 1:03d}-{PASTE_NAME}"
        (self.upload.directory / name).write_bytes(data)
        self.upload.files.append(FileResult(name="(pasted text)", stored_as=name, size=len(data), status="accepted", reason=None))
