#!/usr/bin/env node
// spanker-perf: nccl-tests-style sweeps over simulated Spanker cards. See `spanker-perf --help`.
import { main } from '../dist/perf.js';

process.exitCode = await main(process.argv.slice(2));
