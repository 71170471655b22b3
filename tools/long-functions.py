#!/usr/bin/env python3
# long-functions.py [N [FOLDER...]]: lists the functions whose bodies are longer than N lines
# (default 60, the house limit past which a function needs a comment saying why) in the C++ files
# below each FOLDER (default src), longest first. A rough brace count from a definition that
# starts in column 0 or in a class body (namespaces are not indented) to its closing brace; string
# and comment braces are skipped, so it is good enough to find candidates, not a parser.
import re, sys, pathlib
limit = int(sys.argv[1]) if len(sys.argv) > 1 else 60
roots = sys.argv[2:] or ["src"]
found = []
for root in roots:
    for path in sorted(pathlib.Path(root).rglob("*")):
        if path.suffix not in (".cpp", ".hpp", ".h", ".cc"): continue
        lines = path.read_text(errors="replace").split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            # a definition head: starts at column 0 (or a method, indented) with a word, has '(' and is not a declaration
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if indent <= 4 and re.match(r"^[A-Za-z_][\w:<>,\s\*&~]*\(", stripped) and not re.match(r"^(namespace|struct|class|enum|using|typedef|#|static_assert|return|if|for|while|switch|else|do|case|catch|try)\b", stripped):
                j = i
                head = line
                while j < len(lines) and "{" not in lines[j] and not lines[j].rstrip().endswith(";"):
                    j += 1
                if j < len(lines) and "{" in lines[j]:
                    depth = 0
                    k = j
                    started = False
                    while k < len(lines):
                        code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|//.*', "", lines[k])
                        depth += code.count("{") - code.count("}")
                        if code.count("{"): started = True
                        if started and depth <= 0: break
                        k += 1
                    n = k - j - 1  # lines between the braces
                    name = re.match(r"^[^(]*?([\w:~]+)\s*\(", head)
                    if n > limit:
                        found.append((n, f"{n:4d} {path}:{i+1} {name.group(1) if name else head.strip()}"))
                    i = k + 1
                    continue
            i += 1
for _, row in sorted(found, key=lambda r: -r[0]):
    print(row)
