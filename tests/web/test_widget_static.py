"""The chat widget in a real (headless) Chromium, without Rasa or the action server.

The page comes from scripts/serve_web.py (real files, config.js and CSP headers)
and the widget's REST calls are answered by Playwright with canned bot messages
(`canned_page` in conftest.py), so these tests need no trained model. They cover
what the widget does with the text it gets: unit cards (bold name), tel: and
mailto: links, phone numbers that never break and are big enough to tap, the
closed launcher's place on a phone, and that bot text never becomes HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from widget_helpers import BOT, LAUNCHER, LOG, MAP_PREFIX, PANEL, QUICK, USER, assert_no_serious_axe, card_names, check_tel_links

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}

CARD = (
    "Rusmiddelbehandling Hørsholmsgade\n"
    "Passer til dig: alkohol, hash og kokain · du kan møde op uden henvisning\n"
    "Adresse: Hørsholmsgade 20, 2200 København N\n"
    "Telefon: 33 17 80 40\n"
    "I dag: 8.00–12.00 og 15.00–18.00. Åbent nu – lukker kl. 12.00."
)
CARD_WITH_NOTE = (
    "Rusmiddelbehandling Frederiksberg\n"
    "Adresse: Smallegade 1, 3. etage (Frederiksberg Rådhus), 2000 Frederiksberg\n"
    "Telefon: 38 21 30 70 (Socialafdelingen på Frederiksberg Rådhus)\n"
    "E-mail: uturn@kk.dk\n"
    "I dag: 8.00–15.00. Åbent nu – lukker kl. 15.00."
)
# The same card in English (actions/replies_en.py): "Address:", "Phone:", "Email:".
CARD_EN = (
    "Rusmiddelbehandling Hørsholmsgade\n"
    "Right for you: helps with cannabis, you can come without a referral.\n"
    "Address: Hørsholmsgade 20, 2200 København N\n"
    "Phone: 33 17 80 40\n"
    "Email: uturn@kk.dk\n"
    "Today: 8.00–12.00 and 15.00–18.00. Open now – closes at 12.00."
)
RUNNING_TEXT = (
    "Er nogen i akut fare, så ring 112. Er du pårørende, kan du ringe på 70 210 220 eller skrive til raadgivning@frederiksberg.dk."
)
NOT_A_CARD = "Du kan være anonym.\nDu behøver ikke en henvisning fra lægen."

# Text rectangles (one per line box) of every visible text node outside the widget, and the launcher's.
TEXT_UNDER_LAUNCHER_JS = """() => {
    const widget = document.getElementById('vejviser-widget');
    const l = widget.querySelector('.vv-launcher').getBoundingClientRect();
    const hits = [];
    let lines = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim() || widget.contains(n)) continue;
        const el = n.parentElement;
        if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
            if (!r.width || !r.height) continue;
            lines += 1;
            if (r.right > l.left && r.left < l.right && r.bottom > l.top && r.top < l.bottom) {
                hits.push({text: n.textContent.trim().slice(0, 50), rect: [r.left, r.top, r.right, r.bottom]});
            }
        }
    }
    return {launcher: [l.left, l.top, l.right, l.bottom], lines, hits,
            scrolledToEnd: Math.abs(innerHeight + scrollY - document.documentElement.scrollHeight) < 2};
}"""

# For every tel: link in the chat: size, white-space and how many lines its digits are spread over.
TEL_LINKS_JS = """root => Array.from(root.querySelectorAll('a[href^="tel:"]')).map(a => {
    const r = a.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(a);
    const tops = new Set(Array.from(range.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
    return {text: a.textContent, href: a.getAttribute('href'), width: r.width, height: r.height,
            whiteSpace: getComputedStyle(a).whiteSpace, lines: tops.size};
})"""


def format_text(page: Page, text: str) -> dict:
    """window.Vejviser.formatText(text): the hrefs, text, tags and bold card name it builds."""
    return page.evaluate(
        """t => {
        const el = window.Vejviser.formatText(t);
        const strong = el.querySelector('strong');
        const copy = el.cloneNode(true);      // the text as shown: line breaks back, screen-reader extras out
        copy.querySelectorAll('.vv-sr').forEach(x => x.remove());
        copy.querySelectorAll('br').forEach(x => x.replaceWith('\\n'));
        return {hrefs: Array.from(el.querySelectorAll('a')).map(a => a.getAttribute('href')),
                text: copy.textContent, brs: el.querySelectorAll('br').length,
                tags: Array.from(el.querySelectorAll('*')).map(e => e.tagName),
                strong: strong ? strong.textContent : null,
                strongFirst: !!strong && el.firstChild === strong,
                strongs: el.querySelectorAll('strong').length};
    }""",
        text,
    )


def open_with_replies(page: Page) -> None:
    page.click(LAUNCHER)
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(BOT).first).to_be_visible()


# ------------------------------------------------------------------ no browser


def test_widget_never_writes_html_strings():
    """Bot text goes in with textContent / createTextNode / createElement only."""
    source = (ROOT / "web" / "widget.js").read_text(encoding="utf-8")
    sinks = re.findall(
        r"\.(?:innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|"
        r"DOMParser|\.srcdoc\b|\beval\(|new Function\(",
        source,
    )
    assert not sinks, sinks


# ------------------------------------------------------------ formatting rules


def test_text_formatting(canned_page):
    page, _ = canned_page([])
    cases = {
        "Telefon: 33 17 80 40": ["tel:+4533178040"],
        "Telefon: 38 21 30 70 (Socialafdelingen på Frederiksberg Rådhus)": ["tel:+4538213070"],
        "Ring 112 nu.": ["tel:112"],
        "ring 112": ["tel:112"],
        "Livslinien på 70 201 201.": ["tel:+4570201201"],
        "Ring til 70 210 220 (pårørende)": ["tel:+4570210220"],
        "ring på 70 210 220": ["tel:+4570210220"],
        "Ring +45 33 17 80 40": ["tel:+4533178040"],
        "Ring 33178040 eller 3317 8040": ["tel:+4533178040", "tel:+4533178040"],
        "Åbent 8.00–12.00 og 15.00–18.00, lukket 24.12.": [],
        "Hørsholmsgade 20, 2200 København N": [],
        "CPR 010190-1234 og 0101901234": [],
        "Nummer 1120 og 21120 og 4112": [],
        "Telefon: – (ikke i kilden)": [],
        "Adresse: – (ikke i kilden)": [],
        "Adresse: Hørsholmsgade 20, 2200 København N\nTelefon: 33 17 80 40": [
            MAP_PREFIX + "H%C3%B8rsholmsgade%2020%2C%202200%20K%C3%B8benhavn%20N",
            "tel:+4533178040",
        ],
        "Adresse: Nyropsgade 7, 2. sal, 1602 København V": [MAP_PREFIX + "Nyropsgade%207%2C%201602%20K%C3%B8benhavn%20V"],
        "Adresse: Smallegade 1, 3. etage (Frederiksberg Rådhus), 2000 Frederiksberg": [
            MAP_PREFIX + "Smallegade%201%2C%202000%20Frederiksberg"
        ],
        "Læs mere på https://www.kk.dk/rusmidler.": ["https://www.kk.dk/rusmidler"],
        # e-mail addresses, in "E-mail:" lines and in running text; punctuation after them stays outside
        "E-mail: uturn@kk.dk": ["mailto:uturn@kk.dk"],
        "Sikker mail: sikkermail@frederiksberg.dk": ["mailto:sikkermail@frederiksberg.dk"],
        "Skriv til raadgivning@frederiksberg.dk, eller ring 112.": ["mailto:raadgivning@frederiksberg.dk", "tel:112"],
        "Skriv til Rusmiddel.Center@Gladsaxe.dk.": ["mailto:Rusmiddel.Center@Gladsaxe.dk"],
        "(kontakt@rødovre.dk)": ["mailto:kontakt@rødovre.dk"],
        "Skriv til uturn@kk.dk eller 33178040@kk.dk": ["mailto:uturn@kk.dk", "mailto:33178040@kk.dk"],
        "https://example.org/@navn og navn@example.org.": ["https://example.org/@navn", "mailto:navn@example.org"],
        # the English field names (actions/replies_en.py)
        "Phone: 33 17 80 40": ["tel:+4533178040"],
        "Phone: 38 21 30 70 (Socialafdelingen på Frederiksberg Rådhus)": ["tel:+4538213070"],
        "Email: uturn@kk.dk": ["mailto:uturn@kk.dk"],
        "Address: Nyropsgade 7, 2. sal, 1602 København V": [MAP_PREFIX + "Nyropsgade%207%2C%201602%20K%C3%B8benhavn%20V"],
        "Address: Peter Bangs Vej 24, 3rd floor, 2000 Frederiksberg": [MAP_PREFIX + "Peter%20Bangs%20Vej%2024%2C%202000%20Frederiksberg"],
        "Address: – (not in the source)": [],
        # not addresses (or not ones we can link without guessing)
        "a@b, @kk.dk, navn@kk, navn@kk.d, navn@.dk, navn.@kk.dk": [],
        "søren@kk.dk og a@b@kk.dk og navn@kk.dk-x og navn@kk.dk2": [],
    }
    for text, expected in cases.items():
        got = format_text(page, text)
        assert got["hrefs"] == expected, (text, got)
        assert got["text"] == text.replace("\r\n", "\n"), (text, got)
        assert got["brs"] == text.count("\n"), (text, got)
        assert set(got["tags"]) <= {"A", "BR", "SPAN", "STRONG"}, (text, got)
    got = page.evaluate("t => window.Vejviser.formatText(t).textContent", "<b>fed</b> & 'x'")
    assert got == "<b>fed</b> & 'x'"


def test_card_name_is_bold(canned_page):
    page, _ = canned_page([])
    cards = {
        CARD: "Rusmiddelbehandling Hørsholmsgade",
        CARD_WITH_NOTE: "Rusmiddelbehandling Frederiksberg",
        "Rusmiddelbehandling Hørsholmsgade\nTelefon: 33 17 80 40": "Rusmiddelbehandling Hørsholmsgade",
        "Rusmiddelbehandling Hørsholmsgade\r\nAdresse: Hørsholmsgade 20, 2200 København N": "Rusmiddelbehandling Hørsholmsgade",
        "Klage over behandling:\nDu kan klage.\nPatientombuddet\nTelefon: 72 28 66 00": "Klage over behandling:",
        "Enhed <b>x</b>\nTelefon: 33 17 80 40": "Enhed <b>x</b>",
        CARD_EN: "Rusmiddelbehandling Hørsholmsgade",
        "Ungecenter Frederiksberg\nPhone: 38 21 36 66": "Ungecenter Frederiksberg",
        "Complaints about the staff:\nYou can complain.\nPatientombuddet\nPhone: 72 28 66 00": "Complaints about the staff:",
    }
    for text, name in cards.items():
        got = format_text(page, text)
        assert got["strong"] == name and got["strongFirst"] and got["strongs"] == 1, (text, got)
        assert set(got["tags"]) <= {"A", "BR", "SPAN", "STRONG"}, (text, got)
    not_cards = [
        "Telefon: 33 17 80 40",  # one line
        "Adresse: Hørsholmsgade 20, 2200 København N\nTelefon: 33 17 80 40",  # first line is a field
        "E-mail: uturn@kk.dk\nTelefon: 33 17 80 40",
        "Rusmiddelbehandling Hørsholmsgade\nE-mail: uturn@kk.dk",  # no Adresse:/Telefon: line
        NOT_A_CARD,
        "Du kan ringe til os.\nRing 33 17 80 40.",
        "Navn\nHer står intet om Adresse: Vej 1",  # "Adresse:" not at the start
        "\nAdresse: Hørsholmsgade 20, 2200 København N",  # empty first line
        "Address: Hørsholmsgade 20, 2200 København N\nPhone: 33 17 80 40",  # first line is an English field
        "Email: uturn@kk.dk\nPhone: 33 17 80 40",
        "Rusmiddelbehandling Hørsholmsgade\nEmail: uturn@kk.dk",  # no Address:/Phone: line
        "You can call us.\nCall 33 17 80 40.",
        RUNNING_TEXT,
    ]
    for text in not_cards:
        got = format_text(page, text)
        assert got["strongs"] == 0, (text, got)


def test_map_links_tell_screen_readers_in_the_cards_language(canned_page):
    page, _ = canned_page([])
    said = "t => window.Vejviser.formatText(t).querySelector('a.vv-map .vv-sr').textContent"
    assert page.evaluate(said, "Adresse: Hørsholmsgade 20, 2200 København N") == " (kort, åbner i et nyt vindue)"
    assert page.evaluate(said, "Address: Hørsholmsgade 20, 2200 København N") == " (map, opens in a new window)"


# ------------------------------------------------------------- in the chat


def test_cards_and_links_in_the_chat_on_a_phone(canned_page, output_dir):
    page, sent = canned_page(
        [
            {"text": CARD},
            {"text": CARD_WITH_NOTE},
            {"text": RUNNING_TEXT},
            {"text": NOT_A_CARD, "buttons": [{"title": "Start forfra", "payload": "/restart"}]},
        ],
        **PHONE,
    )
    open_with_replies(page)
    assert sent[0]["message"] == "/greet"
    expect(page.locator(BOT)).to_have_count(4)

    # 1. the unit name in bold: a <strong> first in the bubble; no headings in the log
    cards = card_names(page)
    assert [c["name"] for c in cards] == ["Rusmiddelbehandling Hørsholmsgade", "Rusmiddelbehandling Frederiksberg"]
    assert all(c["isFirstChild"] and c["strongs"] == 1 and c["name"] == c["first"] for c in cards), cards
    weight = page.locator(f"{BOT} strong").first.evaluate("el => getComputedStyle(el).fontWeight")
    assert int(weight) >= 700
    headings = ", ".join(f"{LOG} {tag}" for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "[role=heading]"))
    assert page.locator(headings).count() == 0

    # 2. phone numbers: tel: links that call the number shown, on one line, at least 44 x 44 px
    assert check_tel_links(page) == 4
    hrefs = page.locator(f"{BOT} a[href^='tel:']").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["tel:+4533178040", "tel:+4538213070", "tel:112", "tel:+4570210220"]
    links = page.locator("#vejviser-widget").evaluate(TEL_LINKS_JS)
    assert len(links) == 5, links  # and the 112 in the privacy notice
    for link in links:
        assert link["whiteSpace"] == "nowrap", link
        assert link["lines"] == 1, link
        assert link["width"] >= 44 and link["height"] >= 44, link
    note = page.locator(BOT).nth(1)
    expect(note).to_contain_text("Telefon: 38 21 30 70 (Socialafdelingen på Frederiksberg Rådhus)")
    expect(note.locator("a[href^='tel:']")).to_have_text("38 21 30 70")

    # 3. e-mail addresses: mailto: links, also in running text, at least 44 px high
    mail = page.locator(f"{BOT} a[href^='mailto:']")
    assert mail.evaluate_all("as => as.map(a => a.getAttribute('href'))") == ["mailto:uturn@kk.dk", "mailto:raadgivning@frederiksberg.dk"]
    expect(page.locator(BOT).nth(2)).to_have_text(re.compile(re.escape(RUNNING_TEXT) + "$"))
    for box in mail.evaluate_all("as => as.map(a => a.getBoundingClientRect().height)"):
        assert box >= 44

    # the address line is still a map link
    expect(page.locator(BOT).first.locator(f"a[href^='{MAP_PREFIX}']")).to_contain_text("Hørsholmsgade 20")

    # nothing sticks out sideways at 375 px
    for bubble in page.locator(f"{LOG} .vv-msg").all():
        b = bubble.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 375, b
    assert page.evaluate("() => document.querySelector('#vejviser-widget .vv-scroll').scrollWidth") <= 375
    page.screenshot(path=str(output_dir / "static-mobile-cards.png"))
    page.locator(BOT).nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "static-mobile-cards-2.png"))
    assert_no_serious_axe(page, output_dir, "static-mobile-cards")

    # a reload rebuilds the same bubbles from sessionStorage
    before = page.locator(BOT).evaluate_all("bs => bs.map(b => b.innerHTML)")
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    assert page.locator(BOT).evaluate_all("bs => bs.map(b => b.innerHTML)") == before
    assert len(sent) == 1


def test_phone_numbers_never_break_across_lines(canned_page, output_dir):
    """Numbers at every position in a line of a narrow bubble: each one stays on one line."""
    # the prefix grows two characters at a time, so every number meets the end of a line somewhere
    replies = [
        {"text": " ".join(["ord"] * (k // 2) + ["i"] * (k % 2) + ["ring på 70 210 220 eller 33 17 80 40 eller +45 33 17 80 40 eller 112."])}
        for k in range(0, 36)
    ]
    page, _ = canned_page(replies, **PHONE)
    open_with_replies(page)
    expect(page.locator(BOT)).to_have_count(len(replies))
    links = page.locator(LOG).evaluate(TEL_LINKS_JS)
    assert len(links) == 4 * len(replies)
    broken = [link for link in links if link["lines"] != 1]
    assert not broken, broken
    assert {link["href"] for link in links} == {"tel:+4570210220", "tel:+4533178040", "tel:112"}
    for link in links:
        assert link["width"] >= 44 and link["height"] >= 44, link
    page.screenshot(path=str(output_dir / "static-mobile-numbers.png"))


# ---------------------------------------------------------------- launcher


@pytest.mark.parametrize("context", [PHONE, DESKTOP], ids=["phone-375x667", "desktop-1280x860"])
def test_closed_launcher_leaves_the_page_text_free(canned_page, context, output_dir):
    """Scrolled to the end, no line of the page's text is under the closed launcher, and a
    keyboard user's focus is never under it (WCAG 2.4.11). While the page scrolls, text passes
    under the floating launcher; the strip the widget keeps free at the end means none stays there."""
    page, _ = canned_page([], **context)
    width = context["viewport"]["width"]
    launcher = page.locator(LAUNCHER).bounding_box()
    assert launcher["height"] >= 44 and launcher["x"] >= 0 and launcher["x"] + launcher["width"] <= width

    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => Math.abs(innerHeight + scrollY - document.documentElement.scrollHeight) < 2")
    got = page.evaluate(TEXT_UNDER_LAUNCHER_JS)
    assert got["scrolledToEnd"] and got["lines"] > 20, got
    assert not got["hits"], got
    page.screenshot(path=str(output_dir / f"static-launcher-end-{width}.png"))

    # Tab through the page: the focused element is never hidden under the launcher
    page.evaluate("() => window.scrollTo(0, 0)")
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
            const el = document.activeElement;
            if (el.closest('#vejviser-widget')) return null;
            const r = el.getBoundingClientRect();
            const l = document.querySelector('#vejviser-widget .vv-launcher').getBoundingClientRect();
            return {el: el.tagName + ' ' + el.textContent.trim().slice(0, 30),
                    under: r.right > l.left && r.left < l.right && r.bottom > l.top && r.top < l.bottom};
        }""")
        if where is None:
            break
        seen += 1
        assert not where["under"], where
    assert seen >= 8


def test_launcher_keeps_its_strip_free_on_any_host_page(canned_page, static_web):
    """A bare host page with text right to its end: the widget itself keeps the last lines clear."""
    paragraphs = "".join(f"<p>Afsnit {i}: " + "tekst der fylder hele linjen ud til kanten " * 4 + "</p>" for i in range(30))
    html = (
        "<!doctype html><html lang='da'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Vært</title>"
        "<link rel='stylesheet' href='/widget.css'><script src='/config.js'></script>"
        "<script src='/widget.js' defer></script></head>"
        f"<body style='margin:0;padding:0 8px'>{paragraphs}</body></html>"
    )
    page, _ = canned_page([], goto=False, **PHONE)
    page.route(static_web + "/vaert.html", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(static_web + "/vaert.html")
    page.wait_for_function("() => !!window.Vejviser")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => Math.abs(innerHeight + scrollY - document.documentElement.scrollHeight) < 2")
    got = page.evaluate(TEXT_UNDER_LAUNCHER_JS)
    assert got["scrolledToEnd"] and got["lines"] > 60, got
    assert not got["hits"], got


# ------------------------------------------------------------------ safety


def test_server_text_is_never_html(canned_page):
    evil = [
        {
            "text": '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>\n'
            'Adresse: <b onmouseover="window.__xss=3">Vej 1</b>, 2200 København\n'
            'Telefon: 33 17 80 40"><script>window.__xss=4</script>'
        },
        {"buttons": [{"title": '<img src=y onerror="window.__xss=5">', "payload": "/greet"}]},
        {"text": "javascript:alert(1) og https://example.org/a?b=<c>"},
        {
            "text": '<b>Enhed</b><img src=z onerror="window.__xss=6">\n'
            'Telefon: <a href="javascript:window.__xss=7">33 17 80 40</a>\n'
            "E-mail: <a href='javascript:window.__xss=8'>x@kk.dk</a>?subject=<i>hej</i>"
        },
    ]
    page, _ = canned_page(evil)
    page.click(LAUNCHER)
    expect(page.locator(BOT).first).to_contain_text("<img src=x")
    expect(page.locator(QUICK).first).to_have_text('<img src=y onerror="window.__xss=5">')
    card = page.locator(BOT).last
    expect(card.locator("strong")).to_have_text('<b>Enhed</b><img src=z onerror="window.__xss=6">')
    assert page.locator(f"{LOG} img, {LOG} script, {LOG} b, {LOG} i").count() == 0
    assert page.evaluate("() => window.__xss") is None
    hrefs = page.locator(f"{LOG} a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("tel:", "mailto:", MAP_PREFIX, "https://")) for h in hrefs), hrefs
    assert not any("javascript:" in h for h in hrefs)
    assert [h for h in hrefs if h.startswith("mailto:")] == ["mailto:x@kk.dk"]
    assert page.locator(USER).count() == 0


# ---------------------------------------------------------------- language

ENGLISH_REPLY = [{"text": "Sure, I can answer in English. Where do you live? You can write the municipality or your postcode."}]
DANISH_REPLY = [{"text": "Hej, jeg er Vejviser. Hvor bor du? Du kan skrive din kommune eller dit postnummer."}]


def widget_language(page: Page) -> dict:
    return page.evaluate("""() => {
        const root = document.getElementById('vejviser-widget');
        const q = s => root.querySelector(s);
        return {root: root.getAttribute('lang'), page: document.documentElement.getAttribute('lang'),
                button: q('.vv-lang').textContent, buttonLang: q('.vv-lang').getAttribute('lang'),
                placeholder: q('.vv-input').getAttribute('placeholder'), send: q('.vv-send').textContent,
                launcher: q('.vv-launcher').textContent, close: q('.vv-close').getAttribute('aria-label'),
                restart: q('.vv-restart').textContent, label: q('label[for=vv-input]').textContent,
                log: q('.vv-log').getAttribute('aria-label'), rootLabel: root.getAttribute('aria-label'),
                privacy: q('.vv-privacy').textContent, language: window.Vejviser.language()};
    }""")


def test_language_messages_are_the_ones_the_assistant_honours():
    """The toggle sends what actions/language.py reads as a request for English / Danish."""
    from actions.language import ASKS_FOR_DANISH, ASKS_FOR_ENGLISH, DANISH, ENGLISH, choose

    source = (ROOT / "web" / "widget.js").read_text(encoding="utf-8")
    asks = dict(re.findall(r"(en|da): '([^']+)'", re.search(r"var ASK_FOR = \{([^}]*)\}", source).group(1)))
    assert ASKS_FOR_ENGLISH.search(asks["en"]) and not ASKS_FOR_DANISH.search(asks["en"]), asks
    assert ASKS_FOR_DANISH.search(asks["da"]), asks
    assert choose(asks["en"], DANISH) == ENGLISH and choose(asks["da"], ENGLISH) == DANISH


def test_language_toggle_switches_the_assistant_the_widget_and_the_page(canned_page, output_dir):
    def replies(message):
        return ENGLISH_REPLY if "english" in message.lower() else DANISH_REPLY

    page, sent = canned_page(replies, **PHONE)
    before = widget_language(page)
    assert before["root"] == "da" and before["page"] == "da" and before["language"] == "da", before
    assert before["launcher"] == "Skriv med Vejviser" and before["placeholder"] == "Skriv her …", before
    open_with_replies(page)
    toggle = page.locator("#vejviser-widget .vv-lang")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("English")
    assert toggle.get_attribute("lang") == "en"
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 375, box

    toggle.click()
    expect(page.locator(BOT)).to_have_count(2)
    assert sent[-1]["message"] == "English, please"
    expect(page.locator(USER).last).to_have_text(re.compile("English, please$"))
    after = widget_language(page)
    assert after["root"] == "en" and after["page"] == "en" and after["language"] == "en", after
    assert after["button"] == "Dansk" and after["buttonLang"] == "da", after
    assert after["placeholder"] == "Write here …" and after["send"] == "Send", after
    assert after["launcher"] == "Chat with Vejviser" and after["close"] == "Close the chat", after
    assert after["restart"] == "Start over" and after["label"] == "Write your message to Vejviser", after
    assert after["log"] == "Conversation with Vejviser" and after["rootLabel"] == "Chat with Vejviser", after
    assert "Never write your CPR number." in after["privacy"] and "Skriv aldrig" not in after["privacy"], after
    assert page.locator(BOT).last.get_attribute("lang") == "en"
    assert page.locator(BOT).first.get_attribute("lang") == "da"
    assert page.evaluate("() => document.querySelector('#vejviser-widget .vv-scroll').scrollWidth") <= 375
    page.screenshot(path=str(output_dir / "static-mobile-english.png"))

    # a reload keeps the language
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    assert widget_language(page)["root"] == "en" and widget_language(page)["page"] == "en"

    # and back to Danish
    page.locator("#vejviser-widget .vv-lang").click()
    expect(page.locator(BOT)).to_have_count(3)
    assert sent[-1]["message"] == "På dansk, tak"
    back = widget_language(page)
    assert back["root"] == "da" and back["page"] == "da" and back["button"] == "English", back
    assert back["placeholder"] == "Skriv her …" and back["launcher"] == "Skriv med Vejviser", back


def test_widget_language_follows_the_assistant(canned_page):
    """The person writes English and the assistant answers in English by itself: the widget
    follows, from the words of the reply or from a `language` hint when the reply carries one."""
    answers = {
        "/greet": DANISH_REPLY,
        "where can i get help, i live in norrebro": ENGLISH_REPLY,
        "tak": [{"text": "Det var så lidt. Er der andet, jeg kan hjælpe med?"}],
        "hint": [{"text": "Rusmiddelbehandling Hørsholmsgade\nPhone: 33 17 80 40", "custom": {"language": "en"}}],
        "kort": [{"text": "Rusmiddelbehandling Hørsholmsgade\nTelefon: 33 17 80 40", "language": "da"}],
        "ok": [{"text": "OK"}],
    }
    page, sent = canned_page(lambda message: answers[message])
    open_with_replies(page)
    assert widget_language(page)["root"] == "da"

    def say(text):
        n = page.locator(BOT).count()
        page.fill("#vv-input", text)
        page.keyboard.press("Enter")
        expect(page.locator(BOT)).to_have_count(n + 1)
        return widget_language(page)

    got = say("where can i get help, i live in norrebro")
    assert got["root"] == "en" and got["page"] == "en" and got["placeholder"] == "Write here …", got
    assert say("ok")["root"] == "en"  # too short to tell: the language stays
    assert say("tak")["root"] == "da"
    assert say("hint")["root"] == "en"  # the hint decides, whatever the words
    assert say("kort")["root"] == "da"
    assert not [m for m in sent if m["message"] in ("English, please", "På dansk, tak")]
