"""Draft every demo person, in both languages, for several periods and both audiences, and count what the
guardrails say: verdicts and findings per kind. A before/after instrument for the composer.

    .venv/bin/python bench/draft_survey.py [--periods 2026,2026H1,2026Q3] [--show KIND] [--json]
    PYTHONPATH=OLD_CHECKOUT .venv/bin/python bench/draft_survey.py --dump old.jsonl   # another checkout's drafts
    .venv/bin/python bench/draft_survey.py --score old.jsonl     # ... scored by this checkout's guardrails

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
    parser.add_argument("--dump", type=Path, help="also write every draft (text, language, evidence) as JSONL")
    parser.add_argument("--score", type=Path, help="score the drafts of a --dump file instead of drafting")
    args = parser.parse_args(argv)
    if args.score:
        return _score(args.score, args.show, args.json)

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
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
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
                        if dump is not None:
                            evidence = [e if isinstance(e, dict) else e.model_dump(mode="json") for e in draft.evidence]
                            row = {"id": f"{person.id} {period} {lang} {audience}", "lang": lang, "text": draft.text,
                                   "evidence": evidence, "subject": person.name}  # fmt: skip
                            dump.write(json.dumps(row, ensure_ascii=False) + "\n")
                        report = draft.guardrails
                        if isinstance(report, dict):  # older checkouts kept the report as a dict
                            verdict, findings = report["verdict"], report["findings"]
                        else:
                            verdict, findings = report.verdict, [f.model_dump() for f in report.findings]
                        verdicts[verdict] += 1
                        forms[getattr(draft, "form", "review")] += 1
                        for f in findings:
                            kinds[f["kind"]] += 1
                            if f["kind"] == args.show:
                                print(f"[{person.id} {period} {lang} {audience}] {f['text']}", file=sys.stderr)
        elapsed = time.perf_counter() - started
    if dump is not None:
        dump.close()
    out = {"drafts": drafts, "verdicts": dict(verdicts), "forms": dict(forms), "findings": dict(kinds.most_common())}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"{drafts} drafts in {elapsed:.1f} s; verdicts {dict(verdicts)}; forms {dict(forms)}")
        for kind, n in kinds.most_common():
            print(f"  {kind:32} {n}")
    return 0


def _score(path: Path, show: str, as_json: bool) -> int:
    """The drafts of a ``--dump`` file, scored by this checkout's guardrails (text and cited evidence)."""
    from assistant.core.models import WorkEvent
    from guardrails import check_text

    verdicts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        fields = set(WorkEvent.model_fields)
        evidence = [WorkEvent.model_validate({k: v for k, v in e.items() if k in fields}) for e in row["evidence"]]
        report = check_text(row["text"], lang=row["lang"], evidence=evidence, people_names=[row["subject"]])
        verdicts[report.verdict] += 1
        for f in report.findings:
            kinds[f.kind] += 1
            if f.kind == show:
                print(f"[{row['id']}] {f.text}", file=sys.stderr)
    out = {"drafts": len(rows), "verdicts": dict(verdicts), "findings": dict(kinds.most_common())}
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"{len(rows)} drafts from {path} scored here; verdicts {dict(verdicts)}")
        for kind, n in kinds.most_common():
            print(f"  {kind:32} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
