"""Tries calls a seccomp filter should deny and things ordinary programs do; prints name=outcome lines.

Each probe runs in a child process of its own (so unshare, chroot or personality change only that
child) which starts a new session (so vhangup has no terminal to hang up). An outcome is "ok", an
errno name such as "EPERM", or "killed:SIGSYS" when the child died of a signal. Arguments are chosen
so that, run as root without a filter, no call changes the machine: they are invalid, or act on the
child alone.
"""
import ctypes
import errno
import mmap
import os
import platform
import signal
import socket
import subprocess
import sys
import threading

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
X86_64 = platform.machine() == "x86_64"

# (x86_64, aarch64) numbers; None where the architecture has no such call.
NUMBERS = {
    "mount": (165, 40), "umount2": (166, 39), "pivot_root": (155, 41), "chroot": (161, 51),
    "unshare": (272, 97), "setns": (308, 268), "ptrace": (101, 117),
    "process_vm_readv": (310, 270), "process_vm_writev": (311, 271), "pidfd_getfd": (438, 438),
    "bpf": (321, 280), "keyctl": (250, 219), "add_key": (248, 217), "request_key": (249, 218),
    "kexec_load": (246, 104), "kexec_file_load": (320, 294), "init_module": (175, 105),
    "finit_module": (313, 273), "delete_module": (176, 106), "perf_event_open": (298, 241),
    "userfaultfd": (323, 282), "open_by_handle_at": (304, 265), "name_to_handle_at": (303, 264),
    "swapon": (167, 224), "swapoff": (168, 225), "reboot": (169, 142), "syslog": (103, 116),
    "acct": (163, 89), "quotactl": (179, 60), "settimeofday": (164, 170),
    "clock_settime": (227, 112), "clock_adjtime": (305, 266), "adjtimex": (159, 171),
    "lookup_dcookie": (212, 18), "fanotify_init": (300, 262), "iopl": (172, None),
    "ioperm": (173, None), "io_uring_setup": (425, 425), "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427), "mount_setattr": (442, 442), "move_mount": (429, 429),
    "open_tree": (428, 428), "fsopen": (430, 430), "fsconfig": (431, 431), "fsmount": (432, 432),
    "fspick": (433, 433), "vhangup": (153, 58), "nfsservctl": (180, 42), "uselib": (134, None),
    "personality": (135, 92), "clone": (56, 220), "clone3": (435, 435), "getpid": (39, 172),
}

AT_FDCWD = -100
SIGCHLD = 17
MISSING = b"/nonexistent-skiff-probe"

# Denied calls with harmless arguments (see the module's comment).
DENIED = {
    "mount": (None, MISSING, None, 0, None),
    "umount2": (MISSING, 0),
    "pivot_root": (None, None),
    "chroot": (b"/",),
    "unshare": (0x10000000,),  # CLONE_NEWUSER
    "setns": (-1, 0),
    "ptrace": (0, 0, 0, 0),  # PTRACE_TRACEME
    "process_vm_readv": ("self", None, 0, None, 0, 0),
    "process_vm_writev": ("self", None, 0, None, 0, 0),
    "pidfd_getfd": (-1, 0, 0),
    "bpf": (0, None, 0),
    "keyctl": (0, -2, 1),  # KEYCTL_GET_KEYRING_ID of the child's own process keyring
    "add_key": (None, None, None, 0, -2),
    "request_key": (None, None, None, 0),
    "kexec_load": (0, 0, None, 0x8000),  # an unknown flag: EINVAL, never an unload
    "kexec_file_load": (-1, -1, 0, None, 0),
    "init_module": (None, 0, b""),
    "finit_module": (-1, b"", 0),
    "delete_module": (b"skiff_no_such_module", 0o4000),
    "perf_event_open": (None, 0, -1, -1, 0),
    "userfaultfd": (0,),
    "open_by_handle_at": (-1, None, 0),
    "name_to_handle_at": (AT_FDCWD, b"/", None, None, 0),
    "swapon": (MISSING, 0),
    "swapoff": (MISSING,),
    "reboot": (0, 0, 0, None),  # wrong magic numbers: EINVAL
    "syslog": (10, None, 0),  # SYSLOG_ACTION_SIZE_BUFFER
    "acct": (MISSING,),
    "quotactl": (0, None, 0, None),
    "settimeofday": (None, None),
    "clock_settime": (0, None),
    "clock_adjtime": (0, None),
    "adjtimex": (None,),
    "lookup_dcookie": (0, None, 0),
    "fanotify_init": (0, 0),
    "iopl": (0,),
    "ioperm": (0, 0, 0),
    "io_uring_setup": (0, None),
    "io_uring_enter": (-1, 0, 0, 0, None, 0),
    "io_uring_register": (-1, 0, None, 0),
    "mount_setattr": (-1, b"", 0, None, 0),
    "move_mount": (-1, b"", -1, b"", 0),
    "open_tree": (AT_FDCWD, b"/", 0),
    "fsopen": (b"tmpfs", 0),
    "fsconfig": (-1, 0, None, None, 0),
    "fsmount": (-1, 0, 0),
    "fspick": (-1, b"", 0),
    "vhangup": (),
    "nfsservctl": (0, None, None),
    "uselib": (MISSING,),
    "clone3": (None, 0),
    "personality_addr_no_randomize": ("personality", 0x0040000),
    "personality_read_implies_exec": ("personality", 0x0400000),
    "personality_wide": ("personality", 0x100000000),
    "clone_newns": ("clone", 0x00020000 | SIGCHLD, 0, 0, 0, 0),
    "clone_newcgroup": ("clone", 0x02000000 | SIGCHLD, 0, 0, 0, 0),
    "clone_newuts": ("clone", 0x04000000 | SIGCHLD, 0, 0, 0, 0),
    "clone_newipc": ("clone", 0x08000000 | SIGCHLD, 0, 0, 0, 0),
    "clone_newuser": ("clone", 0x10000000 | SIGCHLD, 0, 0, 0, 0),
    "clone_newpid": ("clone", 0x20000000 | SIGCHLD, 0, 0, 0, 0),
    "clone_newnet": ("clone", 0x40000000 | SIGCHLD, 0, 0, 0, 0),
}

DENIED_SOCKETS = {
    "socket_af_key": (15, socket.SOCK_RAW, 2),
    "socket_af_packet": (17, socket.SOCK_RAW, 0),
    "socket_af_bluetooth": (31, socket.SOCK_RAW, 1),
    "socket_af_alg": (38, socket.SOCK_SEQPACKET, 0),
    "socket_af_vsock": (40, socket.SOCK_STREAM, 0),
}


def argument(value):
    """A C argument for syscall(2): NULL, a string, "self" (the child's pid) or a number."""
    if value is None:
        return ctypes.c_void_p(None)
    if isinstance(value, bytes):
        return ctypes.c_char_p(value)
    if value == "self":
        return ctypes.c_long(os.getpid())
    return ctypes.c_ulong(value & 0xFFFFFFFFFFFFFFFF)


def outcome_of(result):
    """ "ok" for a result of 0 or more, else the errno's name."""
    if result >= 0:
        return "ok"
    return errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))


def call(name, *args):
    """Makes the call and says how it went; a clone's new child exits at once."""
    number = NUMBERS[name][0 if X86_64 else 1]
    if number is None:
        return "n/a"
    result = libc.syscall(ctypes.c_long(number), *[argument(a) for a in args])
    if name == "clone" and result == 0:
        os._exit(0)
    if name == "clone" and result > 0:
        os.waitpid(result, 0)
    return outcome_of(result)


def denied_call(probe, args):
    """A denied call: its name is the probe's unless the arguments start with it."""
    if args and isinstance(args[0], str) and args[0] != "self":
        return call(*args)
    return call(probe, *args)


def c_socket(name, domain, kind, protocol):
    """socket(2) or socketpair(2) through libc, so Python's own checks of the domain stay out."""
    if name == "socket":
        return outcome_of(libc.socket(domain, kind, protocol))
    pair = (ctypes.c_int * 2)()
    return outcome_of(libc.socketpair(domain, kind, protocol, pair))


def thread():
    """A thread runs (glibc makes it with clone3, then clone when clone3 is refused)."""
    ran = []
    worker = threading.Thread(target=lambda: ran.append(True))
    worker.start()
    worker.join()
    return "ok" if ran else "did not run"


def fork():
    """os.fork, and the child's exit status."""
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    _, status = os.waitpid(pid, 0)
    return "ok" if os.waitstatus_to_exitcode(status) == 7 else "status %d" % status


def tcp():
    """A TCP connection over the loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5) as client:
            connection, _ = server.accept()
            with connection:
                client.sendall(b"ping")
                return "ok" if connection.recv(4) == b"ping" else "lost data"


def udp6():
    """An AF_INET6 socket."""
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM):
        return "ok"


def unix():
    """An AF_UNIX socket pair carrying a message."""
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        left.sendall(b"ping")
        return "ok" if right.recv(4) == b"ping" else "lost data"


def netlink():
    """An AF_NETLINK route socket, as glibc's getaddrinfo opens."""
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0) as sock:
        sock.bind((0, 0))
        return "ok"


def resolve():
    """getaddrinfo of localhost with AI_ADDRCONFIG, which asks netlink."""
    socket.getaddrinfo("localhost", 80, flags=socket.AI_ADDRCONFIG)
    return "ok"


def read_file():
    """Reading a file."""
    with open("/etc/os-release", "rb") as file:
        return "ok" if file.read() else "empty"


def run_true():
    """Running /bin/true as a subprocess (posix_spawn: clone3, then clone with CLONE_VFORK)."""
    return "ok" if subprocess.run(["/bin/true"], check=False).returncode == 0 else "failed"


ALLOWED = {
    "thread": thread,
    "fork": fork,
    "socket_tcp": tcp,
    "socket_udp6": udp6,
    "socket_unix": unix,
    "socket_netlink": netlink,
    "getaddrinfo": resolve,
    "read_file": read_file,
    "run_true": run_true,
    "personality_query": lambda: call("personality", 0xFFFFFFFF),
    "personality_linux": lambda: call("personality", 0),
    "personality_linux32_uname26": lambda: call("personality", 0x20008),
    "getpid": lambda: call("getpid"),
}


def x32_getpid():
    """getpid through the x32 ABI (the number with bit 30 set), which the filter does not name."""
    return outcome_of(libc.syscall(ctypes.c_long(0x40000000 | NUMBERS["getpid"][0])))


def i386_getpid():
    """getpid through int 0x80, the 32-bit ABI, from machine code in an executable page."""
    code = bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3])  # mov eax, 20; int 0x80; ret
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(code)
    address = ctypes.addressof(ctypes.c_char.from_buffer(page))
    result = ctypes.CFUNCTYPE(ctypes.c_int)(address)()
    return "ok" if result > 0 else "error %d" % result


# Calls through x86_64's other ABIs, which the filter does not name: it must kill the process.
OTHER_ABIS = {"x32_getpid": x32_getpid, "i386_getpid": i386_getpid} if X86_64 else {}


def in_child(probe):
    """Runs probe() in a child of its own in a new session and returns its outcome."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            os.setsid()
            outcome = probe()
        except OSError as e:
            outcome = errno.errorcode.get(e.errno, str(e.errno))
        except Exception as e:  # noqa: BLE001 - any failure is an outcome to print
            outcome = "error " + type(e).__name__
        os.write(writer, outcome.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        written = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed:" + signal.Signals(os.WTERMSIG(status)).name
    return written


def main():
    """Runs every probe and prints name=outcome, one a line."""
    probes = {}
    probes.update({name: (lambda n=name, a=args: denied_call(n, a)) for name, args in DENIED.items()})
    for name, args in DENIED_SOCKETS.items():
        probes[name] = lambda a=args: c_socket("socket", *a)
        probes[name.replace("socket_", "socketpair_")] = lambda a=args: c_socket("socketpair", *a)
    probes.update(ALLOWED)
    probes.update(OTHER_ABIS)
    for name, probe in probes.items():
        print("%s=%s" % (name, in_child(probe)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
