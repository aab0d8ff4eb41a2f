"""User-facing strings in English and Simplified Chinese: one mechanism, many tables.

Every module with sentences of its own (the CLI, the chat, the guardrails' messages, the evals) keeps a
:class:`Strings` table beside it. A table checks when it is built that every entry has both languages, so a
missing translation fails at import, not in front of a user::

    _S = Strings({"hello": {"en": "Hello {name}", "zh": "你好，{name}"}})
    _S.say("hello", "zh", name="李娜")
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

__all__ = ["LANGUAGES", "Strings", "default_lang", "t"]

LANGUAGES = ("en", "zh")
V = TypeVar("V")


class Strings(Generic[V]):
    """A table of entries by key, each in English and Chinese (a sentence, or a tuple of them)."""

    def __init__(self, table: Mapping[str, Mapping[str, V]]) -> None:
        for key, entry in table.items():
            missing = [lang for lang in LANGUAGES if lang not in entry]
            if missing:
                raise ValueError(f"string {key!r} has no {', '.join(missing)} text")
        self._table = {key: dict(entry) for key, entry in table.items()}

    def entry(self, key: str, lang: str | None = None) -> V:
        """The raw entry ``key`` in ``lang`` (default ``COACH_LANG``; anything but zh reads English)."""
        return self._table[key]["zh" if (lang or default_lang()) == "zh" else "en"]

    def say(self, key: str, lang: str | None = None, **values: object) -> str:
        """The sentence ``key`` in ``lang``, formatted with ``values``."""
        text = self.entry(key, lang)
        if not isinstance(text, str):
            raise TypeError(f"string {key!r} is not a sentence")
        return text.format(**values) if values else text

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)


_STRINGS: Strings[str] = Strings(
    {
        "evidence_for": {"en": "Evidence for {name} ({period})", "zh": "{name} 的工作证据（{period}）"},
        "requested_by": {"en": "requested by {requester} as {relation}", "zh": "请求人 {requester}（{relation}）"},
        "focus": {"en": "focus: {focus}", "zh": "关注点：{focus}"},
        "col_date": {"en": "Date", "zh": "日期"},
        "col_kind": {"en": "Kind", "zh": "类型"},
        "col_source": {"en": "Source", "zh": "来源"},
        "col_title": {"en": "Title", "zh": "标题"},
        "col_score": {"en": "Score", "zh": "相关度"},
        "col_tokens": {"en": "Tokens", "zh": "词元"},
        "coverage": {"en": "Coverage by month (selected / available)", "zh": "按月覆盖（已选 / 可用）"},
        "by_kind": {"en": "By kind", "zh": "按类型"},
        "summary": {
            "en": "{selected} of {available} events selected, {months} of {total} months covered, "
            "{tokens}/{budget} tokens, {recent:.0%} in the last 6 weeks",
            "zh": "从 {available} 条事件中选取 {selected} 条，覆盖 {months}/{total} 个月，"
            "词元 {tokens}/{budget}，近 6 周占比 {recent:.0%}",
        },
        "not_enough": {"en": "Not enough data: {reasons}", "zh": "数据不足：{reasons}"},
        "enough": {"en": "Evidence spread is sufficient for a draft.", "zh": "证据分布充足，可以起草。"},
        "denied": {"en": "Refused: {reason}", "zh": "已拒绝：{reason}"},
        "people_title": {"en": "People", "zh": "人员"},
        "loaded_demo": {"en": "Loaded the demo organisation into {path}", "zh": "已将演示组织载入 {path}"},
        "demo_next": {
            "en": "Next: the web chat (prints sign-in tokens), the same chat in the terminal, an HR eval suite:",
            "zh": "接下来：网页对话（会打印登录令牌）、终端里的同一对话、HR 评估套件：",
        },
        "demo_present": {"en": "Demo organisation already in {path}", "zh": "演示组织已在 {path}"},
        "kind.outcome": {"en": "outcome", "zh": "成果"},
        "kind.collaboration": {"en": "collaboration", "zh": "协作"},
        "kind.development": {"en": "development", "zh": "成长"},
        "kind.context": {"en": "context", "zh": "背景"},
        "relation.self": {"en": "self", "zh": "本人"},
        "relation.direct_manager": {"en": "direct manager", "zh": "直属经理"},
        "relation.indirect_manager": {"en": "manager in the reporting line", "zh": "上级经理"},
        "relation.hr": {"en": "HR (audited)", "zh": "HR（已审计）"},
    }
)


def default_lang() -> str:
    """``COACH_LANG`` if set to en or zh, else English."""
    lang = os.environ.get("COACH_LANG", "en")
    return lang if lang in LANGUAGES else "en"


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string ``key`` of the CLI's own table in ``lang`` (falls back to English), formatted with ``values``."""
    return _STRINGS.say(key, lang, **values)
