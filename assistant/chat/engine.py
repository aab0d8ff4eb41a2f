"""The conversation engine: one user turn in, a stream of events out, ending in one reply.

Understanding is deterministic (``assistant.chat.intents``) unless an LLM router is configured, and even
then names are resolved and access is checked here, in code: a request about someone the user may not
see becomes a refusal that names no data about that person, and is audited. Drafting, revising and
checking go through the drafting chains (``assistant.chains``), so every draft carries its guardrail
report, citations and coverage. Sessions and replies are stored, so a session can be resumed.

One engine may be shared by many threads: the Coach's lazy parts are opened here, once, and the
session store serialises its writes.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Generator, Iterator
from datetime import date
from typing import Any

from assistant.chat import growth, intents
from assistant.chat.additions import match_addition
from assistant.chat.errors import ERROR_CLASSES, error_event
from assistant.chat.intents import Clarify, SessionState
from assistant.chat.replies import actions_for, clarify_options, draft_text, sources_text
from assistant.chat.sessions import DEFAULT_TITLE, SessionStore
from assistant.chat.strings import say
from assistant.chat.types import ChatEvent, ChatReply, Intent
from assistant.chat.unseen import acts, events_now, person_in, refuse_unseen, unseen_mentions, visible_people
from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput, CoachError, NotFound
from assistant.core.models import Person, User
from assistant.core.periods import Period, parse_period
from assistant.drafting.chain import DraftRequest, draft_steps, review_draft
from assistant.drafting.effects import LLMCall, relay, run_sync
from assistant.drafting.providers import Provider, get_provider
from assistant.drafting.schemas import DraftResult, FeedbackDraft
from retrieval import read_event

__all__ = ["MAX_MESSAGE_CHARS", "ChatEngine", "visible_people"]

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 20_000
_DRAFT_KINDS = ("draft", "revision", "goals", "review")


class ChatEngine:
    """Understands a message, checks access, drafts / revises / reviews, and stores the conversation."""

    def __init__(
        self,
        coach: Coach,
        provider: Provider | None = None,
        *,
        router: Any | None = None,
        today: date | None = None,
        llm_budget_s: float | None = None,
    ) -> None:
        """``provider``: the drafting engine (None: settings); ``router``: an LLM router (None: settings,
        False: none, only the deterministic parser); ``today``: the day periods are relative to (None: the
        real date); ``llm_budget_s``: seconds a draft may spend on the LLM (None: the ``llm_budget_s`` setting;
        the server passes what fits inside its turn deadline)."""
        self.coach = coach
        # one provider for the engine's life: its HTTP clients and what it learnt about the endpoint are reused
        self.provider = provider or get_provider(coach.settings.provider, coach.settings)
        self.llm_budget_s = llm_budget_s
        self._today = today
        coach.open_all()  # once, here: threads sharing this engine never race to create the stores
        coach.ensure_consistent()
        self.sessions = SessionStore(coach.sql)
        if router is None and coach.settings.provider.startswith("openai:"):
            from assistant.chat.router import llm_router

            router = llm_router(coach.settings)
        self.router = None if router is False else router

    @property
    def today(self) -> date:
        return self._today or date.today()

    # -- public API -----------------------------------------------------------------------------------------

    def stream(
        self,
        user_id: str,
        text: str,
        session_id: str | None = None,
        lang: str | None = None,
        audience: str | None = None,
    ) -> Iterator[ChatEvent]:
        """One turn: ``session``, ``status``*, ``delta``*, then one ``reply`` (or one ``error``).

        When the user or the session cannot be found, the only event is an ``error`` (code ``not_found``).
        Model calls block here; :meth:`turn` is the server's way."""
        return run_sync(self.turn(user_id, text, session_id=session_id, lang=lang, audience=audience))

    def turn(
        self,
        user_id: str,
        text: str,
        session_id: str | None = None,
        lang: str | None = None,
        audience: str | None = None,
    ) -> Generator[ChatEvent | LLMCall, Any, None]:
        """:meth:`stream`'s events, each model call yielded as an :class:`LLMCall` for the caller to perform
        (the server awaits it: a turn waiting for its model holds no thread) and send back."""
        ui = lang if lang in ("en", "zh") else None
        fallback_lang = ui or intents.message_language(text or "") or "en"
        try:
            user = self._user(user_id)
            if len(text or "") > MAX_MESSAGE_CHARS:
                raise BadInput(say("error.too_long", fallback_lang, size=len(text), limit=MAX_MESSAGE_CHARS))
            if session_id:
                session = self.sessions.get(user_id, session_id)
                if session.messages == 0 and session.title == DEFAULT_TITLE and (text or "").strip():
                    # a session made empty (the API, "new chat") takes its title from its first message
                    session = self.sessions.rename(user_id, session.id, text.strip().split("\n")[0])
            else:
                session = self.sessions.create(user_id, title=(text or "").strip().split("\n")[0])
        except Exception as exc:
            yield error_event(exc, fallback_lang)
            return
        yield ChatEvent(type="session", data={"session_id": session.id, "title": session.title})
        self.sessions.add_message(session.id, "user", text or "")
        message_id = self.sessions.new_message_id()
        lang_used = fallback_lang
        try:
            wanted = audience if audience in ("employee", "manager") else None
            reply = yield from self._turn(user, session.id, text or "", ui, message_id, wanted)
            lang_used = reply.lang
            self.sessions.add_message(session.id, "assistant", reply.text, reply=reply, message_id=message_id)
        except GeneratorExit:  # stopped mid-turn (shutdown, timeout, client gone): the question gets an answer
            with contextlib.suppress(Exception):
                self.sessions.add_message(
                    session.id, "assistant", say("error.interrupted", lang_used), message_id=message_id
                )
            raise
        except Exception as exc:
            event = error_event(exc, lang_used)
            self.sessions.add_message(session.id, "assistant", event.data["message"], message_id=message_id)
            yield event
            return
        for line in reply.text.splitlines(keepends=True):
            yield ChatEvent(type="delta", data={"text": line})
        yield ChatEvent(type="reply", data=reply.model_dump(mode="json"))

    def reply(
        self,
        user_id: str,
        text: str,
        session_id: str | None = None,
        lang: str | None = None,
        audience: str | None = None,
    ) -> ChatReply:
        """The same turn as ``stream``, collected.

        Raises:
            NotFound, BadInput, AccessDenied, ProviderError, CoachError: what the ``error`` event reported.
        """
        for event in self.stream(user_id, text, session_id=session_id, lang=lang, audience=audience):
            if event.type == "reply":
                return ChatReply.model_validate(event.data)
            if event.type == "error":
                raise ERROR_CLASSES.get(event.data.get("code", ""), CoachError)(event.data["message"])
        raise CoachError("the turn ended without a reply")  # pragma: no cover - stream always ends in one

    def accept(self, user_id: str, session_id: str, draft_id: str, lang: str | None = None) -> ChatReply:
        """Mark a draft of this session accepted (stored and audited); the turn is saved in the session.

        Raises:
            NotFound: no such session of the user's, or the draft is not in it.
        """
        user = self._user(user_id)
        self.sessions.get(user_id, session_id)
        draft = next(
            (r.draft for r in self.sessions.recent_replies(session_id) if r.draft and r.draft.get("id") == draft_id),
            None,
        )
        if draft is None:
            raise NotFound(f"no draft {draft_id!r} in conversation {session_id!r}")
        lang = lang if lang in ("en", "zh") else self._state(session_id).lang or draft.get("language", "en")
        self.sessions.add_message(session_id, "user", say("msg.accept", lang))
        message_id = self.sessions.new_message_id()
        reply = self._accepted(user, session_id, draft, lang, message_id)
        self.sessions.add_message(session_id, "assistant", reply.text, reply=reply, message_id=message_id)
        return reply

    def event(self, user_id: str, event_id: str) -> dict[str, Any]:
        """One event the user may see now (access re-checked, audited); ``NotFound`` otherwise, with no details."""
        user = self._user(user_id)
        try:
            event = read_event(self.coach, user.id, event_id, action="chat_event")
        except NotFound:
            raise NotFound(say("error.no_event", "en", id=event_id)) from None
        return event.model_dump(mode="json")

    # -- one turn -------------------------------------------------------------------------------------------

    def _turn(
        self, user: User, session_id: str, text: str, ui: str | None, message_id: str, audience: str | None = None
    ) -> Iterator[ChatEvent]:  # returns ChatReply (generator return value)
        state = self._state(session_id)
        visible = visible_people(self.coach, user)
        names = [n for p in visible for n in (p.name, p.id)] + unseen_mentions(text, visible)  # names tell no language
        lang = (
            intents.asked_language(text)
            or ui
            or intents.message_language(text, names)
            or state.lang
            or self._person_lang(user.person_id)
        )
        if self.router is not None:  # a model call: say so while it runs
            yield self._status("status.understand", lang)
        understood = yield from self._understand(text, user, visible, state)
        understood = refuse_unseen(understood, text, visible) or understood
        ctx = _Turn(
            user=user,
            session_id=session_id,
            text=text,
            lang=lang,
            message_id=message_id,
            state=state,
            audience=audience,
        )
        if isinstance(understood, Clarify):
            return self._clarify(ctx, understood, visible)
        intent = understood
        try:
            if intent.kind == "draft_feedback":
                return (yield from self._draft(ctx, intent, visible))
            if intent.kind == "revise":
                return (yield from self._revise(ctx, intent, visible))
            if intent.kind == "check_draft":
                return (yield from self._check(ctx, intent, visible))
            if intent.kind == "goals":
                return (yield from self._goals(ctx, intent))
            if intent.kind == "sources":
                return (yield from self._sources(ctx, intent))
            if intent.kind in growth.KINDS:
                return (yield from growth.handle(self, ctx, intent))
            if intent.kind == "accept":
                assert state.draft is not None
                return self._accepted(user, session_id, state.draft, lang, message_id, intent)
        except AccessDenied as exc:  # access changed since the names were resolved: still a plain refusal
            return self._refusal(ctx, intent.subject_id, str(exc), intent)
        if intent.kind == "smalltalk" and intent.instruction == "thanks":
            return self._reply(ctx, "help", say("thanks", lang), intent=intent, actions=[])
        return self._reply(ctx, "help", say("help", lang), intent=intent)

    def _understand(
        self, text: str, user: User, visible: list[Person], state: SessionState
    ) -> Generator[LLMCall, Any, Intent | Clarify]:
        if grown := growth.parse(text, user=user, visible_people=visible):  # development, signals, receipt
            return grown
        parsed = intents.parse(text, user=user, visible_people=visible, today=self.today, session_state=state)
        if self.router is not None:
            from assistant.chat.router import route_steps

            routed = yield from route_steps(
                self.router, text, user=user, visible_people=visible, today=self.today, session_state=state
            )
            # A routing that cannot act (a question back, help, smalltalk) yields to a parse that can: a weak
            # model that drops the name the user wrote must not turn a refusal into help, nor a draft into a question.
            if routed is not None and (acts(routed) or not acts(parsed)):
                return routed
        return parsed

    # -- intents ----------------------------------------------------------------------------------------------

    def _draft(self, ctx: _Turn, intent: Intent, visible: list[Person]) -> Iterator[ChatEvent]:
        subject = person_in(visible, intent.subject_id)
        period = _period(intent.period)
        yield self._status("status.evidence", ctx.lang, name=subject.name, period=period.label)
        request = DraftRequest(
            task="feedback_draft",
            requester=ctx.user.id,
            subject=subject.id,
            period=period.label,
            focus=intent.focus,
            language=intent.language,
            tone=intent.tone or "direct",
            length=intent.length or "medium",
            audience=intent.audience or ctx.audience or "employee",
        )
        result = yield from self._chain(request, ctx.lang)
        return self._draft_reply(ctx, "draft", result, intent)

    def _revise(self, ctx: _Turn, intent: Intent, visible: list[Person]) -> Iterator[ChatEvent]:
        draft, before = ctx.state.draft or {}, ctx.state.intent or Intent(kind="draft_feedback")
        subject = person_in(visible, draft.get("subject_id"))
        merged = Intent(
            kind="revise",
            subject_id=subject.id,
            period=draft.get("period"),
            focus=before.focus,
            tone=intent.tone or before.tone,
            length=intent.length or before.length,
            language=draft.get("language"),
            instruction=intent.instruction,
        )
        if intent.language and intent.language != draft.get("language"):  # a new language is a new draft
            redraft = merged.model_copy(update={"kind": "draft_feedback", "language": intent.language})
            return (yield from self._draft(ctx, redraft, visible))
        wanted = intent.audience or ctx.audience
        if wanted and wanted != draft.get("audience", "employee"):  # so is a new audience: every sentence changes
            redraft = merged.model_copy(update={"kind": "draft_feedback", "audience": wanted})
            return (yield from self._draft(ctx, redraft, visible))
        include: list[str] = []
        addition = intents.parse_addition(ctx.text)
        if addition is not None:
            yield self._status("status.matching", ctx.lang)
            found = self._match_addition(ctx, subject, draft, addition)
            if isinstance(found, ChatReply):
                return found
            include = [found]
        yield self._status("status.revising", ctx.lang)
        instruction = intents.plain_instruction(intent)
        request = DraftRequest(
            task="feedback_draft",
            requester=ctx.user.id,
            subject=subject.id,
            period=draft["period"],
            focus=merged.focus,
            language=draft.get("language"),
            tone=merged.tone or "direct",
            length=merged.length or "medium",
            audience=draft.get("audience") or "employee",
            # the event id tells an LLM exactly which event "the May incident" is; the offline engine uses the ids
            instruction=f"{instruction} ({', '.join(include)})" if include else instruction,
            previous=FeedbackDraft(summary=draft.get("summary") or "-", statements=draft.get("statements") or []),
            include_event_ids=include or None,
        )
        result = yield from self._chain(request, ctx.lang, revising=True)
        before_texts = [s["text"] for s in draft.get("statements") or []]
        if not include and [s.text for s in result.statements] == before_texts:
            result.notes.append(say("note.unchanged", result.language, instruction=ctx.text.strip()[:80]))
        return self._draft_reply(ctx, "revision", result, merged)

    def _check(self, ctx: _Turn, intent: Intent, visible: list[Person]) -> Iterator[ChatEvent]:
        subject = person_in(visible, intent.subject_id)
        period = _period(intent.period)
        yield self._status("status.reviewing", ctx.lang)
        request = DraftRequest(
            task="draft_review",
            requester=ctx.user.id,
            subject=subject.id,
            period=period.label,
            focus=intent.focus,
            language=intent.language,
            draft_text=intent.draft_text,
        )
        result = review_draft(self.coach, request)
        return self._draft_reply(ctx, "review", result, intent)

    def _goals(self, ctx: _Turn, intent: Intent) -> Iterator[ChatEvent]:
        period = _period(intent.period)
        yield self._status("status.goals", ctx.lang, period=period.label)
        request = DraftRequest(
            task="goal_proposals",
            requester=ctx.user.id,
            subject=ctx.user.person_id,
            period=period.label,
            interests=intent.interests,
            language=intent.language,
        )
        result = yield from self._chain(request, ctx.lang)
        return self._draft_reply(ctx, "goals", result, intent)

    def _sources(self, ctx: _Turn, intent: Intent) -> Iterator[ChatEvent]:
        draft = ctx.state.draft or {}
        yield self._status("status.sources", ctx.lang)
        items = draft.get("statements") or draft.get("goals") or []
        index = intent.statement_index
        if index is not None and not 0 <= index < len(items):
            text = say("clarify.no_statement", ctx.lang, count=len(items))
            return self._reply(ctx, "clarify", text, intent=intent)
        if index is None:
            ids = list(draft.get("cited_event_ids") or []) or [e["id"] for e in draft.get("missing_events") or []]
            item_text = None
        else:
            item = items[index]
            ids = list(item.get("event_ids") or [])
            item_text = item.get("text") or item.get("objective")
        # access is re-checked: it may have changed since the draft was written
        events = events_now(self.coach, ctx.user, draft["subject_id"], list(dict.fromkeys(ids)))
        text = sources_text(item_text, index, events, ctx.lang)
        return self._reply(ctx, "sources", text, intent=intent, sources=events)

    # -- "add the May incident" ------------------------------------------------------------------------------

    def _match_addition(
        self, ctx: _Turn, subject: Person, draft: dict[str, Any], addition: intents.Addition
    ) -> str | ChatReply:
        """The one event of ``subject`` the user means; else a question back that lists the candidates."""
        found = match_addition(self.coach, ctx.user.id, subject, draft, addition, ctx.lang)
        return found.event_id if found.event_id else self._reply(ctx, "clarify", found.question, draft=draft)

    # -- chain with progress ---------------------------------------------------------------------------------

    def _chain(self, request: DraftRequest, lang: str, *, revising: bool = False) -> Iterator[ChatEvent | LLMCall]:
        result: list[DraftResult] = []
        request.llm_budget_s = request.llm_budget_s or self.llm_budget_s

        def progress(step: str | DraftResult) -> Iterator[ChatEvent]:
            if isinstance(step, DraftResult):
                result.append(step)
            elif step == "generate" and not revising:
                yield self._status("status.drafting", lang)
            elif step == "guard":
                yield self._status("status.checking", lang)

        yield from relay(draft_steps(self.coach, request, self.provider), progress)
        assert result
        return result[0]

    # -- replies ------------------------------------------------------------------------------------------------

    def _draft_reply(self, ctx: _Turn, kind: str, result: DraftResult, intent: Intent) -> ChatReply:
        draft = result.model_dump(mode="json")
        return self._reply(ctx, kind, draft_text(draft, kind, ctx.lang), intent=intent, draft=draft)

    def _reply(
        self,
        ctx: _Turn,
        kind: str,
        text: str,
        *,
        intent: Intent | None = None,
        draft: dict[str, Any] | None = None,
        sources: list[dict[str, Any]] | None = None,
        actions: list[dict[str, str]] | None = None,
    ) -> ChatReply:
        shown = draft if kind in _DRAFT_KINDS else None
        return ChatReply(
            session_id=ctx.session_id,
            message_id=ctx.message_id,
            kind=kind,  # type: ignore[arg-type]
            lang=ctx.lang,  # type: ignore[arg-type]
            text=text,
            intent=intent,
            draft=shown,
            sources=sources or [],
            actions=actions if actions is not None else actions_for(kind, ctx.lang, shown),
        )

    def _accepted(
        self,
        user: User,
        session_id: str,
        draft: dict[str, Any],
        lang: str,
        message_id: str,
        intent: Intent | None = None,
    ) -> ChatReply:
        draft_id = draft.get("id") or ""
        fresh = self.sessions.accept(user.id, session_id, draft_id)
        if fresh:
            self._audit(user.id, draft.get("subject_id"), "allowed", "accepted", {"draft_id": draft_id}, "chat_accept")
        key = "accepted" if fresh else "already_accepted"
        text = say(key, lang, id=draft_id, name=draft.get("subject_name"), period=draft.get("period"))
        ctx = _Turn(user=user, session_id=session_id, text="", lang=lang, message_id=message_id, state=SessionState())
        return self._reply(ctx, "accepted", text, intent=intent or Intent(kind="accept"))

    def _clarify(self, ctx: _Turn, clarify: Clarify, visible: list[Person]) -> ChatReply:
        lang, others = ctx.lang, [p for p in visible if p.id != ctx.user.person_id]
        example = others[0].name if others else "…"
        if clarify.refuse:
            # a manager who mistyped a name sees whom they can ask about: their own line, nothing about the name
            hint = say("refuse.options", lang, options=clarify_options(others)) if others else None
            return self._refusal(
                ctx,
                None,
                f"not visible: {clarify.mention!r}",
                None,
                mention=clarify.mention,
                hint=hint,
                others=clarify.mentions[1:],
            )
        actions: list[dict[str, str]] | None = None
        if clarify.reason in ("ambiguous_name", "one_person"):
            key = "clarify.ambiguous" if clarify.reason == "ambiguous_name" else "clarify.one_person"
            text = say(key, lang, mention=clarify.mention, options=clarify_options(clarify.candidates))
            actions = [
                {
                    "id": f"person:{p.id}",
                    "label": f"{p.name} ({p.id})",
                    "message": re.sub(re.escape(clarify.mention or ""), p.id, ctx.text, count=1, flags=re.IGNORECASE),
                }
                for p in clarify.candidates
            ]
        elif clarify.reason == "need_subject":
            text = say("clarify.subject", lang, options=clarify_options(others))
        elif clarify.reason == "goals_self":
            text = say("clarify.goals_self", lang, name=clarify.candidates[0].name if clarify.candidates else "…")
        elif clarify.reason in ("need_draft", "need_feedback_draft", "need_text", "review_subject"):
            text = say("clarify." + clarify.reason, lang, example=example)
        else:
            text = say("clarify.unknown", lang, help=say("help", lang))
        return self._reply(ctx, "clarify", text, actions=actions)

    def _refusal(
        self,
        ctx: _Turn,
        subject_id: str | None,
        reason: str,
        intent: Intent | None,
        mention: str | None = None,
        hint: str | None = None,
        others: list[str] | None = None,
    ) -> ChatReply:
        """A refusal that says nothing about the person asked about, whoever they are (audited: one row per
        name the message gave that the user may not see, naming the person when the name is someone's)."""
        everyone = self.coach.sql.list_people() if mention or others else []

        def owner(words: str) -> str | None:
            return next((p.id for m in intents.resolve_names(words, everyone) for p in m.people), None)

        if subject_id is None and mention:
            subject_id = owner(mention)
        self._audit(ctx.user.id, subject_id, "denied", reason, {"mention": mention} if mention else {})
        for other in others or []:
            self._audit(ctx.user.id, owner(other), "denied", f"not visible: {other!r}", {"mention": other})
        # HR may ask about anyone, so for HR a refusal can only mean that nobody has that name
        key = {"employee": "refuse.employee", "hr": "refuse.hr"}.get(ctx.user.role, "refuse.line")
        text = say(key, ctx.lang) + (f"\n\n{hint}" if hint else "")
        return self._reply(ctx, "refusal", text, intent=intent)

    # -- helpers --------------------------------------------------------------------------------------------

    def _state(self, session_id: str) -> SessionState:
        """The current draft (the newest reply that has one) and the last reply's language."""
        state = SessionState()
        for reply in self.sessions.recent_replies(session_id):
            state.lang = state.lang or reply.lang
            if reply.kind in _DRAFT_KINDS and reply.draft:
                state.draft, state.intent = reply.draft, reply.intent
                break
        return state

    def _user(self, user_id: str) -> User:
        user = self.coach.sql.get_user(user_id)
        if user is None:
            raise NotFound(say("error.no_user", "en", id=user_id))
        return user

    def _person_lang(self, person_id: str) -> str:
        person = self.coach.sql.get_person(person_id)
        return person.language if person and person.language in ("en", "zh") else "en"

    def _status(self, key: str, lang: str, **values: object) -> ChatEvent:
        return ChatEvent(type="status", data={"text": say(key, lang, **values)})

    def _audit(
        self,
        user_id: str,
        subject_id: str | None,
        decision: str,
        reason: str,
        details: dict[str, Any],
        action: str = "chat",
    ) -> None:
        self.coach.sql.audit(
            requester_id=user_id,
            subject_id=subject_id,
            action=action,
            decision=decision,
            reason=reason,
            details=details,
        )


class _Turn:
    """What every step of one turn needs to know."""

    __slots__ = ("audience", "lang", "message_id", "session_id", "state", "text", "user")

    def __init__(
        self,
        *,
        user: User,
        session_id: str,
        text: str,
        lang: str,
        message_id: str,
        state: SessionState,
        audience: str | None = None,
    ) -> None:
        self.user, self.session_id, self.text, self.lang = user, session_id, text, lang
        self.message_id, self.state, self.audience = message_id, state, audience


def _period(label: str | None) -> Period:
    if not label:
        raise BadInput("no period given")
    return parse_period(label)
