"""Selectors and checks shared by the browser tests (test_widget_e2e.py, test_widget_static.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page

LAUNCHER = "#vejviser-widget .vv-launcher"
PANEL = "#vv-panel"
INPUT = "#vv-input"
LOG = "#vejviser-widget .vv-log"
BOT = f"{LOG} .vv-bot"
USER = f"{LOG} .vv-user"
QUICK = f"{LOG} .vv-quick-btn"
TYPING = "#vejviser-widget .vv-typing"
ERROR = f"{LOG} .vv-error"
TEL_RE = re.compile(r"^tel:(\+45\d{8}|112)$")
MAP_PREFIX = "https://www.openstreetmap.org/search?query="


def check_tel_links(page: Page) -> int:
    """Every tel: link in the bot's bubbles calls the number it shows; returns how many there are."""
    links = page.locator(f"{BOT} a[href^='tel:']")
    n = links.count()
    for i in range(n):
        link = links.nth(i)
        href = link.get_attribute("href")
        assert TEL_RE.match(href), href
        digits = re.sub(r"\D", "", link.text_content())
        expected = "tel:112" if digits == "112" else "tel:+45" + digits[-8:]
        assert href == expected, (href, link.text_content())
    return n


def card_names(page: Page) -> list[dict]:
    """For each bot bubble with a <strong> unit name: the name and the bubble's first line."""
    return page.locator(BOT).evaluate_all("""bubbles => bubbles
        .filter(b => b.querySelector('.vv-msg-text > strong'))
        .map(b => {
            const body = b.querySelector('.vv-msg-text');
            const first = body.querySelector(':scope > strong');
            return {name: first.textContent, first: body.innerText.split('\\n')[0],
                    strongs: body.querySelectorAll('strong').length,
                    isFirstChild: body.firstChild === first};
        })""")


def assert_no_serious_axe(page: Page, output_dir: Path, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    (output_dir / f"axe-{name}.json").write_text(json.dumps(results.response["violations"], indent=2, ensure_ascii=False), encoding="utf-8")
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in serious)
    assert not serious, f"axe found serious/critical violations ({name}):\n{report}"
