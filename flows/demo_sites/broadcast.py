"""Hanbit Broadcasting Network: a Seoul broadcaster's news site on a Korean newsroom CMS (Asia/Seoul).

Pages are addressed by query (``articleView.html?idxno=N``, ``articleList.html?sc_section_code=S1N1``)
as on the ndsoft CMS many Korean outlets use, so canonical URLs keep one query parameter.
Page dates carry NO offset ("2026.03.12 18:30" and ``article:published_time`` without one):
only the source's timezone makes them absolute. The byline is the only author signal.
Discovery: an RSS 2.0 feed (``pubDate`` with +0900), whose second item links with
utm tracking parameters, and section listing pages.
"""

from __future__ import annotations

from datetime import date, datetime

from flows.demo_sites.catalogue import Publisher, Story
from flows.demo_sites.site import (
    RSS,
    FeedItem,
    Resource,
    Site,
    credited,
    demo_article,
    esc,
    html_resource,
    join,
    latest,
    render,
    rss,
    slugify,
    updated,
    xml_resource,
)

PREFIX = "/broadcast/"
SITE_NAME = "Hanbit Broadcasting Network"
TRACKING = "utm_source=rss&utm_medium=feed&utm_campaign=hbn_world"


def _local(moment: datetime) -> str:
    """The CMS's offset-less ISO time, as it prints it into meta tags."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}"


def _shown(moment: datetime) -> str:
    return f"{moment:%Y.%m.%d %H:%M}"


def _email(author: str) -> str:
    return slugify(author).replace("-", ".") + "@hbn.example"


class _Broadcast:
    """Renders every page and the feed of the broadcaster for one edition."""

    def __init__(self, publisher: Publisher, base: str) -> None:
        self.publisher = publisher
        self.home = base + PREFIX
        self.stories = publisher.stories
        self.sections = tuple(dict.fromkeys((s.section_slug, s.section) for s in self.stories))
        menu = join(f'<li><a href="{esc(self.section_url(code))}">{esc(name)}</a></li>' for code, name in self.sections)
        self.header = render("broadcast_header.html", home=self.home, menu=menu)
        self.footer = render("broadcast_footer.html", home=self.home)
        self.most_viewed = self.stories[1:6]

    def url(self, story: Story) -> str:
        return f"{self.home}news/articleView.html?idxno={story.key}"

    def section_url(self, code: str) -> str:
        return f"{self.home}news/articleList.html?sc_section_code={code}&view_type=sm"

    def reporter_url(self, author: str) -> str:
        return f"{self.home}news/articleList.html?sc_reporter={slugify(author)}"

    def photo(self, name: str) -> str:
        return f"{self.home}news/photo/202603/{name}"

    def _link(self, story: Story, *, dated: bool = False) -> str:
        when = f' <em class="info dated">{_shown(story.published)}</em>' if dated else ""
        return f'<li><a href="{esc(self.url(story))}">{esc(story.title)}</a>{when}</li>'

    def article(self, story: Story) -> tuple[Resource, tuple[str, ...]]:
        url = self.url(story)
        captions_after = {c.after: c for c in story.captions}
        parts = []
        for i, paragraph in enumerate(story.shown_paragraphs):
            parts.append(f"<p>{esc(paragraph)}</p>")
            placed = captions_after.get(i)
            if placed:
                parts.append(render("broadcast_figure.html", src=self.photo(placed.image),
                                    label=esc(credited(placed.caption))))
        updated_item = ""
        if story.modified:
            updated_item = f'<li><i class="icon-clock-o"></i> Updated {_shown(story.modified)}</li>'
        related = [s for s in self.stories if s.section_slug == story.section_slug and s is not story][:3]
        most_viewed = [s for s in self.most_viewed if s is not story]
        first = story.authors[0]
        text = render(
            "broadcast_article.html", header=self.header, footer=self.footer, home=self.home, url=esc(url),
            key=story.key, title=esc(story.title), summary=esc(story.summary), section=esc(story.section),
            section_url=esc(self.section_url(story.section_slug)),
            lead_image=self.photo(f"{story.key}_main.jpg"),
            published_local=_local(story.published), modified_local=_local(updated(story)),
            published_text=_shown(story.published), updated_item=updated_item,
            authors_text=esc(", ".join(story.authors)), reporter_url=esc(self.reporter_url(first)),
            first_author=esc(first), email=_email(first), body=join(parts),
            related=join(self._link(s, dated=True) for s in related),
            most_viewed=join(self._link(s) for s in most_viewed),
        )
        chrome = ("ON AIR", "Peninsula Briefing", "Watch the broadcast report", "Other articles by this reporter",
                  "Unauthorized reproduction", "Related articles", "Most Viewed", "Tonight on HBN", _email(first),
                  *(s.title for s in (*related, *most_viewed)))
        return html_resource(text, updated(story)), chrome

    def listing(self, heading: str, url: str, stories: tuple[Story, ...]) -> Resource:
        items = join(
            render("broadcast_list_item.html", link=esc(self.url(s)), title=esc(s.title), summary=esc(s.summary),
                   section=esc(s.section), authors=esc(", ".join(s.authors)), published_text=_shown(s.published))
            for s in stories
        )
        text = render("broadcast_list.html", header=self.header, footer=self.footer, home=self.home, url=esc(url),
                      heading=esc(heading), count=str(len(stories)), items=items)
        return html_resource(text, latest(stories))

    def tracked(self) -> str:
        """The feed's second item links its story with campaign parameters."""
        return f"{self.url(self.stories[1])}&{TRACKING}"

    def feed(self) -> Resource:
        """RSS 2.0 of every story; the second item's link carries utm tracking parameters."""
        items = (
            FeedItem(title=s.title, link=self.tracked() if n == 1 else self.url(s), published=s.published,
                     summary=s.summary, author=s.authors[0], category=s.section, guid=f"hbn-{s.key}")
            for n, s in enumerate(self.stories)
        )
        text = rss(title="HBN News - All articles", link=self.home, self_url=f"{self.home}rss/allArticle.xml",
                   description=f"Latest news from {SITE_NAME}", language=self.publisher.language, items=items)
        return xml_resource(text, latest(self.stories), content_type=RSS)


def build(publisher: Publisher, base: str, today: date) -> Site:
    """Render the broadcaster for ``base``; ``today`` is unused (no date bar)."""
    del today
    site = _Broadcast(publisher, base)
    routes: dict[str, Resource] = {
        PREFIX: site.listing("Latest news", site.home, site.stories),
        f"{PREFIX}rss/allArticle.xml": site.feed(),
    }
    articles = []
    for story in site.stories:
        url = site.url(story)
        resource, chrome = site.article(story)
        routes[url.removeprefix(base)] = resource
        articles.append(demo_article(story, source=publisher.name, url=url, timezone=publisher.timezone,
                                     language=publisher.language, chrome=chrome))
    for code, name in site.sections:
        stories = tuple(s for s in site.stories if s.section_slug == code)
        routes[f"{PREFIX}news/articleList.html?sc_section_code={code}"] = site.listing(
            name, site.section_url(code), stories)
    for author in dict.fromkeys(a for s in site.stories for a in s.authors):
        stories = tuple(s for s in site.stories if author in s.authors)
        routes[f"{PREFIX}news/articleList.html?sc_reporter={slugify(author)}"] = site.listing(
            author, site.reporter_url(author), stories)
    not_found = html_resource(render("broadcast_404.html", header=site.header, footer=site.footer, home=site.home),
                              latest(site.stories), status=404)
    source = {
        "name": publisher.name,
        "title": publisher.title,
        "homepage": site.home,
        "timezone": publisher.timezone,
        "language": publisher.language,
        "feeds": [f"{site.home}rss/allArticle.xml"],
        "sitemaps": [],
        "listings": [site.section_url(code) for code, _ in site.sections],
        "article_patterns": ["^" + site.home.replace(".", r"\.") + r"news/articleView\.html\?idxno=\d+"],
        "exclude_patterns": [],
    }
    return Site(publisher.name, routes, not_found, tuple(articles), source,
                query_keys=("idxno", "sc_section_code", "sc_reporter"), tracking_links=(site.tracked(),))
