// Entry point the extension host calls (extensionTestsPath): every out/test/suite/**/*.test.js, mocha TDD ui.
// The same file serves both runners (test/runCodeServer.mjs and test/runElectron.mjs).
import * as path from 'path';
import { runMochaFolder } from '../harness/mochaRunner';

export function run(): Promise<void> {
  return runMochaFolder(path.resolve(__dirname));
}
