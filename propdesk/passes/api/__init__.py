"""API of renovations, worker passes, goods releases and the gate check."""

from ninja import Router

router = Router(tags=["passes"])

from . import gate, releases, renovations  # noqa: E402,F401  (registers the operations)
