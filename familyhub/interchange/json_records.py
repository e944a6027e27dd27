"""The records of a JSON feed file, one at a time, each decoded by the standard library's C
decoder (`json.JSONDecoder.raw_decode`) from a window of the file's text, so a national feed
(100,000 services is over a gigabyte of JSON) is never in memory whole.

Why not ijson, which reads the rest of a feed file (feeds.py): ijson's C backend builds each
record from a parser event a value, and at 100,000 services that was the importer's single
largest cost (about 16 s of its own processor time on the benchmark machine, against about 7 s
here), in the process every record passes through while worker processes read ahead.

The file's start (what comes before the list, or that it is not a feed) is still checked by
feeds.py before this begins, so this reads a file already known to start as a feed: the list
of services at the top level (`key` None), or under `key` in the top-level object. What comes
after the list is read to the file's end and must be JSON too, as a streaming parser would
find. Numbers are Python's floats and ints (as ijson's `use_float` gives them); NaN and
Infinity, which the standard library's decoder would take, are refused as JSON refuses them;
a number too large for a float (1e400) is given as its text (`finite_or_text`, as a web feed's
pages are read too), and the record's reading leaves it out with a note where it needs a
number (reading.Reader.number): so no record holds a value that is not a finite number, which
its fingerprint (pre_read.fingerprint, by orjson) would write as null. Where ijson differs: a
page that gives its list twice (the same key) is read for the first list only; white space is
JSON's four characters only (ijson also passed a form feed); nesting deeper than Python's
recursion limit (about 1,000 levels) is refused.
"""

import codecs
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path

READ = 1 << 22  # bytes read at a time (4 MB)
LONGEST = 1 << 26  # characters a single record may take (64 MB): longer is refused
_SPACES = re.compile(r"[ \t\n\r]*")  # JSON's white space
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*\Z")  # what may follow a number cut short
SHOWN = 30  # characters of the file shown where it breaks
ENDS_EARLY = "the file ends part way through (was it cut short?)"


class Broken(Exception):
    """The file stops being JSON (or a feed) here: `reason` in a data manager's words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _not_json(constant: str):
    raise ValueError(f"{constant} is not a JSON value")


def finite_or_text(text: str) -> float | str:
    """A JSON number with a fraction or an exponent: its float, or its text where no float
    holds it (1e400 would be infinity)."""
    value = float(text)
    return value if math.isfinite(value) else text


_decoder = json.JSONDecoder(parse_constant=_not_json, parse_float=finite_or_text)


class _Window:
    """The file's text from `position` on, read as far as needed."""

    def __init__(self, handle):
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.unreadable = False  # the text read so far ends where the file stops being UTF-8
        self.text = ""
        self.position = 0
        self.ended = False
        self.begun = False

    def more(self) -> bool:
        """Read on (dropping what is behind `position`); False at the file's end. Text that
        is not UTF-8 ends the file there: the characters before it are read first."""
        if self.unreadable:
            raise Broken("it is not UTF-8 text from here on")
        if self.ended:
            return False
        data = self.handle.read(READ)
        try:
            added = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            pending, _flags = self.decoder.getstate()
            added = (pending + data)[: error.start].decode("utf-8")
            self.unreadable = True
        if added and not self.begun:  # the file's first characters: without a byte order mark
            added, self.begun = added.removeprefix("\ufeff"), True
        self.text = self.text[self.position :] + added
        self.position = 0
        self.ended = not data
        return True

    def next_character(self) -> str:
        """The next character that is not white space ('' at the file's end), not taken."""
        while True:
            self.position = _SPACES.match(self.text, self.position).end()
            if self.position < len(self.text):
                return self.text[self.position]
            if not self.more():
                return ""

    def take(self, expected: str):
        character = self.next_character()
        if not character:
            raise Broken(ENDS_EARLY)
        if character != expected:
            raise Broken(f"expected “{expected}”, found “{character}”{self.where()}")
        self.position += 1

    def value(self) -> tuple[object, str]:
        """The next JSON value, and its text as the file gives it."""
        self.next_character()
        while True:
            start = self.position
            try:
                value, end = _decoder.raw_decode(self.text, start)
            except json.JSONDecodeError as error:
                if self._cut_short(error) and self.more():
                    continue
                raise Broken(self._reason(error)) from None
            except (ValueError, RecursionError) as error:
                raise Broken(f"{error}{self.where()}") from None
            if _NUMBER_GOES_ON.match(self.text, end) and self.more():  # read a number whole
                continue
            self.position = end
            return value, self.text[start:end]

    def _cut_short(self, error: json.JSONDecodeError) -> bool:
        """Whether the decoder may have stopped only because the window ends (within its last
        few characters: a \\u escape's six), so reading on may let it finish."""
        if len(self.text) - self.position > LONGEST:
            raise Broken("a record is longer than 64 million characters")
        return error.pos >= len(self.text) - 6 or error.msg.startswith("Unterminated string")

    def _reason(self, error: json.JSONDecodeError) -> str:
        """Why the value cannot be read, the whole file read to its end."""
        if error.pos >= len(self.text.rstrip()) or error.msg.startswith("Unterminated string"):
            return ENDS_EARLY
        return f"{error.msg[:1].lower()}{error.msg[1:]}{self.where(error.pos)}"

    def where(self, position: int | None = None) -> str:
        """Where in the file: the text from `position` on (at the window's place if None)."""
        ahead = 0 if position is None else position - self.position
        while len(self.text) - self.position - ahead < SHOWN and self.more():
            pass
        start = self.position + ahead
        shown = self.text[start : start + SHOWN].split("\n")[0]
        return f" (at “{shown}”)" if shown.strip() else ""


def records(path: Path, key: str | None) -> Iterator[tuple[object, str]]:
    """(record, its JSON text) for each record of the list; `Broken` where the file stops
    being JSON (the records before it are given first)."""
    with path.open("rb") as handle:
        window = _Window(handle)
        if key is None:
            window.take("[")
        else:
            window.take("{")
            _to_list(window, key)
        if window.next_character() == "]":
            window.position += 1
        else:
            while True:
                yield window.value()
                character = window.next_character()
                window.take("," if character != "]" else "]")
                if character == "]":
                    break
        if key is not None:
            _rest_of_object(window)
        if window.next_character():
            raise Broken(f"there is more after the feed's JSON{window.where()}")


def _to_list(window: _Window, key: str):
    """On past the top-level object's other keys to the list under `key` (its "[" taken)."""
    while True:
        name = _key(window)
        window.take(":")
        if name == key and window.next_character() == "[":
            window.position += 1
            return
        window.value()
        window.take(",")


def _rest_of_object(window: _Window):
    """The top-level object's keys after the list, to its closing brace."""
    while window.next_character() == ",":
        window.position += 1
        _key(window)
        window.take(":")
        window.value()
    window.take("}")


def _key(window: _Window) -> str:
    where = window.where()
    name, _text = window.value()
    if not isinstance(name, str):
        raise Broken(f"a key of the feed's object is not text{where}")
    return name
