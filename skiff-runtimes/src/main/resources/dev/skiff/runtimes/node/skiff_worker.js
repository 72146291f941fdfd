'use strict';
/*
 * Skiff's Node.js worker: serves one function over HTTP/1.1, as docs/worker-contract.md describes.
 * Node's standard library only.
 *
 * Start. SKIFF_HANDLER is `module.function`: the module is a path under SKIFF_CODE_DIR (the working
 * directory) without its extension (`hello` is hello.js, hello.cjs, hello.mjs or hello/index.js;
 * `lib/api` is lib/api.js), the function is the module's export of that name. A CommonJS module is
 * required; an ES module (.mjs, or "type": "module") is imported. Installed dependencies are found
 * through NODE_PATH, which CommonJS honours; an ES module imports its bare specifiers from a
 * node_modules shipped beside its code (or uses createRequire). The handler is resolved before
 * listening: on failure the stack and then one line `SKIFF-LOAD-ERROR: <message>` go to stderr and
 * the process exits 3 (a syntax error names the file and line: `SyntaxError: ... (hello.js:3)`). On
 * success it listens on SKIFF_HOST (default 127.0.0.1):PORT, and on the Unix socket SKIFF_SOCKET names
 * when given, and prints `SKIFF-READY`.
 *
 * Calling convention: `handle(req, ctx)`, a plain function or an async one (a returned promise is
 * awaited). `req` is the decoded body; for an empty body, an object of the query parameters (first
 * value of each), so `req.name` works for GET /?name=x. Body decoding: application/octet-stream stays
 * a Buffer; text/* becomes a string; any other type (JSON, none, the form type `curl -d` sends)
 * becomes the parsed JSON value when the body is valid JSON, else the string. A body that is not
 * UTF-8 stays a Buffer.
 *
 * `ctx` is the request and the answer's settings:
 *   ctx.functionName, ctx.revision, ctx.timeout (seconds), ctx.runtime ('nodejs')
 *   ctx.method, ctx.path (decoded, without the query), ctx.query (name -> array of values),
 *   ctx.headers (names lower-case), ctx.body (the raw Buffer)
 *   ctx.status(201)          sets the status (an integer from 100 to 599); returns ctx
 *   ctx.setHeader(name, v)   sets an answer header; returns ctx
 *
 * Return mapping:
 *   object, array, number, boolean   200 application/json
 *   string                           200 text/plain; charset=utf-8
 *   Buffer, Uint8Array               200 application/octet-stream
 *   undefined, null                  204 No Content
 * A returned `{statusCode, headers, body}` is NOT special: it is an object and answers as JSON, since
 * a handler may well return data of that shape. Status and headers are set through ctx only.
 * A thrown error (or rejected promise, or a value JSON cannot encode) answers 500
 * {"error": "FunctionError", "message": "<name>: <message>"} and writes the stack to stderr. Errors
 * thrown later outside a request (a timer, an unawaited promise) are logged, never fatal.
 *
 * Serve. http.createServer with keep-alive; an idle connection is kept an hour, longer than the
 * gateway's pool keeps one, so the gateway always closes first and never reuses a closing socket.
 * Chunked bodies, Expect: 100-continue and HEAD are Node's; a malformed request answers 400
 * {"error": "MalformedRequest", ...} and closes.
 *
 * Pooled start. With SKIFF_POOLED=1 the worker starts as a generic one, for no function yet: it
 * prints `SKIFF-POOLED` and reads one line from stdin, a JSON object `{"env": {...}}` holding the whole
 * environment a fresh start of the function would have had. That environment replaces process.env
 * (NODE_PATH is read again), and from then on it starts exactly as above.
 *
 * Stop. SIGTERM (or SIGINT): stop accepting, finish in-flight requests (up to 30 s), exit 0. End of
 * file on stdin, when stdin is a pipe: exit at once.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const url = require('url');

const READY_LINE = 'SKIFF-READY';
const POOLED_LINE = 'SKIFF-POOLED';
const LOAD_ERROR_EXIT = 3;
const DRAIN_MS = 30000;
const KEEP_ALIVE_MS = 3600 * 1000;
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);
const ESM_REQUIRE_ERRORS = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

class LoadError extends Error {}

function write(fd, text) {
  fs.writeSync(fd, text + '\n');
}

/** The message of anything thrown: `<name>: <message>`, or the name alone. */
function describe(error) {
  if (error instanceof Error) {
    return error.message ? `${error.name}: ${error.message}` : error.name;
  }
  return `Error: ${String(error)}`;
}

/** Writes a thrown value's stack to stderr in one write, without this file's frames. */
function report(error) {
  const text = error instanceof Error && error.stack ? error.stack : describe(error);
  const lines = text.split('\n').filter((line) => !line.includes(__filename));
  process.stderr.write(lines.join('\n') + '\n');
}

function relative(file, codeDir) {
  return file.startsWith(codeDir + path.sep) ? path.relative(codeDir, file) : file;
}

/** ` (file:line)` for the innermost frame of the function's own code in a stack, or ''. */
function location(error, codeDir) {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  for (const line of stack.split('\n')) {
    const frame = /^\s+at (?:.*\()?(?:file:\/\/)?(\/[^()]*?):(\d+):\d+\)?$/.exec(line);
    if (frame && frame[1].startsWith(codeDir + path.sep) && !frame[1].includes(`${path.sep}node_modules${path.sep}`)) {
      return ` (${relative(frame[1], codeDir)}:${frame[2]})`;
    }
  }
  return '';
}

/** Where a syntax error is: CommonJS puts `file:line` on the stack's first line; for ES modules, `node --check` tells. */
function syntaxLocation(error, file, codeDir) {
  const first = /^(\/.*):(\d+)$/.exec(String(error.stack).split('\n')[0]);
  if (first) {
    return ` (${relative(first[1], codeDir)}:${first[2]})`;
  }
  const check = require('child_process').spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  const checked = /^(?:file:\/\/)?(\/.*):(\d+)$/m.exec(check.stderr || '');
  return checked ? ` (${relative(checked[1], codeDir)}:${checked[2]})` : ` (${relative(file, codeDir)})`;
}

function resolveModule(moduleName, codeDir) {
  const base = path.join(codeDir, moduleName);
  try {
    return require.resolve(base);
  } catch (error) {
    if (fs.existsSync(base + '.mjs')) {
      return base + '.mjs';
    }
    throw new LoadError(`Cannot find module '${moduleName}' (no ${moduleName}.js, .cjs, .mjs or ${moduleName}/index.js in the code directory)`);
  }
}

async function importModule(file, codeDir) {
  try {
    if (file.endsWith('.mjs')) {
      return await import(url.pathToFileURL(file).href);
    }
    try {
      return require(file);
    } catch (error) {
      if (error && ESM_REQUIRE_ERRORS.has(error.code)) {
        return await import(url.pathToFileURL(file).href);
      }
      throw error;
    }
  } catch (error) {
    report(error);
    if (error instanceof SyntaxError) {
      throw new LoadError(describe(error) + syntaxLocation(error, file, codeDir));
    }
    throw new LoadError(describe(error).split('\n')[0] + location(error, codeDir));
  }
}

/** Loads the handler's module and returns the handler; throws LoadError. */
async function loadHandler(spec, codeDir) {
  const dot = spec.lastIndexOf('.');
  const moduleName = spec.slice(0, dot);
  const functionName = spec.slice(dot + 1);
  if (dot <= 0 || !functionName) {
    throw new LoadError(`handler '${spec}' is not of the form module.function`);
  }
  const file = resolveModule(moduleName, codeDir);
  const exported = await importModule(file, codeDir);
  let handler = exported == null ? undefined : exported[functionName];
  if (handler === undefined && exported && exported.default != null) {
    handler = exported.default[functionName];
  }
  if (handler === undefined) {
    throw new LoadError(`module '${moduleName}' has no export '${functionName}'`);
  }
  if (typeof handler !== 'function') {
    throw new LoadError(`'${functionName}' in module '${moduleName}' is not a function (its type is ${typeof handler})`);
  }
  return handler;
}

function decodeBody(body, contentType) {
  if (body.length === 0) {
    return null;
  }
  const media = contentType.split(';', 1)[0].trim().toLowerCase();
  if (media === 'application/octet-stream') {
    return body;
  }
  let text;
  try {
    text = UTF8.decode(body);
  } catch (error) {
    return body;
  }
  if (media.startsWith('text/')) {
    return text;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    return text;
  }
}

function parseTarget(target) {
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  const query = {};
  for (const [name, value] of new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1))) {
    (query[name] || (query[name] = [])).push(value);
  }
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch (error) {
    decoded = rawPath;
  }
  return { path: decoded, query };
}

function isStatus(value) {
  return Number.isInteger(value) && value >= 100 && value <= 599;
}

/** The handler's context for one request, with the answer's status and headers it may set. */
function context(request, body, info) {
  const { path: requestPath, query } = parseTarget(request.url);
  const answer = { status: undefined, headers: {} };
  const ctx = {
    ...info,
    method: request.method,
    path: requestPath,
    query,
    headers: request.headers,
    body,
    status(code) {
      if (!isStatus(code)) {
        throw new TypeError(`the response status must be an integer from 100 to 599, not ${String(code)}`);
      }
      answer.status = code;
      return ctx;
    },
    setHeader(name, value) {
      answer.headers[String(name)] = String(value);
      return ctx;
    },
  };
  return { ctx, answer };
}

function argument(ctx, contentType) {
  if (ctx.body.length === 0) {
    return Object.fromEntries(Object.entries(ctx.query).map(([name, values]) => [name, values[0]]));
  }
  return decodeBody(ctx.body, contentType);
}

/** Maps a handler's return value to {status, headers, body}. */
function render(result, answer) {
  let body;
  let contentType;
  let status = 200;
  if (result === undefined || result === null) {
    body = Buffer.alloc(0);
    status = 204;
  } else if (Buffer.isBuffer(result) || result instanceof Uint8Array) {
    body = Buffer.from(result.buffer, result.byteOffset, result.byteLength);
    contentType = 'application/octet-stream';
  } else if (typeof result === 'string') {
    body = Buffer.from(result, 'utf8');
    contentType = 'text/plain; charset=utf-8';
  } else {
    const json = JSON.stringify(result);
    if (json === undefined) {
      throw new TypeError(`a ${typeof result} cannot be encoded as JSON`);
    }
    body = Buffer.from(json, 'utf8');
    contentType = 'application/json';
  }
  const headers = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!FRAMING_HEADERS.has(name.toLowerCase())) {
      headers[name] = value;
    }
  }
  if (contentType && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = contentType;
  }
  return { status: answer.status || status, headers, body };
}

function errorAnswer(status, code, message) {
  return { status, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify({ error: code, message })) };
}

async function invoke(handler, request, body, info) {
  const { ctx, answer } = context(request, body, info);
  try {
    const result = await handler(argument(ctx, request.headers['content-type'] || ''), ctx);
    return render(result, answer);
  } catch (error) {
    report(error);
    return errorAnswer(500, 'FunctionError', describe(error));
  }
}

function send(response, answer, stopping) {
  const empty = answer.status === 204 || answer.status === 304;
  const headers = { ...answer.headers };
  if (!empty) {
    headers['Content-Length'] = answer.body.length;
  }
  if (stopping) {
    headers.Connection = 'close';
  }
  try {
    response.writeHead(answer.status, http.STATUS_CODES[answer.status] || 'Unknown', headers);
  } catch (error) {
    report(error);
    send(response, errorAnswer(500, 'FunctionError', describe(error)), stopping);
    return;
  }
  response.end(empty ? undefined : answer.body);
}

/** An HTTP/1.1 keep-alive server for one handler; servers sharing `state` drain together (stopper). */
function createServer(handler, info, state) {
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS, requestTimeout: 0, noDelay: true }, (request, response) => {
    state.inFlight += 1;
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const answer = await invoke(handler, request, Buffer.concat(chunks), info);
      send(response, answer, state.stopping);
    });
    response.on('close', () => {
      state.inFlight -= 1;
      if (state.stopping) {
        server.closeIdleConnections();
      }
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.on('clientError', (error, socket) => {
    if (socket.writable && !socket.destroyed) {
      const body = JSON.stringify({ error: 'MalformedRequest', message: error.code || error.message });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
        + `Connection: close\r\n\r\n${body}`);
    } else {
      socket.destroy();
    }
  });
  return server;
}

/** Stops accepting on every server of `servers` (read when called), and exits once they have drained. */
function stopper(servers, state) {
  return () => {
    if (state.stopping) {
      return;
    }
    state.stopping = true;
    process.stderr.write(`SKIFF: stopping; finishing ${state.inFlight} in-flight request(s)\n`);
    let open = servers.length;
    for (const server of servers) {
      server.close(() => {
        open -= 1;
        if (open === 0) {
          process.exit(0);
        }
      });
      server.closeIdleConnections();
    }
    setTimeout(() => process.exit(0), DRAIN_MS).unref();
  };
}

/**
 * Also serves on the Unix socket at `socketPath` (the contract's SKIFF_SOCKET, the gateway's way
 * in), replacing a stale socket there; calls `done` once it listens, or once it could not (reported:
 * the port still serves).
 */
function listenOnSocket(handler, info, state, servers, socketPath, done) {
  try {
    if (fs.lstatSync(socketPath).isSocket()) {
      fs.unlinkSync(socketPath);
    }
  } catch (error) {
    // nothing there yet
  }
  const server = createServer(handler, info, state);
  server.once('error', (error) => {
    write(2, `SKIFF: cannot listen on ${socketPath} (${error.message}); serving on the port only`);
    done();
  });
  server.listen(socketPath, () => {
    servers.push(server);
    done();
  });
}

/** Exits at end of file on stdin when it is a pipe or socket: the server that holds it is gone. */
function guardAgainstOrphaning() {
  let stdin;
  try {
    stdin = fs.fstatSync(0);
  } catch (error) {
    return;
  }
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }
}

function keepServing() {
  process.on('uncaughtException', (error) => report(error));
  process.on('unhandledRejection', (error) => report(error));
}

/** Pooled start: waits as a generic worker for the line that makes it one function's worker. */
function awaitSpecialization() {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end >= 0) {
        process.stdin.off('data', onData);
        resolve(received.slice(0, end));
      }
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', onData);
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    write(1, POOLED_LINE);
  }).then(specialize);
}

/** Replaces the environment with the one a fresh start would have had. */
function specialize(line) {
  let env;
  try {
    env = JSON.parse(line).env;
    if (env === null || typeof env !== 'object' || Array.isArray(env)) {
      throw new Error('env is not an object');
    }
  } catch (error) {
    write(2, `SKIFF-LOAD-ERROR: the pooled worker got no usable environment: ${error.message}`);
    process.exit(LOAD_ERROR_EXIT);
  }
  for (const name of Object.keys(process.env)) {
    delete process.env[name];
  }
  for (const [name, value] of Object.entries(env)) {
    process.env[name] = String(value);
  }
  require('module')._initPaths();
}

async function main() {
  if (process.env.SKIFF_POOLED === '1') {
    await awaitSpecialization();
  }
  const codeDir = path.resolve(process.env.SKIFF_CODE_DIR || '.');
  process.chdir(codeDir);
  guardAgainstOrphaning();
  const spec = process.env.SKIFF_HANDLER || '';
  let handler;
  try {
    handler = await loadHandler(spec, codeDir);
  } catch (error) {
    const message = error instanceof LoadError ? error.message : describe(error);
    write(2, `SKIFF-LOAD-ERROR: ${message.split(/\s+/).join(' ').trim()}`);
    process.exit(LOAD_ERROR_EXIT);
  }
  keepServing();
  const info = {
    functionName: process.env.SKIFF_FUNCTION || '',
    revision: process.env.SKIFF_REVISION || '',
    timeout: Number(process.env.SKIFF_TIMEOUT) || 0,
    runtime: 'nodejs',
  };
  const host = process.env.SKIFF_HOST || '127.0.0.1';
  const port = process.env.PORT || '';
  if (!/^[0-9]+$/.test(port)) {
    write(2, `SKIFF: PORT is '${port}', not a port number`);
    process.exit(1);
  }
  const state = { inFlight: 0, stopping: false };
  const server = createServer(handler, info, state);
  const servers = [server];
  server.on('error', (error) => {
    const reason = error.code === 'EADDRINUSE' ? 'Address already in use' : error.message;
    write(2, `SKIFF: cannot listen on ${host}:${port}: ${reason}`);
    process.exit(1);
  });
  const stop = stopper(servers, state);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const socketPath = process.env.SKIFF_SOCKET || '';
  server.listen(Number(port), host, () => {
    if (socketPath) {
      listenOnSocket(handler, info, state, servers, socketPath, () => write(1, READY_LINE));
    } else {
      write(1, READY_LINE);
    }
  });
}

main();
