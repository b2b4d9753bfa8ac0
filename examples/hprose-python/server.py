# The origin document's hprose server in Python, for users who have `pip install hprose` (hprose 2.x for Python).
# sayHi and sayBye over HTTP on localhost:8880 (PORT overrides the port). hprose prints its own
# "Serving on port localhost:8880..." line; the line before it tells tools (RPC Explorer's server task) it is ready.
#   python3 examples/hprose-python/server.py
#   rpc-explorer call http://localhost:8880 sayBye '"Python测试和开发"'   →  "Bye,Python测试和开发!"
import os

import hprose


def sayHi(name):
    return 'Hi,' + name + '!'


def sayBye(name):
    return 'Bye,' + name + '!'


def main():
    port = int(os.environ.get('PORT', '8880'))
    server = hprose.HttpServer(host='localhost', port=port)
    server.addFunctions([sayHi, sayBye])
    print(f'server listening on localhost:{port}', flush=True)
    server.start()


if __name__ == '__main__':
    main()
