"""The needs taxonomy as search sees it: phrases to match, and each term's descendants.

Loaded once per process and refreshed when a term changes (signals below) or after ten minutes,
so a search costs no taxonomy queries.
"""

import time
from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from familyhub.directory.models import TaxonomyTerm
from familyhub.directory.reference_data import NEEDS, needs_languages, translated_needs
from familyhub.directory.search.words import (
    ENGLISH,
    NeedPhrase,
    PhraseBook,
    stems_in,
    tokens,
)

MAX_AGE_SECONDS = 600


@dataclass
class NeedsIndex:
    phrases: PhraseBook
    descendants: dict  # term id -> set of its own id and all descendant ids
    parents: dict  # term id -> its broader term's id (None at the top)
    by_code: dict  # code -> term id
    loaded_at: float


_cache: dict[str, NeedsIndex] = {}


def _build() -> NeedsIndex:
    terms = list(
        TaxonomyTerm.objects.filter(taxonomy__key=NEEDS).values(
            "id", "code", "name", "synonyms", "parent_id"
        )
    )
    children: dict = {}
    for term in terms:
        children.setdefault(term["parent_id"], []).append(term["id"])

    def family(term_id):
        found = {term_id}
        for child in children.get(term_id, []):
            found |= family(child)
        return found

    # Every language the needs file has words in (Polish, Romanian...), beside English.
    translated = {language: translated_needs(language) for language in needs_languages()}
    phrases = []
    for term in terms:
        english_meaning = (term["synonyms"] or [term["name"]])[0]
        said_in = [(ENGLISH, [term["name"], *(term["synonyms"] or [])])]
        for language, words in translated.items():
            entry = words.get(term["code"], {})
            said_in.append((language, [entry.get("name", ""), *entry.get("synonyms", [])]))
        for language, said in said_in:
            for phrase in said:
                phrase_stems = stems_in(language, tokens(phrase))
                if phrase_stems:
                    phrases.append(
                        NeedPhrase(
                            term["id"],
                            term["name"],
                            phrase,
                            phrase_stems,
                            language,
                            "" if language == ENGLISH else english_meaning,
                        )
                    )
    return NeedsIndex(
        phrases=PhraseBook(phrases),
        descendants={term["id"]: family(term["id"]) for term in terms},
        parents={term["id"]: term["parent_id"] for term in terms},
        by_code={term["code"]: term["id"] for term in terms},
        loaded_at=time.monotonic(),
    )


def needs_index() -> NeedsIndex:
    index = _cache.get("needs")
    if index is None or time.monotonic() - index.loaded_at > MAX_AGE_SECONDS:
        index = _cache["needs"] = _build()
    return index


def forget_needs_index(**kwargs):
    _cache.pop("needs", None)


receiver(post_save, sender=TaxonomyTerm)(forget_needs_index)
receiver(post_delete, sender=TaxonomyTerm)(forget_needs_index)
receiver(m2m_changed, sender=TaxonomyTerm.maps_to.through)(forget_needs_index)
