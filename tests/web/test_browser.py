"""A real browser walks the pages: headless Chromium (Debian's), driven by Playwright.

The walk an analyst makes: search for a speaker, open the expert page, follow an entity,
open a document, go back; each step checks what is on screen, and that the browser saw no
error (a Content-Security-Policy violation would be one). Skipped only when Playwright or a
Chromium executable cannot be had (`.ci/run` installs both).
"""

import shutil

import pytest

from test_serve import ServerThread, free_port
from newsmine.web.app import create_app
from webcorpus import static_encode

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser_page(corpus_db):
    with ServerThread(create_app(corpus_db, encode=static_encode), free_port()) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        yield page, server.base, problems
        browser.close()


def test_walk_from_a_speaker_search_to_a_document_and_back(browser_page):
    page, base, problems = browser_page
    expect = sync_api.expect

    page.goto(base + "/")
    page.fill("form.filters input[name=speaker]", "Aldric")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#summary")).to_contain_text("3 quotes")
    cards = page.locator("article.card.quote")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("Sarn Basin Council")
    expect(page.locator("svg[role=img]")).to_be_visible()

    page.locator("a.speaker", has_text="Tomas Aldric").first.click()
    expect(page.locator("h1.expert-name")).to_have_text("Tomas Aldric")
    expect(page.locator(".variants")).to_have_text("Tomas Aldrik")
    expect(page.locator("#affiliations")).to_contain_text("director")
    expect(page.locator("#co-quoted")).to_contain_text("Irena Dovlatova")

    page.locator("#entities a.ent", has_text="Sarn Basin Council").click()
    expect(page.locator("h1.entity-name")).to_contain_text("Sarn Basin Council")
    expect(page.locator("#speakers")).to_contain_text("Tomas Aldric")

    page.locator("#quotes a.doc", has_text="Talks on the Sarn river resume").first.click()
    expect(page.locator("h1.document-title")).to_have_text("Talks on the Sarn river resume")
    expect(page.locator("#text mark.q-direct")).to_contain_text("Farmers will need new canals")
    expect(page.locator("#text a.ent-PERSON", has_text="Tomas Aldric")).to_be_visible()

    page.go_back()
    expect(page.locator("h1.entity-name")).to_contain_text("Sarn Basin Council")
    assert problems == []


def test_hostile_text_is_shown_as_text(browser_page):
    page, base, problems = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "/documents/hostile-1")
    expect = sync_api.expect
    expect(page.locator("h1.document-title")).to_contain_text("<script>alert('x')</script>")
    page.goto(base + "/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    expect(page.locator("#summary")).to_contain_text("0 quotes")
    assert dialogs == [] and problems == []
