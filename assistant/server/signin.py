"""Sign-in tokens for the web chat and the OpenAI-compatible API.

A secret looks like ``coach_<id>_<random>``: ``id`` (12 hex characters) names the stored row, ``random``
carries 32 bytes from :mod:`secrets`. Only the SHA-256 of the whole secret is stored, compared in
constant time, so a copy of the database signs nobody in. The secret is shown once, at creation.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select

from assistant.core.errors import BadInput, NotFound
from assistant.core.models import User
from assistant.core.storage import SqlStore
from assistant.core.tables import TokenRow

__all__ = ["TOKEN_PREFIX", "TokenInfo", "TokenStore", "parse_expiry", "token_id_of"]

TOKEN_PREFIX = "coach_"
_LAST_USED_RESOLUTION = timedelta(seconds=60)
"""``last_used_at`` is written at most this often per token, so a busy client does not queue SQL writes."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class TokenInfo(BaseModel):
    """A sign-in token as listed: never its secret."""

    id: str
    user_id: str
    label: str | None = None
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    expires_at: datetime | None = None
    """After this moment the token signs nobody in; ``None``: until revoked."""

    def active(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired."""
        now = now or datetime.now(UTC)
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


def _info(row: TokenRow) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        user_id=row.user_id,
        label=row.label,
        created_at=_aware(row.created_at),  # type: ignore[arg-type]
        revoked_at=_aware(row.revoked_at),
        last_used_at=_aware(row.last_used_at),
        expires_at=_aware(row.expires_at),
    )


_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_expiry(text: str, now: datetime | None = None) -> datetime:
    """When a token made now with ``--expires text`` stops working: a duration (``30m``, ``12h``, ``90d``,
    ``2w``) from now, or a date or ISO time (``2027-03-31``: the end of that day, UTC).

    Raises:
        BadInput: saying which forms are accepted.
    """
    now = now or datetime.now(UTC)
    match = _DURATION.match(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise BadInput(f"--expires {text!r}: the duration must be more than zero")
        return now + timedelta(**{_UNITS[match.group(2)]: amount})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"--expires {text!r}: give a duration (30m, 12h, 90d, 2w) or a date (2027-03-31) or time "
            "(2027-03-31T18:00+08:00)"
        ) from None
    if len(text.strip()) == 10:  # a bare date: valid through that whole day
        moment = moment + timedelta(days=1)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def token_id_of(secret: str) -> str | None:
    """The token id inside a secret, or ``None`` when it is not shaped like one of ours."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    parts = secret.split("_", 2)
    if len(parts) != 3 or not parts[1] or not parts[2]:
        return None
    return parts[1]


class TokenStore:
    """Create, verify, list and revoke sign-in tokens (table ``api_tokens``)."""

    def __init__(self, sql: SqlStore) -> None:
        self.sql = sql

    def create(
        self, user_id: str, label: str | None = None, *, expires_at: datetime | None = None
    ) -> tuple[TokenInfo, str]:
        """A new token for an existing user; returns its info and the secret (shown once, stored hashed).

        Raises:
            NotFound: no such user.
            BadInput: the label is too long, or ``expires_at`` is not in the future.
        """
        if self.sql.get_user(user_id) is None:
            raise NotFound(f"no user {user_id!r}; list people (every person is a user) with `coach people`")
        if label is not None and len(label) > 200:
            raise BadInput(f"token label is {len(label)} characters; use at most 200")
        now = datetime.now(UTC)
        if expires_at is not None and _aware(expires_at) <= now:  # type: ignore[operator]
            raise BadInput(f"the expiry {expires_at:%Y-%m-%d %H:%M} UTC is not in the future")
        token_id = secrets.token_hex(6)
        secret = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        row = TokenRow(
            id=token_id,
            user_id=user_id,
            label=label,
            secret_sha256=_digest(secret),
            created_at=now,
            expires_at=_aware(expires_at),
        )
        with self.sql.session() as s, s.begin():
            s.add(row)
        return _info(row), secret

    def authenticate(self, secret: str) -> tuple[TokenInfo, User] | None:
        """The token and its user for a valid secret; ``None`` for unknown, malformed, revoked or expired ones."""
        token_id = token_id_of(secret)
        if token_id is None:
            return None
        now = datetime.now(UTC)
        with self.sql.session() as s:
            row = s.get(TokenRow, token_id)
            if row is None or not hmac.compare_digest(row.secret_sha256, _digest(secret)) or row.revoked_at:
                return None
            expires = _aware(row.expires_at)
            if expires is not None and now >= expires:
                return None
            last = _aware(row.last_used_at)
            if last is None or now - last >= _LAST_USED_RESOLUTION:
                row.last_used_at = now
                s.commit()
            info = _info(row)
        user = self.sql.get_user(info.user_id)
        return (info, user) if user is not None else None

    def verify(self, secret: str) -> User | None:
        """The user a secret signs in, or ``None`` for unknown, malformed, revoked or expired secrets."""
        found = self.authenticate(secret)
        return found[1] if found else None

    def revoke(self, token_id: str) -> bool:
        """Revoke a token; ``False`` when there is no such token or it was already revoked."""
        with self.sql.session() as s, s.begin():
            row = s.get(TokenRow, token_id)
            if row is None or row.revoked_at is not None:
                return False
            row.revoked_at = datetime.now(UTC)
        return True

    def get(self, token_id: str) -> TokenInfo | None:
        """One token's info, or ``None``."""
        with self.sql.session() as s:
            row = s.get(TokenRow, token_id)
            return _info(row) if row else None

    def list(self, user_id: str | None = None) -> list[TokenInfo]:
        """Tokens (revoked ones too), newest first, optionally of one user."""
        with self.sql.session() as s:
            q = select(TokenRow).order_by(TokenRow.created_at.desc(), TokenRow.id)
            if user_id:
                q = q.where(TokenRow.user_id == user_id)
            return [_info(r) for r in s.scalars(q)]
