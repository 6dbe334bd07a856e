#!/usr/bin/env python3
"""Runs a command under a seccomp profile in the OCI format the kubelet hands to the runtime (Localhost profiles).

    run-under-profile.py PROFILE.json -- COMMAND [ARG...]

Compiles the profile with the system's libseccomp, as runc does: default action, then each rule for each syscall
name the native architecture knows (unknown names are skipped, as runc skips them), argument conditions ANDed
within a rule, rules ORed; then loads it (with no_new_privs, as allowPrivilegeEscalation=false sets) and execs the
command, which inherits the filter. Only the native architecture is compiled: enough to run the native Chromium.
"""
import ctypes
import ctypes.util
import json
import os
import sys

ACT_ALLOW = 0x7FFF0000
OPS = {"SCMP_CMP_NE": 1, "SCMP_CMP_LT": 2, "SCMP_CMP_LE": 3, "SCMP_CMP_EQ": 4, "SCMP_CMP_GE": 5, "SCMP_CMP_GT": 6,
       "SCMP_CMP_MASKED_EQ": 7}


class ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def action(name, errno_ret):
    if name == "SCMP_ACT_ALLOW":
        return ACT_ALLOW
    if name == "SCMP_ACT_ERRNO":
        return 0x00050000 | (errno_ret & 0xFFFF)
    raise SystemExit("unsupported action " + name)


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        raise SystemExit(__doc__)
    profile = json.load(open(sys.argv[1]))
    lib = ctypes.CDLL(ctypes.util.find_library("seccomp") or "libseccomp.so.2", use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(ArgCmp)]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]

    ctx = lib.seccomp_init(action(profile["defaultAction"], profile.get("defaultErrnoRet", 1)))
    if not ctx:
        raise SystemExit("seccomp_init failed")
    rules = 0
    for rule in profile["syscalls"]:
        act = action(rule["action"], rule.get("errnoRet", 1))
        args = rule.get("args") or []
        cmps = (ArgCmp * max(1, len(args)))()
        for i, a in enumerate(args):
            cmps[i] = ArgCmp(a["index"], OPS[a["op"]], a["value"], a.get("valueTwo", 0))
        for name in rule["names"]:
            nr = lib.seccomp_syscall_resolve_name(name.encode())
            if nr == -1:
                continue  # not a syscall of this architecture
            rc = lib.seccomp_rule_add_array(ctx, act, nr, len(args), cmps)
            if rc == 0:
                rules += 1
            elif rc != -17:  # -EEXIST: the default action already; anything else is a broken profile
                raise SystemExit("rule for %s failed: %d" % (name, rc))
    if rules < 100:
        raise SystemExit("only %d rules compiled" % rules)
    rc = lib.seccomp_load(ctx)
    if rc != 0:
        raise SystemExit("seccomp_load failed: %d" % rc)
    os.execvp(sys.argv[3], sys.argv[3:])


main()
