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
