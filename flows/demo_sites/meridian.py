"""The Meridian Times: a WordPress site on tagDiv's "Newspaper" theme (America/New_York).

What makes it hard for a scraper, as on real tagDiv sites: a header weather widget
("8.7 C / New York") and a date bar showing the server's *today* (not the publication
date), a section suffix in <title>, image captions with "[Name/Agency]" credits and an
"- Advertisement -" slot inside the post content, and related/latest/newsletter blocks
around it. Dates with offsets are in ``article:published_time``. Discovery is by
listing pages (home and categories); the home page also links a deleted post (404) and
an article URL carrying tracking parameters. WordPress's ``/feed/`` exists too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

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

PREFIX = "/meridian/"
WEATHER = ("8.7", "New York")
_REMOVED = (  # path, title, publication time of the deleted post the front page still links
    "2026/03/02/consulate-statement-on-detained-tanker-crew/",
    "Consulate statement on detained tanker crew",
    datetime(2026, 3, 2, 17, 5, tzinfo=ZoneInfo("America/New_York")),
)
_TRACKING = "utm_source=homepage&utm_medium=editors-pick&utm_campaign=frontpage"


def _day(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def _has_ad_slot(story: Story) -> bool:
    """tagDiv's in-content ad goes after the second paragraph of all but the shortest posts."""
    return len(story.paragraphs) > 4


class _Meridian:
    """Renders every page of the site for one edition and one server day."""

    def __init__(self, publisher: Publisher, base: str, today: date) -> None:
        self.publisher = publisher
        self.home = base + PREFIX
        self.stories = publisher.stories
        self.today = f"{today:%A}, {today:%B} {today.day}, {today.year}"
        self.sections = tuple(dict.fromkeys((s.section_slug, s.section) for s in self.stories))
        menu = join(f'<li class="menu-item"><a href="{self.section_url(slug)}">{esc(name)}</a></li>'
                    for slug, name in self.sections)
        self.header = render("meridian_header.html", home=self.home, today=esc(self.today), menu=menu)
        self.footer = render("meridian_footer.html", home=self.home)
        self.sidebar_stories = self.stories[:5]
        items = join(self._module(s, "td_module_6", excerpt=False) for s in self.sidebar_stories)
        self.sidebar = render("meridian_sidebar.html", home=self.home, latest=items)

    def url(self, story: Story) -> str:
        return f"{self.home}{story.published:%Y/%m/%d}/{story.key}/"

    def section_url(self, slug: str) -> str:
        return f"{self.home}category/{slug}/"

    def author_url(self, author: str) -> str:
        return f"{self.home}author/{slugify(author)}/"

    def tag_url(self, tag: str) -> str:
        return f"{self.home}tag/{slugify(tag)}/"

    def upload(self, name: str) -> str:
        return f"{self.home}wp-content/uploads/2026/03/{name}"

    def post_id(self, index: int) -> int:
        return 41200 + 7 * index

    def _author_links(self, story: Story) -> str:
        return ", ".join(f'<a href="{self.author_url(a)}">{esc(a)}</a>' for a in story.authors)

    def _module(self, story: Story, kind: str, *, excerpt: bool = True, url: str | None = None) -> str:
        """A tagDiv teaser block ("td_module_*"): thumb, headline, byline, date, maybe an excerpt."""
        return render(
            "meridian_module.html", kind=kind, link=esc(url or self.url(story)), title=esc(story.title),
            thumb=self.upload(f"{story.key}-218x150.jpg"), author_links=self._author_links(story),
            published_iso=story.published.isoformat(), published_text=_day(story.published),
            excerpt=f'<div class="td-excerpt">{esc(story.summary)}</div>' if excerpt else "",
        )

    def _body(self, story: Story, post_id: int) -> str:
        """Paragraphs with the captions (classic wp-caption and block-editor figure) and the in-content ad."""
        after: dict[int, list[str]] = {}
        for n, placed in enumerate(story.captions):
            template = "meridian_wp_caption.html" if n % 2 == 0 else "meridian_figure.html"
            after.setdefault(placed.after, []).append(render(
                template, attachment=str(post_id + n + 1), src=self.upload(placed.image),
                label=esc(credited(placed.caption)),
            ))
        if _has_ad_slot(story):
            after.setdefault(1, []).append(render("meridian_ad.html", home=self.home))
        parts: list[str] = []
        for i, paragraph in enumerate(story.shown_paragraphs):
            parts.append(f"<p>{esc(paragraph)}</p>")
            parts.extend(after.get(i, []))
        return join(parts)

    def _prev_next(self, index: int) -> tuple[str, tuple[str, ...]]:
        """The "Previous article / Next article" links, and their labels (chrome)."""
        links, labels = [], []
        neighbours = (("prev", "Previous article", index + 1), ("next", "Next article", index - 1))
        for which, label, at in neighbours:
            if 0 <= at < len(self.stories):
                other = self.stories[at]
                links.append(render("meridian_prev_next.html", which=which, label=label, link=self.url(other),
                                    title=esc(other.title)))
                labels.append(label)
        return "".join(links), tuple(labels)

    def article(self, index: int, story: Story) -> tuple[Resource, tuple[str, ...]]:
        """One post page, and the chrome strings on it that are not body text."""
        post_id = self.post_id(index)
        url = self.url(story)
        same_section = [s for s in self.stories if s.section_slug == story.section_slug and s is not story]
        related = (same_section + [s for s in self.stories if s not in same_section and s is not story])[:3]
        prev_next, prev_next_labels = self._prev_next(index)
        text = render(
            "meridian_article.html",
            header=self.header, footer=self.footer, sidebar=self.sidebar, home=self.home,
            url=url, title=esc(story.title), section=esc(story.section), section_slug=story.section_slug,
            section_url=self.section_url(story.section_slug), summary=esc(story.summary),
            published_iso=story.published.isoformat(), modified_iso=updated(story).isoformat(),
            published_text=_day(story.published), lead_image=self.upload(f"{story.key}.jpg"),
            authors_text=esc(", ".join(story.authors)), author_links=self._author_links(story),
            author_url=self.author_url(story.authors[0]), first_author=esc(story.authors[0]),
            post_id=str(post_id), views=str(1000 + 137 * index), body=self._body(story, post_id),
            tag_links="".join(f'<li><a href="{self.tag_url(t)}">{esc(t)}</a></li>' for t in story.tags),
            prev_next=prev_next,
            related=join(f'<div class="td-related-span4">{self._module(s, "td_module_related_posts", excerpt=False)}'
                         "</div>" for s in related),
        )
        chrome = (
            *WEATHER, self.today, "Related Articles", "More from author", "Latest Articles",
            "Subscribe to our newsletter", "Share on Facebook", "LEAVE A REPLY", "All rights reserved",
            *prev_next_labels, *(("- Advertisement -",) if _has_ad_slot(story) else ()),
            *(s.title for s in (*self.sidebar_stories, *related) if s is not story),
        )
        return html_resource(text, updated(story)), chrome

    def archive(self, heading: str, body_class: str, url: str, stories: tuple[Story, ...], extra: str = "") -> Resource:
        """A category, tag, author or front page: a list of teasers (not an article)."""
        text = render("meridian_archive.html", header=self.header, footer=self.footer, sidebar=self.sidebar,
                      home=self.home, heading=esc(heading), body_class=body_class, url=url, intro=extra,
                      modules=join(self._module(s, "td_module_10") for s in stories))
        return html_resource(text, latest(stories))

    def feed(self) -> Resource:
        """WordPress's /feed/: RSS 2.0 with GMT pubDates and ?p= guids (linked from <head>, not a configured source)."""
        items = (
            FeedItem(title=s.title, link=self.url(s), published=s.published.astimezone(UTC), summary=s.summary,
                     author=s.authors[0], category=s.section, guid=f"{self.home}?p={self.post_id(n)}")
            for n, s in enumerate(self.stories)
        )
        text = rss(title="The Meridian Times", link=self.home, self_url=f"{self.home}feed/",
                   description="Independent reporting on world affairs", language="en-US", items=items)
        return xml_resource(text, latest(self.stories), content_type=RSS)

    def tracked_pick(self) -> str:
        """The front page's "Editor's Pick": a known post, linked with campaign parameters."""
        return f"{self.url(self.stories[2])}?{_TRACKING}"

    def home_page(self) -> Resource:
        """The front page: every post, an editor's pick with tracking parameters, a trending bar, a deleted post."""
        tags = list(dict.fromkeys(t for s in self.stories for t in s.tags))[:6]
        trending = " ".join(f'<a href="{self.tag_url(t)}">{esc(t)}</a>' for t in tags)
        path, title, published = _REMOVED
        extra = join((
            render("meridian_trending.html", links=trending),
            '<div class="td-block-title-wrap"><h4 class="block-title"><span>Editor\'s Pick</span></h4></div>',
            self._module(self.stories[2], "td_module_mx1", url=self.tracked_pick()),
            render("meridian_teaser.html", link=self.home + path, title=esc(title),
                   published_iso=published.isoformat(), published_text=_day(published)),
        ))
        return self.archive("Latest News", "home", self.home, self.stories, extra)


def build(publisher: Publisher, base: str, today: date) -> Site:
    """Render The Meridian Times for ``base`` ("http://127.0.0.1:PORT") on server day ``today``."""
    site = _Meridian(publisher, base, today)
    routes: dict[str, Resource] = {PREFIX: site.home_page(), f"{PREFIX}feed/": site.feed()}
    articles = []
    for index, story in enumerate(site.stories):
        url = site.url(story)
        resource, chrome = site.article(index, story)
        routes[url.removeprefix(base)] = resource
        articles.append(demo_article(story, source=publisher.name, url=url, timezone=publisher.timezone,
                                     language=publisher.language, chrome=chrome))

    def add_archive(url: str, heading: str, body_class: str, stories: list[Story]) -> None:
        routes[url.removeprefix(base)] = site.archive(heading, body_class, url, tuple(stories))

    for slug, name in site.sections:
        add_archive(site.section_url(slug), name, f"category category-{slug}",
                    [s for s in site.stories if s.section_slug == slug])
    for tag in dict.fromkeys(t for s in site.stories for t in s.tags):
        add_archive(site.tag_url(tag), tag, f"tag tag-{slugify(tag)}", [s for s in site.stories if tag in s.tags])
    for author in dict.fromkeys(a for s in site.stories for a in s.authors):
        add_archive(site.author_url(author), author, "author", [s for s in site.stories if author in s.authors])
    not_found = html_resource(render("meridian_404.html", header=site.header, footer=site.footer, home=site.home),
                              latest(site.stories), status=404)
    source = {
        "name": publisher.name,
        "title": publisher.title,
        "homepage": site.home,
        "timezone": publisher.timezone,
        "language": publisher.language,
        "feeds": [],
        "sitemaps": [],
        "listings": [site.home, *(site.section_url(slug) for slug, _ in site.sections)],
        "article_patterns": ["^" + site.home.replace(".", r"\.") + r"\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$"],
        "exclude_patterns": ["/tag/", "/author/"],
    }
    return Site(publisher.name, routes, not_found, tuple(articles), source,
                dead_links=(site.home + _REMOVED[0],), tracking_links=(site.tracked_pick(),))
