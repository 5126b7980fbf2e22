"""Builders for what a (fake) user's Discord client sends: command options, component clicks, modal submits.

They check what the real client would refuse to send (unknown or missing options, invalid choices,
disabled buttons, modal inputs out of bounds) and raise `FakeDiscordError` for those.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fake_limits import LABEL, SELECTS, TEXT_INPUT, walk_components
from fake_records import Upload
from fake_state import FakeChannel, FakeRole, FakeUser, World

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11


class FakeDiscordError(AssertionError):
    """A driver call the real Discord client could not make, or a wait that timed out."""


def infer_option_type(value: Any) -> int:
    """Option type for a Python value when the command schema is unknown."""
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, Upload):
        return ATTACHMENT
    if isinstance(value, FakeUser):
        return USER
    if isinstance(value, FakeRole):
        return ROLE
    if isinstance(value, FakeChannel):
        return CHANNEL
    return STRING


def leaf_schema(
    schema: dict[str, Any] | None, name: str, group: str | None, subcommand: str | None
) -> list[dict[str, Any]] | None:
    """Options of the (sub)command being invoked, or None when the schema is unknown."""
    if schema is None:
        return None
    options = schema.get("options") or []
    for part, kind in ((group, SUB_COMMAND_GROUP), (subcommand, SUB_COMMAND)):
        if part is None:
            continue
        found = next((o for o in options if o.get("name") == part and o.get("type") == kind), None)
        if found is None:
            raise FakeDiscordError(f"/{name} has no {'group' if kind == 2 else 'subcommand'} {part!r}")
        options = found.get("options") or []
    if any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options):
        names = [o["name"] for o in options]
        raise FakeDiscordError(f"/{name} needs a subcommand/group (one of {names}); pass subcommand=/group=")
    return options


def nest_options(
    options: list[dict[str, Any]], group: str | None, subcommand: str | None
) -> list[dict[str, Any]]:
    """Wrap leaf options in subcommand / group options."""
    if subcommand is not None:
        options = [{"name": subcommand, "type": SUB_COMMAND, "options": options}]
    if group is not None:
        options = [{"name": group, "type": SUB_COMMAND_GROUP, "options": options}]
    return options


class OptionBuilder:
    """Turns `{name: value}` into interaction options plus `resolved` data."""

    def __init__(
        self,
        world: World,
        channel: FakeChannel,
        store_file: Callable[[Upload], dict[str, Any]],
        perms_in: Callable[[int, FakeChannel | None], int],
    ) -> None:
        self.world = world
        self.channel = channel
        self.store_file = store_file
        self.perms_in = perms_in
        self.resolved: dict[str, dict[str, Any]] = {}

    def _resolve_user(self, value: Any) -> str:
        user = self.world.user(value)
        self.resolved.setdefault("users", {})[str(user.id)] = user.payload()
        member = self.world.guild.members.get(user.id)
        if member is not None and not self.channel.is_dm:
            perms = self.perms_in(user.id, self.channel)
            self.resolved.setdefault("members", {})[str(user.id)] = member.payload(
                with_user=False, permissions=perms
            )
        return str(user.id)

    def _resolve_role(self, value: Any) -> str:
        role = value if isinstance(value, FakeRole) else self.world.guild.role(value)
        self.resolved.setdefault("roles", {})[str(role.id)] = role.payload()
        return str(role.id)

    def _resolve_channel(self, value: Any) -> str:
        channel = self.world.channel(value)
        data = {
            "id": str(channel.id),
            "name": channel.name,
            "type": channel.type,
            "permissions": str(self.perms_in(self.world.bot_user.id, channel)),
        }
        self.resolved.setdefault("channels", {})[str(channel.id)] = data
        return str(channel.id)

    def convert(self, otype: int, value: Any, *, focused: bool) -> Any:
        """Wire value of one option."""
        if focused:
            return str(value)
        if otype == STRING:
            return str(value)
        if otype == INTEGER:
            return int(value)
        if otype == BOOLEAN:
            return bool(value)
        if otype == NUMBER:
            return float(value)
        if otype == USER:
            return self._resolve_user(value)
        if otype == ROLE:
            return self._resolve_role(value)
        if otype == CHANNEL:
            return self._resolve_channel(value)
        if otype == MENTIONABLE:
            return self._resolve_role(value) if isinstance(value, FakeRole) else self._resolve_user(value)
        if otype == ATTACHMENT:
            if not isinstance(value, Upload):
                raise FakeDiscordError(f"attachment options take an Upload, got {value!r}")
            att = self.store_file(value)
            self.resolved.setdefault("attachments", {})[att["id"]] = att
            return att["id"]
        raise FakeDiscordError(f"unsupported option type {otype}")

    def build(
        self,
        command: str,
        schema: list[dict[str, Any]] | None,
        values: dict[str, Any],
        *,
        focused: str | None = None,
        validate: bool = True,
    ) -> list[dict[str, Any]]:
        """Option list for the leaf command, checked against the schema when known."""
        by_name = {o["name"]: o for o in schema or []}
        result = []
        for name, value in values.items():
            spec = by_name.get(name)
            if schema is not None and spec is None:
                raise FakeDiscordError(f"/{command} has no option {name!r}; options: {sorted(by_name)}")
            otype = spec["type"] if spec else infer_option_type(value)
            wire = self.convert(otype, value, focused=name == focused)
            if validate and spec and name != focused:
                check_option_value(command, spec, wire)
            option: dict[str, Any] = {"name": name, "type": otype, "value": wire}
            if name == focused:
                option["focused"] = True
            result.append(option)
        if focused is not None and focused not in values:
            raise FakeDiscordError(
                f"focused option {focused!r} must be in options (with the text typed so far)"
            )
        if validate and schema is not None and focused is None:
            missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
            if missing:
                raise FakeDiscordError(f"/{command}: required options missing: {missing}")
        return result


def check_option_value(command: str, spec: dict[str, Any], value: Any) -> None:
    """What Discord's client enforces before sending: choices, min/max value and length."""
    name = spec["name"]
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise FakeDiscordError(f"/{command} {name}={value!r} is not one of the choices {choices}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if spec.get("min_value") is not None and value < spec["min_value"]:
            raise FakeDiscordError(f"/{command} {name}={value} is below min_value {spec['min_value']}")
        if spec.get("max_value") is not None and value > spec["max_value"]:
            raise FakeDiscordError(f"/{command} {name}={value} is above max_value {spec['max_value']}")
    if isinstance(value, str) and spec.get("type") == STRING:
        if spec.get("min_length") is not None and len(value) < spec["min_length"]:
            raise FakeDiscordError(f"/{command} {name} is shorter than min_length {spec['min_length']}")
        limit = spec.get("max_length") or 6000
        if len(value) > limit:
            raise FakeDiscordError(f"/{command} {name} is longer than max_length {limit}")


def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
    """The component with `custom_id` in a message; errors like a user who cannot see/click it."""
    for comp in walk_components(message.get("components") or []):
        if comp.get("custom_id") == custom_id:
            if comp.get("disabled"):
                raise FakeDiscordError(f"component {custom_id!r} is disabled; a user cannot use it")
            return comp
    ids = [c["custom_id"] for c in walk_components(message.get("components") or []) if "custom_id" in c]
    raise FakeDiscordError(f"message {message['id']} has no component {custom_id!r}; it has {ids}")


def select_values(comp: dict[str, Any], values: list[Any] | None) -> list[str]:
    """Validated `values` for a select menu click."""
    if values is None:
        raise FakeDiscordError(f"select {comp.get('custom_id')!r} needs values=[...]")
    low, high = comp.get("min_values", 1), comp.get("max_values", 1)
    if not low <= len(values) <= high:
        raise FakeDiscordError(
            f"select {comp.get('custom_id')!r} takes {low}..{high} values, got {len(values)}"
        )
    if comp.get("type") == 3:
        allowed = [o["value"] for o in comp.get("options") or []]
        bad = [v for v in values if v not in allowed]
        if bad:
            raise FakeDiscordError(
                f"select {comp.get('custom_id')!r} has no options {bad}; options: {allowed}"
            )
    return [str(getattr(v, "id", v)) for v in values]


def _submitted(comp: dict[str, Any], values: dict[str, Any], used: set[str]) -> dict[str, Any] | None:
    custom_id = comp.get("custom_id")
    if custom_id is None:
        return None
    if comp.get("type") == TEXT_INPUT:
        value = str(values.get(custom_id, comp.get("value") or ""))
        label = comp.get("label") or custom_id
        if comp.get("required", True) and not value:
            raise FakeDiscordError(f"modal input {label!r} is required")
        if value and len(value) < (comp.get("min_length") or 0):
            raise FakeDiscordError(f"modal input {label!r} is shorter than min_length {comp['min_length']}")
        if len(value) > (comp.get("max_length") or 4000):
            raise FakeDiscordError(
                f"modal input {label!r} is longer than max_length {comp.get('max_length')}"
            )
        used.add(custom_id)
        return {"type": TEXT_INPUT, "id": comp.get("id", 0), "custom_id": custom_id, "value": value}
    if comp.get("type") in SELECTS:
        used.add(custom_id)
        chosen = values.get(custom_id, [])
        chosen = select_values(comp, chosen if isinstance(chosen, list) else [chosen]) if chosen else []
        return {"type": comp["type"], "id": comp.get("id", 0), "custom_id": custom_id, "values": chosen}
    return None


def modal_submit_components(modal: dict[str, Any], values: dict[str, Any]) -> list[dict[str, Any]]:
    """Submitted components mirroring the modal layout (action rows or labels)."""
    used: set[str] = set()
    result: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top.get("type") == 1:
            inner = [c for c in (_submitted(c, values, used) for c in top.get("components") or []) if c]
            result.append({"type": 1, "id": top.get("id", 0), "components": inner})
        elif top.get("type") == LABEL:
            sub = _submitted(top.get("component") or {}, values, used)
            if sub is not None:
                result.append({"type": LABEL, "id": top.get("id", 0), "component": sub})
    unknown = set(values) - used
    if unknown:
        raise FakeDiscordError(f"modal {modal.get('custom_id')!r} has no inputs {sorted(unknown)}")
    return result
