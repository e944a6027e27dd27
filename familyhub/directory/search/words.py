"""Understanding what a parent typed: words, stems, and the needs their phrases point to.

"my baby won't sleep" -> content words ["baby", "sleep"] and the need "Baby and toddler sleep"
(its synonym "won't sleep" appears in the query). Matching is on Snowball stems, so "tantrum"
finds "tantrums" and "autistic" finds a synonym "autistic child".

Phrases are English, Polish or Romanian (polish.py stems the Polish ones, Snowball the
Romanian). Where phrases of both languages
claim the same words, the page's language wins: "sen" is sleep on /pl/ and SEND on /en/. Words a
Polish phrase took are not searched for in services' (English) text. A misspelt word is first
corrected against the vocabulary (spelling.py) when a speller is given.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from familyhub.directory.search import polish

_stemmer = snowballstemmer.stemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+")

# Words that carry no meaning in a search for family support. Kept short and readable on purpose.
STOPWORDS = frozenset(
    """
    a about after again all am an and any are as at be been before being but by can could did do
    does doing for from had has have having he her here him his how i if in into is it its just
    me might more most my myself no nor not of off on once only or other our ours out over own
    same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself since get got getting really maybe think thinking
    wont cant dont doesnt isnt im hes shes were ive
    help helping support need needs needing want wanting looking find someone something somebody
    anyone anything please advice information service services local near nearby
    son daughter child children kid kids boy girl parent parents family families
    mum mums dad dads mother father
    """.split()
)


def fold(text: str) -> str:
    """Lower case without accents: "Café" -> "cafe" (both databases index folded text)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> list[str]:
    """Folded word tokens; apostrophes dropped so "won't" -> "wont"; "ł" (which has no
    decomposition) read as "l"."""
    folded = fold(text).replace("ł", "l").replace("'", "").replace("’", "")
    return _TOKEN.findall(folded)


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The Snowball stem (remembered: stemming is most of understanding a query's cost)."""
    return _stemmer.stemWord(word)


def stems(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


ENGLISH = "en"
POLISH = "pl"
ROMANIAN = "ro"
_romanian = snowballstemmer.stemmer("romanian")
# A few everyday Romanian words that carry no need (the needs file's phrases use the rest).
ROMANIAN_STOPWORDS = frozenset(
    "si sau de la in pe cu pentru meu mea mei mele nu este sunt e am are ce cum un o ca sa "
    "mai foarte copilul copil copiii ajutor".split()
)


@lru_cache(maxsize=20000)
def romanian_stem(word: str) -> str:
    return _romanian.stemWord(word)


def stems_in(language: str, words: list[str]) -> tuple[str, ...]:
    """Stems for a phrase or a query in a language: the Polish stemmer for Polish, Snowball's
    Romanian for Romanian (words arrive folded, and are stemmed folded on both sides), Snowball
    English for anything else."""
    if language == POLISH:
        return polish.stems(words)
    if language == ROMANIAN:
        return tuple(romanian_stem(word) for word in words)
    return stems(words)


@dataclass(frozen=True)
class NeedPhrase:
    term_id: object
    term_name: str
    phrase: str
    stems: tuple[str, ...]
    language: str = ENGLISH
    # For a Polish phrase: the need's words in English, searched for in services' text as the
    # English words would be (services are described in English).
    meaning: str = ""


@dataclass(frozen=True)
class PhraseFound:
    phrase: NeedPhrase
    start: int

    @property
    def positions(self) -> range:
        return range(self.start, self.start + len(self.phrase.stems))


@dataclass
class Understanding:
    text: str
    content_words: list[str] = field(default_factory=list)
    # term id -> (weight, the phrase that matched, the term's name)
    needs: dict = field(default_factory=dict)
    # misspelt word -> the word searched for instead
    corrections: dict = field(default_factory=dict)
    corrected_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.content_words and not self.needs


class PhraseBook:
    """The taxonomy's phrases, filed by language and first stem, so understanding a query looks
    only at the phrases that start with one of its words (not at every phrase of every term)."""

    def __init__(self, phrases):
        self.phrases = list(phrases)
        self.languages = sorted({phrase.language for phrase in self.phrases}) or [ENGLISH]
        self._by_first_stem: dict[tuple, list[tuple[int, NeedPhrase]]] = {}
        for position, phrase in enumerate(self.phrases):
            if phrase.stems:
                key = (phrase.language, phrase.stems[0])
                self._by_first_stem.setdefault(key, []).append((position, phrase))

    def __iter__(self):
        return iter(self.phrases)

    def __len__(self):
        return len(self.phrases)

    def found_at(self, words: list[str]) -> list[PhraseFound]:
        """Every phrase (of either language) that appears in the words, and where."""
        found = {}
        for language in self.languages:
            query_stems = stems_in(language, words)
            for start, word_stem in enumerate(query_stems):
                for position, phrase in self._by_first_stem.get((language, word_stem), ()):
                    if query_stems[start : start + len(phrase.stems)] == phrase.stems:
                        found[(position, start)] = PhraseFound(phrase, start)
        return [found[key] for key in sorted(found)]

    def found_in(self, query_stems: tuple[str, ...]) -> list[NeedPhrase]:
        """The English phrases that appear in already-stemmed words, in the book's order."""
        found = {}
        for start, word_stem in enumerate(query_stems):
            for position, phrase in self._by_first_stem.get((ENGLISH, word_stem), ()):
                if query_stems[start : start + len(phrase.stems)] == phrase.stems:
                    found[position] = phrase
        return [found[position] for position in sorted(found)]


_WORD_AS_TYPED = re.compile(r"[\w'’]+")


def _with_corrections(text: str, corrections: dict) -> str:
    """The text as typed, each misspelt word replaced: "Slep problems!" -> "sleep problems!"."""

    def replace(match):
        found = tokens(match.group(0))
        return corrections.get(found[0], match.group(0)) if len(found) == 1 else match.group(0)

    return _WORD_AS_TYPED.sub(replace, text)


def _only_stopwords(match: PhraseFound, words: list[str], language: str) -> bool:
    """On a Polish page, "dla" (for) is not DLA (the benefit): a phrase of the other language
    made only of the page language's stop words is not taken."""
    stopwords = {POLISH: polish.STOPWORDS, ROMANIAN: ROMANIAN_STOPWORDS}.get(language, STOPWORDS)
    return all(words[position] in stopwords for position in match.positions)


def _preferred(found: list[PhraseFound], words: list[str], language: str) -> list[PhraseFound]:
    """The page's language first; another language's phrase only where it takes no word a
    phrase of the page's language took."""
    found = [
        match
        for match in found
        if match.phrase.language == language or not _only_stopwords(match, words, language)
    ]
    first = [match for match in found if match.phrase.language == language]
    taken = {position for match in first for position in match.positions}
    others = [
        match
        for match in found
        if match.phrase.language != language and not taken.intersection(match.positions)
    ]
    return first + others


def understand(text: str, phrases, *, language: str = ENGLISH, speller=None) -> Understanding:
    """What a query asks for. `phrases` is a PhraseBook (or any list of NeedPhrase); `language`
    is the page's ("en" or "pl"); `speller` (spelling.Vocabulary) corrects misspelt words."""
    book = phrases if isinstance(phrases, PhraseBook) else PhraseBook(phrases)
    words = tokens(text)
    result = Understanding(text=text)
    if speller is not None:
        words, result.corrections = speller.correct_all(words, book, language)
    if result.corrections:
        result.corrected_text = _with_corrections(text, result.corrections)
    found = _preferred(book.found_at(words), words, language)
    in_polish = {
        position
        for match in found
        if match.phrase.language != ENGLISH
        for position in match.positions
    }
    searched = [word for position, word in enumerate(words) if position not in in_polish]
    for match in found:
        searched += tokens(match.phrase.meaning)
    seen = set()
    for word in searched:
        if (
            word not in STOPWORDS
            and word not in polish.STOPWORDS
            and word not in ROMANIAN_STOPWORDS
            and len(word) > 1
            and word not in seen
        ):
            seen.add(word)
            result.content_words.append(word)
    for match in found:
        phrase = match.phrase
        # Longer (more specific) phrases weigh more: "feeling low since the baby" beats "low".
        weight = 3 + len(phrase.stems)
        current = result.needs.get(phrase.term_id)
        if current is None or current[0] < weight:
            result.needs[phrase.term_id] = (weight, phrase.phrase, phrase.term_name)
    return result
