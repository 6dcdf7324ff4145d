#!/usr/bin/env node
// spanker-plan: which parallelism, how many cards and how busy the links are for an LLM on simulated
// Spanker cards. See `spanker-plan --help`.
import { main } from '../dist/plan.js';

process.exitCode = await main(process.argv.slice(2));
