"""Records as the YAML editors write: block style, keys in the model's order, texts with line breaks
as `|` blocks; and a network file with its `action_plan:` replaced or added, the rest kept as it is."""

from __future__ import annotations

import re

import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def with_top_level_key(text: str, key: str, value, before: list[str]) -> tuple[str, bool]:
    """`text` with the top-level `key:` block replaced by `value` (or added before the first key of `before`
    that the file has, else at its end); True when a block was replaced."""
    block = dump({key: value})
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "\n", "\r", "\t")),
                   len(lines))
        return "".join(lines[:start]) + block + "".join(lines[end:]), True
    for following in before:
        at = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(following)}\s*:", line)), None)
        if at is not None:
            return "".join(lines[:at]) + block + "".join(lines[at:]), False
    joined = "".join(lines)
    return joined + ("" if not joined or joined.endswith("\n") else "\n") + block, False
