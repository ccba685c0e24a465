"""The talent registry: counties and their populations, persons, and the organisations they work for."""
