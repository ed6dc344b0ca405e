"""The WSGI entry point for production servers (gunicorn): `gunicorn wsgi:app`.

It runs in production mode, so it refuses to start without FACILITATOR_SECRET_KEY.
"""
import os

os.environ.setdefault("FACILITATOR_ENV_NAME", "production")

from facilitator import create_app  # noqa: E402

import gc  # noqa: E402

app = create_app()
# Everything loaded at start-up lives as long as the process: keep it out of the collector's
# full passes, whose pauses showed in the live benchmark's slowest fan-outs.
gc.freeze()
