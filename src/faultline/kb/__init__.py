"""The knowledge base: countries, IGOs, agent words, people, organisations and weapons.

Every table is a TSV under ``data/kb/`` read through :mod:`faultline.resources`, so a user's
``--kb DIR`` adds rows (its files are read first and win an alias they share with ours).
Generated tables (``countries.tsv`` ...) come from ``scripts/build_kb.py``; hand-curated rows live
in ``curated_*.tsv`` and ``weapons.tsv`` and are read before the generated ones, so a curated
alias shadows a generated one (Phoenix stops in 2014: issue 3 needs Stoltenberg as NATO's).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from faultline.resources import data_dir, gc_paused, load_rows

KB_DIR = "kb"
# The country-alias kinds, best first when one alias has several rows for one country.
KINDS = ("seat", "capital", "name", "adj", "place")
# A surname alone is an alias only for people active since then (older rulers clash with words).
SURNAME_SINCE = "1990-01-01"
SURNAME_MIN_LEN = 4
_SURNAME = re.compile(r"[^\W\d_][\w'-]*")
ACRONYM_MAX = 6
# A people/orgs row: entity, aliases, then the role's actor, sector, sector2, start, end.
NAMED_COLUMNS = 7


def norm(alias: str) -> str:
    """Lookup key of an alias: lower case, single spaces, no leading article."""
    key = " ".join(alias.lower().split())
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


@dataclass(frozen=True, slots=True)
class Place:
    """One country alias: ``Minsk`` -> BLR capital; ``Pentagon`` -> USA seat, sector MIL."""

    iso3: str
    name: str
    kind: str
    sector: str = ""


@dataclass(frozen=True, slots=True)
class Igo:
    code: str
    name: str
    bloc: str  # NGEC convention for an IGO's "country": UNO, EUR or IGO
    sector: str  # a specialised sector (JUD for the ICJ), else ""


@dataclass(frozen=True, slots=True)
class Agent:
    sector: str
    sector2: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    actor: str
    sector: str
    sector2: str
    start: str  # ISO date or ""
    end: str


@dataclass(slots=True)
class Named:
    """A person or organisation with its roles over time."""

    entity: str
    kind: str  # "person" or "org"
    roles: list[Role] = field(default_factory=list)

    def role_at(self, when: str | None = None, prefer: str | None = None) -> Role | None:
        """The role held on ``when`` (ISO date); without a date, the one a ``prefer``red actor
        (from a title: "NATO Secretary General ...") names, else the latest started."""
        if not self.roles:
            return None
        if when:
            current = [r for r in self.roles if (not r.start or r.start <= when) and (not r.end or when < r.end)]
            dated = [r for r in current if r.start or r.end]
            if dated:
                return max(dated, key=lambda r: r.start)
            if current:
                return current[0]
        if prefer:
            matching = [r for r in self.roles if r.actor == prefer]
            if matching:
                return max(matching, key=lambda r: (not r.end, r.start))
        if when:
            before = [r for r in self.roles if r.start and r.start <= when]
            if before:
                return max(before, key=lambda r: r.start)
        undated = [r for r in self.roles if not r.start and not r.end]
        open_ended = [r for r in self.roles if r.start and not r.end]
        if open_ended:
            return max(open_ended, key=lambda r: r.start)
        if undated:
            return undated[0]
        return max(self.roles, key=lambda r: r.start)


@dataclass(frozen=True, slots=True)
class Weapon:
    name: str
    type: str
    operators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Metonym:
    default: str
    igos: tuple[str, ...]


@dataclass
class KnowledgeBase:
    countries: dict[str, str] = field(default_factory=dict)  # iso3 -> canonical name
    places: dict[str, list[Place]] = field(default_factory=dict)  # alias key -> places
    igos: dict[str, Igo] = field(default_factory=dict)  # code -> main IGO record
    igo_aliases: dict[str, Igo] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)
    named: dict[str, Named] = field(default_factory=dict)  # entity -> record
    named_aliases: dict[str, list[str]] = field(default_factory=dict)  # alias key -> entities
    weapons: dict[str, Weapon] = field(default_factory=dict)  # alias key -> weapon
    metonyms: dict[str, Metonym] = field(default_factory=dict)
    # Aliases written as short acronyms ("US", "FSB"): matched case-sensitively, "us" is a pronoun.
    acronyms: set[str] = field(default_factory=set)

    def note_alias(self, alias: str) -> None:
        # the length test first: it rules out nearly every one of the KB's 115,000 aliases
        if len(alias) <= ACRONYM_MAX and alias.isalpha() and alias.isupper():
            self.acronyms.add(alias)

    @classmethod
    def load(cls, extra_dirs: tuple[Path, ...] = ()) -> KnowledgeBase:
        """The packaged KB plus the rows of each ``extra_dirs`` (a user's ``--kb DIR``)."""
        return _load(tuple(Path(d) for d in extra_dirs))

    # ------------------------------------------------------------------ lookups

    def place(self, alias: str) -> list[Place]:
        return self.places.get(norm(alias), [])

    def igo(self, alias_or_code: str) -> Igo | None:
        return self.igo_aliases.get(norm(alias_or_code)) or self.igos.get(alias_or_code)

    def agent(self, phrase: str) -> Agent | None:
        return self.agents.get(norm(phrase))

    def entities(self, alias: str) -> list[Named]:
        return [self.named[e] for e in self.named_aliases.get(norm(alias), [])]

    def person(self, alias: str) -> Named | None:
        found = self.entities(alias)
        return found[0] if found else None

    def weapon(self, alias: str) -> Weapon | None:
        return self.weapons.get(norm(alias))

    def actor_name(self, code: str) -> str:
        if code in self.countries:
            return self.countries[code]
        igo = self.igos.get(code)
        return igo.name if igo else code

    def actor_names(self) -> dict[str, str]:
        """Every country and organisation code -> its name, as :meth:`actor_name` gives it."""
        return {code: igo.name for code, igo in self.igos.items()} | dict(self.countries)


def _rows(name: str, extra_dirs: tuple[Path, ...]) -> tuple[tuple[str, ...], ...]:
    """A user's rows (``DIR/<name>``, read first) then the packaged ``data/kb/<name>``."""
    user: tuple[tuple[str, ...], ...] = ()
    if any((d / name).is_file() for d in extra_dirs):
        user = load_rows(name, extra_dirs)  # no packaged data/<name>: only the user files
    packaged = load_rows(f"{KB_DIR}/{name}") if (data_dir() / KB_DIR / name).is_file() else ()
    return user + packaged


def _cell(row: tuple[str, ...], i: int) -> str:
    return row[i] if len(row) > i else ""


@lru_cache(maxsize=8)
def _load(extra_dirs: tuple[Path, ...]) -> KnowledgeBase:
    with gc_paused():  # issue 3: a quarter million records, and no garbage to find among them
        return _build(extra_dirs)


def _build(extra_dirs: tuple[Path, ...]) -> KnowledgeBase:
    kb = KnowledgeBase()
    _load_places(kb, extra_dirs)
    _load_igos(kb, extra_dirs)
    generic = _load_agents(kb, extra_dirs)
    _load_named(kb, extra_dirs, generic)
    _load_weapons(kb, extra_dirs)
    for row in _rows("curated_metonyms.tsv", extra_dirs):
        kb.metonyms[norm(row[0])] = Metonym(_cell(row, 1), tuple(x for x in _cell(row, 2).split("|") if x))
    return kb


def _load_places(kb: KnowledgeBase, user: tuple[Path, ...]) -> None:
    rank = {k: i for i, k in enumerate(KINDS)}
    seen: dict[tuple[str, str], int] = {}
    for name in ("curated_countries.tsv", "countries.tsv"):
        for row in _rows(name, user):
            iso3, cname, alias, kind = row[0], _cell(row, 1), _cell(row, 2), _cell(row, 3) or "name"
            kb.countries.setdefault(iso3, cname or iso3)
            key = norm(alias)
            kb.note_alias(alias)
            if not key or (key, iso3) in seen:
                continue  # curated rows come first and keep their kind
            seen[(key, iso3)] = 1
            kb.places.setdefault(key, []).append(Place(iso3, kb.countries[iso3], kind, _cell(row, 4)))
    for key, places in kb.places.items():
        places.sort(key=lambda p: rank.get(p.kind, 9))


def _load_igos(kb: KnowledgeBase, user: tuple[Path, ...]) -> None:
    for name in ("curated_igos.tsv", "igos.tsv"):
        for row in _rows(name, user):
            igo = Igo(row[0], _cell(row, 1), _cell(row, 3) or "IGO", _cell(row, 4))
            kb.igos.setdefault(igo.code, igo)
            for alias in [igo.name, *_cell(row, 2).split("|")]:
                key = norm(alias)
                if key and key not in kb.igo_aliases:
                    kb.igo_aliases[key] = igo
                kb.note_alias(alias)


def _load_agents(kb: KnowledgeBase, user: tuple[Path, ...]) -> set[str]:
    """Load the agent words; return the curated one-word ones ("party", "leader"), which no
    generated name may take as its alias."""
    generic = set()
    for name in ("curated_agents.tsv", "agents.tsv"):
        for row in _rows(name, user):
            key = norm(row[0])
            kb.note_alias(row[0])
            if key and key not in kb.agents:
                kb.agents[key] = Agent(_cell(row, 1), _cell(row, 2))
                if name.startswith("curated") and " " not in key:
                    generic.add(key)
    return generic


def _load_named(kb: KnowledgeBase, user: tuple[Path, ...], generic: frozenset[str] | set[str] = frozenset()) -> None:
    owner: dict[str, str] = {key: "curated" for key in generic}  # alias key -> file group that claimed it first
    # Speed (issue 3): 35,000 rows are read in every worker process. Rows share few distinct roles
    # (the generated ones mostly "country, sector, no dates"), so equal roles are one frozen Role;
    # and people holding a role since SURNAME_SINCE are noted here for `_add_surnames`.
    roles: dict[tuple[str, ...], tuple[Role, bool]] = {}
    modern: set[str] = set()
    named, named_aliases, note_alias = kb.named, kb.named_aliases, kb.note_alias
    padding = ("",) * NAMED_COLUMNS
    for group, files in (("curated", ("curated_people.tsv", "curated_orgs.tsv")), ("generated", ("people.tsv", "orgs.tsv"))):
        for name in files:
            kind = "org" if "orgs" in name else "person"
            for row in _rows(name, user):
                entity, alias_cell, *fields = (row + padding)[:NAMED_COLUMNS]
                key_fields = tuple(fields)
                known = roles.get(key_fields)
                if known is None:
                    role = Role(*key_fields)
                    known = roles[key_fields] = (role, role.start >= SURNAME_SINCE or role.end >= SURNAME_SINCE)
                role, is_modern = known
                record = named.get(entity)
                if record is None:
                    record = named[entity] = Named(entity, kind)
                if role not in record.roles:
                    record.roles.append(role)
                if is_modern:
                    modern.add(entity)
                # an alias repeated in a row (the entity is usually its own first alias) adds nothing
                for alias in dict.fromkeys([entity, *alias_cell.split("|")]):
                    key = norm(alias)
                    note_alias(alias)
                    if not key or owner.get(key, group) != group:
                        continue
                    owner[key] = group
                    entities = named_aliases.get(key)
                    if entities is None:
                        named_aliases[key] = [entity]
                    elif entity not in entities:
                        entities.append(entity)
    _add_surnames(kb, owner, modern)


def _add_surnames(kb: KnowledgeBase, owner: dict[str, str], modern: set[str]) -> None:
    """"Lukashenko" alone: the last word of a modern person's name, when it names no one else
    in another country and is not already an alias of something else.

    ``modern``: the entities with a role started or ended since SURNAME_SINCE (noted while loading)."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for entity, record in kb.named.items():
        if record.kind != "person" or entity not in modern:
            continue
        words = entity.split()
        last = words[-1] if words else ""
        if len(last) >= SURNAME_MIN_LEN and last[0].isupper() and _SURNAME.fullmatch(last):
            by_surname[norm(last)].add(entity)
    for key, entities in by_surname.items():
        if key in kb.named_aliases or key in kb.places or key in kb.agents or key in kb.igo_aliases:
            continue
        if len(entities) == 1 or len({r.actor for e in entities for r in kb.named[e].roles}) == 1:
            kb.named_aliases[key] = sorted(entities)


def _load_weapons(kb: KnowledgeBase, user: tuple[Path, ...]) -> None:
    for row in _rows("weapons.tsv", user):
        weapon = Weapon(row[0], _cell(row, 2), tuple(x for x in _cell(row, 3).split(",") if x))
        for alias in _cell(row, 1).split("|") or [row[0]]:
            key = norm(alias)
            kb.note_alias(alias)
            if key:
                kb.weapons.setdefault(key, weapon)
