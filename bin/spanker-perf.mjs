#!/usr/bin/env node
// spanker-perf: nccl-tests-style sweeps over simulated Spanker cards. See `spanker-perf --help`.
import { main } from '../dist/perf.js';

// A reader that stops early (`spanker-perf … | head`) closes the pipe: end quietly, as a
// command killed by SIGPIPE does, instead of with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
