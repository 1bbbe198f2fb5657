"""Download a partner's iCal feed, carefully.

- http and https only (``webcal://`` is read as https);
- every address the host name resolves to must be public (no loopback, private, link-local,
  multicast or reserved ranges) unless ``PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES`` is set; the
  connection goes to the address that was checked, so a second DNS answer cannot point
  elsewhere (DNS rebinding); the same checks apply to every redirect;
- at most ``PARTNER_FEED_MAX_REDIRECTS`` redirects, ``PARTNER_FEED_MAX_BYTES`` bytes and
  ``PARTNER_FEED_TIMEOUT`` seconds for the whole download (a server that sends a byte a
  second is cut off too);
- conditional requests: ``If-None-Match``/``If-Modified-Since`` from the last download, so an
  unchanged feed costs a 304.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import urllib3
from django.utils.translation import gettext as _

from ..conf import get_setting

REDIRECT_STATUSES = {301, 302, 303, 307, 308}

#: CA bundle for https feeds; None: the system's trust store (tests point it elsewhere).
CA_CERTS = None


class FetchError(Exception):
    """The feed could not be downloaded; the message is for editors."""


@dataclass
class FetchResult:
    not_modified: bool
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    url: str = ""
    content_type: str = ""


def normalise_url(url: str) -> str:
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    return url


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, all of them checked; raises FetchError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(
            _("The server name “%(host)s” could not be resolved (%(error)s).")
            % {"host": host, "error": error}
        )
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(_("The server name “%(host)s” has no address.") % {"host": host})
    if not get_setting("PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES"):
        blocked = [a for a in addresses if not _is_public(a)]
        if blocked:
            raise FetchError(
                _(
                    "“%(host)s” points to an internal address (%(address)s); feeds are only "
                    "read from public addresses."
                )
                % {"host": host, "address": blocked[0]}
            )
    return addresses


def _pool(scheme, host, address, port, timeout):
    kwargs = {"timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=CA_CERTS,
            **kwargs,
        )
    return urllib3.HTTPConnectionPool(address, port, **kwargs)


def fetch_feed(url: str, etag: str = "", last_modified: str = "") -> FetchResult:
    """Download the feed at ``url``; raises FetchError with a message for editors."""
    total_timeout = float(get_setting("PARTNER_FEED_TIMEOUT"))
    max_bytes = int(get_setting("PARTNER_FEED_MAX_BYTES"))
    max_redirects = int(get_setting("PARTNER_FEED_MAX_REDIRECTS"))
    deadline = time.monotonic() + total_timeout
    url = normalise_url(url)
    original_url = url
    for _hop in range(max_redirects + 1):
        try:
            parsed = urllib3.util.parse_url(url)
        except urllib3.exceptions.LocationParseError:
            raise FetchError(_("“%(url)s” is not a valid address.") % {"url": url[:200]})
        scheme = (parsed.scheme or "").lower()
        if scheme not in ("http", "https") or not parsed.host:
            raise FetchError(
                _("Only http and https addresses can be read (got “%(url)s”).") % {"url": url[:200]}
            )
        host = parsed.host.strip("[]")
        port = parsed.port or (443 if scheme == "https" else 80)
        addresses = resolve(host, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(_("The server did not answer in time."))
        timeout = urllib3.Timeout(connect=min(remaining, 10), read=remaining)
        host_header = (
            parsed.host if port == (443 if scheme == "https" else 80) else (f"{parsed.host}:{port}")
        )
        headers = {
            "Host": host_header,
            "User-Agent": get_setting("PARTNER_FEED_USER_AGENT"),
            "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1",
            "Accept-Encoding": "identity",
        }
        if url == original_url:
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        pool = _pool(scheme, host, addresses[0], port, timeout)
        try:
            response = pool.urlopen(
                "GET",
                parsed.request_uri,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.SSLError as error:
            raise FetchError(
                _("The secure connection to “%(host)s” failed (%(error)s).")
                % {"host": host, "error": error}
            )
        except urllib3.exceptions.NewConnectionError as error:
            # (a subclass of ConnectTimeoutError in urllib3 2)
            raise FetchError(
                _("The server “%(host)s” could not be reached (%(error)s).")
                % {"host": host, "error": _reason(error)}
            )
        except urllib3.exceptions.TimeoutError:
            raise FetchError(_("The server did not answer in time."))
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(
                _("The server “%(host)s” could not be reached (%(error)s).")
                % {"host": host, "error": error.__class__.__name__}
            )
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(_("The server sent a redirect without a target."))
                url = normalise_url(urljoin(url, location))
                continue
            if response.status == 304:
                return FetchResult(not_modified=True, etag=etag, last_modified=last_modified)
            if response.status != 200:
                raise FetchError(
                    _("The server answered with HTTP status %(status)s instead of the feed.")
                    % {"status": response.status}
                )
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(_too_big(max_bytes))
            body = _read(response, max_bytes, deadline)
            return FetchResult(
                not_modified=False,
                body=body,
                etag=response.headers.get("ETag", "")[:500],
                last_modified=response.headers.get("Last-Modified", "")[:100],
                url=url,
                content_type=response.headers.get("Content-Type", ""),
            )
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(
        _("The server redirected more than %(count)s times.") % {"count": max_redirects}
    )


def _reason(error):
    text = str(error)
    return text.split(": ", 1)[-1][:200] if ": " in text else error.__class__.__name__


def _too_big(max_bytes):
    return _("The feed is larger than %(size)s MB; it was not read.") % {
        "size": round(max_bytes / 1024 / 1024, 1)
    }


def _read(response, max_bytes, deadline):
    chunks, size = [], 0
    try:
        while True:
            # read1: whatever has arrived, so a server that drips a byte at a time still
            # meets the deadline check.
            chunk = response.read1(16 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_too_big(max_bytes))
            if time.monotonic() > deadline:
                raise FetchError(_("The server did not send the feed in time."))
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchError(_("The server did not send the feed in time."))
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(
            _("The download broke off (%(error)s).") % {"error": error.__class__.__name__}
        )
    return b"".join(chunks)
