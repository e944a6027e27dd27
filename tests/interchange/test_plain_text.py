"""HTML in a feed's descriptions becomes plain text that keeps its paragraphs and lists; text
with no markup is left exactly as it was; nothing of a script survives."""

import pytest

from familyhub.interchange.plain_text import plain_text


def test_paragraphs_and_lists_are_kept():
    html = (
        "<p>Our <strong>stay &amp; play</strong> group&nbsp;meets weekly.</p>"
        "<p>We offer:</p><ul><li>Messy play</li><li>Songs &amp; stories</li></ul>"
        "<ol><li>Book</li><li>Come along</li></ol><p>Call <a href='tel:01632'>01632</a><br>"
        "or email.</p>"
    )

    text, converted = plain_text(html)

    assert converted
    assert text == (
        "Our stay & play group meets weekly.\n\nWe offer:\n\n* Messy play\n* Songs & stories\n"
        "1. Book\n2. Come along\n\nCall 01632\nor email."
    )


@pytest.mark.parametrize(
    "text", ["Parents & carers", "For under 5s < 10 kg", "Line one\n\nLine two", "5 > 4"]
)
def test_text_with_no_markup_is_left_as_it_was(text):
    assert plain_text(text) == (text, False)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert('x')</script>Hello",
        "<style>p {color: red}</style>Hello",
        "<img src=x onerror=alert(1)>Hello",
        "<p onclick='alert(1)'>Hello</p>",
    ],
)
def test_nothing_of_a_script_survives(html):
    text, converted = plain_text(html)

    assert (text, converted) == ("Hello", True)


def test_blank_paragraphs_do_not_pile_up():
    assert plain_text("<p>One</p><p></p><p>&nbsp;</p><br><br><p>Two</p>") == ("One\n\nTwo", True)


def test_links_keep_where_they_go_when_their_words_do_not_say():
    html = (
        '<p>Message us on <a href="https://www.facebook.com/example">Facebook</a>, see '
        '<a href="http://www.example.org">www.example.org</a>, email '
        '<a href="mailto:help@example.org">help@example.org</a>, '
        '<a href="tel:01632960000">ring us</a> or read <a href="#more">more</a>.</p>'
    )

    text, _converted = plain_text(html)

    assert text == (
        "Message us on Facebook (https://www.facebook.com/example), see www.example.org, "
        "email help@example.org, ring us (01632960000) or read more."
    )
