"""The proxies named by the environment, as httpx documents them: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY.

httpx reads them only for the transports it makes itself. The client makes its transports (to wrap
them with retries), so it reads them the same way, through the standard library's `getproxies()`.
"""

import ipaddress
from urllib.request import getproxies


def _is_ip_address(hostname: str, kind: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address]) -> bool:
    try:
        kind(hostname.split("/")[0])
    except ValueError:
        return False
    return True


def environment_proxies() -> dict[str, str | None]:
    """URL patterns mapped to a proxy URL, or to None where NO_PROXY says to go direct."""
    found = getproxies()
    proxies: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if found.get(scheme):
            url = found[scheme]
            proxies[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    for hostname in (host.strip() for host in found.get("no", "").split(",")):
        # The names of NO_PROXY as curl reads them: "*" for every host, a domain for it and its subdomains.
        if hostname == "*":
            return {}
        if not hostname:
            continue
        if "://" in hostname:
            proxies[hostname] = None
        elif _is_ip_address(hostname, ipaddress.IPv4Address) or hostname.lower() == "localhost":
            proxies[f"all://{hostname}"] = None
        elif _is_ip_address(hostname, ipaddress.IPv6Address):
            proxies[f"all://[{hostname}]"] = None
        else:
            proxies[f"all://*{hostname}"] = None
    return proxies
