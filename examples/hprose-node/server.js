// The origin document's hprose server, in Node with the npm `hprose` 2.x package (a devDependency of this repo):
// sayHi and sayBye over HTTP on 127.0.0.1:8880. PORT overrides the port (0 picks a free one).
//   node examples/hprose-node/server.js
//   rpc-explorer list http://127.0.0.1:8880
//   rpc-explorer call http://127.0.0.1:8880 sayBye '"Python测试和开发"'   →  "Bye,Python测试和开发!"
'use strict';
const hprose = require('hprose');

function sayHi(name) {
  return 'Hi,' + name + '!';
}

function sayBye(name) {
  return 'Bye,' + name + '!';
}

const port = Number(process.env.PORT ?? 8880);
const server = new hprose.HttpServer(port, '127.0.0.1');
server.addFunctions([sayHi, sayBye]);
server.listen(port, '127.0.0.1', () => {
  console.log(`server listening on 127.0.0.1:${server.server.address().port}`);
});
