"""Web pages of the tickets app; each view: access check → form → service → render/redirect."""
