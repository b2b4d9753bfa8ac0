// A JSON-RPC 2.0 server with the npm `jayson` package (a devDependency of this repo): sayHi and add, plus
// `rpc.discover` returning an OpenRPC document so RPC Explorer lists the methods with their parameters and help.
// Port 8890 on 127.0.0.1; PORT overrides it (0 picks a free one).
//   node examples/jsonrpc-node/server.js
//   rpc-explorer list http://127.0.0.1:8890 --protocol jsonrpc
//   rpc-explorer call http://127.0.0.1:8890 add 2 3   →  5
'use strict';
const jayson = require('jayson');

const openRpcDocument = {
  openrpc: '1.2.6',
  info: { title: 'RPC Explorer JSON-RPC example', version: '1.0.0' },
  methods: [
    {
      name: 'sayHi',
      summary: 'Greets someone.',
      description: 'Returns "Hi,<name>!".',
      params: [{ name: 'name', required: true, description: 'Who to greet.', schema: { type: 'string' } }],
      result: { name: 'greeting', schema: { type: 'string' } },
    },
    {
      name: 'add',
      summary: 'Adds two numbers.',
      params: [
        { name: 'a', required: true, schema: { type: 'number' } },
        { name: 'b', required: true, schema: { type: 'number' } },
      ],
      result: { name: 'sum', schema: { type: 'number' } },
    },
    {
      name: 'book',
      summary: 'Books a room.',
      description: 'Returns a confirmation naming the room, the nights and the guest.',
      params: [
        { name: 'room', required: true, schema: { $ref: '#/components/schemas/Room' } },
        { name: 'nights', required: true, description: 'How many nights (1 to 30).', schema: { type: 'integer', minimum: 1, maximum: 30, default: 1 } },
        { name: 'guest', required: true, schema: { $ref: '#/components/schemas/Guest' } },
      ],
      result: { name: 'confirmation', schema: { type: 'string' } },
    },
    {
      name: 'login',
      summary: 'Checks a user name and password.',
      params: [
        { name: 'user', required: true, schema: { type: 'string' } },
        { name: 'password', required: true, schema: { type: 'string' } },
      ],
      result: { name: 'ok', schema: { type: 'boolean' } },
    },
  ],
  components: {
    schemas: {
      Room: { type: 'string', enum: ['red', 'blue'] },
      Guest: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, vip: { type: 'boolean', default: false } },
      },
    },
  },
};

const server = jayson.server({
  sayHi(args, callback) {
    callback(null, 'Hi,' + args[0] + '!');
  },
  add(args, callback) {
    if (typeof args[0] !== 'number' || typeof args[1] !== 'number') {
      callback({ code: -32602, message: 'add needs two numbers' });
      return;
    }
    callback(null, args[0] + args[1]);
  },
  book(args, callback) {
    const [room, nights, guest] = args;
    if (room !== 'red' && room !== 'blue') {
      callback({ code: -32602, message: 'room must be "red" or "blue"' });
      return;
    }
    if (!Number.isInteger(nights) || nights < 1) {
      callback({ code: -32602, message: 'nights must be a positive integer' });
      return;
    }
    const name = guest && typeof guest.name === 'string' ? guest.name : 'guest';
    callback(null, `Booked the ${room} room for ${nights} night${nights === 1 ? '' : 's'} for ${name}${guest && guest.vip ? ' (VIP)' : ''}.`);
  },
  login(args, callback) {
    callback(null, args[0] === 'ann' && args[1] === 'opensesame');
  },
});

// jayson reserves "rpc." names for registration, so rpc.discover is served through the router.
const discoverMethod = new jayson.Method((args, callback) => callback(null, openRpcDocument));
server.options.router = function (method) {
  return method === 'rpc.discover' ? discoverMethod : this.getMethod(method);
}.bind(server);

const port = Number(process.env.PORT ?? 8890);
const http = server.http();
http.listen(port, '127.0.0.1', () => {
  console.log(`server listening on 127.0.0.1:${http.address().port}`);
});
