"""Render an eval report in headless Chromium and save a PNG (docs/screenshots/eval-report.png).

    .venv/bin/python scripts/eval_report_screenshot.py RUN/report.html docs/screenshots/eval-report.png --height 1400

Needs Debian's chromium (``/usr/bin/chromium``) and a CJK font (``fonts-wqy-microhei``) for the Chinese text.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--height", type=int, default=1400, help="Clip to this many pixels (0 = full page).")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": args.width, "height": args.height or 900})
        page.goto(args.report.resolve().as_uri())
        if args.height:
            page.screenshot(path=str(args.png), clip={"x": 0, "y": 0, "width": args.width, "height": args.height})
        else:
            page.screenshot(path=str(args.png), full_page=True)
        browser.close()
    print(f"{args.png}: {args.png.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
