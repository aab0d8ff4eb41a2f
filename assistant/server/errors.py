"""One error shape for every endpoint, OpenAI's: ``{"error": {"message", "type", "code"}}``.

Messages are sentences a person understands. Those the server writes itself are bilingual (English,
then Chinese), because they can come before anyone is known; those from the engine are already in the
user's language.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.responses import JSONResponse

from assistant.core.database import is_database_error
from assistant.core.errors import AccessDenied, BadInput, CoachError, NotFound, ProviderError, StoreError

__all__ = ["ERROR_CODES", "MESSAGES", "ApiError", "error_body", "error_for", "error_response"]

_log = logging.getLogger("assistant.server")

#: code -> (HTTP status, OpenAI error type)
_CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "invalid_request_error"),
    "invalid_token": (401, "authentication_error"),
    "access_denied": (403, "permission_error"),
    "not_found": (404, "not_found_error"),
    "model_not_found": (404, "not_found_error"),
    "method_not_allowed": (405, "invalid_request_error"),
    "request_too_large": (413, "invalid_request_error"),
    "rate_limited": (429, "rate_limit_error"),
    "internal_error": (500, "server_error"),
    "provider_error": (502, "server_error"),
    "store_unavailable": (503, "server_error"),
    "timeout": (504, "timeout_error"),
    # the chat engine's error-event codes
    "bad_input": (400, "invalid_request_error"),
    "denied": (403, "permission_error"),
    "internal": (500, "server_error"),
    "provider": (502, "server_error"),
    "cancelled": (499, "server_error"),
}

ERROR_CODES = frozenset(_CODES)

MESSAGES = {
    "invalid_token": "Sign in with a valid token: this one is missing, unknown or revoked. Ask an admin for one "
    "(`coach token create --user ID`). / 请使用有效的令牌登录：令牌缺失、无效或已被撤销。"
    "请管理员运行 `coach token create --user ID` 创建。",
    "request_too_large": "The request is too large: at most {limit:,} bytes are accepted. Send a shorter message. "
    "/ 请求过大：最多接受 {limit:,} 字节，请发送更短的消息。",
    "rate_limited": "Too many requests with this token: wait {seconds} s and try again. "
    "/ 该令牌的请求过于频繁，请 {seconds} 秒后再试。",
    "rate_limited_replay": "This conversation is new to the server, so its {turns} earlier messages would be "
    "answered again, and each counts as a request: this token has too few left. Wait {seconds} s, or send the "
    "X-Coach-Session header to continue a known conversation. / 该对话对服务器是新的，需重新处理之前的 {turns} "
    "条消息，每条计为一次请求，该令牌剩余额度不足。请 {seconds} 秒后再试，"
    "或发送 X-Coach-Session 请求头以继续已知对话。",
    "timeout": "The answer took longer than {seconds:g} s and was stopped. Try again, or ask for a shorter period. "
    "/ 回答超过 {seconds:g} 秒，已停止。请重试，或缩短时间范围。",
    "internal_error": "Something went wrong on our side while answering; it has been logged. Please try again. "
    "/ 服务器处理时出错，已记录日志，请重试。",
    "store_unavailable": "The service cannot reach its data store right now; it has been logged. Please try again "
    "in a moment. / 服务暂时无法访问数据存储，已记录日志，请稍后重试。",
    "not_found": "Nothing here: check the address. / 未找到：请检查地址。",
    "method_not_allowed": "This address does not accept that method. / 该地址不支持此请求方法。",
}


class ApiError(Exception):
    """An error response: ``code`` picks the status and type; ``message`` is what a person reads."""

    def __init__(self, code: str, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status, self.type = _CODES.get(code, (500, "server_error"))
        self.headers = headers or {}


def error_body(code: str, message: str) -> dict[str, Any]:
    """The JSON body of an error."""
    return {"error": {"message": message, "type": _CODES.get(code, (500, "server_error"))[1], "code": code}}


def error_response(error: ApiError) -> JSONResponse:
    """The HTTP response of an error."""
    return JSONResponse(error_body(error.code, error.message), status_code=error.status, headers=error.headers)


def error_for(exc: BaseException) -> ApiError:
    """Map any exception to an :class:`ApiError`; unexpected ones are logged and become a plain apology."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, NotFound):
        return ApiError("not_found", str(exc))
    if isinstance(exc, BadInput):
        return ApiError("bad_request", str(exc))
    if isinstance(exc, AccessDenied):
        return ApiError("access_denied", str(exc))
    if isinstance(exc, ProviderError):
        return ApiError("provider_error", str(exc))
    if isinstance(exc, TimeoutError):
        return ApiError("timeout", str(exc) or MESSAGES["timeout"].format(seconds=0))
    if isinstance(exc, StoreError) or is_database_error(exc):
        _log.error("the data store failed while serving a request: %s", exc)
        return ApiError("store_unavailable", MESSAGES["store_unavailable"])
    if isinstance(exc, CoachError):
        return ApiError("internal_error", str(exc))
    _log.error("unexpected error while serving a request", exc_info=exc)
    return ApiError("internal_error", MESSAGES["internal_error"])
