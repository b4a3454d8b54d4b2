"""``python -m flows.demo_sites``: serve the demo sites until Ctrl-C, for exploring them in a browser."""

from __future__ import annotations

import argparse
import threading

from flows.demo_sites import DEMO_PORT, DemoSites


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.demo_sites", description=__doc__)
    parser.add_argument("--edition", type=int, default=0, help="0: first run; 1: the developing story is edited")
    parser.add_argument("--port", type=int, default=DEMO_PORT,
                        help=f"port on 127.0.0.1 (default {DEMO_PORT}; 0: any free port)")
    parser.add_argument("--sources", help="also write a sources file for this server to this path")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args()
    with DemoSites(edition=args.edition, port=args.port, quiet=not args.verbose) as sites:
        print(f"Demo news sites at {sites.base_url}/  (edition {sites.edition}, {len(sites.catalogue)} articles)")
        for name, site in sites.sites().items():
            print(f"  {name:10} {site.source['homepage']}")
        if args.sources:
            print(f"Sources file: {sites.write_sources(args.sources)}")
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopped.")


if __name__ == "__main__":
    main()
