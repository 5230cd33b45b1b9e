import { removePendingTemporaries } from './atomic-write.js';
import { main } from './cli.js';
import { runInterruptionActions } from './interruption.js';
import { terminalText } from './terminal-text.js';

// Ctrl-C or a kill arrives between writes, never in the middle of one: what the run must still do
// is done (a change report written with the workbooks written so far: interruption.ts), a temporary
// being written is removed (atomic-write.ts), and the exit status says which signal ended the run.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    for (const failure of runInterruptionActions()) process.stderr.write(`policycell: ${terminalText(failure)}\n`);
    removePendingTemporaries();
    process.exit(code);
  });
}

// A reader that stops early (`policycell eval --batch big.json | head`) closes our stdout: the rest
// of the output has nobody to go to, so it is dropped, quietly, never with a stack trace, and the
// command finishes its work and ends with its own status (a `recalc` still writes every workbook
// and says 1 if one failed; `eval` answers 0). The same for stderr closed early.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      stream.write = (() => true) as typeof stream.write;
      return;
    }
    // Any other failure to write our output (a full disk behind a redirect): one line, status 1.
    removePendingTemporaries();
    try {
      process.stderr.write(`policycell: ${e.message}\n`);
    } catch {
      // stderr itself is gone
    }
    process.exit(1);
  });
}

// The `policycell` command: exit with the status main() answers. A failure main() did not expect is
// one line, its message escaped for the terminal: never a stack trace.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`policycell: ${terminalText(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 1;
  },
);
