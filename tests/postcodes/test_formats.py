import pytest

from familyhub.postcodes.formats import InvalidPostcode, normalise, outward_code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("me4 4tr", "ME4 4TR"),
        ("ME44TR", "ME4 4TR"),
        ("  me7  1ab ", "ME7 1AB"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("m1 1ae", "M1 1AE"),
        ("EC1A1BB", "EC1A 1BB"),
        ("ME4", "ME4"),
        ("sw1a", "SW1A"),
    ],
)
def test_valid_postcodes_are_normalised(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize("typed", ["", "hello", "ME4 4T", "12345", "ME4 4TRX", "QQ1 1AA", "M1 1CI"])
def test_malformed_postcodes_are_refused_with_a_message(typed):
    with pytest.raises(InvalidPostcode, match="is not a UK postcode"):
        normalise(typed)


def test_outward_code():
    assert outward_code("ME4 4TR") == "ME4"
    assert outward_code("ME4") == "ME4"
