"""Review periods: ``2026``, ``2026H1``, ``2026Q3``, ``2026-05`` or a date range ``2026-01-01..2026-06-30``."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, model_validator

from assistant.core.errors import BadInput

__all__ = ["Period", "parse_period"]

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})\s*-?\s*H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|~|to)\s*(\d{4}-\d{2}-\d{2})$")


class Period(BaseModel):
    """A closed range of calendar days, with the label the user wrote."""

    model_config = ConfigDict(frozen=True)

    label: str
    """What the user wrote, normalised (``2026Q3``)."""
    start: date
    """First day, inclusive."""
    end: date
    """Last day, inclusive."""

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period {self.label!r} ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def start_ts(self) -> int:
        """Start as a UTC epoch second (midnight of the first day)."""
        return int(datetime.combine(self.start, time.min, tzinfo=UTC).timestamp())

    @property
    def end_ts(self) -> int:
        """End as a UTC epoch second (last second of the last day)."""
        return int(datetime.combine(self.end, time.max, tzinfo=UTC).timestamp())

    def contains(self, moment: datetime | date) -> bool:
        """Whether a day or a moment falls inside the period."""
        day = moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment
        return self.start <= day <= self.end

    def months(self) -> list[str]:
        """The calendar months the period touches, as ``YYYY-MM``, in order."""
        out: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    @property
    def days(self) -> int:
        """Number of days, inclusive."""
        return (self.end - self.start).days + 1

    def last_weeks(self, weeks: int) -> Period:
        """The final ``weeks`` weeks of this period (used to measure recency)."""
        start = max(self.start, self.end - timedelta(days=7 * weeks - 1))
        return Period(label=f"{self.label}-last{weeks}w", start=start, end=self.end)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period the way users write it.

    Raises:
        BadInput: when ``text`` is none of the accepted forms.
    """
    raw = (text or "").strip()
    if m := _YEAR.match(raw):
        y = int(m[1])
        return Period(label=f"{y}", start=date(y, 1, 1), end=date(y, 12, 31))
    if m := _HALF.match(raw):
        y, h = int(m[1]), int(m[2])
        start = date(y, 1 if h == 1 else 7, 1)
        return Period(label=f"{y}H{h}", start=start, end=_month_end(y, 6 if h == 1 else 12))
    if m := _QUARTER.match(raw):
        y, q = int(m[1]), int(m[2])
        first = 3 * (q - 1) + 1
        return Period(label=f"{y}Q{q}", start=date(y, first, 1), end=_month_end(y, first + 2))
    if m := _MONTH.match(raw):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise BadInput(f"period {text!r}: month {mo} is not 01-12")
        return Period(label=raw, start=date(y, mo, 1), end=_month_end(y, mo))
    if m := _RANGE.match(raw):
        try:
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            return Period(label=f"{start}..{end}", start=start, end=end)
        except ValueError as exc:
            raise BadInput(f"period {text!r}: {exc}") from exc
    raise BadInput(
        f"period {text!r} is not understood; write a year (2026), a half (2026H1), a quarter (2026Q3), "
        "a month (2026-05) or a date range (2026-01-01..2026-06-30)"
    )
