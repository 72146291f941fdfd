package dev.skiff.runtimes.python;

import dev.skiff.runtimes.LanguageContract;
import dev.skiff.testkit.worker.ServesUnixSocket;

/** The worker contract, all of it, for the real Python bootstrap on /usr/bin/python3. */
class PythonContractIT extends LanguageContract implements ServesUnixSocket {
    private static final String FIXTURE = """
            def handler(event, context):
                return ROUTES[event['path']](event['extensions']['request'].body.read())

            ROUTES = {
                '/echo': lambda body: body,
                '/slow': lambda body: open(body.decode()).read(),
                '/print': lambda body: print('printed by the handler') or 'ok',
                '/throw': lambda body: 1 / 0,
                '/json': lambda body: {'a': [1, 2.5, True, None]},
                '/number': lambda body: 42,
                '/text': lambda body: 'héllo',
                '/bytes': lambda body: b'\\x00\\x01\\xff',
                '/none': lambda body: None,
                '/made': lambda body: ('made', 201, {'X-Made': 'yes'}),
                '/html': lambda body: ('<p>hi</p>', {'Content-Type': 'text/html'}),
            }
            """;

    PythonContractIT() {
        super(PythonRuntime::new, new Fixture("contract.py", FIXTURE, "contract.handler",
                "ZeroDivisionError: division by zero", "contract.py\", line 8, in <lambda>"));
    }
}
