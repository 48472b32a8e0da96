"""Rule settings and word lists, layered: built in < unit (check.yaml beside params.yaml) < user (--rules).

Mappings merge key by key; lists and scalars replace; a key written `+name` appends to the list
`name` below it, so a unit can add to the whitelist without repeating it.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.check.finding import SEVERITIES
from drafter.yamlio import Located, did_you_mean, load_yaml

UNIT_FILE = "check.yaml"
SECTIONS = ("rules", "format", "leftovers", "numbering", "repetition", "formulations", "dates",
            "names", "length", "confusions", "structure", "patterns")


def builtin_dir() -> Path:
    from drafter.data import templates_dir

    return templates_dir() / "check"


# Sections whose second-level keys are fixed (a typo there would be silently ignored otherwise).
_FIXED = ("leftovers", "numbering", "repetition", "dates", "names", "length", "format", "structure")
_LIST_KEYS = ("name", "items", "item_pattern", "rule", "keyword", "alternatives", "extra_ok", "check_extra",
              "window", "min_hits", "trigger", "prerequisite")


def load_config(unit_file: Path | None = None, user_file: Path | None = None) -> dict[str, Any]:
    """The merged settings: built-in rules.yaml + confusions.yaml, then the unit file, then the user file.
    Read-only: the built-in settings are shared within the process (`merge` builds new dicts along
    what a layer changes and never modifies its inputs; a deep copy per check was ~6 ms, measured)."""
    base = _builtin(builtin_dir())
    for path, what in ((unit_file, "单位检查规则"), (user_file, "检查规则文件")):
        if path is not None:
            layer = load_yaml(Path(path), what, cached=True)
            base = merge(base, validate_layer(layer, set(base["rules"]), base))
    return base


@lru_cache(maxsize=4)
def _builtin(folder: Path) -> dict[str, Any]:
    """The packaged settings (read once per process, shared: nobody modifies them)."""
    base = load_yaml(folder / "rules.yaml", "内置检查规则", cached=True).data
    base["confusions"] = _confusions(load_yaml(folder / "confusions.yaml", "内置错词表", cached=True), ())
    base["patterns"] = load_yaml(folder / "patterns.yaml", "内置上下文错词表", cached=True).data["patterns"]
    base["leaders"] = load_yaml(folder / "leaders.yaml", "内置领导人表", cached=True).data
    places = load_yaml(folder / "places.yaml", "内置地名表", cached=True).data
    base["names"]["places"] = list(places["provinces"]) + list(places["cities"])
    return base


def validate_layer(layer: Located, known_rules: set[str], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check a unit/user rules file; raise the first problem with its file, line and a hint."""
    data = layer.data if layer.data is not None else {}
    base = base or {}
    if isinstance(data, dict):
        known_rules = known_rules | _new_list_rules(data)
    if not isinstance(data, dict):
        raise layer.error((), "检查规则文件的最外层应当是“键: 值”的映射", hint="参见内置的 templates/check/rules.yaml。")
    for key, value in data.items():
        name = str(key).lstrip("+")
        if name not in SECTIONS:
            guess = did_you_mean(name, SECTIONS)
            raise layer.error((key,), f"未知的设置项“{key}”",
                              hint=f"您是不是想写“{guess}”？" if guess else f"可用的设置项：{'、'.join(SECTIONS)}。")
        if name == "rules":
            _validate_rules(layer, key, value, known_rules)
        elif name == "confusions":
            data[key] = _confusions(layer, (key,))
        elif name == "patterns":
            _validate_pattern_list(layer, key, value)
        elif not isinstance(value, (dict, list)):
            raise layer.error((key,), f"“{key}”下应当是映射或列表")
        elif name in _FIXED and isinstance(value, dict):
            _known_keys(layer, (key,), value, list(base.get(name, {})))
            _same_types(layer, (key,), value, base.get(name, {}))
        elif name == "formulations" and isinstance(value, dict):
            _validate_lists(layer, key, value, base.get("formulations", {}))
    _validate_patterns(layer, data)
    return data


# Where rules files hold regular expressions: key paths ('*' = any key); "@key" = the keys are patterns.
_PATTERNS = (
    ("leftovers", "placeholders", "@key"), ("leftovers", "todo"), ("leftovers", "template"), ("leftovers", "url"),
    ("leftovers", "web", "*"), ("numbering", "styles", "*", "pattern"), ("numbering", "variants", "*", "@key"), ("numbering", "wrong", "@key"),
    ("numbering", "announce"), ("formulations", "*", "item_pattern"), ("formulations", "*", "trigger"),
    ("formulations", "*", "keyword"), ("patterns", "*", "pattern"),
)


def _validate_patterns(layer: Located, data: dict[str, Any]) -> None:
    """Every regular expression compiles; a broken one is reported at its line."""
    import re

    for spec in _PATTERNS:
        for kp, pattern in _walk(data, spec, ()):
            try:
                re.compile(str(pattern))
            except re.error as exc:
                raise layer.error(kp, f"正则表达式“{pattern}”有误：{exc.msg}",
                                  hint="检查括号是否成对；要匹配 ( [ * ? 等符号本身，请在前面加反斜杠。") from exc


def _walk(node: Any, spec: tuple[str, ...], kp: tuple[Any, ...]) -> Any:
    if not spec:
        yield kp, node
        return
    head, rest = spec[0], spec[1:]
    if head == "@key":
        if isinstance(node, dict):
            for k in node:
                yield kp + (k,), k
        return
    if isinstance(node, dict):
        keys = [k for k in node if head == "*" or str(k).lstrip("+") == head]
        for k in keys:
            yield from _walk(node[k], rest, kp + (k,))
    elif isinstance(node, list) and head == "*":
        for i, item in enumerate(node):
            yield from _walk(item, rest, kp + (i,))


def _known_keys(layer: Located, kp: tuple[Any, ...], value: dict[str, Any], known: list[str]) -> None:
    for k in value:
        if str(k).lstrip("+") not in known:
            guess = did_you_mean(str(k).lstrip("+"), known)
            raise layer.error(kp + (k,), f"“{kp[0]}”下未知的设置项“{k}”",
                              hint=f"您是不是想写“{guess}”？" if guess else f"可用的设置项：{'、'.join(known)}。")


def _same_types(layer: Located, kp: tuple[Any, ...], value: dict[str, Any], base: dict[str, Any]) -> None:
    """A setting keeps the kind of value the built-in one has (a number stays a number, a list a list)."""
    kinds = ((bool,), (int, float), (str,), (list,), (dict,))
    for k, v in value.items():
        old = base.get(str(k).lstrip("+"))
        want: Any = next((t for t in kinds if isinstance(old, t)), None)
        if str(k).startswith("+") and isinstance(old, list):
            want = (list, str)
        if want and not isinstance(v, want) or (want == (int, float) and isinstance(v, bool)):
            zh = {bool: "true 或 false", int: "数字", str: "文字", list: "列表（[甲, 乙]）", dict: "映射（键: 值）"}
            raise layer.error(kp + (k,), f"“{k}”的值应当是{zh[want[0]]}", hint=f"内置的写法是：{k}: {old}")


def _new_list_rules(data: dict[str, Any]) -> set[str]:
    """Rule ids of the lists a layer adds under formulations:, so its rules: may set their severity."""
    lists = data.get("formulations") or data.get("+formulations") or {}
    if not isinstance(lists, dict):
        return set()
    return {str(v.get("rule")) for v in lists.values() if isinstance(v, dict) and v.get("rule")}


def _validate_lists(layer: Located, key: Any, lists: dict[str, Any], base: dict[str, Any]) -> None:
    for name, spec in lists.items():
        if not isinstance(spec, dict):
            raise layer.error((key, name), f"规范表述“{name}”应当是映射（name、items、item_pattern …）")
        _known_keys(layer, (key, name), spec, list(_LIST_KEYS))
        if name not in base:
            for need in ("name", "items", "item_pattern"):
                if need not in spec:
                    raise layer.error((key, name), f"新增的规范表述“{name}”缺少 {need}",
                                      hint="参见内置 rules.yaml 中 formulations: 下的写法。")
        if "items" in spec and (not isinstance(spec["items"], list) or not spec["items"]):
            raise layer.error((key, name, "items"), "items 应当是非空列表")


def _validate_pattern_list(layer: Located, key: Any, value: Any) -> None:
    """patterns: a list of {pattern, right, note?, name?, source?}."""
    if not isinstance(value, list):
        raise layer.error((key,), "patterns 下应当是列表，每项写 pattern 和 right",
                          hint="参见内置的 templates/check/patterns.yaml。")
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str) or not isinstance(item.get("right"), str):
            raise layer.error((key, i), "每一项都要有 pattern（正则）和 right（改法）", hint="如：{pattern: '截止(?=目前)', right: 截至}")
        extra = set(item) - {"pattern", "right", "note", "name", "source"}
        if extra:
            raise layer.error((key, i), f"未知的键“{sorted(extra)[0]}”", hint="可用的键：pattern、right、note、name、source。")


def _validate_rules(layer: Located, key: Any, rules: Any, known: set[str]) -> None:
    if not isinstance(rules, dict):
        raise layer.error((key,), "rules 下应当是“规则编号: {severity: …}”的映射")
    for rid, setting in rules.items():
        if rid not in known:
            guess = did_you_mean(str(rid), sorted(known))
            raise layer.error((key, rid), f"未知的规则编号“{rid}”",
                              hint=f"您是不是想写“{guess}”？" if guess else "运行 drafter check --json 可查看各条规则的编号。")
        if not isinstance(setting, dict):
            raise layer.error((key, rid), f"规则“{rid}”的设置应当是映射，如 {{severity: warning}}")
        for k, v in setting.items():
            if k == "severity" and v not in SEVERITIES:
                raise layer.error((key, rid, k), f"严重程度“{v}”无效", hint="只能是 error、warning 或 info。")
            if k == "enabled" and not isinstance(v, bool):
                raise layer.error((key, rid, k), "enabled 只能是 true 或 false")
            if k not in ("severity", "enabled"):
                raise layer.error((key, rid, k), f"规则设置中未知的键“{k}”", hint="可用的键：severity、enabled。")


def _confusions(layer: Located, kp: tuple[Any, ...]) -> dict[str, dict[str, Any]]:
    """Normalise `wrong: right` and `wrong: {right, note, unless}` entries."""
    data = layer.data
    for k in kp:
        data = data[k]
    data = data or {}
    if not isinstance(data, dict):
        raise layer.error(kp, "错词表应当是“错词: 正确写法”的映射")
    out: dict[str, dict[str, Any]] = {}
    for wrong, right in data.items():
        entry = {"right": right} if isinstance(right, str) else right
        if not isinstance(entry, dict) or not isinstance(entry.get("right"), str) or not str(wrong).strip():
            raise layer.error(kp + (wrong,), f"错词“{wrong}”的写法有误",
                              hint="写成“错词: 正确写法”，或“错词: {right: 正确写法, note: 说明}”。")
        if str(wrong) == entry["right"]:
            raise layer.error(kp + (wrong,), f"错词“{wrong}”与正确写法相同")
        unless = entry.get("unless", [])
        extra = set(entry) - {"right", "note", "unless", "source"}
        if extra:
            raise layer.error(kp + (wrong,), f"错词“{wrong}”中未知的键“{sorted(extra)[0]}”",
                              hint="可用的键：right、note、unless、source。")
        out[str(wrong)] = {"right": entry["right"], "note": entry.get("note", ""), "source": entry.get("source", ""),
                           "unless": [unless] if isinstance(unless, str) else list(unless)}
    return out


def merge(base: Any, layer: Any) -> Any:
    """Layer `layer` over `base` (see the module docstring for the rules)."""
    if not isinstance(base, dict) or not isinstance(layer, dict):
        return copy.deepcopy(layer)
    out = dict(base)
    for key, value in layer.items():
        if isinstance(key, str) and key.startswith("+"):
            name = key[1:]
            old = out.get(name, [])
            if isinstance(old, dict) and isinstance(value, dict):
                out[name] = {**old, **value}
            else:
                out[name] = list(old) + [v for v in (value if isinstance(value, list) else [value]) if v not in old]
        else:
            out[key] = merge(out[key], value) if key in out else copy.deepcopy(value)
    return out
