#!/usr/bin/env python3
"""The Python side of `npm run bench` (standard library only).

Subcommands (each prints one JSON object on stdout, except `server`):
  gen FILE MB                 write a deterministic XML-RPC methodResponse of about MB megabytes
  decode FILE RUNS            time xmlrpc.client.loads; peak RSS after the first decode
  encode FILE RUNS            time xmlrpc.client.dumps of the decoded params as a methodCall
  server [METHODS]            SimpleXMLRPCServer with introspection, multicall, add, echo and METHODS documented methods;
                              prints "listening on http://127.0.0.1:PORT" and serves until killed
  discovery URL RUNS          ServerProxy: listMethods, then signatures and help of every method in one MultiCall
  latency URL CALLS RUNS      CALLS sequential small calls with one ServerProxy
"""
import datetime
import json
import random
import resource
import sys
import time
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

# Bump when the generated document changes, so cached files are regenerated.
GENERATOR_VERSION = 1


def peak_rss_mb():
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_record(i, rng):
    return {
        'id': i,
        'score': rng.randrange(1, 10**9) / 1024 + 0.5,  # never integral: stays a double everywhere
        'label': 'item %d: a &amp; b <tag> & "quotes" — café ü ß 日本語 ✓ %d' % (i, rng.randrange(10**6)),
        'active': i % 3 != 0,
        'created': xmlrpc.client.DateTime(datetime.datetime(2020, 1, 1) + datetime.timedelta(seconds=i * 37)),
        'blob': xmlrpc.client.Binary(bytes(rng.randrange(256) for _ in range(12))),
        'triple': [i, -i, rng.randrange(-2**31, 2**31)],
    }


def gen(path, megabytes):
    """Doubles the record count until the document reaches the size, then trims by proportion (deterministic)."""
    target = int(float(megabytes) * 1024 * 1024)
    sample = xmlrpc.client.dumps(([make_record(i, random.Random(i)) for i in range(200)],), methodresponse=True)
    per_record = len(sample.encode('utf-8')) / 200
    count = max(1, int(target / per_record))
    records = [make_record(i, random.Random(i)) for i in range(count)]
    body = xmlrpc.client.dumps((records,), methodresponse=True).encode('utf-8')
    with open(path, 'wb') as f:
        f.write(body)
    print(json.dumps({'file': path, 'bytes': len(body), 'records': count}))


def timed(fn, runs):
    """A cold call first (its peak RSS is this fresh process's peak for one call), then `runs` timed calls."""
    result = fn()
    rss = peak_rss_mb()
    del result
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        del result
    return times, rss


def decode(path, runs):
    start = peak_rss_mb()
    with open(path, 'rb') as f:
        data = f.read()
    times, rss = timed(lambda: xmlrpc.client.loads(data), int(runs))
    print(json.dumps({'bytes': len(data), 'times_ms': times, 'peak_rss_mb': rss, 'start_rss_mb': start}))


def encode(path, runs):
    with open(path, 'rb') as f:
        params, _ = xmlrpc.client.loads(f.read())
    # To the UTF-8 bytes ServerProxy sends (it encodes dumps' str the same way), as the Node side does.
    def dumps_bytes():
        return xmlrpc.client.dumps(params, methodname='bench.echo').encode('utf-8', 'xmlcharrefreplace')

    times, rss = timed(dumps_bytes, int(runs))
    size = len(dumps_bytes())
    print(json.dumps({'bytes': size, 'times_ms': times, 'peak_rss_mb': rss}))


def make_documented(i):
    def method(a, b):
        return a + b * i

    method.__doc__ = 'Generated method %d: returns a + b * %d.\n\nBoth arguments are ints; used by the discovery benchmark.' % (i, i)
    return method


class QuietHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ('/', '/RPC2')

    def log_message(self, format, *args):
        pass


def server(methods=2000):
    srv = SimpleXMLRPCServer(('127.0.0.1', 0), requestHandler=QuietHandler, logRequests=False, allow_none=True)
    srv.register_introspection_functions()
    srv.register_multicall_functions()
    for i in range(int(methods)):
        srv.register_function(make_documented(i), 'bench.m%04d' % i)

    def add(a, b):
        """add(a, b) -> a + b"""
        return a + b

    srv.register_function(add, 'add')

    def echo(value):
        """echo(value) -> value (the call the extension-host timing makes)"""
        return value

    srv.register_function(echo, 'echo')
    print('listening on http://127.0.0.1:%d/' % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


class CountingTransport(xmlrpc.client.Transport):
    """Counts HTTP requests, so the table can show round trips."""

    requests = 0

    def request(self, *args, **kwargs):
        CountingTransport.requests += 1
        return super().request(*args, **kwargs)


def discovery(url, runs):
    """Like the Node side: a first (cold) discovery reported apart, then `runs` more."""
    def once():
        CountingTransport.requests = 0
        t0 = time.perf_counter()
        proxy = xmlrpc.client.ServerProxy(url, transport=CountingTransport())
        names = proxy.system.listMethods()
        multicall = xmlrpc.client.MultiCall(proxy)
        for name in names:
            multicall.system.methodSignature(name)
            multicall.system.methodHelp(name)
        answers = list(multicall())
        elapsed = (time.perf_counter() - t0) * 1000
        assert len(answers) == 2 * len(names)
        return len(names), CountingTransport.requests, elapsed

    methods, trips, cold = once()
    times = [once()[2] for _ in range(int(runs))]
    print(json.dumps({'methods': methods, 'round_trips': trips, 'cold_ms': cold, 'times_ms': times}))


def latency(url, calls, runs):
    per_call = []
    proxy = xmlrpc.client.ServerProxy(url)
    for i in range(int(calls)):  # a first, untimed round (connection, caches), as the Node side does
        proxy.add(i, 1)
    for _ in range(int(runs)):
        t0 = time.perf_counter()
        for i in range(int(calls)):
            proxy.add(i, 1)
        per_call.append((time.perf_counter() - t0) * 1000 / int(calls))
    print(json.dumps({'per_call_ms': per_call}))


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    {'gen': gen, 'decode': decode, 'encode': encode, 'server': server, 'discovery': discovery, 'latency': latency}[command](*args)
