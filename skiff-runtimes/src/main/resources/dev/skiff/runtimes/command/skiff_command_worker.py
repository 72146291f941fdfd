"""Skiff's command worker: runs allow-listed executables on a volume, as docs/worker-contract.md describes.

It shares skiff_worker.py's HTTP server, readiness line and stop rules, and serves jobs in the format of
the Montage task functions:

  {"ID0000001": {"name": "mProject", "runid": "run00001", "rundir": "/mnt/data/montage-data/run",
                 "command": "mProject", "arguments": ["-X", "in.fits", "p.fits", "region.hdr"],
                 "inputs": ["in.fits", "region.hdr"], "outputs": ["p.fits", "p_area.fits"]}}

Each job's command runs as an argv (never through a shell) in its rundir, with stdin empty. Several jobs in
one body run in order and answer a list of records; one job answers its record.

Environment (besides the contract's):
  SKIFF_ALLOWED_COMMANDS  comma-separated executable names, each found on PATH at start
  SKIFF_VOLUMES           comma-separated name=/mount/path pairs, in the spec's order
  SKIFF_VOLUME_<NAME>     the real directory of volume NAME (upper-case, '-' as '_') when it is not
                          mounted at its mount path; without it the mount path is the real directory
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from datetime import datetime

import skiff_worker as base

RECORD_FIELDS = ('ID', 'runID', 'Command', 'Arguments', 'Inputs', 'Outputs', 'Start Time', 'InputIO Time',
                 'Command Time', 'OutputIO Time', 'End Time', 'Hostname', 'Execution Output', 'Execution Error')
FAILED_STATUS = 500


class JobError(Exception):
    """A job that cannot run or failed: the HTTP status, an error code, a message, and its record if any."""

    def __init__(self, status, code, message, record=None):
        super().__init__(message)
        self.status, self.code, self.message, self.record = status, code, message, record


def now():
    return datetime.now().isoformat(timespec='microseconds')


def is_inside(path, root):
    return path == root or path.startswith(os.path.join(root, ''))


class Volumes:
    """The function's volumes: mount path to real directory, and confinement of paths to them."""

    def __init__(self, text, environ):
        self.mounts = []
        for entry in filter(None, (part.strip() for part in text.split(','))):
            name, equals, mount = entry.partition('=')
            if not equals or not name or not mount.startswith('/'):
                raise base.LoadError("SKIFF_VOLUMES entry '%s' is not name=/mount/path" % entry)
            mount = os.path.normpath(mount)
            real = environ.get('SKIFF_VOLUME_' + name.upper().replace('-', '_')) or mount
            if not os.path.isdir(real):
                raise base.LoadError("volume '%s' (mounted at %s): %s is not a directory" % (name, mount, real))
            self.mounts.append((mount, os.path.realpath(real)))
        if not self.mounts:
            raise base.LoadError('the function has no volume (SKIFF_VOLUMES is empty)')

    def rundir(self, rundir):
        """The real directory for a rundir under a mount path (or relative to the first volume)."""
        if not isinstance(rundir, str) or not rundir:
            raise JobError(400, 'BadRundir', 'rundir must be a path inside a volume, e.g. %s/run1' % self.mounts[0][0])
        if os.path.isabs(rundir):
            found = [(mount, real) for mount, real in self.mounts if is_inside(rundir, mount)]
            if not found:
                raise JobError(400, 'BadRundir', "rundir '%s' is not inside a volume (%s)"
                               % (rundir, ', '.join(mount for mount, _ in self.mounts)))
            mount, root = max(found, key=lambda pair: len(pair[0]))
            candidate = root + rundir[len(mount):]
        else:
            root = self.mounts[0][1]
            candidate = os.path.join(root, rundir)
        real = os.path.realpath(candidate)
        if not is_inside(real, root):
            raise JobError(400, 'BadRundir', "rundir '%s' leads outside its volume" % rundir)
        if not os.path.isdir(real):
            raise JobError(400, 'BadRundir', "rundir '%s' is not a directory" % rundir)
        return real, root


def relative_files(job, field):
    """The job's inputs or outputs: relative paths with no '..' part."""
    names = job.get(field, [])
    if not isinstance(names, list) or not all(isinstance(name, str) and name for name in names):
        raise JobError(400, 'BadJob', '%s must be a list of file names' % field)
    for name in names:
        if os.path.isabs(name) or '..' in name.split('/'):
            raise JobError(400, 'BadPath', "%s entry '%s' must be a path relative to rundir, without '..'"
                           % (field, name))
    return names


class Job:
    """One checked job, ready to run."""

    def __init__(self, job_id, job, commands, volumes):
        if not isinstance(job, dict):
            raise JobError(400, 'BadJob', 'job %s must be an object' % job_id)
        command = job.get('command')
        if not isinstance(command, str) or not command:
            raise JobError(400, 'BadJob', 'job %s has no command' % job_id)
        if command not in commands:
            raise JobError(403, 'CommandNotAllowed', "command '%s' is not allowed; allowed: %s"
                           % (command, ', '.join(sorted(commands))))
        arguments = job.get('arguments', [])
        if not isinstance(arguments, list) or not all(isinstance(a, (str, int, float)) and not isinstance(a, bool)
                                                      for a in arguments):
            raise JobError(400, 'BadJob', 'arguments of job %s must be a list of strings' % job_id)
        self.id, self.run_id, self.command = job_id, job.get('runid', ''), command
        self.executable = commands[command]
        self.arguments = [str(argument) for argument in arguments]
        self.inputs, self.outputs = relative_files(job, 'inputs'), relative_files(job, 'outputs')
        self.rundir, self.root = volumes.rundir(job.get('rundir'))

    def file(self, name):
        """The real path of a file in the rundir; refuses one whose symlinks lead out of the volume."""
        real = os.path.realpath(os.path.join(self.rundir, name))
        if not is_inside(real, self.root):
            raise JobError(400, 'BadPath', "'%s' leads outside the volume" % name)
        return real

    def run(self):
        """Runs the job and returns its record; raises JobError carrying the record when it fails."""
        record = dict.fromkeys(RECORD_FIELDS)
        record.update({'ID': self.id, 'runID': self.run_id, 'Command': self.command, 'Arguments': self.arguments,
                       'Inputs': self.inputs, 'Outputs': self.outputs, 'Start Time': now(),
                       'Hostname': socket.gethostname()})
        missing = [name for name in self.inputs if not os.path.exists(self.file(name))]
        if missing:
            raise JobError(400, 'MissingInput', 'missing input: %s' % ', '.join(missing), record)
        record['InputIO Time'] = now()
        record['Command Time'] = now()
        try:
            done = subprocess.run([self.executable] + self.arguments, cwd=self.rundir, stdin=subprocess.DEVNULL,
                                  capture_output=True, preexec_fn=die_with_parent)
        except OSError as error:
            record['Execution Error'] = str(error)
            raise JobError(FAILED_STATUS, 'CommandFailed', 'cannot run %s: %s' % (self.command, error), record)
        record['OutputIO Time'] = now()
        record['Execution Output'] = done.stdout.decode('utf-8', 'replace')
        record['Execution Error'] = done.stderr.decode('utf-8', 'replace')
        if done.returncode != 0:
            raise JobError(FAILED_STATUS, 'CommandFailed', '%s exited with status %d' % (self.command, done.returncode),
                           record)
        absent = [name for name in self.outputs if not os.path.exists(self.file(name))]
        record['End Time'] = now()
        if absent:
            raise JobError(FAILED_STATUS, 'MissingOutput', '%s did not write: %s' % (self.command, ', '.join(absent)),
                           record)
        return record


def load_libc():
    """The C library, loaded before any fork: a forked child must not import or load anything."""
    if not sys.platform.startswith('linux'):
        return None
    try:
        import ctypes
        return ctypes.CDLL(None)
    except OSError:
        return None


LIBC = load_libc()


def die_with_parent():
    """Runs in the forked child: the command dies with the worker, even when the worker is killed."""
    if LIBC is not None:
        LIBC.prctl(base.PR_SET_PDEATHSIG, int(signal.SIGKILL))


def json_answer(status, value):
    body = json.dumps(value, ensure_ascii=False).encode('utf-8')
    return status, [('Content-Type', 'application/json')], body


class CommandFunction:
    """Turns a request carrying jobs into (status, headers, body)."""

    def __init__(self, commands, volumes):
        self.commands, self.volumes = commands, volumes

    def __call__(self, request):
        if request.method != 'POST':
            return json_answer(405, {'error': 'MethodNotAllowed', 'message': 'POST the jobs as a JSON object'})
        try:
            jobs = json.loads(request.body.decode('utf-8'))
        except ValueError as error:
            return json_answer(400, {'error': 'MalformedJSON', 'message': 'the body is not JSON: %s' % error})
        if not isinstance(jobs, dict) or not jobs:
            return json_answer(400, {'error': 'BadJob', 'message': 'the body must map job IDs to jobs'})
        records = []
        try:
            checked = [Job(job_id, job, self.commands, self.volumes) for job_id, job in jobs.items()]
            for job in checked:
                records.append(job.run())
        except JobError as error:
            answer = {'error': error.code, 'message': error.message}
            if error.record is not None:
                error.record['Execution Error'] = error.record['Execution Error'] or error.message
                answer['record'] = error.record
                if len(jobs) > 1:
                    answer['records'] = records + [error.record]
            return json_answer(error.status, answer)
        except Exception as error:
            base.report(error)
            return json_answer(500, {'error': 'WorkerError', 'message': base.describe(error)})
        return json_answer(200, records[0] if len(records) == 1 else records)


def allowed_commands(text):
    """Each allowed name mapped to its executable on PATH; raises LoadError for one that is not there."""
    commands = {}
    for name in filter(None, (part.strip() for part in text.split(','))):
        path = shutil.which(name) if '/' not in name else None
        if path is None:
            raise base.LoadError("allowed command '%s' is not an executable on the PATH" % name)
        commands[name] = os.path.realpath(path)
    if not commands:
        raise base.LoadError('the function allows no command (SKIFF_ALLOWED_COMMANDS is empty)')
    return commands


def main():
    base.guard_against_orphaning()
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    try:
        function = CommandFunction(allowed_commands(os.environ.get('SKIFF_ALLOWED_COMMANDS', '')),
                                   Volumes(os.environ.get('SKIFF_VOLUMES', ''), os.environ))
    except base.LoadError as error:
        sys.stderr.write('SKIFF-LOAD-ERROR: %s\n' % error)
        sys.stderr.flush()
        os._exit(base.LOAD_ERROR_EXIT)
    host, port = os.environ.get('SKIFF_HOST') or '127.0.0.1', os.environ.get('PORT', '')
    try:
        server = base.Server(host, int(port), function, os.environ.get('SKIFF_SOCKET'))
    except (OSError, ValueError) as error:
        sys.stderr.write('SKIFF: cannot listen on %s:%s: %s\n' % (host, port, error))
        sys.stderr.flush()
        os._exit(1)
    signal.signal(signal.SIGTERM, server.stop)
    signal.signal(signal.SIGINT, server.stop)
    sys.stdout.write(base.READY_LINE + '\n')
    sys.stdout.flush()
    server.serve()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == '__main__':
    main()
