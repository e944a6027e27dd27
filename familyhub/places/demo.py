"""Places for the demonstration directory: made for every location (making.make_places), with
opening times and directions for the family hubs and libraries (realistic, not the council's
real hours)."""

from django.db import transaction

from familyhub.places.making import make_places
from familyhub.places.models import PlaceKind

OPENING = {
    PlaceKind.FAMILY_HUB: "Monday to Friday, 9am to 5pm\nSome evening and Saturday sessions: "
    "see what's on\nClosed on bank holidays",
    PlaceKind.LIBRARY: "Monday to Friday, 9am to 5pm\nSaturday, 9am to 4pm\nClosed on Sundays "
    "and bank holidays",
}
GETTING_THERE = {
    "Chatham": "A short walk from Chatham railway station and the Pentagon bus station. "
    "Pay and display parking nearby.",
    "Gillingham": "Buses stop nearby; Gillingham railway station is about 10 minutes' walk.",
    "Rochester": "Rochester railway station is about 10 minutes' walk; buses along the High "
    "Street and Maidstone Road.",
    "Strood": "Strood railway station is about 10 minutes' walk; buses from Strood town centre.",
    "Rainham": "Rainham railway station is about 10 minutes' walk; buses along the A2.",
    "Hoo Peninsula": "Buses from Chatham and Strood; free parking on site.",
}


@transaction.atomic
def load_demo_places() -> int:
    made = make_places()
    for place in made:
        if place.kind in OPENING:
            place.opening_times = OPENING[place.kind]
            place.getting_there = GETTING_THERE.get(place.location.town, "")
            place.save(update_fields=["opening_times", "getting_there"])
    return len(made)
