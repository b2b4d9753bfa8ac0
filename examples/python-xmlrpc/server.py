# The origin document's XML-RPC server (SimpleXMLRPCServer on 127.0.0.1:8889, sayHi), plus two lines so RPC
# Explorer can list its methods:
# - register_introspection_functions() adds system.listMethods / methodSignature / methodHelp: without them a
#   client cannot discover what the server offers;
# - register_multicall_functions() adds system.multicall, so signatures and help of every method arrive in one
#   request instead of two requests per method.
# Run: python3 server.py   (PORT=0 picks a free port)
import os
from xmlrpc.server import SimpleXMLRPCServer


def sayHi(name):
    """Greets `name`: sayHi("phyger") -> "Hi phyger!"."""
    return f'Hi {name}!'


server = SimpleXMLRPCServer(('127.0.0.1', int(os.environ.get('PORT', '8889'))), allow_none=True)
server.register_function(sayHi)
server.register_introspection_functions()
server.register_multicall_functions()
host, port = server.server_address[:2]
print(f'server listening on {host}:{port}', flush=True)
server.serve_forever()
