"""Continental Press Wire: a wire-service site (Europe/Berlin) discovered through sitemaps.

Metadata is in JSON-LD ``NewsArticle`` (headline, datePublished/dateModified with the
Berlin offset, an author list, publisher); the visible <time> carries UTC instead, as
large news sites do. Discovery: ``sitemap-index.xml`` points at a Google News sitemap
(``news:publication_date``) and a plain sitemap of topic hub pages. The hubs match the
article URL pattern but are not articles: a scraper must fetch them and skip them.
The developing story (``edition1`` in the content) changes headline, a paragraph and
``dateModified`` between editions.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from flows.demo_sites.catalogue import Publisher, Story
from flows.demo_sites.site import (
    Resource,
    Site,
    demo_article,
    esc,
    html_resource,
    join,
    latest,
    render,
    slugify,
    updated,
    xml_resource,
)

PREFIX = "/wire/"
SITE_NAME = "Continental Press Wire"
_SECTIONS_INTRO = "Breaking news and analysis from Continental Press Wire correspondents."



def _stamp(moment: datetime) -> str:
    """Reuters-style visible time: "March 12, 2026 9:15 AM GMT+1"."""
    offset = moment.utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset else 0
    clock = f"{moment:%I:%M %p}".lstrip("0")
    return f"{moment:%B} {moment.day}, {moment.year} {clock} GMT{hours:+d}"


def _utc(moment: datetime) -> str:
    """The visible <time datetime>, in UTC as large news sites print it."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def _jsonld(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


class _Wire:
    """Renders every page and sitemap of the wire for one edition."""

    def __init__(self, publisher: Publisher, base: str) -> None:
        self.publisher = publisher
        self.home = base + PREFIX
        self.stories = publisher.stories
        self.sections = tuple(dict.fromkeys((s.section_slug, s.section) for s in self.stories))
        self.topics = publisher.hubs
        menu = join(f'<li><a href="{self.section_url(slug)}">{esc(name)}</a></li>' for slug, name in self.sections)
        self.header = render("wire_header.html", home=self.home, menu=menu)
        self.footer = render("wire_footer.html", home=self.home)

    def url(self, story: Story) -> str:
        return f"{self.home}{story.section_slug}/{story.key}/"

    def section_url(self, slug: str) -> str:
        return f"{self.home}{slug}/"

    def topic_url(self, topic: str) -> str:
        return f"{self.home}topics/{slugify(topic)}/"

    def author_url(self, author: str) -> str:
        return f"{self.home}authors/{slugify(author)}/"

    def _item(self, story: Story) -> str:
        return render("wire_item.html", link=self.url(story), title=esc(story.title),
                      published_utc=_utc(story.published), published_text=_stamp(story.published))

    def article(self, story: Story) -> tuple[Resource, tuple[str, ...]]:
        url = self.url(story)
        lead_image = f"{self.home}resizer/{story.key}.jpg"
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": story.title,
            "description": story.summary,
            "articleSection": story.section,
            "inLanguage": self.publisher.language,
            "datePublished": story.published.isoformat(),
            "dateModified": updated(story).isoformat(),
            "author": [{"@type": "Person", "name": a, "url": self.author_url(a)} for a in story.authors],
            "publisher": {"@type": "Organization", "name": SITE_NAME,
                          "logo": {"@type": "ImageObject", "url": f"{self.home}static/logo.png"}},
            "image": [lead_image],
            "keywords": list(story.tags),
        }
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": self.home},
                {"@type": "ListItem", "position": 2, "name": story.section,
                 "item": self.section_url(story.section_slug)},
            ],
        }
        captions_after = {c.after: c for c in story.captions}
        parts = []
        for i, paragraph in enumerate(story.paragraphs):
            parts.append(f'      <p data-testid="paragraph-{i}" class="article-body__paragraph">{esc(paragraph)}</p>')
            placed = captions_after.get(i)
            if placed:
                credit = placed.caption.credit
                parts.append(render(
                    "wire_figure.html", src=f"{self.home}resizer/{placed.image}", text=esc(placed.caption.text),
                    credit=f' <span class="caption__credit">[{esc(credit)}]</span>' if credit else "",
                ))
        updated_line = ""
        if story.modified:
            updated_line = render("wire_updated.html", modified_utc=_utc(story.modified),
                                  modified_text=_stamp(story.modified))
        more = [s for s in self.stories if s is not story][:4]
        text = render(
            "wire_article.html", header=self.header, footer=self.footer, home=self.home, url=url,
            title=esc(story.title), summary=esc(story.summary), lead_image=lead_image,
            jsonld=_jsonld(data), breadcrumbs=_jsonld(crumbs), section=esc(story.section),
            section_url=self.section_url(story.section_slug),
            author_links=" and ".join(f'<a rel="author" href="{self.author_url(a)}">{esc(a)}</a>'
                                      for a in story.authors),
            published_utc=_utc(story.published), published_text=_stamp(story.published),
            updated_line=updated_line, body=join(parts), more=join(self._item(s) for s in more),
        )
        chrome = ("Brent", "Our Standards", "Continental Briefing", "Sign up here",
                  "More from Continental Press Wire", "All rights reserved", *(s.title for s in more))
        return html_resource(text, updated(story)), chrome

    def listing(self, heading: str, intro: str, url: str, stories: tuple[Story, ...]) -> Resource:
        data = {"@context": "https://schema.org", "@type": "CollectionPage", "name": heading, "url": url,
                "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": self.home}}
        text = render("wire_listing.html", header=self.header, footer=self.footer, home=self.home, url=url,
                      heading=esc(heading), intro=esc(intro), jsonld=_jsonld(data),
                      items=join(self._item(s) for s in stories))
        return html_resource(text, latest(stories))

    def news_sitemap(self) -> Resource:
        """The Google News sitemap: every story with ``news:publication_date`` in the Berlin offset."""
        entries = join(
            render("sitemap_news_entry.xml", loc=esc(self.url(s)), lastmod=updated(s).isoformat(),
                   publication=SITE_NAME, language=self.publisher.language, published=s.published.isoformat(),
                   title=esc(s.title))
            for s in self.stories
        )
        return xml_resource(render("sitemap_news.xml", entries=entries), latest(self.stories))

    def topics_sitemap(self) -> Resource:
        """A plain sitemap of the topic hubs: pages that look like articles by URL but are listings."""
        entries = join(
            f"  <url><loc>{esc(self.topic_url(t))}</loc>"
            f"<lastmod>{latest(s for s in self.stories if t in s.tags).isoformat()}</lastmod>"
            "<changefreq>hourly</changefreq></url>"
            for t in self.topics
        )
        return xml_resource(render("sitemap_urlset.xml", entries=entries), latest(self.stories))

    def sitemap_index(self) -> Resource:
        stamp = latest(self.stories).isoformat()
        entries = join(f"  <sitemap><loc>{self.home}sitemaps/{name}.xml</loc><lastmod>{stamp}</lastmod></sitemap>"
                       for name in ("news", "topics"))
        return xml_resource(render("sitemap_index.xml", entries=entries), latest(self.stories))


def build(publisher: Publisher, base: str, today: date) -> Site:
    """Render the wire for ``base``; ``today`` is unused (the wire shows no date bar)."""
    del today
    site = _Wire(publisher, base)
    routes: dict[str, Resource] = {
        PREFIX: site.listing("Top News", _SECTIONS_INTRO, site.home, site.stories),
        f"{PREFIX}sitemap-index.xml": site.sitemap_index(),
        f"{PREFIX}sitemaps/news.xml": site.news_sitemap(),
        f"{PREFIX}sitemaps/topics.xml": site.topics_sitemap(),
    }
    articles = []
    for story in site.stories:
        url = site.url(story)
        resource, chrome = site.article(story)
        routes[url.removeprefix(base)] = resource
        articles.append(demo_article(story, source=publisher.name, url=url, timezone=publisher.timezone,
                                     language=publisher.language, chrome=chrome))
    for slug, name in site.sections:
        url = site.section_url(slug)
        routes[url.removeprefix(base)] = site.listing(name, _SECTIONS_INTRO, url,
                                                      tuple(s for s in site.stories if s.section_slug == slug))
    for topic in site.topics:
        url = site.topic_url(topic)
        intro = f"The latest reporting, analysis and explainers on {topic.lower()} from our correspondents."
        stories = tuple(s for s in site.stories if topic in s.tags)
        routes[url.removeprefix(base)] = site.listing(topic, intro, url, stories)
    for author in dict.fromkeys(a for s in site.stories for a in s.authors):
        url = site.author_url(author)
        routes[url.removeprefix(base)] = site.listing(author, f"Stories by {author}.", url,
                                                      tuple(s for s in site.stories if author in s.authors))
    not_found = html_resource(render("wire_404.html", header=site.header, footer=site.footer, home=site.home),
                              latest(site.stories), status=404)
    source = {
        "name": publisher.name,
        "title": publisher.title,
        "homepage": site.home,
        "timezone": publisher.timezone,
        "language": publisher.language,
        "feeds": [],
        "sitemaps": [f"{site.home}sitemap-index.xml"],
        "listings": [],
        "article_patterns": ["^" + site.home.replace(".", r"\.") + r"[a-z-]+/[a-z0-9-]+/$"],
        "exclude_patterns": ["/authors/"],
    }
    return Site(publisher.name, routes, not_found, tuple(articles), source,
                not_articles=tuple(site.topic_url(t) for t in site.topics))
