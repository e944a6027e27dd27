"""Serving the ORUK API at the root of its own host, for consumers that read `/services` there.

With ORUK_API_HOST set (say `oruk.example.org`), a request whose host is that name (any port)
is answered by the API's URLs alone (host_urls.py); every other host gets the families' site,
where the API stays at /api/oruk/v3/ too. Django switches URLconfs per request with
`request.urlconf`; the middleware comes first, so the language middleware reads the API's
URLconf (no /pl/ there) too.
"""

from django.conf import settings
from django.http.request import split_domain_port

API_HOST_URLCONF = "familyhub.directory.oruk.host_urls"


class ApiHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api_host = settings.ORUK_API_HOST
        if api_host:
            domain, _port = split_domain_port(request.get_host())
            if domain == api_host:
                request.urlconf = API_HOST_URLCONF
        return self.get_response(request)
