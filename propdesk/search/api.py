"""API router of the search app."""

from ninja import Router

router = Router(tags=["search"])
