"""Places where services run."""

from familyhub.postcodes.lookup import InvalidPostcode, PostcodeNotFound, locate


def fill_coordinates_from_postcode(location) -> bool:
    """Give a location without coordinates those of its address's postcode. True if filled."""
    if location.latitude is not None and location.longitude is not None:
        return False
    address = location.addresses.first()
    if address is None:
        return False
    try:
        place = locate(address.postal_code)
    except (InvalidPostcode, PostcodeNotFound):
        return False
    location.latitude, location.longitude = place.latitude, place.longitude
    location.save(update_fields=["latitude", "longitude", "last_modified"])
    return True
