/**
 * nccl-tests flags that have nothing to act on when the cards are simulated.
 * spanker-perf accepts each (so a command line copied from an nccl-tests run
 * works) and prints one `#` line saying why it does not apply — never
 * ignoring it silently. Letters and long names are nccl-tests' (its README's
 * "Arguments" and the getopt table in src/common.cu, version 2.19); every one
 * takes a value there, an integer.
 */
export interface InapplicableFlag {
  /** Short form, e.g. `-G`. */
  readonly short: string;
  /** Long form, e.g. `--cudagraph`. */
  readonly long: string;
  /** Why it does not apply here (completes "… : not applied: <why>"). */
  readonly why: string;
}

export const INAPPLICABLE_FLAGS: readonly InapplicableFlag[] = [
  { short: '-t', long: '--nthreads', why: 'one host thread drives every simulated card; the card count is -g' },
  { short: '-m', long: '--agg_iters', why: 'each collective is priced on its own; aggregating launches hides GPU launch latency, and no launch is simulated' },
  { short: '-N', long: '--run_cycles', why: 'the simulated columns are the same every cycle; run the command again for more host samples' },
  { short: '-p', long: '--parallel_init', why: 'there are no NCCL communicators to initialize' },
  { short: '-z', long: '--blocking', why: 'no streams or barriers: every collective completes before the next starts' },
  { short: '-y', long: '--stream_null', why: 'there are no CUDA streams' },
  { short: '-T', long: '--timeout', why: 'a simulated run cannot hang (to bound its simulated time, --sim-timeout TIME)' },
  { short: '-G', long: '--cudagraph', why: 'nothing is launched on a GPU, so there is no CUDA graph to capture' },
  { short: '-C', long: '--report_cputime', why: 'the host column already is the wall time of the wasm run on this CPU' },
  { short: '-S', long: '--report_timestamps', why: 'rows carry no timestamps; the simulated times do not depend on when they ran' },
  { short: '-a', long: '--average', why: 'one process runs every card: there are no ranks to average over' },
  { short: '-R', long: '--local_register', why: 'there is no buffer registration: collectives read CardBuffers in kernel memory in place' },
  { short: '-x', long: '--cta_policy', why: 'there are no CTAs' },
  { short: '-D', long: '--device_implementation', why: 'there is one implementation: the wasm kernels' },
  { short: '-V', long: '--device_cta_count', why: 'there are no CTAs' },
  { short: '-M', long: '--memory', why: 'there is no device memory to report; buffers live in one wasm32 kernel memory (4 GiB in all)' },
  { short: '-u', long: '--unalign', why: 'card buffers are 16-byte aligned by the allocator; misaligned buffers are not simulated' },
  { short: '-I', long: '--per_iter_timing', why: 'the simulated time is the same every iteration; the host column is the mean over -n' },
  { short: '-K', long: '--per_iter_skip', why: 'there is no per-iteration timing (-I) to trim' },
];
