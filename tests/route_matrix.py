# SPDX-License-Identifier: MPL-2.0
"""The route matrix: every URL pattern, its declared access class and what each user must get."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from placematch.accounts.access import REGISTRY_READ_ROLES
from placematch.accounts.models import MUNICIPAL_ROLES, PROVIDER_ROLES, Organisation, User
from placematch.core.routes import AccessClass, access_class_of


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    params: tuple[str, ...]
    callback: Callable[..., Any]

    @property
    def access_class(self) -> AccessClass | None:
        return access_class_of(self.callback)

    @property
    def allowed_roles(self) -> frozenset[str]:
        return frozenset(getattr(self.callback, "allowed_roles", frozenset()))


def iter_routes(urlconf: Any = None) -> Iterator[Route]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = entry.name or ""
                full = f"{namespace}:{name}" if namespace and name else name
                pattern = prefix + str(entry.pattern)
                converters = getattr(entry.pattern, "converters", {})
                params = tuple(converters) if converters else ()
                if not params and "(?P<" in pattern:
                    params = tuple(entry.pattern.regex.groupindex)
                yield Route(full or pattern, pattern, params, entry.callback)

    yield from walk(get_resolver(urlconf).url_patterns, "", "")


def unclassified(urlconf: Any = None) -> list[str]:
    return [r.pattern for r in iter_routes(urlconf) if r.access_class is None]


@dataclass
class SampleContext:
    """Objects owned by the 'own' municipality and the 'own' provider, for route parameters."""

    municipality: Organisation
    provider_org: Organisation
    users: dict[tuple[str, str], User]
    cache: dict[str, Any] = field(default_factory=dict)


Sample = Callable[[SampleContext], dict[str, Any]]


def load_samples() -> dict[str, Sample]:
    """Each app's tests/route_samples.py maps route names to parameter builders: SAMPLES."""
    import placematch

    samples: dict[str, Sample] = {}
    for info in pkgutil.iter_modules(placematch.__path__):
        try:
            module = importlib.import_module(f"placematch.{info.name}.tests.route_samples")
        except ModuleNotFoundError:
            continue
        samples.update(module.SAMPLES)
    return samples


@dataclass
class PrivateSamples:
    """Registry objects private to the 'own' municipality (network foster families).

    Each app's route_samples.py may add PRIVATE_SAMPLES (route name -> parameters opening such
    an object), PRIVATE_NAMES (texts that reveal it) and PRIVATE_SETUP (creates it).
    """

    samples: dict[str, Sample] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    setups: list[Callable[[SampleContext], Any]] = field(default_factory=list)


def load_private_samples() -> PrivateSamples:
    import placematch

    found = PrivateSamples()
    for info in pkgutil.iter_modules(placematch.__path__):
        try:
            module = importlib.import_module(f"placematch.{info.name}.tests.route_samples")
        except ModuleNotFoundError:
            continue
        found.samples.update(getattr(module, "PRIVATE_SAMPLES", {}))
        found.names.extend(getattr(module, "PRIVATE_NAMES", ()))
        if hasattr(module, "PRIVATE_SETUP"):
            found.setups.append(module.PRIVATE_SETUP)
    return found


ADMIN_FILLERS = {"object_id": "1", "app_label": "auth", "content_type_id": "1", "url": "x"}


def url_for(route: Route, samples: dict[str, Sample], ctx: SampleContext) -> str:
    if not route.params:
        return reverse(route.name)
    if route.access_class is AccessClass.ADMIN:
        kwargs = {p: ADMIN_FILLERS.get(p, "1") for p in route.params}
        if route.name.startswith("admin:") and "app_label" in route.params:
            kwargs["app_label"] = "accounts"
        return reverse(route.name, kwargs=kwargs)
    if route.name not in samples:
        raise AssertionError(
            f"route {route.name} ({route.pattern}) has parameters but no sample: add one to "
            "the app's tests/route_samples.py"
        )
    return reverse(route.name, kwargs=samples[route.name](ctx))


def _get(client: Client, url: str) -> int:
    response = client.get(url)
    if response.status_code == 405:
        # POST-only routes are tried with an empty form, in a session of their own so that a
        # route like logout does not change the client the next routes use.
        spare = Client()
        user_id = client.session.get("_auth_user_id")
        if user_id is not None:
            spare.force_login(User.objects.get(pk=user_id))
        response = spare.post(url, {})
    return response.status_code


def expected_denied(route: Route, key: tuple[str, str]) -> bool:
    """True when this user (organisation key, role) must get 404 on the route's sample."""
    org_key, role = key
    cls = route.access_class
    if cls is AccessClass.MUNICIPALITY:
        if role not in route.allowed_roles or org_key not in ("own", "other"):
            return True
        # A page about one object belongs to its municipality; a page without parameters
        # (a list, a create form) shows each municipality its own rows.
        return org_key == "other" and bool(route.params)
    if cls is AccessClass.REGISTRY:
        if org_key in ("own", "other"):
            return role not in REGISTRY_READ_ROLES
        if org_key == "provider":
            return role not in PROVIDER_ROLES
        if org_key == "other_provider":
            # Lists show a provider only its own rows; an object of another provider is 404.
            return bool(route.params) or role not in route.allowed_roles
        return True
    if cls is AccessClass.PROVIDER:
        return org_key != "provider" or role not in route.allowed_roles
    if cls is AccessClass.ADMIN:
        return role != "superuser"
    # A token route without a valid link is denied; SIGNED_IN and PUBLIC let everyone in.
    return cls is AccessClass.TOKEN


def logged_in_clients(users: dict[tuple[str, str], User]) -> dict[tuple[str, str], Client]:
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return clients


def check_route(route: Route, url: str, clients: dict[tuple[str, str], Client]) -> list[str]:
    """Every problem with the route's answers, as readable lines (empty when all is right)."""
    problems: list[str] = []
    cls = route.access_class
    if cls is AccessClass.API:
        # The open API takes only its own tokens: no session lets anyone in, nor a missing token.
        for key, client in [(("anonymous", ""), Client()), *clients.items()]:
            status = _get(client, url)
            if status != 401:
                problems.append(f"{route.name}: {key} without a token got {status}, not 401")
        return problems
    anonymous = Client()
    status = _get(anonymous, url)
    if cls is AccessClass.PUBLIC:
        if status >= 500:
            problems.append(f"{route.name}: anonymous got {status}")
    elif cls is AccessClass.TOKEN:
        if status != 404:
            problems.append(f"{route.name}: anonymous without a link got {status}, not 404")
    else:
        response = anonymous.get(url)
        if response.status_code != 302 or "/login/" not in response["Location"]:
            problems.append(f"{route.name}: anonymous got {response.status_code}, not login")
    if cls in (AccessClass.PUBLIC,):
        return problems
    for key, client in clients.items():
        status = _get(client, url)
        if status >= 500:
            problems.append(f"{route.name}: {key} got {status}")
        elif expected_denied(route, key) and status != 404:
            problems.append(f"{route.name}: {key} must get 404, got {status}")
        elif not expected_denied(route, key) and status in (403, 404):
            problems.append(f"{route.name}: {key} must be let in, got {status}")
    return problems


ALL_ROLES = MUNICIPAL_ROLES | PROVIDER_ROLES
