"""Every API error is JSON with a 4xx status, naming the parameter at fault."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from familyhub.directory.search.request import SearchInputError


def bad_parameters(errors: dict[str, str]) -> Response:
    return Response(
        {
            "status": 400,
            "title": "Invalid parameters",
            "errors": [{"parameter": key, "message": message} for key, message in errors.items()],
        },
        status=400,
    )


def exception_handler(exc, context):
    if isinstance(exc, SearchInputError):
        return bad_parameters(exc.errors)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(
            {"status": 404, "title": "Not found", "detail": str(exc) or "Not found"}, status=404
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"status": response.status_code, "title": str(response.data["detail"])}
    return response
