/**
 * Issue 9's field quirks against real servers that reproduce them (test/fixtures/quirky_server.py): connection
 * hygiene, status before decoding, auto-detection without side effects, /RPC2, error wording, hprose error text.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RpcError, RpcFault, callMethod, callMethodAuto, detectProtocol, discover, resolveCallUrl } from '../../src/core';
import { closeIdleConnections } from '../../src/core/transport';
import { startHproseServer, startJaysonServer, startPythonServer, startXmlRpcServer, type RunningServer } from '../support/servers';
import { isError } from '../support/rpcErrors';

function startQuirky(mode: string): Promise<RunningServer> {
  return startPythonServer('test/fixtures/quirky_server.py', [mode]);
}

async function bumps(server: RunningServer): Promise<number> {
  return (await callMethod(server.url, 'xmlrpc', 'count', [])) as number;
}

after(() => closeIdleConnections());

describe('a server that poisons its keep-alive connection after an error (aria2)', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('poison-after-error')));
  after(() => server.stop());

  test('auto-detection finds XML-RPC 100 times out of 100 (fresh process state each time)', async () => {
    for (let i = 0; i < 100; i++) {
      const found = await discover(server.url, 'auto');
      assert.equal(found.protocol, 'xmlrpc', `run ${i + 1}`);
      assert.deepEqual(
        found.methods.map((m) => m.name),
        ['bump', 'count', 'echo'],
      );
    }
  });

  test('a call after a 400 on the same endpoint goes out on a clean connection', async () => {
    await assert.rejects(callMethod(server.url, 'hprose', 'echo', ['x']), isError('http', /^HTTP 400 Bad Request from 127\.0\.0\.1:\d+$/));
    for (let i = 0; i < 20; i++) assert.equal(await callMethod(server.url, 'xmlrpc', 'echo', [`x${i}`]), `x${i}`);
  });
});

describe('a server that answers an unreadable probe with 500 and closes the connection silently', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('close-after-500')));
  after(() => server.stop());

  test('100 of 100 auto-detected calls succeed', async () => {
    for (let i = 0; i < 100; i++) {
      closeIdleConnections();
      const called = await callMethodAuto(`${server.url}/?run=${i}`, 'echo', [i]);
      assert.equal(called.protocol, 'xmlrpc');
      assert.equal(called.result, i);
    }
  });
});

describe('the status comes before decoding', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('gzip-404')));
  after(() => server.stop());

  test('404 with an empty gzip-labelled body is "HTTP 404", not a decompression error', async () => {
    for (const protocol of ['xmlrpc', 'jsonrpc', 'hprose'] as const) {
      await assert.rejects(discover(`${server.url}/rpc`, protocol), isError('http', /^HTTP 404 Not Found from 127\.0\.0\.1:\d+$/));
    }
  });
});

describe('a kept-alive connection the server dropped', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('drop-second')));
  after(() => server.stop());

  test('discovery is sent again on a fresh connection', async () => {
    closeIdleConnections();
    await callMethod(server.url, 'xmlrpc', 'echo', [1]); // leaves a kept-alive connection the server will drop
    const found = await discover(server.url, 'xmlrpc');
    assert.deepEqual(
      found.methods.map((m) => m.name),
      ['bump', 'count', 'echo'],
    );
  });

  test("a user's call is not sent again: its error says the connection was dropped", async () => {
    closeIdleConnections();
    await callMethod(server.url, 'xmlrpc', 'echo', [1]);
    await assert.rejects(
      callMethod(server.url, 'xmlrpc', 'bump', []),
      isError('connection', /dropped a kept-alive connection before answering .*the call was not sent again/),
    );
  });
});

describe('an auto-detected call is sent once', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('xmlrpc-500-once')));
  after(() => server.stop());

  test('the probes find the protocol; the call itself reaches the server exactly once', async () => {
    const before = await bumps(server);
    const called = await callMethodAuto(`${server.url}/?fresh`, 'bump', []);
    assert.equal(called.protocol, 'xmlrpc');
    assert.equal(await bumps(server), before + 1);
  });

  test('a known endpoint is not probed again', async () => {
    const url = `${server.url}/?known`;
    await detectProtocol(url);
    const seen: string[] = [];
    await callMethodAuto(url, 'echo', ['x'], { onWire: (e) => e.direction === 'request' && seen.push(e.method) });
    assert.deepEqual(seen, ['echo']);
  });
});

describe('a URL without a path, as ServerProxy reads it', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('rpc2-only')));
  after(() => server.stop());

  test('discovery tries /RPC2 when / answers an HTML page, and says so', async () => {
    for (const protocol of ['auto', 'xmlrpc'] as const) {
      const found = await discover(server.url, protocol);
      assert.equal(found.protocol, 'xmlrpc');
      assert.equal(found.url, `${server.url}/RPC2`);
    }
  });

  test('a call to the bare URL goes to /RPC2 once, after a side-effect-free probe', async () => {
    const url = `http://127.0.0.1:${server.port}`;
    assert.equal(await resolveCallUrl(url, 'xmlrpc'), `${server.url}/RPC2`);
    const before = await bumps({ ...server, url: `${server.url}/RPC2` });
    const called = await callMethodAuto(`${url}/`, 'bump', []);
    assert.equal(called.url, `${server.url}/RPC2`);
    assert.equal(await bumps({ ...server, url: `${server.url}/RPC2` }), before + 1);
  });

  test('a URL that names a path is taken as it is', async () => {
    await assert.rejects(discover(`${server.url}/status`, 'xmlrpc'), isError('malformed', /HTML page/));
  });
});

describe('HTTP errors read the same in every protocol', () => {
  let server: RunningServer;
  before(async () => (server = await startQuirky('auth-401')));
  after(() => server.stop());

  test('401 from Python http.server: one wording, with the host, the body not repeated', async () => {
    const messages = new Set<string>();
    for (const protocol of ['xmlrpc', 'jsonrpc', 'hprose'] as const) {
      const error = await callMethod(`${server.url}/rpc`, protocol, 'x', []).catch((e: unknown) => e);
      assert.ok(error instanceof RpcError && error.kind === 'http', String(error));
      messages.add(error.message);
    }
    assert.equal(messages.size, 1, [...messages].join(' | '));
    const [message] = messages;
    assert.match(message, /^HTTP 401 Unauthorized from 127\.0\.0\.1:\d+/);
    assert.doesNotMatch(message, /Error response.*Error response/);
  });
});

describe('hprose errors', () => {
  test('an E reply with a wrong string length still shows the server\'s message', async () => {
    const server = await startQuirky('hprose-bad-error');
    try {
      await assert.rejects(
        callMethod(server.url, 'hprose', 'sayHi', []),
        (e: unknown) => e instanceof RpcFault && e.faultString === "sayHi() missing 1 required positional argument: 'name'",
      );
    } finally {
      await server.stop();
    }
  });
});

describe('auto-detection against the project peers, 100 of 100', () => {
  const peers: Array<[string, () => Promise<RunningServer>, string]> = [
    ['Python SimpleXMLRPCServer', () => startXmlRpcServer({ introspection: true, multicall: true }), 'xmlrpc'],
    ['npm hprose', () => startHproseServer(), 'hprose'],
    ['jayson', () => startJaysonServer(), 'jsonrpc'],
  ];
  for (const [name, start, protocol] of peers) {
    test(name, async () => {
      const server = await start();
      try {
        for (let i = 0; i < 100; i++) {
          // A new URL each run (user-info every server ignores), so no run reuses what an earlier one detected.
          const detected = await detectProtocol(`http://run${i}@127.0.0.1:${server.port}/`);
          assert.equal(detected.protocol, protocol, `run ${i + 1}`);
        }
      } finally {
        await server.stop();
      }
    });
  }
});

describe('a secret leading argument', () => {
  test('goes before the arguments of a call, not into discovery', async () => {
    const server = await startXmlRpcServer({ introspection: true });
    try {
      const seen: string[] = [];
      const result = await callMethod(server.url, 'xmlrpc', 'echo', [], { leadingArgs: ['token:s3cret'], onWire: (e) => e.direction === 'request' && seen.push(e.body) });
      assert.equal(result, 'token:s3cret');
      await discover(server.url, 'xmlrpc', { onWire: (e) => e.direction === 'request' && seen.push(e.body) });
      assert.equal(seen.filter((body) => body.includes('s3cret')).length, 1);
    } finally {
      await server.stop();
    }
  });
});
