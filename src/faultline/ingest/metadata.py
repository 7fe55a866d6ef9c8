"""Article metadata from what a scrape leaves: dates, URL slugs, outlets, bylines, author bios.

Every function returns "" (or an empty value) when it cannot tell: metadata is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from faultline.records import Author
from faultline.resources import load_rows

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})")
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.IGNORECASE)
_DMY = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.IGNORECASE)
_COMPACT = re.compile(r"^(?P<year>\d{4})(?P<m>\d{2})(?P<day>\d{2})(?:T|$)")
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<day>\d{1,2})(?:/|$)")
_URL_DATE_DASHED = re.compile(r"/(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<day>\d{2})(?:/|-|$)")


def _iso(year: str, month: int | str, day: str) -> str:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def parse_date(value: str) -> str:
    """ISO date of a published/date field: "2022-06-24T17:30:00Z", "Aug. 1, 2022", "1 March 2022"."""
    value = (value or "").strip()
    if not value:
        return ""
    for pattern in (_ISO, _COMPACT):
        match = pattern.search(value)
        if match:
            return _iso(match["year"], match["m"], match["day"])
    for pattern in (_MDY, _DMY):
        match = pattern.search(value)
        if match:
            return _iso(match["year"], MONTHS[match["month"].lower()], match["day"])
    return _parse_date_fallback(value)


def _parse_date_fallback(value: str) -> str:
    """dateparser for the formats the fast paths above do not know (no relative dates)."""
    import dateparser  # heavy import: only for unusual formats

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else ""


def date_from_url(url: str) -> str:
    """The date in a URL path such as /2022/02/15/slug, or ""."""
    path = urlsplit(url).path if url else ""
    match = _URL_DATE.search(path) or _URL_DATE_DASHED.search(path)
    return _iso(match["year"], match["m"], match["day"]) if match else ""


# --- titles from URL slugs --------------------------------------------------------------------

_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over per the to up via vs with".split()
)
_SLUG_ID = re.compile(r"^(?:[a-z]?\d{3,}|[0-9a-f]{8,}|index|amp|html?|php)$")


@lru_cache(maxsize=1)
def _geo_compounds() -> dict[str, str]:
    return {row[0].lower().replace(".", ""): row[0] for row in load_rows("clean/geo_compounds.txt")}


def title_from_url(url: str) -> str:
    """A headline recovered from the URL's last meaningful path segment, or "".

    "where-does-belarus-stand-in-the-russia-west-standoff-a76386"
    -> "Where Does Belarus Stand in the Russia-West Standoff": trailing ids are dropped, small
    words stay lower case, and two geopolitical names side by side form a hyphenated compound.
    """
    if not url:
        return ""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for segment in reversed(segments):
        segment = re.sub(r"\.(html?|php|aspx?)$", "", segment)
        words = [w for w in re.split(r"[-_]+", segment.lower()) if w]
        while words and _SLUG_ID.match(words[-1]):
            words.pop()
        if len(words) >= 3 and not all(w.isdigit() for w in words):
            return _headline(words)
    return ""


# Slug words that are also plain English: read as a name only beside another name ("us-china").
_AMBIGUOUS_GEO = frozenset({"us"})


def _headline(words: list[str]) -> str:
    geo = dict(_geo_compounds())
    for index, word in enumerate(words):
        neighbours = words[max(index - 1, 0) : index] + words[index + 1 : index + 2]
        if word in _AMBIGUOUS_GEO and not any(n in geo and n not in _AMBIGUOUS_GEO for n in neighbours):
            geo.pop(word, None)
    out: list[str] = []
    for index, word in enumerate(words):
        cased = geo.get(word) or (word if index and word in _SMALL_WORDS else word.capitalize())
        previous = words[index - 1] if index else ""
        if out and word in geo and previous in geo and not out[-1].endswith("-"):
            out[-1] = f"{out[-1]}-{cased}"
        else:
            out.append(cased)
    return " ".join(out)


# --- outlets ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    result = []
    for row in load_rows("clean/outlets.tsv"):
        domains = tuple(d.strip() for d in (row[1] if len(row) > 1 else "").split(",") if d.strip())
        aliases = tuple(a.strip() for a in (row[2] if len(row) > 2 else "").split(",") if a.strip())
        result.append(Outlet(row[0], domains, aliases))
    return tuple(result)


def outlet_from_url(url: str) -> str:
    """Canonical outlet name of a URL's host from the outlets table, or ""."""
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for outlet in outlets():
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet.name
    return ""


def canonical_outlet(name: str) -> str:
    """The table's canonical spelling of an outlet named in text ("Moscow Times" -> "The Moscow Times")."""
    key = name.strip().rstrip(".").lower()
    for outlet in outlets():
        if key in {outlet.name.lower(), *(a.lower() for a in outlet.aliases)}:
            return outlet.name
    return name.strip().rstrip(".")


# --- bylines and bios -------------------------------------------------------------------------

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|al|bin|da|di|la|le))*"
_BYLINE = re.compile(r"^by\s*(?P<names>[^,]*?)\s*(?:,\s*(?P<role>.*?))?\s*\.?$", re.IGNORECASE)
_AFFILIATION = re.compile(r"\b(?:at|with|of|for)\s+(?:the\s+)?(?P<org>[A-Z][^,.;:()]*[\w)])")
_BIO = re.compile(r"^(?P<name>" + _NAME + r")\s+is\s+(?:a|an|the)\s+(?P<role>[^.]{3,200})\.")


def affiliation_of(role: str) -> str:
    """The organisation in a role phrase: "a senior analyst at the Newlines Institute" -> "Newlines Institute"."""
    match = _AFFILIATION.search(role or "")
    return match["org"].strip() if match else ""


@dataclass(slots=True)
class Byline:
    authors: list[Author]
    affiliation: str  # an affiliation given even when the name is missing ("By , a senior analyst at X")

    @property
    def empty(self) -> bool:
        return not self.authors


def parse_byline(line: str) -> Byline | None:
    """Authors of a "By ..." line; None when the line is not a byline at all."""
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    names_part = match["names"].strip()
    role = (match["role"] or "").strip()
    affiliation = affiliation_of(role)
    if not names_part:
        return Byline([], affiliation) if role or line.strip().lower().startswith("by ,") else None
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", names_part) if n.strip()]
    if not names or not all(re.fullmatch(_NAME, n) for n in names) or any(len(n.split()) > 5 for n in names):
        return None
    return Byline([Author(n, affiliation) for n in names], affiliation)


@lru_cache(maxsize=1)
def _bio_roles() -> frozenset[str]:
    return frozenset(row[0].lower() for row in load_rows("clean/bio_roles.txt"))


def parse_bio(paragraph: str) -> Author | None:
    """An author bio ("Eugene Chausovsky is a senior analyst at the Newlines Institute. ...")."""
    match = _BIO.match(paragraph.strip())
    if not match:
        return None
    role_words = set(re.findall(r"[a-z-]+", match["role"].lower()))
    if not role_words & _bio_roles():
        return None
    return Author(match["name"].strip(), affiliation_of(match["role"]))
