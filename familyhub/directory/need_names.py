"""Needs in the page's language: the taxonomy's terms are English in the database; their names
and descriptions in other languages come from the needs file (reference_data.translated_needs),
so /pl/ pages show "Sen" and /ro/ pages "Somn" where /en/ pages show "Sleep". A term the file
has nothing for in the page's language keeps its English.
"""

from django.utils import translation

from familyhub.directory.reference_data import translated_needs
from familyhub.directory.search.needs import needs_index


def _in_page_language(code: str) -> dict:
    language = (translation.get_language() or "en").split("-")[0]
    if language == "en":
        return {}
    return translated_needs(language).get(code, {})


def need_name(code: str, name: str) -> str:
    return _in_page_language(code).get("name") or name


def need_description(code: str, description: str) -> str:
    return _in_page_language(code).get("description") or description


def in_page_language(terms):
    """The terms, their name and description set for showing in the page's language (for
    display only: the instances are not saved)."""
    for term in terms:
        term.name = need_name(term.code, term.name)
        term.description = need_description(term.code, term.description)
    return terms


def matched_need_names(found) -> list[str]:
    """The names of the needs a search understood its words as, in the page's language."""

    if not found.understanding:
        return []
    code_of = {term_id: code for code, term_id in needs_index().by_code.items()}
    return [
        need_name(code_of.get(term_id, ""), name)
        for term_id, (_weight, _phrase, name) in found.understanding.needs.items()
    ]
