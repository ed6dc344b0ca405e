"""facilitator: run World Café workshops end to end."""
