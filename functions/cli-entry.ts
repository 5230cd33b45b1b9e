import { removePendingTemporaries } from './atomic-write.js';
import { main } from './cli.js';

// Ctrl-C or a kill arrives between writes, never in the middle of one: a temporary being written
// is removed (atomic-write.ts) and the exit status says which signal ended the run.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    removePendingTemporaries();
    process.exit(code);
  });
}

// A reader that stops early (`policycell eval --batch big.json | head`) closes our stdout: the rest of
// the output has nobody to go to, so the command ends at once, quietly, with status 0 (what `head`
// users expect under `set -o pipefail` as well; the reader chose to stop), never with a stack trace.
// The same for stderr closed early. Temporaries being written are removed first, as on Ctrl-C.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    removePendingTemporaries();
    if (e.code === 'EPIPE') process.exit(0);
    // Any other failure to write our output (a full disk behind a redirect): one line, status 1.
    try {
      process.stderr.write(`policycell: ${e.message}\n`);
    } catch {
      // stderr itself is gone
    }
    process.exit(1);
  });
}

// The `policycell` command: exit with the status main() answers.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`policycell: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
