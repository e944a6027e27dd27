"""The map of services for data managers, analysts and administrators: a page and a CSV, both
from the same computed rows (building.build_map). Thin: the rules are in mapping.py."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.accounts.roles import require_role
from familyhub.directory.choices import LevelOfNeed
from familyhub.gaps import building, capacity, mapping
from familyhub.gaps.forms import MapFilterForm

MAP_ROLES = frozenset({Role.DATA_MANAGER, Role.ANALYST, Role.ADMINISTRATOR})


def _allowed(user):
    require_role(user, MAP_ROLES)


def _bars(pairs):
    """A bar chart's rows: label, value and the bar's width as a percentage of the largest."""
    largest = max((value for _label, value in pairs), default=0) or 1
    return [
        {"label": label, "value": value, "width": round(100 * value / largest)}
        for label, value in pairs
    ]


def _expected_levels(needs):
    """The plausible levels of each need that has its own (data/plausible.json), for the page."""
    own = mapping.plausible_levels()
    labels = dict(LevelOfNeed.choices)
    return [
        {
            "need": need,
            "levels": [labels[level] for level in own[need.code]["levels"]],
            "why": own[need.code]["why"],
        }
        for need in needs
        if need.code in own
    ]


@login_required
def map_page(request):
    _allowed(request.user)
    gap_map = building.build_map()
    form = MapFilterForm(request.GET or None, needs=gap_map.needs)
    filters = form.filters()
    filtered = any(vars(filters).values())
    rows = gap_map.rows(filters) if filtered else []
    context = {
        "form": form,
        "filters": filters,
        "filtered": filtered,
        "columns": mapping.COLUMNS,
        "rows": [{"cell": cell, "values": mapping.row_values(cell)} for cell in rows],
        "total_cells": len(gap_map.cells),
        "overlap_at_least": mapping.OVERLAP_AT_LEAST,
        "look_back_days": mapping.SEARCH_LOOK_BACK_DAYS,
        "district_towns": sorted(mapping.DISTRICT_TOWNS.items()),
        "searches_total": gap_map.searches_total,
        "expected_levels": _expected_levels(gap_map.needs),
        "query": request.GET.urlencode(),
    }
    if filters.need:
        need = next(n for n in gap_map.needs if n.code == filters.need)
        places = mapping.place_summary([c for c in gap_map.cells if c.need.code == need.code])
        context |= {
            "need": need,
            "places": places,
            "chart": _bars([(entry["place"], entry["services"]) for entry in places]),
            "wards": building.ward_presence(need.code),
            "districts": sorted(
                (district or "No postcode", count)
                for (code, district), count in gap_map.searches_by_need_district.items()
                if code == need.code
            ),
        }
    else:
        summary = gap_map.need_summary()
        context |= {
            "capacity": capacity.capacity_by_town(),  # programme places: the map without a need
            "summary": summary,
            "chart": _bars(
                [
                    (entry["need"].name, entry["services"])
                    for entry in summary
                    if not entry["need"].is_narrower
                ]
            ),
            "unrecognised_searches": sum(
                count
                for (code, _district), count in gap_map.searches_by_need_district.items()
                if not code
            ),
        }
    return render(request, "gaps/map.html", context)


@login_required
def map_csv(request):
    _allowed(request.user)
    gap_map = building.build_map()
    form = MapFilterForm(request.GET or None, needs=gap_map.needs)
    filters = form.filters()
    if form.errors:
        problems = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(
            f"The filters are not right: {problems}.\n", content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="family-hub-map-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(mapping.COLUMNS)
    for cell in gap_map.rows(filters):
        writer.writerow([spreadsheet_safe(value) for value in mapping.row_values(cell)])
    return response


@login_required
def capacity_csv(request):
    """Programme places against requests waiting for one, by town (gaps/capacity.py)."""
    _allowed(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="family-hub-programme-capacity-{stamp}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(capacity.COLUMNS)
    for row in capacity.capacity_by_town():
        writer.writerow(capacity.row_values(row))
    return response


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula (a service named "=HYPERLINK(...)") gets a
    leading apostrophe, so it opens as text (OWASP CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
