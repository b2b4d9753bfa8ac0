/**
 * Real npm hprose 2.x HttpServers for tests. Functions of the test server (test/fixtures/hprose-server.js):
 * sayHi, sayBye (as in examples/), echo, fail (throws its message), describe (how the server read an argument),
 * sample(kind) (native values: class instances, shared lists, Maps…), raw (sends its argument back as serialized
 * hprose bytes). The server runs with TZ=UTC so its local dates are UTC.
 */
import { startNodeServer, type RunningServer } from './nodeServerProcess';

export type { RunningServer } from './nodeServerProcess';

export function startHproseServer(): Promise<RunningServer> {
  return startNodeServer('test/fixtures/hprose-server.js');
}

/** The example server users run (examples/hprose-node/server.js): sayHi and sayBye. */
export function startHproseExampleServer(): Promise<RunningServer> {
  return startNodeServer('examples/hprose-node/server.js');
}
