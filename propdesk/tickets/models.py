"""Tickets models."""
