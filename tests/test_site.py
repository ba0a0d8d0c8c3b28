"""The course website (``make site``), built from the committed notebooks and read in a
real browser served from 127.0.0.1: every page renders with no console error, every image
and formula shows, every internal link (fragment included) resolves, the lessons link one
to the next, search finds lesson text, and no request leaves the machine."""

from __future__ import annotations

import json
import shutil
import urllib.request
from urllib.parse import urldefrag, urlsplit

import nbformat
import pytest

from tests.browser_tools import browser, serve
from utils.course import authoring, site

LESSONS = [path.stem for path in authoring.solution_paths()]

# every image decoded (lazy ones too), then the ones that did not load
_BROKEN_IMAGES = """async () => {
  const images = Array.from(document.images);
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  return images.filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.src);
}"""
_LINKS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"
_IDS = "() => Array.from(document.querySelectorAll('[id], a[name]'), (e) => e.id || e.name)"
# the formulas MathJax has not typeset after up to 10 s (their TeX source still showing)
_RAW_MATH = """async () => {
  const raw = () => Array.from(document.querySelectorAll('.math'))
    .filter((m) => !m.querySelector('mjx-container')).map((m) => m.textContent);
  for (let i = 0; i < 100 && raw().length; i++) await new Promise((r) => setTimeout(r, 100));
  return raw();
}"""


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """Build the site, then visit every page reachable from the home page."""
    out = tmp_path_factory.mktemp("site") / "_site"
    assert site.main(["--out", str(out)]) == 0
    with serve(out) as base, browser() as (context, watch):
        page = context.new_page()
        pages, links, queue = {}, {}, [base + "index.html"]
        while queue:
            url = queue.pop()
            if url in pages:
                continue
            page.goto(url, wait_until="networkidle")
            pages[url] = {
                "title": page.title(),
                "raw_math": page.evaluate(_RAW_MATH),
                "math": page.evaluate("() => document.querySelectorAll('.math').length"),
                "broken_images": page.evaluate(_BROKEN_IMAGES),
                "images": page.evaluate("() => document.images.length"),
                "ids": set(page.evaluate(_IDS)),
            }
            for link in page.evaluate(_LINKS):
                target, _ = urldefrag(link)
                if urlsplit(link).netloc == urlsplit(base).netloc:
                    links.setdefault(link, url)
                    if target.endswith(".html") and target not in pages:
                        queue.append(target)
        yield {"base": base, "out": out, "pages": pages, "links": links, "watch": watch,
               "page": page}  # fmt: skip


def test_every_lesson_and_the_glossary_have_a_page(crawl):
    base, pages = crawl["base"], crawl["pages"]
    wanted = [f"{base}lessons/{slug}.html" for slug in LESSONS] + [f"{base}GLOSSARY.html"]
    assert set(wanted) <= set(pages), sorted(pages)
    for slug in LESSONS:
        title = authoring.lesson_title(nbformat.read(authoring.SOLUTIONS / f"{slug}.ipynb", 4))
        assert pages[f"{base}lessons/{slug}.html"]["title"].startswith(title)
    assert pages[base + "index.html"]["title"].startswith("Encryption in AI & Privacy")


def test_pages_render_without_errors_and_with_their_figures_and_formulas(crawl):
    assert crawl["watch"].errors == []
    for url, seen in crawl["pages"].items():
        assert seen["broken_images"] == [] and seen["raw_math"] == [], url
    assert sum(seen["math"] for seen in crawl["pages"].values()) > 0  # lesson 05 has formulas
    # the stored figures are on the lesson pages: as many images as PNG outputs
    for slug in LESSONS:
        nb = nbformat.read(authoring.SOLUTIONS / f"{slug}.ipynb", as_version=4)
        figures = sum("image/png" in output.get("data", {})
                      for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)  # fmt: skip
        assert crawl["pages"][f"{crawl['base']}lessons/{slug}.html"]["images"] >= figures > 0


def test_no_request_leaves_the_machine(crawl):
    watch = crawl["watch"]
    assert watch.foreign == []
    assert len(watch.requests) > len(crawl["pages"])  # the watch saw the pages' assets
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in watch.requests)


def test_every_internal_link_resolves(crawl):
    pages, missing = crawl["pages"], []
    for link, source in crawl["links"].items():
        target, fragment = urldefrag(link)
        if target in pages:
            if fragment and fragment not in pages[target]["ids"]:
                missing.append(f"{link} (from {source}): no id {fragment!r}")
            continue
        try:
            with urllib.request.urlopen(target, timeout=10) as response:  # 127.0.0.1 only
                assert response.status == 200
        except OSError as error:
            missing.append(f"{link} (from {source}): {error}")
    assert missing == []
    glossary_links = [link for link in crawl["links"] if "GLOSSARY.html#" in link]
    assert len(glossary_links) > 20  # the lessons' term links reach their entries


def test_lessons_link_one_to_the_next(crawl):
    page, base = crawl["page"], crawl["base"]
    page.goto(base + "index.html")
    page.locator(f"a[href='lessons/{LESSONS[0]}.html']").first.click()
    visited = [page.url]
    for _ in LESSONS[1:]:  # the notebooks' own navigation line, "title >"
        page.locator("a", has_text=" >").first.click()
        page.wait_for_load_state()
        visited.append(page.url)
    assert visited == [f"{base}lessons/{slug}.html" for slug in LESSONS]
    for slug in reversed(LESSONS[:-1]):  # and back with the theme's "previous" button
        page.locator("a.left-prev").click()
        page.wait_for_load_state()
        assert page.url == f"{base}lessons/{slug}.html"
    page.locator("a.right-next").click()
    assert page.url == f"{base}lessons/{LESSONS[1]}.html"
    page.get_by_role("link", name="Contents").first.click()
    assert page.url == f"{base}index.html#syllabus"


def test_search_finds_lesson_text(crawl):
    page, base = crawl["page"], crawl["base"]
    page.goto(base + "search.html?q=nonce")
    results = page.locator("#search-results li a")
    results.first.wait_for()
    assert any("/lessons/" in link for link in results.evaluate_all("(a) => a.map((x) => x.href)"))
    assert crawl["watch"].errors == [] and crawl["watch"].foreign == []


def test_the_site_lists_whatever_lessons_exist(tmp_path):
    """Nothing names the lessons: a new one (here a copy of 01 as 02) gets its page."""
    root = tmp_path / "clone"
    (root / "solutions").mkdir(parents=True)
    for name in ("README.md", "GLOSSARY.md"):
        shutil.copy(authoring.ROOT / name, root)
    first, second = authoring.solution_paths()[:2]
    shutil.copy(first, root / "solutions")
    shutil.copy(second, root / "solutions")
    shutil.copy(second, root / "solutions" / "02_public_key.ipynb")
    lessons = site.stage(root, tmp_path / "book")
    assert lessons == [first.stem, second.stem, "02_public_key"]
    toc = json.loads((tmp_path / "book" / "_toc.yml").read_text(encoding="utf-8"))
    files = [chapter["file"] for chapter in toc["chapters"]]
    assert files == [f"lessons/{slug}" for slug in lessons] + ["GLOSSARY"]
    staged = nbformat.read(tmp_path / "book" / "lessons" / first.name, as_version=4)
    nav = staged.cells[0].source
    assert "../index.md#syllabus" in nav and "README.md" not in nav
