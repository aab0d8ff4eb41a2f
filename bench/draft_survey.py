"""Draft every demo person, in both languages, for several periods and both audiences, and count what the
guardrails say: verdicts and findings per kind. A before/after instrument for the composer.

    .venv/bin/python bench/draft_survey.py [--periods 2026,2026H1,2026Q3] [--show KIND] [--json]

Runs offline on a fresh copy of the demo data (a temporary directory). Works on older checkouts too: the
audience is only passed where the request takes one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periods", default="2026,2026H1,2026Q3")
    parser.add_argument("--langs", default="en,zh")
    parser.add_argument("--show", default="", help="print the statements behind findings of this kind")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    try:
        from assistant.core.config import Settings
        from assistant.core.container import Coach
        from assistant.demo.load import load_demo
        from assistant.drafting.chain import DraftRequest, draft_feedback
    except ImportError:  # a checkout before the layering (issue 10)
        from assistant.app import Coach  # type: ignore[no-redef]
        from assistant.chains import DraftRequest, draft_feedback  # type: ignore[no-redef]
        from assistant.config import Settings  # type: ignore[no-redef]
        from assistant.demo import load_demo  # type: ignore[no-redef]

    fields = getattr(DraftRequest, "__dataclass_fields__", {})
    audiences = ["employee", "manager"] if "audience" in fields else [None]
    with tempfile.TemporaryDirectory() as tmp:
        coach = Coach(Settings(data_dir=Path(tmp)))
        load_demo(coach)
        verdicts: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        forms: Counter[str] = Counter()
        drafts = 0
        started = time.perf_counter()
        for person in coach.sql.list_people():
            requester = person.manager_id or person.id
            for period in args.periods.split(","):
                for lang in args.langs.split(","):
                    for audience in audiences:
                        extra = {"audience": audience} if audience else {}
                        request = DraftRequest(task="feedback_draft", requester=requester, subject=person.id,
                                               period=period, language=lang, store=False, **extra)  # fmt: skip
                        draft = draft_feedback(coach, request)
                        drafts += 1
                        verdicts[draft.guardrails.verdict] += 1
                        forms[getattr(draft, "form", "feedback")] += 1
                        for f in draft.guardrails.findings:
                            kinds[f.kind] += 1
                            if f.kind == args.show:
                                print(f"[{person.id} {period} {lang} {audience}] {f.text}", file=sys.stderr)
        elapsed = time.perf_counter() - started
    out = {"drafts": drafts, "verdicts": dict(verdicts), "forms": dict(forms), "findings": dict(kinds.most_common())}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"{drafts} drafts in {elapsed:.1f} s; verdicts {dict(verdicts)}; forms {dict(forms)}")
        for kind, n in kinds.most_common():
            print(f"  {kind:32} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
