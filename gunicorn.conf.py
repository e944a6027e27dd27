"""gunicorn settings for Family Hub (production and the browser tests).

Run: gunicorn familyhub.wsgi:application -c gunicorn.conf.py
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A parent may paste a long message into the search box: let the request line through so the
# page can explain the limit and keep what they typed, instead of gunicorn refusing it.
limit_request_line = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")


def post_worker_init(worker):
    """Each new worker loads its URLs, templates, translations and search vocabulary before
    its first request (familyhub/warming.py), so no visitor waits for them."""
    from familyhub.warming import warm_up

    warm_up()
