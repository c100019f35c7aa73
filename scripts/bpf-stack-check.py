#!/usr/bin/env python3
"""Fails when a BPF call chain of OBJ needs more than 512 bytes of stack.

Kernels without private BPF stacks (all before 6.13, and 6.13+ builds that
do not give them to tracing programs) add up the frames of a call chain,
each rounded up to 32 bytes, and refuse a program whose deepest chain is
over 512.  The frames are read from the object itself (llvm-objdump): a
function's frame is the deepest r10 offset it touches; its callees are its
BPF-to-BPF calls and the callbacks it passes to helpers (bpf_loop), which
the verifier runs as a frame of their own.

    scripts/bpf-stack-check.py [-v] OBJ...     exit 1 naming each chain over budget
"""
import re
import subprocess
import sys

LIMIT = 512
ROUND = 32


def objdump(args, obj):
    return subprocess.run(["llvm-objdump"] + args + [obj], check=True,
                          capture_output=True, text=True).stdout


def functions(obj):
    """(section, first insn) -> name, for every function symbol."""
    funcs = {}
    for line in objdump(["-t"], obj).splitlines():
        m = re.match(r"([0-9a-f]+) [lg]\s+F\s+(\S+)\s+[0-9a-f]+ (\S+)$", line)
        if m:
            funcs[(m.group(2), int(m.group(1), 16) // 8)] = m.group(3)
    return funcs


def scan(obj, funcs):
    """Per function: deepest stack offset, and the functions it calls."""
    depth, calls = {}, {}
    sec = cur = None
    frame_regs = set()      # registers that hold r10 (r1 = r10; r1 += -N)
    pend = None             # an instruction waiting for its relocation
    insn_re = re.compile(r"\s*(\d+):\s+((?:[0-9a-f]{2} ){7}[0-9a-f]{2})\s+(.*)")
    for line in objdump(["-d", "-r"], obj).splitlines():
        m = re.match(r"Disassembly of section (\S+):", line)
        if m:
            sec = m.group(1)
            continue
        m = re.match(r"\s+[0-9a-f]+:\s+(R_BPF_64_\d+)\s+(\S+)", line)
        if m and pend:
            kind, text = pend
            if m.group(2) == ".text":
                if kind == "call":      # imm is the target's insn - 1
                    calls[cur].add(funcs.get((".text", text + 1)))
                else:                   # ld_imm64 of a callback: byte offset
                    calls[cur].add(funcs.get((".text", text // 8)))
            elif kind == "call":
                calls[cur].add(m.group(2))
            pend = None
            continue
        m = insn_re.match(line)
        if not m:
            continue
        idx, raw, asm = int(m.group(1)), m.group(2).split(), m.group(3)
        if (sec, idx) in funcs:
            cur = funcs[(sec, idx)]
            depth.setdefault(cur, 0)
            calls.setdefault(cur, set())
            frame_regs = set()
        if cur is None:
            continue
        pend = None
        for off in re.findall(r"r10 - (\d+)\)", asm):
            depth[cur] = max(depth[cur], int(off))
        r = re.match(r"(r\d) = r10$", asm)
        if r:
            frame_regs.add(r.group(1))
            continue
        r = re.match(r"(r\d) \+= -(\d+)$", asm)
        if r and r.group(1) in frame_regs:
            depth[cur] = max(depth[cur], int(r.group(2)))
            continue
        r = re.match(r"(r\d) = ", asm)
        if r:
            frame_regs.discard(r.group(1))
        opcode, regs = int(raw[0], 16), int(raw[1], 16)
        imm = int.from_bytes(bytes(int(b, 16) for b in raw[4:8]), "little", signed=True)
        if opcode == 0x85 and regs >> 4 == 1:           # BPF_PSEUDO_CALL
            if imm == -1:
                pend = ("call", imm)            # relocated: target in the relocation
            elif sec == ".text":
                calls[cur].add(funcs.get((".text", idx + imm + 1)))
            else:
                pend = ("call", imm)
        elif opcode == 0x18:                            # ld_imm64: maybe a callback
            pend = ("ld", imm)
    return depth, calls


def frame(n):
    return (max(n, 1) + ROUND - 1) // ROUND * ROUND


def chains(fn, depth, calls, seen=()):
    """Every chain from fn: (total bytes, [names])."""
    here = frame(depth.get(fn, 0))
    subs = [c for c in calls.get(fn, ()) if c and c not in seen]
    if not subs:
        return [(here, [fn])]
    out = []
    for c in subs:
        for total, path in chains(c, depth, calls, seen + (fn,)):
            out.append((here + total, [fn] + path))
    return out


def main():
    verbose = "-v" in sys.argv[1:]
    objs = [a for a in sys.argv[1:] if a != "-v"]
    bad = 0
    for obj in objs:
        funcs = functions(obj)
        depth, calls = scan(obj, funcs)
        progs = [name for (sec, _), name in funcs.items() if sec != ".text"]
        for p in sorted(progs):
            worst = max(chains(p, depth, calls))
            line = "%s: %s: %d bytes (%s)" % (
                obj, p, worst[0],
                " -> ".join("%s %d" % (f, frame(depth.get(f, 0))) for f in worst[1]))
            if worst[0] > LIMIT:
                print("bpf-stack-check: over %d: %s" % (LIMIT, line), file=sys.stderr)
                bad = 1
            elif verbose:
                print(line)
    return bad


if __name__ == "__main__":
    sys.exit(main())
