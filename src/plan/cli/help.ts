/** The `--help` text of spanker-plan. */
import { PRESETS } from '../../network/presets.js';
import { MODEL_NAMES } from '../models.js';
import { CARD_PRESET_SUMMARY } from './args.js';

export const USAGE = `usage: spanker-plan [flags]

Plans LLM inference on simulated Spanker cards: for every way to split the cards
into tensor-parallel (TP) groups and pipeline (PP) stages, the memory per card
and whether it fits, decode time per token and tokens/s, prefill time, where the
time goes (DDR reads, matmul, links) and the link load — collectives priced on
the modelled links by the simulator. Strategies are ranked; the best is marked →,
and the verdict says why each other one loses (does not fit, DDR-, link- or
compute-bound). Link loads: payload = the bytes every collective and send must
move (nccl-tests' S), busiest = the most loaded directed link, total = all links.

model and workload:
  --model M                 ${MODEL_NAMES.join(', ')}
                            (default tinyllama-1.1b) or a JSON model file: --model llama-2-7b
  --format F                weight format: q4_k (default, 144 B per 256 weights), f16, f32
  --batch N                 streams decoded together (default 1): --batch 8
  --context N               KV-cache tokens per stream; decode is priced at the last (default 2048)
  --prompt N                prompt tokens per stream, prefilled first (default 128)
  --activations T           f32 (default: the matmul's output) or f16: what collectives carry
  --kv-cache T              f16 (default) or f32

cards and links:
  --cards N, -g N           number of cards (default 8): --cards 16
  --sweep-cards LIST        one table per card count: --sweep-cards 1,2,4,8,16
  --card C                  ${CARD_PRESET_SUMMARY};
                            default rev-a; fields over it: --card rev-a:ddr=4G,memory=8G,matmul=100G,host=125M
                            (memory in bytes with K/M/G ×1024; rates with k/M/G ×1000)
  --topology T              ring (default), ring:bidirectional, mesh, torus:RxC, switch,
                            or a JSON topology file (as spanker-perf): --topology ring:bidirectional
  --link L                  a preset (${Object.keys(PRESETS).join(', ')};
                            default spanker-rev-a) or BANDWIDTH:LATENCY: --link 1.25G:500ns

output:
  --rank R                  throughput (default: aggregate tokens/s) or latency (ms per token)
  --rate TOK/S              link loads at this aggregate token rate instead of each strategy's
                            own: --rate 30
  --summary                 only the best strategy of each card count (with a sweep)
  -J, --output_file FILE    also write the plans as JSON: -J plan.json
  -h, --help                this text

Exit status: 0 when the plan was made (even if nothing fits: the table says so),
2 for a mistake on the command line or in a model file, 1 for any other error.

example: spanker-plan --model llama-2-7b --sweep-cards 1,2,4,8,16,32 --batch 1
`;
