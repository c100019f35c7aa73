#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks text output of trail against its JSON (t_escape.sh).

  textcheck.py raw FILE [tab]       no raw control byte but '\\n' (and '\\t'
                                    with tab), no DEL, valid UTF-8, no C1,
                                    bidirectional control or U+2028/9
  textcheck.py VIEW TEXT JSON       the strings in the text view, unescaped,
                                    are the exact bytes the JSON gives
  VIEW: show, tree, deps, summary, diff, stat, watch
  textcheck.py svg FILE             Graphviz's SVG of trail graph: well-formed
                                    XML of Graphviz's own elements only, no
                                    event handler attribute

Prints nothing and exits 0 when the check holds; else one line, exit 1.
The unescaping is written here again from docs/json.md ("Strings in the
text views"), not taken from trail: \\n \\t \\r \\\\ \\" and \\xNN (two lower-case hex digits)."""
import json
import re
import sys

HIDDEN = re.compile('[\u0080-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]')
QUOTED = re.compile(rb'"((?:[^"\\]|\\.)*)"')


def unescape(b):
    out, i = bytearray(), 0
    while i < len(b):
        c = b[i]
        if c < 0x20 or c == 0x7f:
            raise ValueError('raw byte %#x in %r' % (c, b))
        if c != 0x5c:
            out.append(c)
            i += 1
            continue
        e = b[i + 1:i + 2]
        if e == b'x':
            h = b[i + 2:i + 4]
            if not re.fullmatch(rb'[0-9a-f]{2}', h):
                raise ValueError('bad \\x escape in %r' % b)
            out.append(int(h, 16))
            i += 4
            continue
        m = {b'n': 10, b't': 9, b'r': 13, b'\\': 0x5c, b'"': 0x22}
        if e not in m:
            raise ValueError('bad escape %r in %r' % (e, b))
        out.append(m[e])
        i += 2
    return bytes(out)


def jb(s):
    """A JSON string back to its bytes (\\udcXX is one raw byte)."""
    return s.encode('utf-8', 'surrogateescape')


def strings(v):
    """Every string value in a JSON value, as bytes."""
    if isinstance(v, str):
        yield jb(v)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)


def fail(msg):
    print(msg[:600])
    sys.exit(1)


def raw(path, tab):
    data = open(path, 'rb').read()
    for n, line in enumerate(data.split(b'\n'), 1):
        for c in line:
            if (c < 0x20 and not (tab and c == 9)) or c == 0x7f:
                fail('line %d: raw byte %#x: %r' % (n, c, line[:200]))
        try:
            t = line.decode('utf-8')
        except UnicodeDecodeError as e:
            fail('line %d: invalid UTF-8 (%s): %r' % (n, e, line[:200]))
        m = HIDDEN.search(t)
        if m:
            fail('line %d: raw U+%04X: %r' % (n, ord(m.group()), line[:200]))


def lines(path):
    return open(path, 'rb').read().split(b'\n')[:-1]


def angled(line):
    """show's resolved path: the last <...> of the line."""
    line = line.removesuffix(b' (truncated)')
    if not line.endswith(b'>') or b' <' not in line:
        return None
    return line[line.rindex(b' <') + 2:-1]


def check_show(text, js):
    """Line i is event i: each quoted string and the <path> unescape to a
    string of event i; each path, argv and env string of the event is there."""
    t = lines(text)
    evs = [json.loads(l) for l in open(js, encoding='utf-8', errors='surrogateescape')]
    if len(t) != len(evs):
        fail('%d text lines, %d JSON events' % (len(t), len(evs)))
    checked = 0
    for n, (line, ev) in enumerate(zip(t, evs), 1):
        have = set(strings(ev))
        a = angled(line)
        head = line if a is None else line[:line.rindex(b' <')]
        got = [unescape(q) for q in QUOTED.findall(head)]
        if a is not None:
            got.append(unescape(a))
        for g in got:
            if g not in have:
                fail('line %d: %r is no string of the event %s' % (n, g, json.dumps(ev)[:300]))
        want = [jb(ev[k]) for k in ('path', 'path2', 'filename', 'real') if isinstance(ev.get(k), str)]
        want += [jb(x) for x in ev.get('argv', [])[:32]]
        if b' vars)' not in line:
            want += [jb(x) for x in ev.get('env', [])]
        for w in want:
            if w not in got:
                fail('line %d: %r (from the JSON) not in the text %r' % (n, w, line[:300]))
        checked += len(want)
    print('%d strings' % checked, file=sys.stderr)


def check_tree(text, js):
    """Each line's argv unescapes to a recorded argv joined with spaces."""
    evs = [json.loads(l) for l in open(js, encoding='utf-8', errors='surrogateescape')]
    argvs = {b' '.join(jb(a) for a in e['argv']) for e in evs if e['event'] == 'exec' and e['ret'] == 0}
    seen = 0
    for n, line in enumerate(lines(text), 1):
        m = re.fullmatch(rb' *\d+ (?:\(fork\) )?(.*)  \[[^]]*\]', line)
        if not m:
            fail('line %d: not a tree line: %r' % (n, line[:200]))
        if unescape(m.group(1)) not in argvs:
            fail('line %d: %r is no recorded argv' % (n, unescape(m.group(1))[:200]))
        seen += 1
    if seen < len(argvs):
        fail('%d lines for %d execs' % (seen, len(argvs)))


def sections(ls, indent, prefix=b''):
    """deps-style lists: 'NAME (N):' then indented items."""
    out, cur = {}, None
    for line in ls:
        m = re.fullmatch(re.escape(indent) + rb'([a-z]+) \((\d+)\):', line)
        if m:
            cur = out.setdefault(m.group(1).decode(), [])
            continue
        if cur is not None and line.startswith(indent + b'  ' + prefix):
            cur.append(unescape(line[len(indent) + 2 + len(prefix):]))
        else:
            cur = None
    return out


def check_deps(text, js):
    """Every list, of the run and of each command, as the JSON's."""
    t = lines(text)
    d = json.load(open(js, encoding='utf-8', errors='surrogateescape'))
    if t[0] != b'run: ' + t[0][5:] or unescape(t[0][5:]) != jb(d['command']):
        fail('run line %r, command %r' % (t[0], d['command']))
    cut = t.index(b'commands:')
    whole = sections(t[1:cut], b'')
    for k, v in whole.items():
        if v != [jb(x) for x in d[k]]:
            fail('%s: text %r, JSON %r' % (k, v[:3], d[k][:3]))
    total = sum(len(d[k]) for k in whole)
    cmds, cur = [], None
    for line in t[cut + 1:]:
        m = re.fullmatch(rb'\[(\d+)\] (.*)', line)
        if m:
            cur = [int(m.group(1)), None if m.group(2) == b'(no exec)' else unescape(m.group(2)), []]
            cmds.append(cur)
        elif cur:
            cur[2].append(line)
    if len(cmds) != len(d['commands']):
        fail('%d commands in text, %d in JSON' % (len(cmds), len(d['commands'])))
    for (pid, argv, body), c in zip(cmds, d['commands']):
        if pid != c['pid'] or argv != (b' '.join(jb(a) for a in c['argv']) if c['argv'] else None):
            fail('command [%d] %r, JSON %r' % (pid, argv[:200], c['argv'][:3]))
        for k, v in sections(body, b'    ').items():
            if v != [jb(x) for x in c[k]]:
                fail('[%d] %s: text %r, JSON %r' % (pid, k, v[:3], c[k][:3]))
            total += len(v)
    print('%d paths' % total, file=sys.stderr)


def check_summary(text, js):
    """The command line and the bound socket name round-trip."""
    t = lines(text)
    evs = [json.loads(l) for l in open(js, encoding='utf-8', errors='surrogateescape')]
    ex = [e for e in evs if e['event'] == 'exec' and e['ret'] == 0][0]
    cmd = [unescape(l[12:]) for l in t if l.startswith(b'command:    ')]
    if cmd != [b' '.join(jb(a) for a in ex['argv'])]:
        fail('command: %r, argv %r' % (cmd, ex['argv']))
    binds = {b'bind ' + jb(e['addr']['path']) for e in evs if e['event'] == 'bind' and e['ret'] == 0}
    net = {unescape(l[12:]) for l in t if l.startswith((b'network:    ', b'            ')) and b' ' in l[12:]}
    if not binds or not binds <= net:
        fail('network lines %r, bound %r' % (net, binds))


def check_diff(text, js):
    """The file lists (+ and -) and the changed arguments as the JSON's."""
    t = lines(text)
    d = json.load(open(js, encoding='utf-8', errors='surrogateescape'))
    got, cur = {}, None
    for line in t:
        m = re.fullmatch(rb'([a-z]+):', line)
        if m:
            cur = m.group(1).decode()
            continue
        if cur in d['files'] and line[:2] in (b'- ', b'+ '):
            s = re.sub(rb'  \((now|was) found\)$', b'', line[2:])
            got.setdefault(cur, {'removed': [], 'added': []})['-+'.index(chr(line[0])) and 'added' or 'removed'].append(unescape(s))
    n = 0
    for k, v in d['files'].items():
        for side in ('removed', 'added'):
            want = [jb(x) for x in v[side]]
            have = got.get(k, {}).get(side, [])
            if want != have:
                fail('%s %s: text %r, JSON %r' % (k, side, have[:3], want[:3]))
            n += len(want)
    args = [unescape(l[len(b'    - arg '):]) for l in t if l.startswith((b'    - arg ', b'    + arg '))]
    want = [jb(a) for c in d['commands']['changed'] for side in ('removed', 'added') for a in c['args'][side]]
    if sorted(args) != sorted(want):
        fail('args: text %r, JSON %r' % (args[:4], want[:4]))
    env = sorted(unescape(l[10:]) for l in t if l.startswith(b'    ~ env '))
    want_env = sorted(jb(k) + b'=' + jb(v['a']) + b' -> ' + jb(v['b']) for c in d['commands']['changed']
                      for k, v in c['env']['changed'].items())
    if env != want_env or not env:
        fail('env: text %r, JSON %r' % (env[:2], want_env[:2]))
    print('%d paths, %d args, %d env lines' % (n, len(want), len(env)), file=sys.stderr)


def check_stat(text, js):
    """The files table: each path unescapes to a path the JSON gives."""
    t = lines(text)
    d = json.load(open(js, encoding='utf-8', errors='surrogateescape'))
    want = {jb(f['path']) for f in d['files']}
    comms = {jb(c['comm']) for c in d['comms']}
    i = t.index(next(l for l in t if l.startswith(b'files ')))
    got = set()
    for line in t[i + 2:]:
        m = re.fullmatch(rb' +\d+ +\d+  (.*)', line)
        if not m:
            break
        got.add(unescape(m.group(1).removesuffix(b'... (truncated)')))
    if not got <= want or len(got) < 270:
        fail('%d paths in text, %d in JSON; text only: %r' % (len(got), len(want), list(got - want)[:3]))
    i = t.index(next(l for l in t if l.startswith(b'comms:')))
    tc = set()
    for line in t[i + 2:]:
        m = re.fullmatch(rb' +\d+  (.*)', line)
        if not m:
            break
        tc.add(unescape(m.group(1)))
    if not tc <= comms or b'\x1b[31mc\nomm\x7f' not in tc:
        fail('comms: text %r, JSON %r' % (tc, comms))


def check_watch(text, js):
    """Each quoted string of an open line is a path of the recording."""
    evs = [json.loads(l) for l in open(js, encoding='utf-8', errors='surrogateescape')]
    paths = {jb(e['path']) for e in evs if e['event'] == 'open'}
    got = {unescape(QUOTED.findall(l)[0]) for l in lines(text) if re.search(rb' open(at)?\(', l)}
    if len(got) < 270 or not paths <= got:
        fail('%d paths opened in watch, %d in the recording; missing %r' % (len(got), len(paths), list(paths - got)[:3]))


SVG_TAGS = {'svg', 'g', 'title', 'text', 'polygon', 'ellipse', 'path', 'polyline', 'a'}


def check_svg(path, _):
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail('not well-formed XML: %s' % e)
    for e in root.iter():
        tag = e.tag.split('}')[-1]
        if tag not in SVG_TAGS:
            fail('element <%s> in the SVG' % tag)
        for a in e.attrib:
            if a.split('}')[-1].lower().startswith('on'):
                fail('attribute %s on <%s>' % (a, tag))


if __name__ == '__main__':
    try:
        if sys.argv[1] == 'raw':
            raw(sys.argv[2], len(sys.argv) > 3)
        else:
            globals()['check_' + sys.argv[1]](sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    except ValueError as e:
        fail(str(e))
