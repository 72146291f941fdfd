package dev.skiff.runtimes.node;

import dev.skiff.runtimes.LanguageContract;
import dev.skiff.testkit.worker.ServesUnixSocket;

/** The worker contract, all of it, for the real Node.js bootstrap, its fixture in a subdirectory of the code. */
class NodeContractIT extends LanguageContract implements ServesUnixSocket {
    private static final String FIXTURE = """
            const fs = require('fs');

            const routes = {
              '/echo': (ctx) => ctx.body,
              '/slow': (ctx) => fs.promises.readFile(ctx.body.toString(), 'utf8'),
              '/print': () => { console.log('printed by the handler'); return 'ok'; },
              '/throw': () => { throw new RangeError('too far'); },
              '/json': () => ({ a: [1, 2.5, true, null] }),
              '/number': () => 42,
              '/text': () => 'héllo',
              '/bytes': () => Buffer.from([0, 1, 255]),
              '/none': () => undefined,
              '/made': (ctx) => { ctx.status(201).setHeader('X-Made', 'yes'); return 'made'; },
              '/html': (ctx) => { ctx.setHeader('Content-Type', 'text/html'); return '<p>hi</p>'; },
            };

            exports.handle = (req, ctx) => routes[ctx.path](ctx);
            """;

    NodeContractIT() {
        super(NodeRuntime::new, new Fixture("lib/contract.js", FIXTURE, "lib/contract.handle", "RangeError: too far",
                "lib/contract.js:7"));
    }
}
