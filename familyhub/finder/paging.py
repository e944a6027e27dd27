"""Paging through the results page, as the GOV.UK pagination component draws it."""


def _page_link(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"?{query.urlencode()}"


def pagination(request, results) -> dict | None:
    """The GOV.UK pagination component's items for a page of results: the first and last pages,
    the pages either side of this one, and an ellipsis for each gap; links keep the search."""
    pages, current = results.total_pages, results.request.page
    if pages <= 1:
        return None
    numbers = sorted({1, pages, current - 1, current, current + 1} & set(range(1, pages + 1)))
    items, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "url": _page_link(request, number), "current": number == current}
        )
        previous = number
    return {
        "items": items,
        "previous": _page_link(request, current - 1) if current > 1 else "",
        "next": _page_link(request, current + 1) if current < pages else "",
    }
