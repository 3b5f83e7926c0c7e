"""Validates YAML files against the JSON Schema of the spec language, as an editor does: each
file is read as YAML 1.2 (PyYAML with yamlcore's core schema, so `on:` and `yes` are text)
and checked with the `jsonschema` package (draft 2020-12).

Usage: python validate_schema.py SCHEMA.json FILE...
Prints JSON: {FILE: {"read": true, "errors": [MESSAGE...]}} for each file it could read as
YAML, and {FILE: {"read": false, "error": MESSAGE}} for one it could not (not UTF-8, not
YAML, two documents, an unknown tag).
"""

import json
import sys

import yaml
from jsonschema import Draft202012Validator
from yamlcore import CoreLoader


def main():
    schema_file, *files = sys.argv[1:]
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    results = {}
    for name in files:
        try:
            with open(name, encoding="utf-8") as f:
                document = yaml.load(f, Loader=CoreLoader)
        except (UnicodeDecodeError, yaml.YAMLError) as error:
            results[name] = {"read": False, "error": str(error).splitlines()[0]}
            continue
        errors = sorted(
            f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(document)
        )
        results[name] = {"read": True, "errors": errors}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
