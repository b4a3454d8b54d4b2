"""Stories benchmark: clustering quality on a labelled set, and what stories cost at landing.

Usage::

    .venv/bin/python benchmarks/stories.py [--corpus ../shared/corpus/aeb-dev] [--batch 25] [--orders 3]
    .venv/bin/python benchmarks/stories.py --landing --batch 100 [--articles 10000] [--pages 2000]
    .venv/bin/python benchmarks/stories.py --site 1000 [--batch 100]

**Quality.** ``benchmarks/story_variants.py`` makes the labelled set from the corpus's real
article texts (originals, copies, rewrites, 20-40 % synonym-spun copies with paragraphs
dropped, reordered and chrome added) and templated different stories (the same sentence frames
with other facts: siblings of the real texts, and report families with their own copies and spun
copies). Every text is landed through ``storage.land.write_articles`` into a fresh DuckDB file,
in batches, in a shuffled order (variants often land before their original) and in publication
order, once per rule: ``similarity`` (facts not checked: ``SAME_FACTS`` 0, the rule before facts
were kept) and ``+facts`` (the rule in use). Then the stories in ``story_members`` are scored
pairwise: precision over every pair put in one story, recall per kind of pair (the original with
its copy, rewrite or spun copy; two spun copies of one story), the share of templated pairs
(different stories of one frame) put in one story, and folds by page id (0-3 and 4-7; the report
families in neither), since the thresholds were chosen on this set. The same-topic groups below
are independent reports of one event or topic found in the corpus; a pair across them put in one
story counts against precision like any other, and is listed.

**A templated site** (``--site N``): N article pages of the peer benchmark's generated site
(``../shared/peer_crawl/site.py``: different articles whose prose comes from a few sentence
templates with random places, people and numbers), extracted as the crawl extracts them and landed
in batches under each rule; every page is a different article, so the right answer is N stories.

**Landing cost** (``--landing``): a database of ``--articles`` articles (the labelled set,
then texts made of corpus sentences), then ``--pages`` more landed in batches of ``--batch``
through ``storage.land.land`` with stories and country tags on, and again, interleaved, with
them off (``assign_stories`` a no-op, the articles' ``country_mentions`` left empty); per-page times and the
ratio. Timings are CPU seconds of this process (``time.process_time``).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from story_variants import DEFAULT_CORPUS, Doc, generate

from scrapers import similarity
from scrapers.models import Article
from storage.db import Database
from storage.land import write_articles

# Independent reports of one event or topic in aeb-dev (page id prefixes): they must stay apart.
SAME_TOPIC = (
    ("06e5123e4ef7", "1ace8c85aaee"),  # New York attorney general investigates WeWork (Reuters; TechCrunch)
    ("2c46804d9db4", "51d066b0602c"),  # Fort Worth kidnapping rescue video (CBS; NBC DFW)
    ("6ebac05f637e", "7a457a4f7173"),  # man pleads guilty to threatening Ilhan Omar (The Hill; NBC)
    ("156770d676ce", "776a1c046798", "3f65af7b6b98"),  # South Dakota "Meth. We're on it." campaign
    ("14cc2a0ca59c", "686bb170effe"),  # water vapour plumes on Europa (ScienceAlert; Space.com)
    ("232a43fb15ab", "5fa5679de56c", "65bf3048b500"),  # MacBook Pro news, teardown, review
    ("042bb7b5feda", "680c2848e94a"),  # Google Stadia launch (WSJ; Digg)
    ("08f793762792", "7ab16ade3238", "6a72de37e8f9"),  # Browns-Steelers fight
    ("076f4f33bf75", "16c30add7e96"),  # Delhi air pollution
    ("55bb6340e3d7", "70cb2d5bca75"),  # Taylor Swift's dispute with her former label
    ("5fa3154ec031", "624fcd903d56"),  # Hong Kong Polytechnic University siege
    ("39d5c43beb60", "702d1da63b8e"),  # US-China "phase one" trade deal
    ("06ee193de4bd", "3cb22bfabed8"),  # electric cars shown at the LA Auto Show (SlashGear, twice)
    ("30b771a40a4e", "612cd2982662"),  # two reviews on one site, same template
)


def _article(doc: Doc) -> Article:
    return Article(url=doc.url, canonical_url=doc.url, title=doc.title, body=doc.body,
                   published_at=doc.published_at, language=doc.language)


def land_all(db: Database, docs: list[Doc], batch: int) -> None:
    """Land ``docs`` in this order, ``batch`` at a time (one transaction per batch, as the flow does)."""
    for start in range(0, len(docs), batch):
        chunk = docs[start:start + batch]
        with db.write() as con:
            by_source: dict[str, list[Doc]] = defaultdict(list)
            for doc in chunk:
                by_source[doc.source].append(doc)
            for source, group in by_source.items():
                write_articles(con, source, [(_article(d), d.published_at) for d in group])


def predicted(db: Database) -> tuple[dict[str, int], dict[str, str]]:
    with db.read() as con:
        rows = con.execute("SELECT canonical_url, story_id, relation FROM story_members").fetchall()
    return {url: story for url, story, _ in rows}, {url: relation for url, _, relation in rows}


def pair_kind(a: Doc, b: Doc) -> str:
    if a.story != b.story:
        return "templated" if a.frames == b.frames else "different"
    kinds = sorted((a.relation, b.relation))
    if "original" in kinds:
        return next(k for k in kinds if k != "original")
    return "spun+spun" if kinds == ["spun", "spun"] else "variant+variant"


def score(docs: list[Doc], story_of: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Per kind of pair: (pairs put in one story, pairs); 'different' and 'templated' count the false ones."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in itertools.combinations(docs, 2):
        kind = pair_kind(a, b)
        together = story_of.get(a.url) is not None and story_of.get(a.url) == story_of.get(b.url)
        counts[kind][0] += together
        counts[kind][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


RULES = (("similarity", 0.0), ("+facts", similarity.SAME_FACTS))  # (name, SAME_FACTS): before and after facts


def report_quality(docs: list[Doc], args: argparse.Namespace) -> None:
    rates = [d.spin_rate for d in docs if d.relation == "spun"]
    templated = sum(1 for a, b in itertools.combinations(docs, 2) if pair_kind(a, b) == "templated")
    print(f"labelled set: {len(docs)} texts, {len({d.story for d in docs})} stories "
          f"({Counter(d.relation for d in docs)}), {len({d.frames for d in docs})} frames "
          f"({templated} templated pairs: different stories of one frame); spun copies replace "
          f"{min(rates):.0%}-{max(rates):.0%} of the words (mean {sum(rates) / len(rates):.0%})")
    orders = [("publication order", sorted(docs, key=lambda d: (d.published_at, d.id)))]
    for n in range(args.orders):
        shuffled = list(docs)
        random.Random(n).shuffle(shuffled)
        orders.append((f"shuffled #{n + 1}", shuffled))
    header = (f"{'landing order':<18} {'rule':<10} {'fold':<5} {'precision':>9} {'recall':>7} {'copy':>6} "
              f"{'rewrite':>7} {'spun':>6} {'spun+spun':>9} {'templated':>9} {'false pairs':>11} {'s/text':>7}")
    print(header)  # templated: share of templated pairs put in one story; s/text: CPU per text landed
    print("-" * len(header))
    for (name, order), (rule, same_facts) in itertools.product(orders, RULES):
        similarity.SAME_FACTS = same_facts
        try:
            with tempfile.TemporaryDirectory() as tmp:
                db = Database(Path(tmp) / "stories.duckdb")
                started = time.process_time()
                land_all(db, order, args.batch)
                seconds = (time.process_time() - started) / len(docs)
                story_of, relation_of = predicted(db)
        finally:
            similarity.SAME_FACTS = RULES[-1][1]
        for fold, members in (("all", docs), ("0-3", [d for d in docs if d.story[0] in "0123"]),
                              ("4-7", [d for d in docs if d.story[0] in "4567"])):
            counts = score(members, story_of)
            true_pairs = sum(v[1] for k, v in counts.items() if k not in ("different", "templated"))
            found = sum(v[0] for k, v in counts.items() if k not in ("different", "templated"))
            false = counts.get("different", (0, 0))[0] + counts.get("templated", (0, 0))[0]

            def share(kind: str, c: dict[str, tuple[int, int]] = counts) -> str:
                hit, total = c.get(kind, (0, 0))
                return f"{hit / total:.3f}" if total else "-"

            print(f"{name:<18} {rule:<10} {fold:<5} {found / max(1, found + false):>9.3f} "
                  f"{found / max(1, true_pairs):>7.3f} {share('copy'):>6} {share('rewrite'):>7} {share('spun'):>6} "
                  f"{share('spun+spun'):>9} {share('templated'):>9} {false:>11} "
                  f"{seconds if fold == 'all' else float('nan'):>7.4f}")
        if name == "publication order":
            _report_details(docs, story_of, relation_of)


def report_facts(docs: list[Doc]) -> None:
    """The facts share of every pair of one story or of one frame, compared directly (what
    ``similarity.SAME_FACTS`` and ``NUMBER_WEIGHT`` were chosen from), among pairs whose sentences
    match (similarity >= SAME_STORY: the others are apart whatever their facts)."""
    sketches = {d.id: similarity.fingerprint(d.body, d.language).sketch for d in docs}
    shares: defaultdict[str, list[float]] = defaultdict(list)
    unjudged: Counter[str] = Counter()
    for a, b in itertools.combinations(docs, 2):
        if a.frames == b.frames:
            match = similarity.compare(sketches[a.id], sketches[b.id])
            if match.similarity >= similarity.SAME_STORY:
                kind = pair_kind(a, b)
                if match.facts is None:
                    unjudged[kind] += 1
                else:
                    shares[kind].append(match.facts)
    print(f"facts of directly compared pairs with similarity >= {similarity.SAME_STORY} "
          f"(one story with SAME_FACTS = {similarity.SAME_FACTS}):")
    for kind, values in sorted(shares.items()):
        values.sort()
        print(f"  {kind:<16} {len(values):>5} pairs (+{unjudged[kind]} too few facts): min {values[0]:.2f}, "
              f"1st percentile {values[len(values) // 100]:.2f}, median {values[len(values) // 2]:.2f}, "
              f"99th percentile {values[len(values) * 99 // 100]:.2f}, max {values[-1]:.2f}")


def _report_details(docs: list[Doc], story_of: dict[str, int], relation_of: dict[str, str]) -> None:
    """Relations stored, same-topic pairs and templated pairs put in one story (a landing in publication order)."""
    by_url = {d.url: d for d in docs}
    confusion = Counter((by_url[u].relation, r) for u, r in relation_of.items() if u in by_url)
    print("  relation (true -> stored): " + ", ".join(f"{t}->{p} {n}" for (t, p), n in sorted(confusion.items())))
    groups = {prefix: g for g, members in enumerate(SAME_TOPIC) for prefix in members}
    merged: Counter[str] = Counter()
    for a, b in itertools.combinations(docs, 2):
        if a.story != b.story and story_of.get(a.url) == story_of.get(b.url):
            same_topic = groups.get(a.story, -1) == groups.get(b.story, -2)
            merged["same-topic" if same_topic else pair_kind(a, b)] += 1
    topic_pairs = sum(1 for a, b in itertools.combinations(docs, 2)
                      if a.story != b.story and groups.get(a.story, -1) == groups.get(b.story, -2))
    print(f"  same-topic pairs (independent reports of one event): {topic_pairs}, put in one story: "
          f"{merged['same-topic']}; templated pairs put in one story: {merged['templated']}; "
          f"other false pairs: {merged['different']}")
    print("  stories of the templated report families (each report its own story, with its copies): " + ", ".join(
        f"{frame} {len({story_of.get(d.url) for d in docs if d.frame == frame})}/"
        f"{len({d.story for d in docs if d.frame == frame})}" for frame in sorted({d.frame for d in docs
                                                                                   if d.frame.isalpha()})))


def report_site(pages: int, batch: int) -> None:
    """Stories made of ``pages`` pages of the generated site, under each rule."""
    import importlib.util

    from scrapers.extract import extract_article
    from scrapers.prepare import prepare
    from scrapers.similarity import fingerprint

    path = ROOT.parent / "shared" / "peer_crawl" / "site.py"
    if not path.exists():
        sys.exit(f"site generator not found at {path}")
    spec = importlib.util.spec_from_file_location("peer_site", path)
    assert spec and spec.loader
    site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site)
    articles = []
    started = time.process_time()
    for i in range(1, pages + 1):
        url = f"https://meridian.example/news/{i}"
        article = extract_article(site.render(i, pages), url)
        articles.append(article.replace(fingerprint=fingerprint(article.body, article.language),
                                        prepared=prepare(article)))  # as the crawl stage does
    print(f"site: {pages} pages extracted, fingerprinted and prepared ({(time.process_time() - started) / pages * 1000:.1f} "
          f"ms CPU a page); every page a different article")
    print(f"{'rule':<10} {'stories':>7} {'largest':>7} {'pages in stories of 2+':>22} {'s/page landed':>13}")
    for rule, same_facts in RULES:
        similarity.SAME_FACTS = same_facts
        try:
            with tempfile.TemporaryDirectory() as tmp:
                db = Database(Path(tmp) / "site.duckdb")
                started = time.process_time()
                for start in range(0, len(articles), batch):
                    with db.write() as con:
                        write_articles(con, "meridian", [(a, a.published_at or site.NEWEST)
                                                         for a in articles[start:start + batch]])
                seconds = (time.process_time() - started) / len(articles)
                with db.read() as con:
                    sizes = [n for (n,) in con.execute(
                        "SELECT count(*) FROM story_members GROUP BY story_id").fetchall()]
        finally:
            similarity.SAME_FACTS = RULES[-1][1]
        print(f"{rule:<10} {len(sizes):>7} {max(sizes):>7} {sum(n for n in sizes if n > 1):>22} {seconds:>13.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch", type=int, default=25, help="articles landed per transaction")
    parser.add_argument("--orders", type=int, default=3, help="shuffled landing orders to try")
    parser.add_argument("--landing", action="store_true", help="measure the landing cost instead")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the database (--landing)")
    parser.add_argument("--pages", type=int, default=2000, help="pages landed and timed (--landing)")
    parser.add_argument("--site", type=int, metavar="N", help="land N pages of the generated templated site instead")
    args = parser.parse_args()
    if args.site:
        report_site(args.site, args.batch)
        return
    if not (args.corpus / "ground-truth.json").exists():
        sys.exit(f"corpus not found at {args.corpus}")
    docs = generate(args.corpus)
    if args.landing:
        from landing_cost import report_landing

        report_landing(docs, args)
    else:
        report_facts(docs)
        report_quality(docs, args)


if __name__ == "__main__":
    main()
