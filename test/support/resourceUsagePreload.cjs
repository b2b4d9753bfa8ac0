// Loaded with `node --require` before the CLI under test: writes the process's resource usage (maxRSS in KB, …) to
// the file named by RPC_EXPLORER_TEST_RUSAGE_FILE when it exits, so a test can bound the CLI's peak memory.
'use strict';
const fs = require('node:fs');

process.on('exit', () => {
  const file = process.env.RPC_EXPLORER_TEST_RUSAGE_FILE;
  if (!file) return;
  try {
    fs.writeFileSync(file, JSON.stringify(process.resourceUsage()));
  } catch {
    // A measurement aid: never turns into an error of the command under test.
  }
});
