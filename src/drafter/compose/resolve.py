"""The one resolve step: params → a draft request, with every name looked up once.

`new`, `render` and `batch` all call `resolve`; composition then only reads the request. A name
that is not known (org type, theme, role) is reported at its line in params.yaml (or the batch
row) when the params came from a file, else in the command line's words."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from drafter.dates import DateFacts, date_facts
from drafter.domain import OrgType, Role, Theme, load_roles, resolve_org, resolve_role, resolve_theme
from drafter.errors import InputError
from drafter.params import Params
from drafter.phrasebank import Phrasebank, load_phrasebank
from drafter.yamlio import Located


class Request(NamedTuple):
    """Everything composition needs, resolved: the params (names in their canonical keys), the org
    type, theme, role, the date's facts and the phrasebank to draw from."""

    params: Params
    org: OrgType
    theme: Theme
    role: Role
    facts: DateFacts
    bank: Phrasebank


def resolve(params: Params, *, loc: Located | None = None, bank: Phrasebank | None = None) -> Request:
    """Look up the org type, theme and role named in `params` (errors located in `loc`, the file or
    row the params were read from), the facts of its date and the phrasebank (`bank`: a unit's
    own merged with the packaged one, else the packaged one)."""
    org = _located(loc, "org", lambda: resolve_org(params.org))
    theme = _located(loc, "theme", lambda: resolve_theme(params.theme))
    role = load_roles()[_located(loc, "role", lambda: resolve_role(params.role))]
    params = replace(params, org=org.key, role=role.key, theme=theme.parts)
    return Request(params, org, theme, role, date_facts(params.date), bank or load_phrasebank())


def _located(loc: Located | None, key: str, look_up):  # type: ignore[no-untyped-def]
    """`look_up()`, its error pointed at `key`'s line when the params came from a file."""
    try:
        return look_up()
    except InputError as exc:
        if loc is None:
            raise
        raise loc.error((key,), exc.message, hint=exc.hint) from exc
