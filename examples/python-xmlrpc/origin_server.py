# The origin document's XML-RPC server, as written there: no introspection, so `rpc-explorer list` reports
# "this server has no introspection" while `rpc-explorer call ... sayHi '"phyger"'` works.
# Only additions: the port can be overridden with the PORT environment variable (tests use free ports; 0 picks
# one) and the server prints its listening line so tools know it is ready.
import os
from xmlrpc.server import SimpleXMLRPCServer


def sayHi(name):
    return f'Hi {name}!'


server = SimpleXMLRPCServer(('127.0.0.1', int(os.environ.get('PORT', '8889'))), allow_none=True)
server.register_function(sayHi)
host, port = server.server_address[:2]
print(f'server listening on {host}:{port}', flush=True)
server.serve_forever()
