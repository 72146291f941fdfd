"""A hostile function for Skiff's sandbox tests: each request names a probe, an attempt to reach
something a function should not, and its arguments; the answer is a JSON object whose "outcome" is
"ok" when the attempt worked, else what stopped it: an errno's name (ENOENT, EACCES, EROFS, EPERM,
ECONNREFUSED, ENOSPC), "timeout", or an exception's name. Probes that could change the worker
itself (unshare, ptrace) run in a child process of their own.
"""
import ctypes
import errno
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER = 0x10000000
PTRACE_TRACEME = 0
MEBIBYTE = 1 << 20
LISTEN = "0A"


def failure(error):
    """What stopped an attempt: the errno's name, else the exception's."""
    if isinstance(error, socket.timeout):
        return "timeout"
    if isinstance(error, OSError) and error.errno:
        return errno.errorcode.get(error.errno, str(error.errno))
    return type(error).__name__


def read(req):
    """Reads a whole file."""
    with open(req["path"], "rb") as file:
        data = file.read()
    return {"outcome": "ok", "bytes": len(data), "head": data[:16].decode("latin-1")}


def listdir(req):
    """Lists a directory."""
    return {"outcome": "ok", "entries": sorted(os.listdir(req["path"]))}


def write(req):
    """Creates or replaces a file with the given text."""
    with open(req["path"], "w") as file:
        file.write(req.get("text", "x"))
    return {"outcome": "ok"}


def delete(req):
    """Removes a file."""
    os.remove(req["path"])
    return {"outcome": "ok"}


def status(req):
    """The fields of /proc/self/status."""
    with open("/proc/self/status") as file:
        fields = dict(line.split(":", 1) for line in file.read().splitlines() if ":" in line)
    return {"outcome": "ok", "fields": {name: value.strip() for name, value in fields.items()}}


def processes(req):
    """Every process /proc shows: its pid and its command's name."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/comm" % name) as file:
                    found.append({"pid": int(name), "comm": file.read().strip()})
            except OSError:
                pass
    return {"outcome": "ok", "processes": found}


def run(req):
    """Runs a shell command; its exit status and what it printed on stderr."""
    done = subprocess.run(req["command"], shell=True, capture_output=True, text=True, timeout=30)
    return {"outcome": "ok", "status": done.returncode, "stderr": done.stderr}


def in_child(call):
    """Makes a libc call in a forked child; "ok" when it returned 0 or more, else the errno's name."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(reader)
            result = call()
            os.write(writer, ("ok" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?")).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        outcome = pipe.read()
    os.waitpid(pid, 0)
    return {"outcome": outcome}


def unshare_user(req):
    """unshare(CLONE_NEWUSER): a user namespace, in which an unprivileged process holds every capability."""
    return in_child(lambda: LIBC.unshare(CLONE_NEWUSER))


def ptrace_traceme(req):
    """ptrace(PTRACE_TRACEME), which any process may call on itself unless a filter denies ptrace."""
    return in_child(lambda: LIBC.ptrace(PTRACE_TRACEME, 0, None, None))


def open_socket(req):
    """Opens a socket of a domain and type (AF_PACKET: 17, SOCK_RAW: 3)."""
    with socket.socket(req["domain"], req["type"], req.get("protocol", 0)):
        return {"outcome": "ok"}


def hostname(req):
    """The name the function sees as its host's."""
    return {"outcome": "ok", "hostname": socket.gethostname()}


def connect(req):
    """Opens a TCP connection."""
    with socket.create_connection((req["host"], req["port"]), timeout=5):
        return {"outcome": "ok"}


def interfaces(req):
    """The network interfaces the function has, as /proc/net/dev lists them."""
    with open("/proc/net/dev") as file:
        names = [line.split(":")[0].strip() for line in file.read().splitlines()[2:]]
    return {"outcome": "ok", "interfaces": sorted(names)}


def listening(req):
    """The TCP ports listened on, as /proc/net/tcp and tcp6 list them."""
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as file:
            for line in file.read().splitlines()[1:]:
                fields = line.split()
                if fields[3] == LISTEN:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    endpoint = urllib.parse.urlsplit(os.environ["SKIFF_URL"]).port
    return {"outcome": "ok", "ports": sorted(ports), "own": int(os.environ["PORT"]), "endpoint": endpoint}


def http(req):
    """An HTTP request to the URL in an environment variable (SKIFF_URL, K_SINK) plus a path."""
    url = os.environ[req["base"]] + req.get("path", "")
    body = req["body"].encode() if "body" in req else None
    request = urllib.request.Request(url, data=body, method=req.get("method", "GET"), headers=req.get("headers", {}))
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return {"outcome": "ok", "status": answer.status, "body": answer.read().decode()}
    except urllib.error.HTTPError as e:
        return {"outcome": "ok", "status": e.code, "body": e.read().decode()}


def tmpfs(req):
    """A directory's file system, the given one's or SKIFF_SOCKET's: its size in bytes and its type."""
    path = req["path"] if "path" in req else os.path.dirname(os.environ["SKIFF_SOCKET"])
    vfs = os.statvfs(path)
    with open("/proc/self/mounts") as file:
        types = [fields[2] for fields in (line.split() for line in file) if fields[1] == path]
    return {"outcome": "ok", "path": path, "bytes": vfs.f_blocks * vfs.f_frsize, "types": types}


def fill(req):
    """Writes a file 1 MiB at a time up to a number of MiB, then removes it."""
    path, written = req["path"], 0
    chunk = b"x" * MEBIBYTE
    try:
        with open(path, "wb") as file:
            while written < req["mebibytes"]:
                file.write(chunk)
                file.flush()
                written += 1
        return {"outcome": "ok", "mebibytes": written}
    except OSError as e:
        return {"outcome": failure(e), "mebibytes": written}
    finally:
        try:
            os.remove(path)
        except OSError:
            pass


def fds(req):
    """Every open file descriptor and what it points to."""
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            found[name] = os.readlink("/proc/self/fd/" + name)
        except OSError:
            pass  # the descriptor of the listing itself, closed since
    return {"outcome": "ok", "fds": found}


def cut_connections():
    """Shuts down every accepted Unix-socket connection, so that the server opens a new one."""
    time.sleep(0.5)
    for name in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=int(name))
        except (OSError, ValueError):
            continue
        try:
            if sock.family == socket.AF_UNIX and not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.detach()


def swap_socket(req):
    """Replaces the worker's own socket (SKIFF_SOCKET) by a link to a host path, then cuts the server's connections."""
    own = os.environ["SKIFF_SOCKET"]
    os.remove(own)
    os.symlink(req["target"], own)
    threading.Thread(target=cut_connections, daemon=True).start()
    return {"outcome": "ok", "link": os.readlink(own)}


PROBES = {
    "read": read, "list": listdir, "write": write, "delete": delete, "status": status, "processes": processes,
    "run": run, "unshare_user": unshare_user, "ptrace_traceme": ptrace_traceme, "socket": open_socket,
    "hostname": hostname, "connect": connect, "listening": listening, "http": http, "tmpfs": tmpfs, "fill": fill,
    "fds": fds, "swap_socket": swap_socket, "interfaces": interfaces,
}


def handle(req):
    """Runs the probe the request names."""
    try:
        return PROBES[req["probe"]](req)
    except Exception as e:  # noqa: BLE001 - what stopped the attempt is the answer
        return {"outcome": failure(e)}
