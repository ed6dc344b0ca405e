"""Pure workshop logic: rotation, diagnostic, deliverables.

Nothing here imports Flask or opens a database session, so it runs in a notebook.
"""
