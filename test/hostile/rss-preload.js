// Preloaded (node -r) into the CLI children of test/hostile/cli.test.ts: on exit, write the peak resident set size
// (KiB, process.resourceUsage().maxRSS) to $HOSTILE_RSS_FILE — a folder the test owns, outside the ones it watches.
'use strict';
const file = process.env.HOSTILE_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try { require('fs').writeFileSync(file, String(process.resourceUsage().maxRSS)); } catch { /* the test reports the missing file */ }
  });
}
