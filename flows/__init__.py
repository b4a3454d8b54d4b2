"""The Prefect layer of geowire: flows, schedules and the ``geowire`` CLI.

Offline-friendly Prefect defaults are set here, before Prefect is first
imported, so that no telemetry or analytics call leaves the machine; a user's
own environment variables win.
"""

import os

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
