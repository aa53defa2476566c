"""The chat widget on the demo page, in a real (headless) Chromium.

Every test gets a fresh browser context (own sessionStorage) and talks to the
`chat_backend` fixture (the real action server and Rasa with the trained model).
What needs no servers - formatting, cards, links, tap targets, the launcher's
place, HTML safety - is in test_widget_static.py, with canned bot replies.
Assertions are about behaviour - bubbles, quick replies, links, focus,
storage - and use only the button titles from domain.yml, so the same tests
run against the real Rasa server once the fixture starts it.

Screenshots and axe reports go to test-output/web/. With
VEJVISER_DOCS_SCREENSHOT=1 the conversation test also refreshes docs/img/widget.png.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from widget_helpers import (
    BOT,
    ERROR,
    INPUT,
    LAUNCHER,
    LOG,
    MAP_PREFIX,
    PANEL,
    QUICK,
    TYPING,
    USER,
    assert_no_serious_axe,
    card_names,
    check_tel_links,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------- helpers


def record_messages(page: Page, rest_url: str) -> list[dict]:
    """Every JSON body the page POSTs to the REST channel, in order (also failed attempts)."""
    sent: list[dict] = []

    def on_request(request):
        if request.method == "POST" and request.url == rest_url:
            sent.append(json.loads(request.post_data or "{}"))

    page.on("request", on_request)
    return sent


def is_rest_response(rest_url: str):
    return lambda r: r.url == rest_url and r.request.method == "POST"


def answered(page: Page, rest_url: str, action) -> None:
    """Run `action`, wait for the server's answer and for the widget to render it."""
    with page.expect_response(is_rest_response(rest_url), timeout=30_000):
        action()
    expect(page.locator(TYPING)).to_be_hidden()


def open_chat(page: Page, rest_url: str) -> None:
    answered(page, rest_url, lambda: page.click(LAUNCHER))
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(QUICK).first).to_be_visible()


def click_quick_reply(page: Page, rest_url: str, title: str) -> None:
    button = page.locator(LOG).get_by_role("button", name=title, exact=True)
    answered(page, rest_url, button.click)
    expect(page.locator(USER).last).to_have_text(re.compile(re.escape(title) + "$"))


def type_message(page: Page, rest_url: str, text: str) -> None:
    page.fill(INPUT, text)
    answered(page, rest_url, lambda: page.press(INPUT, "Enter"))
    expect(page.locator(USER).last).to_have_text(re.compile(re.escape(text) + "$"))
    expect(page.locator(INPUT)).to_have_value("")


def bubble_texts(page: Page) -> list[str]:
    return page.locator(f"{LOG} .vv-msg").all_text_contents()


def check_map_link(link) -> str:
    href = link.get_attribute("href")
    assert href.startswith(MAP_PREFIX), href
    query = parse_qs(urlsplit(href).query)["query"][0]
    street = query.split(",")[0].strip()
    assert street and street in link.text_content(), (query, link.text_content())
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "").split()
    # the visible line reads "Adresse: <address>"
    bubble_text = link.evaluate("a => a.closest('.vv-msg').textContent")
    assert "Adresse: " + street in bubble_text
    return query


def focus_outline(page: Page) -> dict:
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor};
    }""")


def active_in_widget(page: Page) -> str:
    """A short description of the focused element: 'launcher', 'input', 'quick:<title>' ..."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || !el.closest('#vejviser-widget')) return 'page';
        if (el.classList.contains('vv-launcher')) return 'launcher';
        if (el.id === 'vv-input') return 'input';
        if (el.classList.contains('vv-send')) return 'send';
        if (el.classList.contains('vv-restart')) return 'restart';
        if (el.classList.contains('vv-close')) return 'close';
        if (el.classList.contains('vv-quick-btn')) return 'quick:' + el.textContent;
        if (el.classList.contains('vv-retry')) return 'retry';
        if (el.tagName === 'A') return 'link:' + el.getAttribute('href');
        return 'other:' + el.tagName;
    }""")


def wait_until(page: Page, condition, what: str, timeout: float = 15.0) -> None:
    """Poll `condition` while letting Playwright dispatch events (route handlers run meanwhile)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(what)
        page.wait_for_timeout(50)


def stored_state(page: Page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('vejviser.chat.v1') || 'null')")


# ------------------------------------------------------------------------- tests


def test_privacy_notice_and_full_conversation(new_page, web_server, chat_backend, output_dir):
    page = new_page()
    sent = record_messages(page, chat_backend)
    page.goto(web_server + "/")
    expect(page).to_have_title(re.compile("Rusmiddelbehandling"))
    expect(page.locator("h1")).to_have_text("Rusmiddelbehandling – få hjælp")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_have_attribute("aria-expanded", "false")

    open_chat(page, chat_backend)
    expect(page.locator(LAUNCHER)).to_have_attribute("aria-expanded", "true")
    privacy = page.locator("#vv-privacy")
    expect(privacy).to_be_visible()
    expect(privacy).to_contain_text("anonym")
    expect(privacy).to_contain_text("CPR-nummer")
    expect(privacy).to_contain_text("30 dage")
    expect(privacy).to_contain_text("telefonnumre og e-mailadresser fjernes automatisk")
    expect(privacy).to_be_in_viewport()
    expect(page.locator(INPUT)).to_be_focused()
    expect(page.locator(LOG)).to_have_attribute("aria-live", "polite")
    assert page.locator(BOT).count() >= 1
    assert page.locator(USER).count() == 0, "the opening message is not shown as the user's"

    # the typing indicator shows while the server is thinking
    held = []
    page.route(chat_backend, lambda route: held.append(route))
    page.locator(LOG).get_by_role("button", name="Jeg vil gerne have hjælp", exact=True).click()
    expect(page.locator(TYPING)).to_be_visible()
    expect(page.locator(TYPING)).to_contain_text("skriver")
    wait_until(page, lambda: held, "the request never reached the route")
    with page.expect_response(is_rest_response(chat_backend)):
        held[0].continue_()
    page.unroute(chat_backend)
    expect(page.locator(TYPING)).to_be_hidden()
    expect(page.locator(USER).last).to_have_text(re.compile("Jeg vil gerne have hjælp$"))
    assert sent[-1]["message"].startswith("/"), "a quick reply sends its payload"
    assert sent[-1]["message"] != "Jeg vil gerne have hjælp"

    # older quick replies disappear once answered; the new ones are offered
    expect(page.locator(LOG).get_by_role("button", name="Jeg er pårørende", exact=True)).to_have_count(0)
    click_quick_reply(page, chat_backend, "København")
    type_message(page, chat_backend, "Det drejer sig om alkohol")
    type_message(page, chat_backend, "jeg er 30")
    click_quick_reply(page, chat_backend, "Anonymt")

    # the unit answer: address as a map link, phone numbers as tel: links
    map_links = page.locator(f"{BOT} a[href^='{MAP_PREFIX}']")
    expect(map_links.first).to_be_visible()
    for i in range(map_links.count()):
        check_map_link(map_links.nth(i))
    assert check_tel_links(page) >= 1
    expect(page.locator(f"{BOT} a[href^='tel:+45']").first).to_be_visible()
    # a unit card starts with the unit's name in bold (<strong>, not a heading)
    cards = card_names(page)
    assert cards, "no unit card with a bold name"
    for card in cards:
        assert card["isFirstChild"] and card["strongs"] == 1 and card["name"].strip() == card["first"].strip(), card
    assert page.locator(f"{LOG} h1, {LOG} h2, {LOG} h3, {LOG} h4, {LOG} [role=heading]").count() == 0

    # one conversation id for the whole conversation
    senders = {m["sender"] for m in sent}
    assert len(senders) == 1 and len(next(iter(senders))) >= 16
    assert len(sent) == 6  # opening message + 5 turns

    # the map link opens in a new tab without access to the chat page
    page.context.route(
        "https://www.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Kort</title>")
    )
    with page.context.expect_page() as popup_info:
        map_links.first.click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url.startswith(MAP_PREFIX)
    assert popup.evaluate("() => window.opener") is None
    popup.close()

    page.screenshot(path=str(output_dir / "desktop-conversation.png"))
    if os.environ.get("VEJVISER_DOCS_SCREENSHOT") == "1":
        (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ROOT / "docs" / "img" / "widget.png"))
    assert_no_serious_axe(page, output_dir, "conversation-desktop")

    # reload: the conversation and its id are remembered for this browser session
    before = bubble_texts(page)
    quick_before = page.locator(QUICK).all_text_contents()
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    assert bubble_texts(page) == before
    assert page.locator(QUICK).all_text_contents() == quick_before, "the last answer's quick replies stay"
    type_message(page, chat_backend, "Hvornår har de åbent?")
    assert sent[-1]["sender"] in senders, "the reloaded page keeps the conversation id"
    page.screenshot(path=str(output_dir / "desktop-after-reload.png"))

    # "Start forfra": /restart, history cleared, new conversation id
    old_id = sent[-1]["sender"]
    answered(page, chat_backend, lambda: page.locator(".vv-head .vv-restart").click())
    assert sent[-1]["message"] == "/restart"
    assert sent[-1]["sender"] != old_id
    expect(page.locator(USER)).to_have_count(0)
    expect(page.locator(f"{BOT} a[href^='{MAP_PREFIX}']")).to_have_count(0)
    assert page.locator(BOT).count() >= 1, "the restart is answered"
    expect(page.locator(INPUT)).to_be_focused()
    state = stored_state(page)
    assert state["id"] == sent[-1]["sender"]
    assert not any(m["who"] == "user" for m in state["messages"])
    page.reload()
    expect(page.locator(USER)).to_have_count(0)
    type_message(page, chat_backend, "Hej")
    assert sent[-1]["sender"] == state["id"]


def test_keyboard_only(new_page, web_server, chat_backend, output_dir):
    page = new_page()
    sent = record_messages(page, chat_backend)
    page.goto(web_server + "/")

    # Tab from the top of the page to the launcher; the skip link comes first
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    for _ in range(60):
        if active_in_widget(page) == "launcher":
            break
        page.keyboard.press("Tab")
    assert active_in_widget(page) == "launcher", "Tab never reached the chat launcher"
    outline = focus_outline(page)
    assert outline["style"] != "none" and outline["width"] >= 2, outline

    answered(page, chat_backend, lambda: page.keyboard.press("Enter"))
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(INPUT)).to_be_focused()

    # type and send with Enter; Shift+Enter makes a new line instead of sending
    page.keyboard.type("Jeg vil gerne have hjælp")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("til at stoppe med at drikke")
    assert page.input_value(INPUT) == "Jeg vil gerne have hjælp\ntil at stoppe med at drikke"
    answered(page, chat_backend, lambda: page.keyboard.press("Enter"))
    assert sent[-1]["message"] == "Jeg vil gerne have hjælp\ntil at stoppe med at drikke"
    expect(page.locator(USER).last).to_contain_text("til at stoppe med at drikke")
    expect(page.locator(INPUT)).to_be_focused()
    expect(page.locator(QUICK).first).to_be_visible()

    # Tab (backwards) to a quick reply and press Enter
    for _ in range(10):
        if active_in_widget(page).startswith("quick:"):
            break
        page.keyboard.press("Shift+Tab")
    focused = active_in_widget(page)
    assert focused.startswith("quick:"), focused
    outline = focus_outline(page)
    assert outline["style"] != "none" and outline["width"] >= 2, outline
    title = focused.split(":", 1)[1]
    answered(page, chat_backend, lambda: page.keyboard.press("Enter"))
    expect(page.locator(USER).last).to_have_text(re.compile(re.escape(title) + "$"))
    assert sent[-1]["message"].startswith("/")
    expect(page.locator(INPUT)).to_be_focused()  # focus does not get lost with the removed buttons

    # Tab reaches every control in the chat
    expected = set(
        page.evaluate("""() => Array.from(
        document.querySelectorAll('#vejviser-widget a[href], #vejviser-widget button, #vejviser-widget textarea'))
        .filter(el => el.offsetParent !== null).map(el => el.className + '|' + (el.getAttribute('href') || el.textContent))
    """)
    )
    describe = "() => { const el = document.activeElement; return el.className + '|' + (el.getAttribute('href') || el.textContent); }"
    page.focus("#vejviser-widget .vv-lang")  # the first control in the chat (the language button)
    reached = {page.evaluate(describe)}
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(describe))
        if active_in_widget(page) == "launcher":
            break
    missing = expected - reached
    assert not missing, f"not reachable with Tab: {missing}"

    # Escape closes and gives focus back to the launcher; Enter opens again
    page.focus(INPUT)
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    assert active_in_widget(page) == "launcher"
    expect(page.locator(LAUNCHER)).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(INPUT)).to_be_focused()
    assert page.locator(USER).count() == 2, "closing and opening keeps the conversation"
    page.screenshot(path=str(output_dir / "keyboard.png"))


def test_error_and_retry(new_page, web_server, chat_backend, output_dir):
    page = new_page()
    sent = record_messages(page, chat_backend)
    page.goto(web_server + "/")
    open_chat(page, chat_backend)
    n_user = page.locator(USER).count()

    # the server cannot be reached
    page.route(chat_backend, lambda route: route.abort("connectionrefused"))
    page.fill(INPUT, "Hvor kan jeg få hjælp i Gladsaxe?")
    page.press(INPUT, "Enter")
    error = page.locator(ERROR)
    expect(error).to_be_visible()
    expect(error).to_contain_text("forbindelse")
    expect(error).to_contain_text("Prøv igen")
    expect(page.locator(TYPING)).to_be_hidden()
    expect(page.locator(USER)).to_have_count(n_user + 1)
    assert page.locator(f"{LOG} .vv-error").evaluate("e => e.closest('[aria-live]') !== null")
    page.screenshot(path=str(output_dir / "error.png"))
    assert_no_serious_axe(page, output_dir, "error")

    # retrying while still unreachable fails again, without a second user bubble
    page.get_by_role("button", name="Prøv igen").click()
    expect(error).to_be_visible()
    expect(page.locator(USER)).to_have_count(n_user + 1)

    # the error survives a reload, with its retry
    page.reload()
    expect(page.locator(ERROR)).to_be_visible()

    # reachable again: "Prøv igen" resends the same message
    page.unroute(chat_backend)
    attempts = [m for m in sent if m["message"] == "Hvor kan jeg få hjælp i Gladsaxe?"]
    answered(page, chat_backend, lambda: page.get_by_role("button", name="Prøv igen").click())
    expect(page.locator(ERROR)).to_have_count(0)
    assert sent[-1]["message"] == "Hvor kan jeg få hjælp i Gladsaxe?"
    assert sent[-1]["sender"] == attempts[0]["sender"]
    expect(page.locator(USER)).to_have_count(n_user + 1)
    assert page.locator(f"{LOG} .vv-msg").last.evaluate("e => e.classList.contains('vv-bot')") or page.locator(QUICK).count() > 0
    expect(page.locator(INPUT)).to_be_focused()
    assert stored_state(page)["failed"] is None

    # leaving the page while an answer is on its way: after a reload, "Prøv igen" sends it again
    held = []
    page.route(chat_backend, lambda route: held.append(route))
    page.fill(INPUT, "Hvornår har de åbent?")
    page.press(INPUT, "Enter")
    expect(page.locator(TYPING)).to_be_visible()
    page.reload()  # the held request never gets an answer
    expect(page.locator(ERROR)).to_be_visible()
    expect(page.locator(ERROR)).to_contain_text("Prøv igen")
    page.unroute_all(behavior="ignoreErrors")
    expect(page.locator(TYPING)).to_be_hidden()
    answered(page, chat_backend, lambda: page.get_by_role("button", name="Prøv igen").click())
    assert sent[-1]["message"] == "Hvornår har de åbent?"
    expect(page.locator(ERROR)).to_have_count(0)
    expect(page.locator(USER).filter(has_text="Hvornår har de åbent?")).to_have_count(1)


def test_server_error_and_unreachable_on_open(new_page, web_server, chat_backend):
    page = new_page()
    page.goto(web_server + "/")
    # unreachable already when the chat opens
    page.route(chat_backend, lambda route: route.abort("connectionrefused"))
    page.click(LAUNCHER)
    expect(page.locator(ERROR)).to_be_visible()
    page.unroute(chat_backend)
    answered(page, chat_backend, lambda: page.get_by_role("button", name="Prøv igen").click())
    expect(page.locator(QUICK).first).to_be_visible()

    # an HTTP error from the server also offers a retry
    page.route(chat_backend, lambda route: route.fulfill(status=500, headers={"Access-Control-Allow-Origin": web_server}, body="error"))
    page.fill(INPUT, "hej")
    page.press(INPUT, "Enter")
    expect(page.locator(ERROR)).to_contain_text("Prøv igen")
    page.unroute(chat_backend)
    answered(page, chat_backend, lambda: page.get_by_role("button", name="Prøv igen").click())
    expect(page.locator(ERROR)).to_have_count(0)


def test_message_length_limit(new_page, web_server, chat_backend):
    page = new_page()
    sent = record_messages(page, chat_backend)
    page.goto(web_server + "/")
    open_chat(page, chat_backend)
    assert page.get_attribute(INPUT, "maxlength") == "2000"
    page.fill(INPUT, "a" * 2500)
    assert len(page.input_value(INPUT)) == 2000
    expect(page.locator("#vv-count")).to_be_visible()
    expect(page.locator("#vv-count")).to_contain_text("2000")
    answered(page, chat_backend, lambda: page.press(INPUT, "Enter"))
    assert len(sent[-1]["message"]) == 2000
    expect(page.locator("#vv-count")).to_be_hidden()

    # empty or blank messages are not sent
    n = len(sent)
    page.fill(INPUT, "   ")
    page.press(INPUT, "Enter")
    page.get_by_role("button", name="Send").click()
    page.wait_for_timeout(500)
    assert len(sent) == n
    expect(page.locator(TYPING)).to_be_hidden()


def test_mobile_360(new_page, web_server, chat_backend, output_dir):
    page = new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(web_server + "/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, "page scrolls sideways"
    launcher = page.locator(LAUNCHER).bounding_box()
    assert launcher["x"] >= 0 and launcher["x"] + launcher["width"] <= 360
    assert launcher["height"] >= 44, "touch target"
    page.screenshot(path=str(output_dir / "mobile-page.png"))
    assert_no_serious_axe(page, output_dir, "mobile-closed")

    answered(page, chat_backend, lambda: page.tap(LAUNCHER))
    box = page.locator(PANEL).bounding_box()
    assert (round(box["x"]), round(box["y"]), round(box["width"]), round(box["height"])) == (0, 0, 360, 740), box
    expect(page.locator(LAUNCHER)).to_be_hidden()
    expect(page.locator("#vv-privacy")).to_be_in_viewport()
    for selector in (
        INPUT,
        "#vejviser-widget .vv-send",
        "#vejviser-widget .vv-close",
        "#vejviser-widget .vv-restart",
        "#vejviser-widget .vv-lang",
    ):
        b = page.locator(selector).bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 360 and b["y"] + b["height"] <= 740, (selector, b)
        assert b["height"] >= 44, (selector, b)
    assert page.evaluate("() => document.querySelector('#vejviser-widget .vv-scroll').scrollWidth") <= 360

    button = page.locator(LOG).get_by_role("button", name="Jeg vil gerne have hjælp", exact=True)
    answered(page, chat_backend, button.tap)
    click_quick_reply(page, chat_backend, "København")
    type_message(page, chat_backend, "hash")
    type_message(page, chat_backend, "jeg er 20")
    expect(page.locator(f"{BOT} a[href^='tel:']").first).to_be_visible()
    for b in page.locator(f"{LOG} .vv-msg").all():
        bb = b.bounding_box()
        assert bb["x"] >= 0 and bb["x"] + bb["width"] <= 360, bb
    assert page.evaluate("() => document.querySelector('#vejviser-widget .vv-scroll').scrollWidth") <= 360
    page.screenshot(path=str(output_dir / "mobile-conversation.png"))
    assert_no_serious_axe(page, output_dir, "mobile-open")

    # full-screen chat keeps keyboard focus inside it
    page.focus(INPUT)
    for _ in range(25):
        page.keyboard.press("Tab")
        assert active_in_widget(page) not in ("page", "launcher")
    assert page.get_attribute(PANEL, "aria-modal") == "true"
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_visible()
    assert active_in_widget(page) == "launcher"


def test_axe_page_closed_and_open(new_page, web_server, chat_backend, output_dir):
    page = new_page()
    page.goto(web_server + "/")
    assert_no_serious_axe(page, output_dir, "page-closed")
    open_chat(page, chat_backend)
    assert_no_serious_axe(page, output_dir, "page-open")
    page.screenshot(path=str(output_dir / "desktop-open.png"))
