"""Screenshots of the residents' main pages at phone size, from the demo, into docs/screenshots/ (issue 12).

Start the demo first (`bash scripts/demo.sh`), then:

    .venv/bin/python scripts/screenshots.py [--base http://beizhan.localhost:8000]

Chromium comes from $CHROMIUM, the PATH or /usr/bin/chromium (`apt-get install chromium`), and needs a
Chinese font to draw the pages (`apt-get install fonts-wqy-microhei` on a server without one). The resident
赵芳 (`zhaofang`, the demo password) is signed in for the pages that need a member; a page that does not
exist yet (404) is left out.
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DEMO_RESIDENT = ("zhaofang", "gongxiang-2019")

VISITOR_PAGES = [("home-visitor", "/"), ("join", "/join/"), ("login", "/login/")]
RESIDENT_PAGES = [
    ("home", "/"),
    ("offers", "/offers/"),
    ("requests", "/requests/"),
    ("exchanges", "/exchanges/"),
    ("activities", "/activities/"),
    ("me", "/me/"),
    ("transfers", "/me/transfers/"),
    ("notifications", "/notifications/"),
    ("honours", "/honours/"),
    ("stats", "/stats/"),
]


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("No Chromium found: apt-get install chromium (or set CHROMIUM)")


def shoot(page, base: str, name: str, path: str) -> bool:
    response = page.goto(base + path)
    if response is None or response.status != 200:
        print(f"skipped {path}: {response.status if response else 'no answer'}")
        return False
    page.screenshot(path=OUT / f"{name}.png", full_page=True)
    print(f"docs/screenshots/{name}.png  {path}")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://beizhan.localhost:8000")
    base = parser.parse_args().base.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
        page = context.new_page()
        for name, path in VISITOR_PAGES:
            shoot(page, base, name, path)
        page.goto(base + "/login/")
        page.fill("#id_username", DEMO_RESIDENT[0])
        page.fill("#id_password", DEMO_RESIDENT[1])
        page.locator("main button[type=submit]").click()
        page.wait_for_url(base + "/")
        for name, path in RESIDENT_PAGES:
            shoot(page, base, name, path)
        browser.close()


if __name__ == "__main__":
    main()
