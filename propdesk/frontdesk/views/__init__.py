"""Front-desk pages, split by area; every view is thin (access → form → service → render)."""
