"""Real concurrency for the PostgreSQL tests of locks: many requests released at once."""

import threading
from collections.abc import Callable, Iterable

from django.db import connections


def all_at_once(act: Callable, args: Iterable) -> list:
    """Call `act(arg)` for each of `args`, each in its own thread and its own database
    connection, all released together by a barrier. Returns what each call returned, or the
    repr of what it raised (so any unexpected failure shows in the result), in no order."""
    args = list(args)
    barrier = threading.Barrier(len(args))
    outcomes: list = []
    lock = threading.Lock()

    def run(arg):
        try:
            barrier.wait()
            outcome = act(arg)
        except Exception as error:  # noqa: BLE001 - any failure must show in the result
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
