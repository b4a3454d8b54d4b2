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
    Resource, Site, slugify, demo_article, esc, html_resource, join, latest, render, updated, xml_resource,
)

PREFIX = "/wire/"
SITE_NAME = "Continental Press Wire"
_SECTIONS_INTRO = "Breaking news and analysis from Continental Press Wire correspondents."



def _stamp(moment: datetime) -> str:
    """Reuters-style visible time: "March 12, 2026 9:15 AM GMT+1"."""
    hours = int(moment.utcoffset().total_seconds() // 3600) if moment.utcoffset() else 0
    clock = f"{moment:%I:%M %p}".lstrip("0")
    return f"{moment:%B} {moment.day}, {moment.year} {clock} GMT{hours:+d}"


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
        menu = join(f'        <li><a href="{self.section_url(slug)}">{esc(name)}</a></li>' for slug, name in self.sections)
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
        return (f'<li class="story-card" data-testid="StoryCard"><a class="story-card__link" href="{self.url(story)}">'
                f'{esc(story.title)}</a> <time datetime="{story.published.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}">'
                f"{_stamp(story.published)}</time></li>")

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
                {"@type": "ListItem", "position": 2, "name": story.section, "item": self.section_url(story.section_slug)},
            ],
        }
        captions_after = {c.after: c for c in story.captions}
        parts = []
        for i, paragraph in enumerate(story.paragraphs):
            parts.append(f'      <p data-testid="paragraph-{i}" class="article-body__paragraph">{esc(paragraph)}</p>')
            placed = captions_after.get(i)
            if placed:
                credit = f' <span class="caption__credit">[{esc(placed.caption.credit)}]</span>' if placed.caption.credit else ""
                parts.append(f'      <figure class="article-body__figure" data-testid="Image"><img src="{self.home}resizer/{placed.image}" alt="">'
                             f'<figcaption class="caption"><span class="caption__text">{esc(placed.caption.text)}</span>{credit}</figcaption></figure>')
        updated_line = ""
        if story.modified:
            updated_line = (f'<span class="article__updated">Updated <time datetime="{story.modified.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}">'
                            f"{_stamp(story.modified)}</time></span>")
        more = [s for s in self.stories if s is not story][:4]
        text = render(
            "wire_article.html", header=self.header, footer=self.footer, home=self.home, url=url,
            title=esc(story.title), summary=esc(story.summary), lead_image=lead_image,
            jsonld=_jsonld(data), breadcrumbs=_jsonld(crumbs), section=esc(story.section),
            section_url=self.section_url(story.section_slug),
            author_links=" and ".join(f'<a rel="author" href="{self.author_url(a)}">{esc(a)}</a>' for a in story.authors),
            published_utc=f"{story.published.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}", published_text=_stamp(story.published),
            updated_line=updated_line, body=join(parts), more=join(self._item(s) for s in more),
        )
        chrome = ("Brent", "Our Standards", "Continental Briefing", "Sign up here", "More from Continental Press Wire",
                  "All rights reserved", *(s.title for s in more))
        return html_resource(text, updated(story)), chrome

    def listing(self, heading: str, intro: str, url: str, stories: tuple[Story, ...]) -> Resource:
        data = {"@context": "https://schema.org", "@type": "CollectionPage", "name": heading, "url": url,
                "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": self.home}}
        text = render("wire_listing.html", header=self.header, footer=self.footer, home=self.home, url=url,
                      heading=esc(heading), intro=esc(intro), jsonld=_jsonld(data),
                      items=join(self._item(s) for s in stories))
        return html_resource(text, latest(stories))

    def news_sitemap(self) -> Resource:
        entries = join(
            f"  <url>\n    <loc>{esc(self.url(s))}</loc>\n    <lastmod>{updated(s).isoformat()}</lastmod>\n"
            f"    <news:news>\n      <news:publication><news:name>{SITE_NAME}</news:name><news:language>{self.publisher.language}</news:language></news:publication>\n"
            f"      <news:publication_date>{s.published.isoformat()}</news:publication_date>\n"
            f"      <news:title>{esc(s.title)}</news:title>\n    </news:news>\n  </url>"
            for s in self.stories
        )
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + entries + "\n</urlset>\n")
        return xml_resource(text, latest(self.stories))

    def topics_sitemap(self) -> Resource:
        entries = join(
            f"  <url><loc>{esc(self.topic_url(t))}</loc><lastmod>{latest(s for s in self.stories if t in s.tags).isoformat()}</lastmod>"
            "<changefreq>hourly</changefreq></url>"
            for t in self.topics
        )
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "\n</urlset>\n")
        return xml_resource(text, latest(self.stories))

    def sitemap_index(self) -> Resource:
        stamp = latest(self.stories).isoformat()
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"  <sitemap><loc>{self.home}sitemaps/news.xml</loc><lastmod>{stamp}</lastmod></sitemap>\n"
                f"  <sitemap><loc>{self.home}sitemaps/topics.xml</loc><lastmod>{stamp}</lastmod></sitemap>\n"
                "</sitemapindex>\n")
        return xml_resource(text, latest(self.stories))


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
        routes[url.removeprefix(base)] = site.listing(topic, intro, url, tuple(s for s in site.stories if topic in s.tags))
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
    return Site(publisher.name, routes, not_found, tuple(articles), source)
