"""API router of the frontdesk app."""

from ninja import Router

router = Router(tags=["frontdesk"])
