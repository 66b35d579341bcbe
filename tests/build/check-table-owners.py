#!/usr/bin/env python3
"""Each table of the store has one owner: SQL that names a table appears only in its owner's
source files (issue 14). Usage:

    check-table-owners.py SOURCE_ROOT            fail on SQL that names a table outside its owner
    check-table-owners.py SOURCE_ROOT --count    print the counts (for the issue's before/after)

A SQL literal is a C++ string literal (adjacent literals joined, raw strings included) in core/
or ui/ whose text starts with a SQL statement keyword. It names a table when the table's name
appears in it as a whole word. The owners are listed in table-owners.txt beside this script;
core/store/Schema.cpp (the migrations) may name every table.
"""
import os
import re
import sys
from collections import defaultdict

STATEMENT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|REPLACE|PRAGMA|VACUUM|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b")
LITERAL = re.compile(r'R"(?P<delim>[^(\s]*)\((?P<raw>.*?)\)(?P=delim)"|"(?P<text>(?:[^"\\\n]|\\.)*)"', re.S)


def strip_comments(code):
    # Keep string literals intact while dropping // and /* */ comments.
    out, i, n = [], 0, len(code)
    while i < n:
        if code.startswith("//", i):
            j = code.find("\n", i)
            i = n if j < 0 else j
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif code[i] == '"' or code.startswith('R"', i):
            m = LITERAL.match(code, i)
            if not m:
                out.append(code[i])
                i += 1
                continue
            out.append(m.group(0))
            i = m.end()
        elif code[i] == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(code, i)
            end = m.end() if m else i + 1
            out.append(code[i:end])
            i = end
        else:
            out.append(code[i])
            i += 1
    return "".join(out)


def sql_literals(path):
    code = strip_comments(open(path, encoding="utf-8").read())
    pieces = []  # (start, end, text)
    for m in LITERAL.finditer(code):
        text = m.group("raw") if m.group("raw") is not None else m.group("text")
        pieces.append((m.start(), m.end(), text))
    joined = []
    for start, end, text in pieces:
        if joined and code[joined[-1][1]:start].strip() == "":
            joined[-1] = (joined[-1][0], end, joined[-1][2] + text)
        else:
            joined.append((start, end, text))
    for start, _, text in joined:
        if STATEMENT.match(text):
            yield code.count("\n", 0, start) + 1, text


def load_owners(path):
    owners, tables, allowed = {}, [], defaultdict(int)
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        kind, rest = line.split(None, 1)
        if kind == "table":
            table, owner = rest.split()
            tables.append(table)
            owners[table] = owner
        elif kind == "pending":
            table, where, count = rest.split()
            allowed[(table, where)] = int(count)
    return owners, tables, allowed


def main():
    root = sys.argv[1]
    counting = "--count" in sys.argv[2:]
    owners, tables, pending = load_owners(os.path.join(os.path.dirname(os.path.abspath(__file__)), "table-owners.txt"))
    words = {t: re.compile(r"\b" + re.escape(t) + r"\b") for t in tables}
    outside = defaultdict(int)  # (table, file) -> literals
    literals = literals_outside = 0
    modules = set()
    for layer in ("core", "ui"):
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                for _, text in sql_literals(path):
                    literals += 1
                    modules.add(os.path.dirname(rel))
                    foreign = False
                    for table in tables:
                        if words[table].search(text) and rel != "core/store/Schema.cpp" and not rel.startswith(owners[table]):
                            outside[(table, rel)] += 1
                            foreign = True
                    literals_outside += foreign
    if counting:
        print(f"SQL literals in core/ and ui/: {literals} in {len(modules)} folders")
        print(f"SQL literals naming a table outside its owner: {literals_outside}")
        per_table = defaultdict(int)
        for (table, rel), n in sorted(outside.items()):
            per_table[table] += n
            print(f"  {table:20} {rel:45} {n}")
        for table, n in sorted(per_table.items()):
            print(f"  total {table:14} {n}")
        return 0
    status = 0
    for (table, rel), n in sorted(outside.items()):
        allowed = pending.get((table, rel), 0)
        if n > allowed:
            print(f"{rel}: {n} SQL literal(s) name the table {table}, owned by {owners[table]}"
                  + (f" ({allowed} pending conversion)" if allowed else "") + "; call its store instead")
            status = 1
    for (table, rel), allowed in sorted(pending.items()):
        if outside.get((table, rel), 0) < allowed:
            print(f"table-owners.txt: lower the pending count of {table} in {rel} to {outside.get((table, rel), 0)}")
            status = 1
    if status == 0:
        print(f"no SQL names a table outside its owner, apart from the {sum(pending.values())} uses pending conversion")
    return status


if __name__ == "__main__":
    sys.exit(main())
