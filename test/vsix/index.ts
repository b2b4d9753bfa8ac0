// extensionTestsPath for `node test/runCodeServer.mjs --vsix file`: the tests in this folder check the installed
// extension (the development extension of that run is the empty test/fixtures/vsix-probe).
import * as path from 'path';
import { runMochaFolder } from '../harness/mochaRunner';

export function run(): Promise<void> {
  return runMochaFolder(path.resolve(__dirname));
}
