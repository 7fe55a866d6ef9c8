"""Build the PLOVER verb data files from the CAMEO verb dictionary and the CAMEO->PLOVER table.

    .venv/bin/python scripts/build_verbs.py [KB_SOURCES_DIR]

Reads ``CAMEO.2.0.txt`` (the PETRARCH verb dictionary: synonym sets, verb blocks, ``- * OBJECT
[code]`` patterns) and ``CAMEO2PLOVER-2021.txt`` (CAMEO code -> PLOVER type, mode), and writes

- ``src/faultline/data/extract/cameo_verbs.tsv``: inflected form, lemma, CAMEO code, PLOVER type, mode;
- ``src/faultline/data/extract/cameo_patterns.tsv``: lemma, object words (in order, gaps allowed),
  CAMEO code, PLOVER type, mode.

Hand-made rows live in ``curated_triggers.tsv`` next to them and take precedence at run time; the
verbs of ``event_weak_verbs.tsv`` keep only their object patterns.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from faultline.extract.events import inflect

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "faultline" / "data" / "extract"
DEFAULT_SOURCES = ROOT.parent / "shared" / "kb-sources"

# CAMEO 01 (public statements) codes no PLOVER event; CAMEO 02 (appeals) is PLOVER REQUEST, with the
# modes the table gives the parallel CAMEO 10 (demand) codes. CAMEO2PLOVER-2021.txt starts at 03.
APPEAL_MODES = {"021": "assist", "022": "assist", "023": "assist", "024": "change", "025": "yield", "026": "meet", "027": "meet", "028": "meet"}
# Dictionary verbs that are too common or too ambiguous in news prose to code an event on their own
# ("has made", "took", "the head of", "help"): they still code through their object patterns.
WEAK_FILE = OUT / "event_weak_verbs.tsv"


def weak_lemmas(path: Path = WEAK_FILE) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def plover_table(path: Path) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", line)
        if m:
            table.setdefault(m.group(1), (m.group(2), m.group(3).strip().replace(" ", "")))
    for code in ("02", "020", "021", "0211", "0212", "0213", "0214", "022", "023", "0231", "0232", "0233", "0234",
                 "024", "0241", "0242", "0243", "0244", "025", "0251", "0252", "0253", "0254", "0255", "0256",
                 "026", "027", "028"):
        table[code] = ("REQUEST", APPEAL_MODES.get(code[:3], ""))
    return table


def to_plover(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The PLOVER (type, mode) of a CAMEO code, falling back to its parent code."""
    while code:
        if code in table:
            return table[code]
        code = code[:-1] if len(code) > 2 else ""
    return None


def clean_code(raw: str) -> str:
    """'[042:043]' -> '042' (the source-side code); '[:173]' -> '173'; '[---]' -> ''."""
    raw = raw.strip("[] ")
    parts = [p for p in raw.split(":") if p and p != "---"]
    return parts[0] if parts and parts[0].isdigit() else ""


def words(token: str) -> str:
    return token.strip("+").rstrip("_").replace("_", " ").lower()


def parse_cameo(path: Path) -> tuple[dict[str, list[str]], list[dict]]:
    """Synonym sets and verb blocks: [{'code', 'verbs': [(base, forms, code)], 'patterns': [(words, code)]}]."""
    synsets: dict[str, list[str]] = {}
    blocks: list[dict] = []
    current_set: str | None = None
    block: dict | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_set = None
            continue
        if line.startswith("&"):
            current_set = line.strip().rstrip("_")
            synsets[current_set] = []
            continue
        if current_set and line.startswith("+") and block is None:
            synsets[current_set].append(words(line.strip()))
            continue
        if line.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+(\[[^\]]*\])", line)
            block = {"code": clean_code(m.group(2)) if m else "", "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            m = re.match(r"^-\s*(.*?)\[([^\]]*)\]", line)
            if not m or "*" not in m.group(1):
                continue
            after = m.group(1).split("*", 1)[1]
            toks = re.findall(r"[&A-Za-z][A-Za-z_'&-]*", after)
            if toks:
                block["patterns"].append((toks, clean_code(m.group(2))))
            continue
        m = re.match(r"^(\+?[A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", line.strip())
        if m:
            forms = [words(f) for f in re.findall(r"[+A-Z_'-]+", m.group(2) or "")]
            block["verbs"].append((words(m.group(1)), forms, clean_code(m.group(3) or "")))
    return synsets, blocks


def expand(toks: list[str], synsets: dict[str, list[str]], limit: int = 6) -> list[str]:
    """Object word sequences of a pattern, with synonym sets spelt out (at most `limit` variants)."""
    variants = [[]]
    for tok in toks:
        if tok.startswith("&"):
            options = synsets.get(tok.rstrip("_"), [])[:limit]
            if not options:
                return []
            variants = [v + [o] for v in variants for o in options][:limit]
        else:
            variants = [v + [words(tok)] for v in variants]
    return [" ".join(v) for v in variants]


def main(sources: Path) -> None:
    table = plover_table(sources / "CAMEO2PLOVER-2021.txt")
    synsets, blocks = parse_cameo(sources / "CAMEO.2.0.txt")
    weak = weak_lemmas()
    verb_rows: dict[str, tuple[str, str, str, str]] = {}
    pattern_rows: set[tuple[str, str, str, str, str]] = set()
    for block in blocks:
        for base, forms, code in block["verbs"]:
            lemma = base
            code = code or block["code"]
            coded = to_plover(code, table) if code else None
            all_forms = ({base} | set(forms)) if forms else inflect(base)
            for form in sorted(all_forms):
                if coded and lemma not in weak and form not in verb_rows:
                    verb_rows[form] = (lemma, code, *coded)
                elif form not in verb_rows:
                    verb_rows.setdefault(form, (lemma, "", "", ""))
            for toks, pcode in block["patterns"]:
                coded_p = to_plover(pcode, table) if pcode else None
                if not coded_p:
                    continue
                for seq in expand(toks, synsets):
                    pattern_rows.add((lemma, seq, pcode, *coded_p))
    OUT.mkdir(parents=True, exist_ok=True)
    lemmas_with_patterns = {row[0] for row in pattern_rows}
    header = "# generated by scripts/build_verbs.py from CAMEO.2.0.txt + CAMEO2PLOVER-2021.txt; do not edit\n"
    with (OUT / "cameo_verbs.tsv").open("w", encoding="utf-8") as fh:
        fh.write(header + "# form\tlemma\tcameo\tplover\tmode  (no code: the verb codes only through its patterns)\n")
        for form, (lemma, code, typ, mode) in sorted(verb_rows.items()):
            if code or lemma in lemmas_with_patterns:
                fh.write(f"{form}\t{lemma}\t{code}\t{typ}\t{mode}\n")
    with (OUT / "cameo_patterns.tsv").open("w", encoding="utf-8") as fh:
        fh.write(header + "# lemma\tobject words (in order, gaps allowed)\tcameo\tplover\tmode\n")
        for row in sorted(pattern_rows):
            fh.write("\t".join(row) + "\n")
    print(f"{len(verb_rows)} verb forms, {len(pattern_rows)} object patterns -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCES)
