"""Imported by the extraction pool's fork server only (``scrapers.crawl.Pipeline``), never otherwise.

The fork server starts every extraction worker by forking itself: what it has built, each worker has
from the start. So it extracts a small page here (``scrapers.crawl.warm_up``), once for the whole pool,
and then freezes what it holds out of the cyclic garbage collector, so that no worker's collections
walk (and by walking, copy) the imported modules' objects they share.
"""

import gc

from scrapers.crawl import warm_up

warm_up()
gc.freeze()
