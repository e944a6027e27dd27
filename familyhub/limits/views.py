"""The page for a request Django refuses before any view sees it (handler400): a form post
over DATA_UPLOAD_MAX_MEMORY_SIZE (413, nothing read or stored) or with too many fields."""

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render


def bad_request(request, exception=None):
    too_big = isinstance(exception, RequestDataTooBig)
    return render(request, "limits/bad_request.html", {"too_big": too_big},
                  status=413 if too_big else 400)  # fmt: skip
