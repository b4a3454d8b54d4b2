"""An extraction worker function that kills its own process on one page (imported by the pool's
worker processes by name): the only way to make a real worker die on a chosen page, to show that a
group holding it costs no other page."""

from __future__ import annotations

import importlib
import os

from scrapers.crawl import ExtractSettings, FetchTask, Outcome
from scrapers.models import Page

crawl = importlib.import_module("scrapers.crawl")  # the package exports a function of that name

POISON = "/news/7/"  # the page whose extraction kills the worker, every time


def extract_group(jobs: list[tuple[Page, FetchTask, ExtractSettings]]) -> list[tuple[Outcome, float]]:
    if any(task.url.endswith(POISON) for _, task, _ in jobs):
        os._exit(70)
    return [crawl._extract_in_worker(*job) for job in jobs]
