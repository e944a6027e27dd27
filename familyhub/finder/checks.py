"""A system check: the council's branding colours must meet WCAG 2.2 AA contrast (4.5:1)."""

import re

from django.conf import settings
from django.core.checks import Error, register

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
AA_NORMAL_TEXT = 4.5


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@register()
def branding_contrast(app_configs, **kwargs):
    pairs = [
        ("FAMILYHUB_BRAND_COLOUR", settings.BRAND_COLOUR, settings.BRAND_TEXT_COLOUR),
        ("FAMILYHUB_LINK_COLOUR", settings.LINK_COLOUR, "#ffffff"),
    ]
    errors = []
    for name, colour, against in pairs:
        if not HEX.match(colour) or not HEX.match(against):
            errors.append(
                Error(f"{name} must be a colour like #0a4a7a.", id="finder.E001", obj=name)
            )
            continue
        ratio = contrast_ratio(colour, against)
        if ratio < AA_NORMAL_TEXT:
            errors.append(
                Error(
                    f"{name} {colour} against {against} has contrast {ratio:.2f}:1; "
                    f"WCAG 2.2 AA needs at least {AA_NORMAL_TEXT}:1.",
                    id="finder.E002",
                    obj=name,
                )
            )
    return errors
