"""Log in with the API key, log out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from tonearm.observability import get_logger
from tonearm.ui.context import services_of
from tonearm.ui.guard import csrf_protect, current_session, load_session, ui_state
from tonearm.ui.messages import friendly_code
from tonearm.ui.routes._common import redirect
from tonearm.ui.session import COOKIE_NAME
from tonearm.ui.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(load_session)])
security_log = get_logger("tonearm.security")


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//x``, ``/\\x``) or a scheme."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ch in target for ch in "\r\n\\") or target.startswith("/login"):
        return "/"
    return target


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request) -> Response:
    """The login form (or straight on, when the browser is already logged in)."""
    next_path = safe_next(request.query_params.get("next"))
    if current_session(request) is not None:
        return redirect(next_path)
    return render(request, "login.html", {"next": next_path})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the API key; on success set the signed session cookie."""
    form = await request.form()
    next_path = safe_next(str(form.get("next") or "/"))
    client = _client(request)
    limiter = ui_state(request).logins
    wait = limiter.retry_after(client)
    if wait > 0:
        error = friendly_code("RATE_LIMITED", f"Try again in {round(wait)} seconds.", 429)
        return render(
            request,
            "login.html",
            {"next": next_path, "error": error},
            status=429,
            headers={"Retry-After": str(round(wait))},
        )
    given = form.get("api_key")
    if not isinstance(given, str) or not services_of(request).keys.check(given.strip()):
        limiter.record_failure(client)
        security_log.warning(
            "security.auth_failed", route="/login", client=client, reason="wrong_key"
        )
        error = friendly_code("AUTH_REQUIRED", "That API key is not right.", 401)
        return render(request, "login.html", {"next": next_path, "error": error}, status=401)
    limiter.reset(client)
    codec = ui_state(request).sessions
    _session, cookie = codec.issue()
    response = redirect(next_path)
    response.set_cookie(
        COOKIE_NAME,
        cookie,
        max_age=codec.max_age_s,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout", dependencies=[Depends(csrf_protect)])
async def logout(request: Request) -> Response:
    """End the session and forget the cookie."""
    session = current_session(request)
    if session is not None:
        ui_state(request).sessions.revoke(session)
    response = redirect("/login")
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response
