"""The Meridian Times: a WordPress site on tagDiv's "Newspaper" theme (America/New_York).

What makes it hard for a scraper, as on real tagDiv sites: a header weather widget
("8.7 C / New York") and a date bar showing the server's *today* (not the publication
date), a section suffix in <title>, image captions with "[Name/Agency]" credits and an
"- Advertisement -" slot inside the post content, and related/latest/newsletter blocks
around it. Dates with offsets are in ``article:published_time``. Discovery is by
listing pages (home and categories); the home page also links a deleted post (404) and
an article URL carrying tracking parameters.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flows.demo_sites.catalogue import Publisher, Story
from flows.demo_sites.site import (
    RSS, FeedItem, Resource, Site, credited, demo_article, esc, html_resource, join, latest, render, rss, slugify, updated,
    xml_resource,
)

PREFIX = "/meridian/"
WEATHER = ("8.7", "New York")
_REMOVED = ("2026/03/02/consulate-statement-on-detained-tanker-crew/", "Consulate statement on detained tanker crew")


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
        sections = dict.fromkeys((s.section_slug, s.section) for s in self.stories)
        menu = join(f'              <li class="menu-item"><a href="{self.section_url(slug)}">{esc(name)}</a></li>'
                    for slug, name in sections)
        self.sections = tuple(sections)
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

    def _author_links(self, story: Story) -> str:
        return ", ".join(f'<a href="{self.author_url(a)}">{esc(a)}</a>' for a in story.authors)

    def _module(self, story: Story, kind: str, *, excerpt: bool = True, url: str | None = None) -> str:
        link = esc(url or self.url(story))
        title = esc(story.title)
        text = f'<div class="td-excerpt">{esc(story.summary)}</div>' if excerpt else ""
        return (
            f'<div class="{kind} td_module_wrap td-animation-stack"><div class="td-module-thumb">'
            f'<a href="{link}" rel="bookmark" class="td-image-wrap" title="{title}">'
            f'<img class="entry-thumb" src="{self.home}wp-content/uploads/2026/03/{story.key}-218x150.jpg" alt="" /></a></div>'
            f'<div class="item-details"><h3 class="entry-title td-module-title"><a href="{link}" rel="bookmark" title="{title}">{title}</a></h3>'
            f'<div class="td-module-meta-info"><span class="td-post-author-name">{self._author_links(story)} <span>-</span> </span>'
            f'<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{story.published.isoformat()}">'
            f"{_day(story.published)}</time></span></div>{text}</div></div>"
        )

    def _body(self, story: Story, post_id: int) -> str:
        """Paragraphs with the captions and one in-content ad slot where tagDiv puts them."""
        by_position: dict[int, list[str]] = {}
        for n, placed in enumerate(story.captions):
            label = esc(credited(placed.caption))
            src = f"{self.home}wp-content/uploads/2026/03/{placed.image}"
            attachment = post_id + n + 1
            if n % 2 == 0:
                block = (f'<div id="attachment_{attachment}" style="width: 706px" class="wp-caption aligncenter">'
                         f'<img aria-describedby="caption-attachment-{attachment}" class="size-full wp-image-{attachment}" '
                         f'src="{src}" alt="" width="696" height="464" />'
                         f'<p id="caption-attachment-{attachment}" class="wp-caption-text">{label}</p></div>')
            else:
                block = (f'<figure class="wp-block-image size-large"><img decoding="async" width="696" height="464" '
                         f'src="{src}" alt="" class="wp-image-{attachment}" /><figcaption class="wp-element-caption">{label}</figcaption></figure>')
            by_position.setdefault(placed.after, []).append(block)
        if _has_ad_slot(story):
            by_position.setdefault(1, []).append(
                '<div class="td-a-rec td-a-rec-id-content_inline tdi_2 td_block_template_1">'
                '<span class="td-adspot-title">- Advertisement -</span><div class="td-all-devices">'
                f'<a href="{self.home}advertise/"><img src="{self.home}wp-content/uploads/ad-728x90.jpg" alt="" /></a></div></div>'
            )
        parts: list[str] = []
        for i, paragraph in enumerate(story.paragraphs):
            parts.append(f"<p>{esc(paragraph)}</p>")
            parts.extend(by_position.get(i, []))
        return join(parts)

    def post_id(self, index: int) -> int:
        return 41200 + 7 * index

    def article(self, index: int, story: Story) -> tuple[Resource, tuple[str, ...]]:
        """One post page, and the chrome strings on it that are not body text."""
        post_id = self.post_id(index)
        url = self.url(story)
        related = [s for s in self.stories if s.section_slug == story.section_slug and s is not story]
        related += [s for s in self.stories if s not in related and s is not story]
        related = related[:3]
        older = self.stories[index + 1] if index + 1 < len(self.stories) else None
        newer = self.stories[index - 1] if index > 0 else None
        prev_next = ""
        if older:
            prev_next += (f'<div class="td-block-span6 td-post-prev-post"><div class="td-post-next-prev-content"><span>Previous article</span>'
                          f'<a href="{self.url(older)}">{esc(older.title)}</a></div></div>')
        if newer:
            prev_next += (f'<div class="td-block-span6 td-post-next-post"><div class="td-post-next-prev-content"><span>Next article</span>'
                          f'<a href="{self.url(newer)}">{esc(newer.title)}</a></div></div>')
        text = render(
            "meridian_article.html",
            header=self.header, footer=self.footer, sidebar=self.sidebar, home=self.home,
            url=url, title=esc(story.title), section=esc(story.section), section_slug=story.section_slug,
            section_url=self.section_url(story.section_slug), summary=esc(story.summary),
            published_iso=story.published.isoformat(), modified_iso=updated(story).isoformat(),
            published_text=_day(story.published), lead_image=f"{self.home}wp-content/uploads/2026/03/{story.key}.jpg",
            authors_text=esc(", ".join(story.authors)), author_links=self._author_links(story),
            author_url=self.author_url(story.authors[0]), first_author=esc(story.authors[0]),
            post_id=str(post_id), views=str(1000 + 137 * index),
            body=self._body(story, post_id),
            tag_links="".join(f'<li><a href="{self.tag_url(t)}">{esc(t)}</a></li>' for t in story.tags),
            prev_next=prev_next,
            related=join(f'<div class="td-related-span4">{self._module(s, "td_module_related_posts", excerpt=False)}</div>'
                         for s in related),
        )
        chrome = (
            *WEATHER, self.today, "Related Articles", "More from author", "Latest Articles",
            "Subscribe to our newsletter", "Share on Facebook", "LEAVE A REPLY",
            *(("- Advertisement -",) if _has_ad_slot(story) else ()),
            "All rights reserved", "Previous article" if older else "Next article",
            *(s.title for s in (*self.sidebar_stories, *related) if s is not story),
        )
        return html_resource(text, updated(story)), chrome

    def archive(self, heading: str, body_class: str, url: str, stories: tuple[Story, ...], extra: str = "") -> Resource:
        modules = join(self._module(s, "td_module_10") for s in stories)
        text = render("meridian_archive.html", header=self.header, footer=self.footer, sidebar=self.sidebar,
                      home=self.home, heading=esc(heading), body_class=body_class, url=url,
                      intro=extra, modules=modules)
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

    def home_page(self) -> Resource:
        """The front page: every post, an editor's pick with tracking parameters, a trending bar, a deleted post."""
        pick = self.stories[2]
        tags = dict.fromkeys(t for s in self.stories for t in s.tags)
        trending = " ".join(f'<a href="{self.tag_url(t)}">{esc(t)}</a>' for t in list(tags)[:6])
        removed_url = self.home + _REMOVED[0]
        extra = join((
            f'<div class="td-trending-now-wrapper"><div class="td-trending-now-title">Trending Now</div>{trending}</div>',
            '<div class="td-block-title-wrap"><h4 class="block-title"><span>Editor\'s Pick</span></h4></div>',
            self._module(pick, "td_module_mx1", url=f"{self.url(pick)}?utm_source=homepage&utm_medium=editors-pick&utm_campaign=frontpage"),
            '<div class="td_module_10 td_module_wrap"><div class="item-details"><h3 class="entry-title td-module-title">'
            f'<a href="{removed_url}" rel="bookmark" title="{esc(_REMOVED[1])}">{esc(_REMOVED[1])}</a></h3>'
            '<div class="td-module-meta-info"><span class="td-post-date"><time class="entry-date updated td-module-date" '
            'datetime="2026-03-02T17:05:00-05:00">March 2, 2026</time></span></div></div></div>',
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
    for slug, name in site.sections:
        url = site.section_url(slug)
        stories = tuple(s for s in site.stories if s.section_slug == slug)
        routes[url.removeprefix(base)] = site.archive(name, f"category category-{slug}", url, stories)
    for tag in dict.fromkeys(t for s in site.stories for t in s.tags):
        url = site.tag_url(tag)
        stories = tuple(s for s in site.stories if tag in s.tags)
        routes[url.removeprefix(base)] = site.archive(tag, f"tag tag-{slugify(tag)}", url, stories)
    for author in dict.fromkeys(a for s in site.stories for a in s.authors):
        url = site.author_url(author)
        stories = tuple(s for s in site.stories if author in s.authors)
        routes[url.removeprefix(base)] = site.archive(author, "author", url, stories)
    not_found = html_resource(render("meridian_404.html", header=site.header, footer=site.footer, home=site.home),
                              latest(site.stories), status=404)
    pattern = "^" + site.home.replace(".", r"\.") + r"\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$"
    source = {
        "name": publisher.name,
        "title": publisher.title,
        "homepage": site.home,
        "timezone": publisher.timezone,
        "language": publisher.language,
        "feeds": [],
        "sitemaps": [],
        "listings": [site.home, *(site.section_url(slug) for slug, _ in site.sections)],
        "article_patterns": [pattern],
        "exclude_patterns": ["/tag/", "/author/"],
    }
    return Site(publisher.name, routes, not_found, tuple(articles), source)

