"""SQLite: the terms the full-text index holds for a service, kept on the service itself
(Service.search_terms), so a search near a postcode checks the few hundred services near it
for a word without reading the word's whole list from the index.

"feeling low since the baby" near B1 1AA scores about 500 services, but "baby" is in 24,589
services' text and 18,244 names at 200,000: reading those lists (and "feeling" and "low", in
the text and in the name) was most of the search. The terms come from SQLite's own tokenizer
(the same `porter unicode61 remove_diacritics 2` as the index, migration 0002), run in a
private in-memory database, so a word is in a service's terms exactly when the index would
find it: " term term ^name-term ... " (every term of the name and the text, the name's
marked again with ^). PostgreSQL reads each row's stored tsvector instead and
keeps no terms (None).
"""

import functools
import sqlite3
import threading

TOKENIZE = "porter unicode61 remove_diacritics 2"  # as directory_service_fts (migration 0002)
NAME_MARK = "^"
# Every term of one text, and again marked for those of the name (a term of both comes
# twice: harmless to a search for it, and one pass over the terms).
_TERMS = (
    "SELECT ' ' || group_concat(CASE WHEN col = 'name' THEN term || ' ' || ? || term "
    "ELSE term END, ' ') || ' ' FROM terms"
)
_local = threading.local()


def _tokenizer() -> sqlite3.Connection:
    database = getattr(_local, "database", None)
    if database is None:
        database = sqlite3.connect(":memory:")
        # Contentless, one text at a time: its terms are read back by column, then all of it
        # is deleted at once (about 40 µs a service).
        database.execute(
            "CREATE VIRTUAL TABLE words USING fts5(name, body, "
            f"tokenize = '{TOKENIZE}', content = '', detail = column)"
        )
        database.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'col')")
        _local.database = database
    return database


def _terms(name: str, text: str) -> str:
    database = _tokenizer()
    database.execute("INSERT INTO words (rowid, name, body) VALUES (1, ?, ?)", [name, text])
    found = database.execute(_TERMS, [NAME_MARK]).fetchone()[0]
    database.execute("INSERT INTO words (words) VALUES ('delete-all')")
    return found or " "


def terms_of(texts: list[tuple[str, str]]) -> list[str]:
    """For each (name, search text), its terms as the full-text index holds them."""
    return [_terms(name or "", text or "") for name, text in texts]


@functools.lru_cache(maxsize=4096)
def term_of(word: str) -> str | None:
    """The one term the index holds for a word, or None if it makes none or several (then
    the word is looked up in the index itself)."""
    terms = _terms("", word).split()
    return terms[0] if len(terms) == 1 else None


def has_term_sql(column: str, word: str, *, in_name_only: bool) -> tuple[str, list] | None:
    """SQL true when the terms in `column` hold the word (in the name), or None."""
    term = term_of(word)
    if term is None:
        return None
    return f"instr({column}, %s) > 0", [f" {NAME_MARK if in_name_only else ''}{term} "]
