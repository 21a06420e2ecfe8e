"""One address per story, so that the same story arriving through several feeds is listed once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING = (
    "utm_",
    "mc_",
    "pk_",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "igshid",
    "ref",
    "cmpid",
    "ocid",
    "smid",
    "sr_share",
    "__twitter_impression",
)


def canonical_url(url: str) -> str:
    """Scheme, `www.`, default ports, fragments, tracking parameters and trailing slashes dropped;
    host lowercased; the remaining query sorted. "" for anything that is not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    )
    path = parts.path.rstrip("/") or ""
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")
