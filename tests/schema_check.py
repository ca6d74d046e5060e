#!/usr/bin/env python3
"""Checks `gongwen schema` with an independent validator (the Python `jsonschema` package).

The schema must be a valid draft 2020-12 schema; every fixture (and every `examples` value
inside the schema) must validate against it; a blank file from `gongwen init` and a few
broken files must be rejected. Run from the repository root (`.ci/run` does, in a venv):

    python3 tests/schema_check.py [path/to/gongwen]
"""

import copy
import json
import pathlib
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parent.parent
failures = []


def check(what, ok):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def load_fixture(path):
    encoding = "gbk" if path.name.endswith(".gbk.json") else "utf-8-sig"
    return json.loads(path.read_bytes().decode(encoding))


def main():
    gongwen = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "gongwen")
    schema = json.loads(subprocess.run([gongwen, "schema"], check=True, capture_output=True).stdout)
    Draft202012Validator.check_schema(schema)
    check("the schema is a valid draft 2020-12 schema", schema["$schema"].endswith("/draft/2020-12/schema"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    def errors(value):
        return sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))

    fixtures = sorted((ROOT / "fixtures").glob("*.json")) + [ROOT / "tests" / "data" / "answers.json"]
    check("there are fixtures", len(fixtures) >= 4)
    for path in fixtures:
        found = errors(load_fixture(path))
        check(f"{path.relative_to(ROOT)} validates", not found)
        for e in found:
            print(f"      {list(e.absolute_path)}: {e.message}")

    # Every example inside the schema validates against the schema of its own field.
    def walk(node, where):
        if isinstance(node, dict):
            for example in node.get("examples", []):
                sub = Draft202012Validator(node, format_checker=Draft202012Validator.FORMAT_CHECKER)
                check(f"example of {where or '(root)'} validates", not list(sub.iter_errors(example)))
            for key, child in node.get("properties", {}).items():
                walk(child, f"{where}.{key}" if where else key)
            if isinstance(node.get("items"), dict):
                walk(node["items"], f"{where}[]")

    walk(schema, "")

    base = load_fixture(ROOT / "fixtures" / "baiyun-zhen.json")
    with_schema = dict(base, **{"$schema": "./fazhan-dangyuan.schema.json"})
    check('"$schema" is allowed', not errors(with_schema))

    def broken(what, change, path):
        value = copy.deepcopy(base)
        change(value)
        found = errors(value)
        check(f"rejects {what}", any(list(e.absolute_path) == path for e in found))

    broken("a missing required field", lambda v: v.pop("乡镇名称"), [])
    broken("a nested missing required field", lambda v: v["基本情况"].pop("村党组织数"), ["基本情况"])
    broken("a text where a number belongs", lambda v: v["基本情况"].update({"村党组织数": "十六"}), ["基本情况", "村党组织数"])
    broken("a number where a text belongs", lambda v: v.update({"党委名称": 12}), ["党委名称"])
    broken("a date in the wrong pattern", lambda v: v.update({"成文日期": "2026/11/20"}), ["成文日期"])
    broken("a date that does not exist", lambda v: v.update({"成文日期": "2026-02-30"}), ["成文日期"])
    broken("an empty required list", lambda v: v.update({"主要做法": []}), ["主要做法"])
    broken("a blank required text", lambda v: v["主要做法"][0].update({"标题": "  "}), ["主要做法", 0, "标题"])
    broken("a number below its minimum", lambda v: v["基本情况"]["分年度发展党员数"][0].update({"人数": -1}),
           ["基本情况", "分年度发展党员数", 0, "人数"])
    broken("an unknown key (typo)", lambda v: v.update({"乡镇明称": "白云镇"}), [])
    broken("null in a required field", lambda v: v.update({"成文日期": None}), ["成文日期"])
    broken("too many items", lambda v: v["存在问题"].update({"问题": ["问题"] * 201}), ["存在问题", "问题"])

    # The untouched file of `gongwen init` is rejected: every required field is still empty.
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([gongwen, "init", "-o", str(pathlib.Path(tmp) / "a.json")], check=True, capture_output=True)
        blank = json.loads((pathlib.Path(tmp) / "a.json").read_text(encoding="utf-8"))
        on_disk = json.loads((pathlib.Path(tmp) / blank["$schema"]).read_text(encoding="utf-8"))
        check("init writes the schema that $schema names", on_disk == schema)
        paths = {tuple(e.absolute_path) for e in errors(blank)}
        for required in [("乡镇名称",), ("成文日期",), ("基本情况", "村党组织数"), ("主要做法", 0, "标题"), ("存在问题", "问题", 0)]:
            check(f"the blank file is rejected at {'.'.join(map(str, required))}", required in paths)

    print(f"\n{len(failures)} failure(s)" if failures else "\nschema_check: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
