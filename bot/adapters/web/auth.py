"""Sessions in the browser: the cookie that carries the session id and the CSRF token every
form carries, derived from that id (a page of another site can read neither)."""

from __future__ import annotations

import hashlib
import hmac

from store.websessions import SESSION_HOURS

COOKIE = "duban_session"
CSRF_FIELD = "csrf"


def csrf_token(sid: str) -> str:
    """The CSRF token of the session whose id is `sid` (an HMAC of it under its own label)."""
    return hmac.new(sid.encode(), b"duban-web-csrf", hashlib.sha256).hexdigest()


def csrf_ok(sid: str | None, sent: str | None) -> bool:
    """Whether a form's token is its session's."""
    return bool(sid and sent) and hmac.compare_digest(csrf_token(sid or ""), sent or "")


def cookie_header(sid: str, secure: bool) -> str:
    """Set-Cookie for a new session: HttpOnly, SameSite=Strict, 8 hours, Secure behind HTTPS."""
    parts = [f"{COOKIE}={sid}", "Path=/", f"Max-Age={SESSION_HOURS * 3600}", "HttpOnly",
             "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def clear_cookie_header(secure: bool) -> str:
    """Set-Cookie that removes the session cookie."""
    parts = [f"{COOKIE}=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)
