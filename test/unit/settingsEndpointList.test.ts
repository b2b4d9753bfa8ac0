// Reading the rpcExplorer.endpoints setting (pure, no vscode): URL strings and objects, each bad entry one line.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSettingsEndpoints } from '../../src/endpoints/settingsEndpointList';

test('URL strings and { url, name, protocol } objects become endpoint configs', () => {
  const parsed = parseSettingsEndpoints([
    ' http://127.0.0.1:8889 ',
    { url: 'http://127.0.0.1:8880', name: ' hprose ', protocol: 'hprose' },
    { url: 'https://example.com/RPC2', name: '' },
  ]);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.configs, [
    { url: 'http://127.0.0.1:8889', protocol: 'auto' },
    { url: 'http://127.0.0.1:8880', protocol: 'hprose', name: 'hprose' },
    { url: 'https://example.com/RPC2', protocol: 'auto' },
  ]);
});

test('an unset or empty setting lists nothing', () => {
  assert.deepEqual(parseSettingsEndpoints(undefined), { configs: [], problems: [] });
  assert.deepEqual(parseSettingsEndpoints(null), { configs: [], problems: [] });
  assert.deepEqual(parseSettingsEndpoints([]), { configs: [], problems: [] });
});

test('each bad entry is one line naming it; the good ones still load', () => {
  const parsed = parseSettingsEndpoints([
    'localhost:8889',
    42,
    { name: 'no url' },
    { url: 'http://127.0.0.1:1', protocol: 'soap' },
    'http://user:secret@127.0.0.1:2/x',
    { url: 'ftp://127.0.0.1/' },
    '',
  ]);
  assert.deepEqual(parsed.configs, [{ url: 'http://user:secret@127.0.0.1:2/x', protocol: 'auto' }]);
  assert.equal(parsed.problems.length, 6);
  assert.match(parsed.problems[0], /^rpcExplorer\.endpoints\[0\] \(localhost:8889\) is skipped: Start with http:\/\/ or https:\/\//);
  assert.match(parsed.problems[1], /^rpcExplorer\.endpoints\[1\] is skipped: give a URL string or an object with a "url"/);
  assert.match(parsed.problems[2], /^rpcExplorer\.endpoints\[2\] is skipped/);
  assert.match(parsed.problems[3], /^rpcExplorer\.endpoints\[3\] \(http:\/\/127\.0\.0\.1:1\) is skipped: protocol "soap" is not one of auto, hprose, xmlrpc, jsonrpc$/);
  assert.match(parsed.problems[4], /^rpcExplorer\.endpoints\[5\] \(ftp:\/\/127\.0\.0\.1\/\) is skipped: Use http:\/\/ or https:\/\//);
  assert.match(parsed.problems[5], /^rpcExplorer\.endpoints\[6\] \(empty\) is skipped/);
  for (const problem of parsed.problems) assert.ok(!problem.includes('\n'));
});

test('a setting that is not a list is one problem', () => {
  const parsed = parseSettingsEndpoints('http://127.0.0.1:8889');
  assert.deepEqual(parsed.configs, []);
  assert.deepEqual(parsed.problems, ['rpcExplorer.endpoints must be a list of URLs or { "url": … } objects']);
});

test('a password in a bad entry is masked in its problem line', () => {
  const parsed = parseSettingsEndpoints([{ url: 'http://user:secret@127.0.0.1:2', protocol: 'x' }]);
  assert.equal(parsed.problems.length, 1);
  assert.ok(!parsed.problems[0].includes('secret'), parsed.problems[0]);
});
