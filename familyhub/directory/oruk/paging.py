"""The ORUK 3.0 paging wrapper, exactly as the standard's `Page` schema and example feeds."""

import math


def page_of(contents: list, *, total: int, page: int, per_page: int) -> dict:
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": len(contents) == 0,
        "contents": contents,
    }


def paginate(queryset, *, page: int, per_page: int):
    """(items on the page, total) for a queryset; a page past the end is empty, not an error."""
    total = queryset.count()
    start = (page - 1) * per_page
    return list(queryset[start : start + per_page]), total
