"""Front desk models."""
