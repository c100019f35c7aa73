#!/usr/bin/env python3
"""List the C functions under src/ longer than a limit; exit 1 if any.

    python3 scripts/fnlen.py [--max 120] [--allow FILE] [DIR...]

A function's length is the lines of its body, from the line of its opening
brace to the line of its closing one.  Functions named in the allow file
(one name a line, # comments) are reported but do not fail the check: the
ones still waiting to be split.  Prints one PASS or FAIL line, as the tests
do, so that tests/run.sh counts it.
"""
import os
import re
import sys

IDENT = re.compile(r'[A-Za-z_]\w*')


def strip(text):
    """The text with comments, strings and character literals blanked
    (newlines kept, so that line numbers stay) and preprocessor lines
    dropped."""
    out = []
    i, n = 0, len(text)
    bol = True
    while i < n:
        c = text[i]
        if bol and c == '#':
            # a directive, with its continuation lines
            while i < n and text[i] != '\n':
                if text[i] == '\\' and i + 1 < n and text[i + 1] == '\n':
                    out.append('\n')
                    i += 2
                    continue
                i += 1
            continue
        if c == '/' and text.startswith('//', i):
            while i < n and text[i] != '\n':
                i += 1
            continue
        if c == '/' and text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append('\n' * text.count('\n', i, j) or ' ')
            i = j
            continue
        if c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + '\n' * text.count('\n', i, j) + c)
            i = j + 1
            bol = False
            continue
        out.append(c)
        if c == '\n':
            bol = True
        elif not c.isspace():
            bol = False
        i += 1
    return ''.join(out)


def func_name(head):
    """The name of the function whose definition ends in head (the text
    before its body), or None if head is not a function's."""
    head = head.strip()
    if not head.endswith(')') or '=' in head.split('(')[0]:
        return None
    # the first parenthesised group at top level: its name comes before it
    depth = 0
    for k, c in enumerate(head):
        if c == '(':
            if depth == 0:
                m = re.search(r'([A-Za-z_]\w*)\s*$', head[:k])
                if not m:
                    return None
                name = m.group(1)
                if name.isupper():
                    # BPF_PROG(name, ...) and such: the first argument
                    a = IDENT.match(head[k + 1:].lstrip())
                    if a:
                        name = '%s(%s)' % (name, a.group(0))
                return name
            depth += 1
        elif c == ')':
            depth -= 1
    return None


def functions(path):
    """(name, first line, length) of each function defined in path."""
    with open(path, encoding='utf-8', errors='replace') as f:
        text = strip(f.read())
    depth = 0
    start = 0          # where the current top-level declaration began
    found = []
    cur = None
    for i, c in enumerate(text):
        if c == '{':
            if depth == 0:
                name = func_name(text[start:i])
                cur = (name, text.count('\n', 0, i) + 1) if name else None
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                if cur:
                    end = text.count('\n', 0, i) + 1
                    found.append((cur[0], cur[1], end - cur[1] + 1))
                    cur = None
                start = i + 1
        elif c == ';' and depth == 0:
            start = i + 1
    return found


def main(argv):
    limit, allow_file, dirs = 120, None, []
    it = iter(argv)
    for a in it:
        if a == '--max':
            limit = int(next(it))
        elif a == '--allow':
            allow_file = next(it)
        else:
            dirs.append(a)
    dirs = dirs or ['src']
    allow = set()
    if allow_file:
        with open(allow_file) as f:
            for line in f:
                line = line.split('#', 1)[0].strip()
                if line:
                    allow.add(line)
    long_, waived = [], []
    for d in dirs:
        for root, _, files in sorted(os.walk(d)):
            for fn in sorted(files):
                if not fn.endswith(('.c', '.h')):
                    continue
                p = os.path.join(root, fn)
                for name, line, n in functions(p):
                    if n > limit:
                        (waived if name in allow else long_).append((p, line, name, n))
    for p, line, name, n in waived:
        print('%s:%d: %s: %d lines (allowed for now)' % (p, line, name, n))
    for p, line, name, n in long_:
        print('%s:%d: %s: %d lines, over %d' % (p, line, name, n, limit))
    if long_:
        print('FAIL fnlen: %d function(s) in %s over %d lines' % (len(long_), ' '.join(dirs), limit))
        return 1
    print('PASS fnlen: no function in %s over %d lines%s' %
          (' '.join(dirs), limit, ' but the %d allowed' % len(waived) if waived else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
