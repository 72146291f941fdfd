"""Writes the seccomp filter of Skiff's sandboxed functions, as a BPF program for bwrap --seccomp FD.

Usage: /usr/bin/python3 seccomp_filter.py OUTPUT

The policy, in the spirit of Docker's default profile but as a deny-list: everything is allowed except
the calls below, which fail with EPERM, as they would for a process without the privilege; programs
already cope with that. Rules are made for x86_64 and aarch64 (and the machine's own architecture);
a call made through any other ABI (32-bit int 0x80, x32) kills the process, as libseccomp does for an
architecture the filter does not name. A name this libseccomp does not know is skipped and said on
stderr.

Exit status: 0 written; 3 the Python module 'seccomp' (Debian: python3-seccomp) is missing; else failed.
"""
import errno
import sys

MISSING_MODULE = 3

try:
    import seccomp
except ImportError:
    print("the Python module 'seccomp' is missing", file=sys.stderr)
    sys.exit(MISSING_MODULE)

# Calls denied whatever their arguments, grouped by why.
DENIED = (
    # The sandbox's file tree is fixed by bwrap before the function starts: mounting, moving the root
    # or changing it could undo that, or reach the host's file systems. Functions never need them.
    ("mount", "umount2", "pivot_root", "chroot", "mount_setattr", "move_mount", "open_tree",
     "fsopen", "fsconfig", "fsmount", "fspick"),
    # New namespaces (see also clone below) are the kernel's largest attack surface for an
    # unprivileged process: inside a new user namespace it gains every capability.
    ("unshare", "setns"),
    # Reading, writing or taking over another process: its memory, registers or file descriptors
    # (pidfd_getfd needs the same permission as ptrace, so it goes with it).
    ("ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd"),
    # Programs run in the kernel and the kernel's keyrings, which are not namespaced: one function
    # could read another's keys.
    ("bpf", "keyctl", "add_key", "request_key"),
    # Loading code into the kernel or replacing the kernel.
    ("kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module"),
    # Kernel interfaces with a long record of privilege-escalation bugs that functions do not use:
    # performance counters, userfaultfd (stalls the kernel at will) and io_uring (runtimes fall back
    # to ordinary reads and writes when it is refused).
    ("perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register"),
    # File handles open a file by inode, past the sandbox's paths (the "Shocker" container escape).
    ("open_by_handle_at", "name_to_handle_at"),
    # The machine's own state: swap, power, the kernel log, process accounting, quotas, the clock.
    ("swapon", "swapoff", "reboot", "syslog", "acct", "quotactl", "settimeofday", "clock_settime",
     "clock_adjtime", "adjtimex", "vhangup"),
    # Hardware ports, watching the host's whole file system, and obsolete calls.
    ("iopl", "ioperm", "fanotify_init", "lookup_dcookie", "nfsservctl", "uselib"),
)

# socket(2) and socketpair(2) domains denied. AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK stay:
# glibc's getaddrinfo asks netlink which addresses the machine has.
DENIED_SOCKET_DOMAINS = (
    15,  # AF_KEY: the host's IPsec keys
    17,  # AF_PACKET: raw frames, sniffing and spoofing on the host's network
    31,  # AF_BLUETOOTH: the host's radios
    38,  # AF_ALG: the kernel's crypto API, a frequent source of kernel bugs
    40,  # AF_VSOCK: talking to the hypervisor or to other virtual machines
)

# clone(2) flags that make a namespace, denied as unshare is. clone passes its flags in argument 0
# on both x86_64 and aarch64; libseccomp compares one argument once per rule, so one rule a flag.
CLONE_NAMESPACE_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
)

# clone3(2) passes its flags in a structure in memory, which a filter cannot read. It fails with
# ENOSYS, as on an older kernel, and glibc falls back to clone, where the rules above apply.
ENOSYS_CALLS = ("clone3",)

# personality(2): programs query it (0xffffffff) or set PER_LINUX (0), PER_LINUX32 (8), UNAME26
# (0x20000) or both (0x20008), which Docker allows. Any other persona can turn off address
# randomisation (ADDR_NO_RANDOMIZE) or map page zero (MMAP_PAGE_ZERO), helping an exploit.
PERSONALITY_QUERY = 0xFFFFFFFF
PERSONALITY_ALLOWED_BITS = 0x00000008 | 0x00020000


def personality_denials():
    """The argument tests, one per rule, that together deny every persona but the allowed ones.

    libseccomp compares an argument once per rule, so "none of these values" is spelt as rules any
    of which denies: a value wider than 32 bits; a bit outside the allowed ones while bit 31 is
    clear (so not the query); bit 31 set while another bit is clear (so not the query either).
    """
    top = 1 << 31
    yield seccomp.Arg(0, seccomp.GT, PERSONALITY_QUERY)
    for bit in (1 << i for i in range(31)):
        if not bit & PERSONALITY_ALLOWED_BITS:
            yield seccomp.Arg(0, seccomp.MASKED_EQ, top | bit, bit)
        yield seccomp.Arg(0, seccomp.MASKED_EQ, top | bit, top)


def rules():
    """Every rule of the policy as (action, call, argument tests)."""
    eperm = seccomp.ERRNO(errno.EPERM)
    for group in DENIED:
        for name in group:
            yield eperm, name, ()
    for name in ("socket", "socketpair"):
        for domain in DENIED_SOCKET_DOMAINS:
            yield eperm, name, (seccomp.Arg(0, seccomp.EQ, domain),)
    for flag in CLONE_NAMESPACE_FLAGS:
        yield eperm, "clone", (seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag),)
    for name in ENOSYS_CALLS:
        yield seccomp.ERRNO(errno.ENOSYS), name, ()
    for test in personality_denials():
        yield eperm, "personality", (test,)


def known(name):
    """True when this libseccomp knows the call on the machine's architecture."""
    return seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) != -1


def build():
    """The filter: allow by default, then every rule whose call this libseccomp knows."""
    syscall_filter = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    # A binary tree of system call numbers instead of a list: every allowed call (nearly all of a
    # worker's) is then found in a few comparisons rather than after the whole deny list.
    syscall_filter.set_attr(seccomp.Attr.CTL_OPTIMIZE, 2)
    for arch in (seccomp.Arch.X86_64, seccomp.Arch.AARCH64):
        if not syscall_filter.exist_arch(arch):
            syscall_filter.add_arch(arch)
    skipped = set()
    for action, name, tests in rules():
        if known(name):
            syscall_filter.add_rule(action, name, *tests)
        else:
            skipped.add(name)
    for name in sorted(skipped):
        print("skipped %s: unknown to this libseccomp" % name, file=sys.stderr)
    return syscall_filter


def main():
    """Writes the filter to the file named by the only argument."""
    if len(sys.argv) != 2:
        print("usage: seccomp_filter.py OUTPUT", file=sys.stderr)
        return 2
    syscall_filter = build()
    with open(sys.argv[1], "wb") as output:
        syscall_filter.export_bpf(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
