#!/usr/bin/env python3
"""Writes a dense generated C file, the shape that costs pagewise the most memory per byte: many
tiny functions (issue #12's memory target is peak memory per file <= 20x its size).

  bench/dense.py OUT.c --shape empty|call|lines [--bytes N | --functions N]

  empty  one line of `void f1(void){}void f2(void){}...` (19-24 bytes a function)
  call   one line of `void f1(void){g();}...` (each calling one routine)
  lines  one function a line, `void f1(void) { Foo(1); }`

The same arguments always give the same bytes. Then run, for example,
  pagewise check --stats --format json --fail-on never OUT.c
and divide stats.peak_rss_kb * 1024 by the file's size.
"""
import argparse
import sys

SHAPES = {
    "empty": ("void f{n}(void){{}}", ""),
    "call": ("void f{n}(void){{g();}}", ""),
    "lines": ("void f{n}(void) {{ KeStallExecutionProcessor(1); }}", "\n"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="empty")
    ap.add_argument("--bytes", type=int, default=16 * 1024 * 1024 - 64)
    ap.add_argument("--functions", type=int, default=0)
    a = ap.parse_args()
    form, sep = SHAPES[a.shape]
    parts, size, n = [], 0, 0
    while True:
        piece = form.format(n=n + 1) + sep
        if a.functions and n >= a.functions:
            break
        if not a.functions and size + len(piece) + 1 > a.bytes:
            break
        parts.append(piece)
        size += len(piece)
        n += 1
    with open(a.out, "w", newline="\n") as f:
        f.write("".join(parts))
        if not sep:
            f.write("\n")
    print(f"{a.out}: {n} functions, {size + (0 if sep else 1)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
