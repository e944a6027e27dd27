"""The public pages' own words are plain English: a reading age of about 9 (the GOV.UK
standard), short sentences, and none of the words GOV.UK asks writers to avoid.

The copy is every translatable string in the public templates (the text a family reads that
is not directory data). Reading age = Flesch-Kincaid grade + 5 (a US school grade is about
five years behind the age of the child in it).
"""

import re
from pathlib import Path

import readability

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_TEMPLATES = [
    ROOT / "familyhub" / "templates" / "base.html",
    *sorted((ROOT / "familyhub" / "finder" / "templates" / "finder").rglob("*.html")),
]
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.S)
BLOCK = re.compile(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
PLACEHOLDER = re.compile(r"{{\s*[\w.|:\"]+\s*}}")
PLURAL = re.compile(r"{%\s*plural\s*%}.*", re.S)
MAX_READING_AGE = 9
MAX_WORDS_IN_A_SENTENCE = 25
# From the GOV.UK style guide's "words to avoid", plus ones that can sound like judgement.
WORDS_TO_AVOID = [
    "agenda", "advance", "collaborate", "combat", "commit", "countering", "deliver",
    "deploy", "dialogue", "disincentivise", "drive", "empower", "facilitate", "focus",
    "foster", "impact", "incentivise", "initiate", "key", "land", "leverage", "liaise",
    "overarching", "progress", "promote", "robust", "slimming down", "streamline",
    "strengthening", "tackling", "transforming", "utilise", "in order to", "commence",
    "assist", "signpost", "service user", "vulnerable", "troubled", "failing",
]  # fmt: skip


def copy_sentences() -> list[str]:
    sentences = []
    for template in PUBLIC_TEMPLATES:
        source = template.read_text()
        found = [match[1] for match in TRANSLATE.findall(source)]
        found += [PLURAL.sub("", block) for block in BLOCK.findall(source)]
        for text in found:
            text = " ".join(PLACEHOLDER.sub("3", text).split())
            if text:
                sentences.append(text if text[-1] in ".?!:" else text + ".")
    return sentences


def test_templates_have_copy_to_check():
    assert len(copy_sentences()) > 150


def sentences_for_readability(texts) -> str:
    """One tokenised sentence per line, as the readability package expects."""
    lines = []
    for text in texts:
        for sentence in re.split(r"(?<=[.?!:])\s+", text):
            tokens = re.findall(r"[\w'’]+|[^\w\s]", sentence)
            if tokens:
                lines.append(" ".join(tokens))
    return "\n".join(lines)


def test_the_copy_reads_at_about_age_nine():
    # Prose only (5 words or more): one-word labels like "Cost" would flatter the score.
    prose = [text for text in copy_sentences() if len(text.split()) >= 5]
    grades = readability.getmeasures(sentences_for_readability(prose), lang="en")
    reading_age = grades["readability grades"]["Kincaid"] + 5
    print(f"Reading age of the public pages' copy: {reading_age:.1f}")
    assert reading_age <= MAX_READING_AGE


def test_no_long_sentences():
    long = [
        sentence
        for text in copy_sentences()
        for sentence in re.split(r"(?<=[.?!])\s+", text)
        if len(sentence.split()) > MAX_WORDS_IN_A_SENTENCE
    ]
    assert not long, long


def test_no_words_gov_uk_asks_us_to_avoid():
    text = " ".join(copy_sentences()).lower()
    used = [word for word in WORDS_TO_AVOID if re.search(rf"\b{word}\b", text)]
    assert not used, used


def test_the_measure_would_catch_hard_writing():
    hard = (
        "Notwithstanding the aforementioned considerations, practitioners should facilitate "
        "multidisciplinary interventions commensurate with safeguarding thresholds."
    )
    grades = readability.getmeasures(sentences_for_readability([hard]), lang="en")
    assert grades["readability grades"]["Kincaid"] + 5 > MAX_READING_AGE
