# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the collection's examples into files that ansible-lint can check, and check the docs' links.

    python tests/utils/docs_snippets.py examples COLLECTION OUT   each module's EXAMPLES -> OUT/<module>.yml
    python tests/utils/docs_snippets.py snippets ROOT OUT         YAML blocks of ROOT/docs/*.md -> OUT/*.yml
    python tests/utils/docs_snippets.py links ROOT                relative links of README.md and docs/*.md

Used by tests/utils/lint.sh.  Every ```yaml block of the guides must parse; a block that is a list of
plays or of tasks becomes a playbook (tasks are put in a play on localhost), so that ansible-lint checks
its module options against the argument specs.  Other blocks (an inventory, an execution environment
definition), and those that use a collection other than vpnops.aws and ansible.builtin, are only
parsed.  A link to a file that does not exist fails, except to files that another tool writes
(GENERATED), which only get a note while they are missing.
"""

import ast
import pathlib
import re
import sys

import yaml

# Written by `make bench` (benchmarks/bench.py), not by hand.
GENERATED = {"docs/performance.md"}
PLAY_KEYS = {"hosts", "import_playbook"}
# Collections that the lint copy has; a snippet that uses another one (amazon.aws, say) is only parsed.
KNOWN_COLLECTIONS = {"vpnops.aws", "ansible.builtin"}
_FQCN_KEY = re.compile(r"^[ -]*(?:group/)?([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\.[a-z][a-z0-9_]*:", re.MULTILINE)
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _examples_text(module_path):
    tree = ast.parse(module_path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["EXAMPLES"]:
            return ast.literal_eval(node.value)
    raise SystemExit(f"docs_snippets: {module_path.name} has no EXAMPLES")


def _play_around(tasks_text, name):
    """A playbook on localhost whose tasks are tasks_text, kept as written (indented under tasks:)."""
    lines = tasks_text.strip("\n").splitlines()
    body = "".join(f"    {line}".rstrip() + "\n" for line in lines)
    return f"---\n- name: {name}\n  hosts: localhost\n  gather_facts: false\n  tasks:\n{body}"


def write_examples(collection, out):
    out.mkdir(parents=True, exist_ok=True)
    for module in sorted((collection / "plugins" / "modules").glob("*.py")):
        text = _play_around(_examples_text(module), f"EXAMPLES of vpnops.aws.{module.stem}")
        (out / f"{module.stem}.yml").write_text(text, encoding="utf-8")
        print(f"   EXAMPLES of {module.stem} -> {out.name}/{module.stem}.yml")


def _kind(data):
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return "playbook" if any(PLAY_KEYS & set(item) for item in data) else "tasks"
    return "other"


def write_snippets(root, out):
    out.mkdir(parents=True, exist_ok=True)
    errors = []
    for page in sorted((root / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for number, match in enumerate(_FENCE.finditer(text), start=1):
            language, block = match.groups()
            if language not in ("yaml", "yml"):
                continue
            line = text.count("\n", 0, match.start()) + 1
            where = f"docs/{page.name}:{line}"
            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError as exc:
                errors.append(f"{where}: not valid YAML: {exc}")
                continue
            kind = _kind(data)
            others = sorted(set(_FQCN_KEY.findall(block)) - KNOWN_COLLECTIONS)
            if others:
                print(f"   {where}: parsed (uses {', '.join(others)}, which the lint copy does not have)")
                continue
            if kind == "other":
                print(f"   {where}: parsed")
                continue
            target = out / f"{page.stem}-{number:02d}.yml"
            if kind == "playbook":
                target.write_text(block if block.startswith("---") else f"---\n{block}", encoding="utf-8")
            else:
                target.write_text(_play_around(block, f"Snippet from docs/{page.name} line {line}"), encoding="utf-8")
            print(f"   {where}: {kind} -> {out.name}/{target.name}")
    return errors


def check_links(root):
    errors = []
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    for page in pages:
        text = _FENCE.sub("", page.read_text(encoding="utf-8"))
        for target in _LINK.findall(text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            relative = path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else None
            if path.exists():
                continue
            where = page.relative_to(root).as_posix()
            if relative in GENERATED:
                print(f"   note: {where} links to {relative}, which is generated and not there yet")
            else:
                errors.append(f"{where}: link to {target}, which does not exist")
    print(f"   links of {len(pages)} pages checked")
    return errors


def main(argv):
    command, *args = argv
    if command == "examples":
        write_examples(pathlib.Path(args[0]), pathlib.Path(args[1]))
        errors = []
    elif command == "snippets":
        errors = write_snippets(pathlib.Path(args[0]), pathlib.Path(args[1]))
    elif command == "links":
        errors = check_links(pathlib.Path(args[0]))
    else:
        raise SystemExit(f"docs_snippets: unknown command {command!r}")
    for error in errors:
        print(f"docs_snippets: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
