"""Work spread over worker processes, for the management commands and the job worker only:
never in a web request (a request is one of the web server's workers already).

`ordered(function, items, workers)` is `map(function, items)`, run in `workers` forked
processes, its results given back in the items' order, with at most a few items in flight so
memory stays flat however many items there are. Each worker opens its own database connection
(the parent's are closed before forking, as a connection cannot be shared between processes).
Where that cannot be done (one worker asked for, a transaction open, an in-memory SQLite
database that a second process cannot see, no fork on this system) it is plain `map`, in this
process: the results are the same either way.
"""

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from django.db import connections


def cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            return False
    for alias in connections:
        connection = connections[alias]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return False
    return True


def ordered(function: Callable, items: Iterable, workers: int) -> Iterator:
    """`function(item)` for each item, in order; `function` must be a module's own function
    (it is sent to the workers by name) and anything it needs beyond its item set up before
    this is called (forked workers start with a copy of this process)."""
    for _item, result in pairs(function, items, workers):
        yield result


def pairs(function: Callable, items: Iterable, workers: int, sent=None) -> Iterator[tuple]:
    """(item, `function(sent(item))`) for each item, in order (`sent`: what of the item the
    worker is given; the whole item by default)."""
    sent = sent or (lambda item: item)
    if workers <= 1 or not can_fork():
        for item in items:
            yield item, function(sent(item))
        return
    connections.close_all()
    window = workers * 2
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_started) as pool:
        pending = deque()
        for item in items:
            pending.append((item, pool.apply_async(function, (sent(item),))))
            if len(pending) >= window:
                item, result = pending.popleft()
                yield item, result.get()
        while pending:
            item, result = pending.popleft()
            yield item, result.get()


def _started():
    """In a new worker: no connection of the parent's (closed before forking) is used; the
    worker's own are opened when first needed, and closed with the worker."""
    for connection in connections.all(initialized_only=True):
        connection.connection = None
