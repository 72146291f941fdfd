"""Skiff's Python worker: serves one function over HTTP/1.1, as docs/worker-contract.md describes.

Start. SKIFF_HANDLER names the handler as ``module.function`` (the module may be dotted). The code
directory (SKIFF_CODE_DIR, also the working directory) and the installed requirements
(SKIFF_DEPS_DIR) head sys.path. The handler is imported and resolved before listening: on failure
the traceback and then one line ``SKIFF-LOAD-ERROR: <message>`` go to stderr and the process exits
3; on success it listens on SKIFF_HOST (default 127.0.0.1):PORT, and on the Unix socket
SKIFF_SOCKET names when given, and prints ``SKIFF-READY``.

Calling conventions, chosen by how many positional parameters the handler needs:
  handle(req)              seed-002 style. req is the decoded body; for an empty body, a dict of
                           the query parameters (first value of each), so ``req.get(...)`` works.
  handler(event, context)  kubeless style. event['data'] is the decoded body (None when empty);
                           event['extensions']['request'] is the whole request as bottle's was
                           (.get(key, default) on its environ, .headers, .json, .body as a
                           file that is also the bytes, .method, .path, .query with one value
                           per name) and
                           event['extensions']['response'] a response whose .status and .headers
                           the handler may set.
  handle()                 no input.
A handler taking only ``*args`` gets (event, context).
An ``async def`` handler, or one returning an awaitable, is run with asyncio.run.

Body decoding: application/octet-stream stays bytes; text/* becomes str; any other type (JSON
types, no type at all, the form type ``curl -d`` sends) becomes the parsed JSON value when the
body is valid JSON, else str. A body that is not UTF-8 stays bytes.

Return mapping:
  dict, list, int, float, bool   200 application/json
  str                            200 text/plain; charset=utf-8
  bytes, bytearray, memoryview   200 application/octet-stream
  None                           204 No Content, no body: the handler produced nothing
  (body, status), (body, headers), (body, status, headers)   Flask style, body mapped as above
A status or headers set on the kubeless response object apply too. A handler exception (or a
value that cannot be encoded) answers 500 {"error": "FunctionError", "message": "<type>: <text>"}
and writes the traceback to stderr.

Pooled start. With SKIFF_POOLED=1 the worker starts as a generic one, for no function yet: it
prints ``SKIFF-POOLED`` and reads one line from stdin, a JSON object ``{"env": {...}}`` holding the
whole environment a fresh start of the function would have had. That environment replaces its
own, and from then on it starts exactly as above (sys.path, working directory, handler, port).

Stop. SIGTERM (or SIGINT): stop accepting, finish in-flight requests (up to 30 s), exit 0. End of
file on stdin, when stdin is a pipe: exit at once. On Linux the parent's death also kills us.
"""
import json
import os
import signal
import socket
import stat
import sys
import threading
import time
import types
from http import HTTPStatus
from urllib.parse import parse_qs, unquote

START_PARENT = os.getppid()
READY_LINE = 'SKIFF-READY'
POOLED_LINE = 'SKIFF-POOLED'
LOAD_ERROR_EXIT = 3
DRAIN_SECONDS = 30
MAX_LINE = 65536
MAX_HEADERS = 200
PR_SET_PDEATHSIG = 1
CO_VARARGS = 0x04
NO_BODY_STATUSES = (204, 304)
FRAMING_HEADERS = ('content-length', 'transfer-encoding', 'connection')


class BadRequest(Exception):
    """The bytes on the connection are not an HTTP/1.x request we can serve."""


class Headers(dict):
    """Request headers: names are stored lower-case and looked up case-insensitively."""

    def __getitem__(self, name):
        return dict.__getitem__(self, name.lower())

    def __contains__(self, name):
        return isinstance(name, str) and dict.__contains__(self, name.lower())

    def get(self, name, default=None):
        return dict.get(self, name.lower(), default)


class Request:
    """One HTTP request as a handler sees it (kubeless: event['extensions']['request'])."""

    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target
        raw_path, _, self.query_string = target.partition('?')
        self.path = unquote(raw_path)
        self.headers = headers
        self.body = body
        self._query = None

    @property
    def query(self):
        """The query parameters, each name mapped to the list of its values."""
        if self._query is None:
            self._query = parse_qs(self.query_string, keep_blank_values=True)
        return self._query

    def get_header(self, name, default=None):
        return self.headers.get(name, default)


class QueryDict(dict):
    """Query parameters as bottle's FormsDict gives them: one value per name (the last), all with getall."""

    def __init__(self, lists):
        dict.__init__(self, {name: values[-1] for name, values in lists.items()})
        self._lists = lists

    def getall(self, name):
        return list(self._lists.get(name, []))

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return self.get(name, '')


class Body(bytes):
    """A request body that is both the bytes and a file over them (.read, .readline, .seek, .tell,
    .getvalue), so bottle-style ``request.body.read()`` and bytes-style ``request.body.decode()`` both work."""

    def __new__(cls, data):
        body = bytes.__new__(cls, data)
        body._position = 0
        return body

    def read(self, size=-1):
        end = len(self) if size is None or size < 0 else min(len(self), self._position + size)
        chunk = bytes(self[self._position:end])
        self._position = end
        return chunk

    def readline(self, size=-1):
        newline = self.find(b'\n', self._position)
        end = len(self) if newline < 0 else newline + 1
        if size is not None and size >= 0:
            end = min(end, self._position + size)
        return self.read(end - self._position)

    def readlines(self):
        lines = []
        while self._position < len(self):
            lines.append(self.readline())
        return lines

    def seek(self, offset, whence=0):
        base = (0, self._position, len(self))[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self):
        return self._position

    def getvalue(self):
        return bytes(self)

    def readable(self):
        return True

    def close(self):
        pass


class KubelessRequest:
    """The request kubeless passed as event['extensions']['request']: bottle's, as far as handlers use it."""

    def __init__(self, request):
        self._request = request
        self.method = request.method
        self.path = request.path
        self.headers = request.headers
        self.query_string = request.query_string
        self.query = QueryDict(request.query)
        self.environ = self._environ(request)

    @staticmethod
    def _environ(request):
        environ = {
            'REQUEST_METHOD': request.method,
            'PATH_INFO': request.path,
            'QUERY_STRING': request.query_string,
            'SERVER_PROTOCOL': 'HTTP/1.1',
            'CONTENT_LENGTH': str(len(request.body or b'')),
        }
        for name, value in request.headers.items():
            key = name.upper().replace('-', '_')
            environ[key if key in ('CONTENT_TYPE', 'CONTENT_LENGTH') else 'HTTP_' + key] = value
        return environ

    @property
    def body(self):
        """The body as a file read from its start on each access, as bottle's request.body (and still bytes)."""
        return Body(self._request.body or b'')

    @property
    def json(self):
        """The parsed body when the content type is JSON, else None, as bottle's request.json."""
        media = self.headers.get('content-type', '').split(';', 1)[0].strip().lower()
        if media not in ('application/json', 'application/json-rpc') or not self._request.body:
            return None
        return json.loads(self._request.body.decode('utf-8'))

    @property
    def url(self):
        host = self.headers.get('host', 'localhost')
        return 'http://%s%s' % (host, self._request.target)

    def get(self, key, default=None):
        """An environ value, or default, as bottle's request.get."""
        return self.environ.get(key, default)

    def get_header(self, name, default=None):
        return self.headers.get(name, default)

    def __getitem__(self, key):
        return self.environ[key]

    def __contains__(self, key):
        return key in self.environ

    def keys(self):
        return self.environ.keys()


class Response:
    """What a kubeless-style handler may set on its answer: the status and extra headers."""

    def __init__(self):
        self.status = None
        self.headers = {}

    def set_header(self, name, value):
        self.headers[name] = value


def decode_body(body, content_type):
    """The body as a handler receives it; see the module docstring for the rules."""
    if not body:
        return None
    media = content_type.split(';', 1)[0].strip().lower()
    if media == 'application/octet-stream':
        return body
    try:
        text = body.decode('utf-8')
    except UnicodeDecodeError:
        return body
    if media.startswith('text/'):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def seed_argument(request):
    """The single argument of a seed-style ``handle(req)``."""
    if not request.body:
        return {name: values[0] for name, values in request.query.items()}
    return decode_body(request.body, request.headers.get('content-type', ''))


def kubeless_event(request, response):
    """The event of a kubeless-style ``handler(event, context)``."""
    headers = request.headers
    content_type = headers.get('content-type')
    return {
        'data': decode_body(request.body, content_type or ''),
        'event-id': headers.get('event-id') or headers.get('x-request-id') or new_event_id(),
        'event-type': headers.get('event-type') or content_type or 'application/json',
        'event-time': headers.get('event-time') or time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'event-namespace': headers.get('event-namespace') or 'skiff',
        'extensions': {'request': KubelessRequest(request), 'response': response},
        'headers': headers,
        'method': request.method,
        'path': request.path,
        'query': request.query,
    }


def new_event_id():
    import uuid
    return str(uuid.uuid4())


class Function:
    """The loaded handler: turns a Request into (status, headers, body)."""

    def __init__(self, handler, arity, context):
        self.handler = handler
        self.arity = arity
        self.context = context

    def __call__(self, request):
        response = Response()
        try:
            if self.arity == 2:
                result = self.handler(kubeless_event(request, response), self.context)
            elif self.arity == 1:
                result = self.handler(seed_argument(request))
            else:
                result = self.handler()
            if hasattr(result, '__await__'):
                result = run_awaitable(result)
            return render(result, response.status, response.headers)
        except BaseException as error:  # the handler's failure must never end the worker
            report(error)
            return error_answer(500, 'FunctionError', describe(error))


def run_awaitable(awaitable):
    import asyncio

    async def wait():
        return await awaitable
    return asyncio.run(awaitable if asyncio.iscoroutine(awaitable) else wait())


def render(result, status, headers):
    """Maps a handler's return value to (status, header list, body bytes)."""
    if isinstance(result, tuple):
        parts = split_flask_tuple(result)
        if parts is not None:
            result, tuple_status, tuple_headers = parts
            status = tuple_status or status
            headers = {**headers, **tuple_headers}
    pairs = [(str(k), str(v)) for k, v in headers.items() if str(k).lower() not in FRAMING_HEADERS]
    for name, value in pairs:
        if '\r' in name + value or '\n' in name + value:
            raise ValueError('response header %r contains a line break' % name)
    if result is None:
        body, content_type, default_status = b'', None, 204
    elif isinstance(result, (bytes, bytearray, memoryview)):
        body, content_type, default_status = bytes(result), 'application/octet-stream', 200
    elif isinstance(result, str):
        body, content_type, default_status = result.encode('utf-8', 'replace'), 'text/plain; charset=utf-8', 200
    else:
        body = json.dumps(result, ensure_ascii=False, allow_nan=False).encode('utf-8')
        content_type, default_status = 'application/json', 200
    if content_type and not any(name.lower() == 'content-type' for name, _ in pairs):
        pairs.insert(0, ('Content-Type', content_type))
    status = status or default_status
    if not is_status(status):
        raise ValueError('the response status must be an int from 100 to 599, not %r' % (status,))
    return status, pairs, body


def split_flask_tuple(result):
    """(body, status), (body, headers) or (body, status, headers) as a triple; None for other tuples."""
    if len(result) == 2 and is_status(result[1]):
        return result[0], result[1], {}
    if len(result) == 2 and isinstance(result[1], dict):
        return result[0], None, result[1]
    if len(result) == 3 and is_status(result[1]) and isinstance(result[2], dict):
        return result
    return None


def is_status(value):
    return isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599


def error_answer(status, code, message):
    body = json.dumps({'error': code, 'message': message}).encode('utf-8')
    return status, [('Content-Type', 'application/json')], body


def describe(error):
    text = str(error)
    return '%s: %s' % (type(error).__name__, text) if text else type(error).__name__


def report(error):
    """Writes an exception's traceback to stderr in one write, without this file's frames."""
    import traceback
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    text = ''.join(traceback.format_exception(type(error), error, tb or error.__traceback__))
    sys.stderr.write(text)
    sys.stderr.flush()


def read_request(first_line, reader, send_continue):
    """Parses one request after its first line; returns (Request, keep_alive)."""
    if not first_line.endswith(b'\n'):
        raise BadRequest('request line too long')
    parts = first_line.decode('latin-1').rstrip('\r\n').split(' ')
    if len(parts) != 3 or not parts[0] or not parts[1].startswith(('/', '*', 'http')):
        raise BadRequest('malformed request line')
    method, target, version = parts
    if version not in ('HTTP/1.1', 'HTTP/1.0'):
        raise BadRequest('unsupported HTTP version %r' % version)
    headers = read_headers(reader)
    tokens = {token.strip().lower() for token in headers.get('connection', '').split(',')}
    keep_alive = 'keep-alive' in tokens if version == 'HTTP/1.0' else 'close' not in tokens
    expects_continue = version == 'HTTP/1.1' and headers.get('expect', '').lower() == '100-continue'
    body = read_body(headers, reader, send_continue if expects_continue else None)
    return Request(method, target, headers, body), keep_alive


def read_headers(reader):
    headers = Headers()
    for _ in range(MAX_HEADERS):
        line = reader.readline(MAX_LINE + 1)
        if line in (b'\r\n', b'\n'):
            return headers
        if not line.endswith(b'\n'):
            raise BadRequest('header line too long or connection closed')
        try:
            text = line.decode('utf-8')
        except UnicodeDecodeError:
            text = line.decode('latin-1')
        name, colon, value = text.partition(':')
        if not colon or not name or name != name.strip():
            raise BadRequest('malformed header line %r' % text.strip())
        key, value = name.lower(), value.strip()
        previous = dict.get(headers, key)
        dict.__setitem__(headers, key, value if previous is None else previous + ', ' + value)
    raise BadRequest('more than %d headers' % MAX_HEADERS)


def read_body(headers, reader, send_continue):
    coding = headers.get('transfer-encoding')
    length = headers.get('content-length')
    if coding is not None:
        if coding.split(',')[-1].strip().lower() != 'chunked' or length is not None:
            raise BadRequest('unsupported Transfer-Encoding %r' % coding)
        if send_continue:
            send_continue()
        return read_chunked(reader)
    if length is None:
        return b''
    if not (length.isascii() and length.isdigit()):
        raise BadRequest('malformed Content-Length %r' % length)
    size = int(length)
    if size and send_continue:
        send_continue()
    body = reader.read(size)
    if len(body) != size:
        raise BadRequest('connection closed before the end of the body')
    return body


def read_chunked(reader):
    chunks = []
    while True:
        size_text = reader.readline(MAX_LINE + 1).split(b';', 1)[0].strip()
        if not size_text or size_text.strip(b'0123456789abcdefABCDEF'):
            raise BadRequest('malformed chunk size')
        size = int(size_text, 16)
        if size == 0:
            break
        chunk = reader.read(size)
        if len(chunk) != size or reader.readline(MAX_LINE + 1) not in (b'\r\n', b'\n'):
            raise BadRequest('malformed chunk')
        chunks.append(chunk)
    for _ in range(MAX_HEADERS):
        trailer = reader.readline(MAX_LINE + 1)
        if trailer in (b'\r\n', b'\n'):
            return b''.join(chunks)
        if not trailer.endswith(b'\n'):
            break
    raise BadRequest('malformed chunked trailer')


def encode_answer(status, headers, body, keep_alive, request=None):
    """The response's bytes; answers to HEAD and 204/304 carry no body."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ''
    lines = ['HTTP/1.1 %d %s' % (status, reason)]
    lines.extend('%s: %s' % pair for pair in headers)
    if status in NO_BODY_STATUSES:
        body = b''
    else:
        lines.append('Content-Length: %d' % len(body))
    if not keep_alive:
        lines.append('Connection: close')
    head = ('\r\n'.join(lines) + '\r\n\r\n').encode('utf-8')
    return head if request is not None and request.method == 'HEAD' else head + body


def unix_listener(path):
    """A listening Unix socket at path (the contract's SKIFF_SOCKET), replacing a stale socket there."""
    try:
        if stat.S_ISSOCK(os.lstat(path).st_mode):
            os.unlink(path)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    return listener


class Server:
    """A thread-per-connection HTTP/1.1 keep-alive server for one Function, on a TCP port and,
    when socket_path is given, on that Unix socket too (the gateway's way in: less kernel work per
    request than loopback TCP). A socket that cannot be made is reported and left out."""

    def __init__(self, host, port, function, socket_path=None):
        family = socket.AF_INET6 if ':' in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(128)
        self.listeners = [listener]
        if socket_path:
            try:
                self.listeners.append(unix_listener(socket_path))
            except OSError as error:
                sys.stderr.write('SKIFF: cannot listen on %s (%s); serving on the port only\n' % (socket_path, error))
                sys.stderr.flush()
        for each in self.listeners:
            # accept() wakes up every second so a SIGTERM delivered to another thread is still seen.
            each.settimeout(1.0)
        self.function = function
        self.in_flight = 0
        self.idle = threading.Condition()
        self.stopping = False

    def serve(self):
        """Accepts connections until stop(), then waits for in-flight requests."""
        for extra in self.listeners[1:]:
            threading.Thread(target=self.accept, args=(extra,), name='skiff-accept', daemon=True).start()
        self.accept(self.listeners[0])
        with self.idle:
            self.idle.wait_for(lambda: self.in_flight == 0, timeout=DRAIN_SECONDS)

    def accept(self, listener):
        while not self.stopping:
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                if not self.stopping:
                    time.sleep(0.05)
                continue
            threading.Thread(target=self.serve_connection, args=(connection,), daemon=True).start()

    def stop(self, *_):
        """Stops accepting connections; serve() returns once in-flight requests are done."""
        if self.stopping:
            return
        self.stopping = True
        for listener in self.listeners:
            # shutdown() first: close() alone leaves a listener another thread waits on in accept()
            # open, accepting (and never answering) until that wait ends.
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        sys.stderr.write('SKIFF: stopping; finishing %d in-flight request(s)\n' % self.in_flight)
        sys.stderr.flush()

    def serve_connection(self, connection):
        if connection.family != socket.AF_UNIX:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = connection.makefile('rb', 65536)
        try:
            keep_alive = True
            while keep_alive:
                line = reader.readline(MAX_LINE + 1)
                if not line:
                    break
                if line in (b'\r\n', b'\n'):
                    continue
                with self.idle:
                    self.in_flight += 1
                try:
                    keep_alive = self.exchange(line, reader, connection)
                finally:
                    with self.idle:
                        self.in_flight -= 1
                        self.idle.notify_all()
        except OSError:
            pass
        except Exception as error:
            report(error)
        finally:
            reader.close()
            connection.close()

    def exchange(self, line, reader, connection):
        """Reads one request and writes its answer; returns whether to keep the connection."""
        def send_continue():
            connection.sendall(b'HTTP/1.1 100 Continue\r\n\r\n')
        try:
            request, keep_alive = read_request(line, reader, send_continue)
        except BadRequest as error:
            connection.sendall(encode_answer(*error_answer(400, 'MalformedRequest', str(error)), False))
            return False
        status, headers, body = self.function(request)
        keep_alive = keep_alive and not self.stopping
        connection.sendall(encode_answer(status, headers, body, keep_alive, request))
        return keep_alive


class LoadError(Exception):
    """The function's code cannot be loaded; the message is the one-line reason."""


def load_handler(spec, code_dir):
    """Imports the handler's module and returns the handler; raises LoadError."""
    import importlib
    module_name, _, function_name = spec.rpartition('.')
    if not module_name or not function_name:
        raise LoadError("handler '%s' is not of the form module.function" % spec)
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as error:
        report(error)
        where = relative(error.filename or '?', code_dir)
        raise LoadError('%s: %s (%s, line %s)' % (type(error).__name__, error.msg, where, error.lineno))
    except ModuleNotFoundError as error:
        report(error)
        if error.name and (module_name + '.').startswith(error.name + '.'):
            raise LoadError("ModuleNotFoundError: No module named '%s' (no %s.py in the code directory)"
                            % (error.name, error.name.replace('.', '/')))
        raise LoadError(describe(error) + location(error, code_dir))
    except BaseException as error:
        report(error)
        raise LoadError(describe(error) + location(error, code_dir))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise LoadError("module '%s' has no function '%s'" % (module_name, function_name))
    if not callable(handler):
        raise LoadError("'%s' in module '%s' is not a function (its type is %s)"
                        % (function_name, module_name, type(handler).__name__))
    return handler


def relative(path, code_dir):
    inside = os.path.abspath(path).startswith(os.path.join(code_dir, ''))
    return os.path.relpath(path, code_dir) if inside else path


def location(error, code_dir):
    """' (file, line N)' for the innermost frame of the function's own code, or ''."""
    import traceback
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if os.path.abspath(frame.filename).startswith(os.path.join(code_dir, ''))]
    return ' (%s, line %s)' % (relative(frames[-1].filename, code_dir), frames[-1].lineno) if frames else ''


def arity(handler, spec):
    """How many arguments the handler is called with: 2 (event, context), 1 (req) or 0."""
    if isinstance(handler, types.FunctionType) and not hasattr(handler, '__wrapped__'):
        code = handler.__code__
        total, optional = code.co_argcount, len(handler.__defaults__ or ())
        varargs = bool(code.co_flags & CO_VARARGS)
        kw_required = code.co_kwonlyargcount - len(handler.__kwdefaults__ or {})
    else:
        import inspect
        try:
            parameters = list(inspect.signature(handler).parameters.values())
        except (TypeError, ValueError):
            return 1
        positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        total = len(positional)
        optional = len([p for p in positional if p.default is not p.empty])
        varargs = any(p.kind == p.VAR_POSITIONAL for p in parameters)
        kw_required = len([p for p in parameters if p.kind == p.KEYWORD_ONLY and p.default is p.empty])
    required = total - optional
    if required > 2 or kw_required:
        raise LoadError("handler '%s' must take (req) or (event, context), not %d required arguments"
                        % (spec, required + kw_required))
    return 2 if varargs else min(required or total, 2)


def die_with_parent():
    """On Linux, asks for SIGKILL when the server dies (PR_SET_PDEATHSIG); exits if it already has."""
    if sys.platform.startswith('linux'):
        try:
            import ctypes
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        except Exception:
            pass
        if os.getppid() != START_PARENT:
            os._exit(0)


def guard_against_orphaning():
    """Dies with the server: PR_SET_PDEATHSIG on Linux, and exit on end of file on a piped stdin."""
    die_with_parent()
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        threading.Thread(target=exit_at_end_of_stdin, name='skiff-stdin', daemon=True).start()


def exit_at_end_of_stdin():
    while os.read(0, 65536):
        pass
    os._exit(0)


def await_specialization():
    """Pooled start: waits as a generic worker for the line that makes it one function's worker."""
    die_with_parent()
    sys.stdout.write(POOLED_LINE + '\n')
    sys.stdout.flush()
    line = b''
    while not line.endswith(b'\n'):
        chunk = os.read(0, 65536)
        if not chunk:
            os._exit(0)
        line += chunk
    try:
        env = json.loads(line.decode('utf-8'))['env']
        if not isinstance(env, dict):
            raise ValueError('env is not an object')
    except (ValueError, KeyError, TypeError) as error:
        sys.stderr.write('SKIFF-LOAD-ERROR: the pooled worker got no usable environment: %s\n' % error)
        sys.stderr.flush()
        os._exit(LOAD_ERROR_EXIT)
    os.environ.clear()
    os.environ.update({str(name): str(value) for name, value in env.items()})


def main():
    if os.environ.get('SKIFF_POOLED') == '1':
        await_specialization()
    code_dir = os.path.abspath(os.environ.get('SKIFF_CODE_DIR') or '.')
    deps_dir = os.environ.get('SKIFF_DEPS_DIR') or ''
    own_dir = os.path.dirname(os.path.abspath(__file__))
    rest = [entry for entry in sys.path if entry not in (own_dir, code_dir, deps_dir)]
    sys.path[:] = [code_dir] + ([os.path.abspath(deps_dir)] if deps_dir else []) + rest
    os.chdir(code_dir)
    guard_against_orphaning()
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    spec = os.environ.get('SKIFF_HANDLER', '')
    try:
        handler = load_handler(spec, code_dir)
        function = Function(handler, arity(handler, spec), {
            'function-name': os.environ.get('SKIFF_FUNCTION', ''),
            'revision': os.environ.get('SKIFF_REVISION', ''),
            'timeout': os.environ.get('SKIFF_TIMEOUT', ''),
            'runtime': 'python%d.%d' % sys.version_info[:2],
            'memory-limit': os.environ.get('SKIFF_MEMORY_LIMIT', ''),
        })
    except LoadError as error:
        sys.stdout.flush()
        sys.stderr.write('SKIFF-LOAD-ERROR: %s\n' % ' '.join(str(error).split()))
        sys.stderr.flush()
        os._exit(LOAD_ERROR_EXIT)
    host, port = os.environ.get('SKIFF_HOST') or '127.0.0.1', os.environ.get('PORT', '')
    try:
        server = Server(host, int(port), function, os.environ.get('SKIFF_SOCKET'))
    except (OSError, ValueError) as error:
        sys.stderr.write('SKIFF: cannot listen on %s:%s: %s\n' % (host, port, error))
        sys.stderr.flush()
        os._exit(1)
    signal.signal(signal.SIGTERM, server.stop)
    signal.signal(signal.SIGINT, server.stop)
    sys.stdout.write(READY_LINE + '\n')
    sys.stdout.flush()
    server.serve()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == '__main__':
    main()
