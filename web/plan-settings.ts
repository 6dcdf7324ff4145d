/**
 * What the "plan a model" panel asks `planInference` — one plain object (it
 * crosses to the worker) — and the topology of each card count it sweeps.
 */
import { Topology, type CardPresetName, type ModelName, type PlanInferenceRequest, type PresetName, type WeightFormat } from 'spanker-scheduler';

/** The shapes the panel offers: those that exist at every card count. */
export type PlanTopologyChoice = 'ring' | 'bidirectionalRing' | 'mesh' | 'switch';

/** The panel's question: one model on each of several card counts. */
export interface PlanRequest {
  readonly model: ModelName;
  readonly format: WeightFormat;
  readonly card: CardPresetName;
  readonly topology: PlanTopologyChoice;
  readonly link: PresetName;
  /** Card counts to plan, ascending, distinct. */
  readonly cards: readonly number[];
  /** Streams decoded together. */
  readonly batch: number;
  /** Tokens of KV cache per stream. */
  readonly context: number;
  /** Prompt tokens per stream (≤ context). */
  readonly prompt: number;
}

/** Most card counts in one request. */
export const MAX_PLAN_COUNTS = 16;
/** The largest card count (each count plans every t × p split of its cards, so time grows with it). */
export const MAX_PLAN_CARDS = 1024;

/** What the panel shows when it opens: the README's question — Llama-2-7B on rev-A cards in a ring. */
export const DEFAULT_PLAN: PlanRequest = {
  model: 'llama-2-7b',
  format: 'q4_k',
  card: 'rev-a',
  topology: 'ring',
  link: 'spanker-rev-a',
  cards: [1, 2, 4, 8, 16, 32],
  batch: 1,
  context: 2048,
  prompt: 128,
};

/** How the panel names each shape. */
export const PLAN_TOPOLOGY_LABELS: { readonly [T in PlanTopologyChoice]: string } = {
  ring: 'ring (one direction)',
  bidirectionalRing: 'bidirectional ring',
  mesh: 'full mesh',
  switch: 'switch (star)',
};

/** The topology of `cards` cards the request describes. */
export async function planTopology(r: PlanRequest, cards: number): Promise<Topology> {
  const options = { preset: r.link };
  switch (r.topology) {
    case 'ring': return Topology.ring(cards, options);
    case 'bidirectionalRing': return Topology.ring(cards, { ...options, bidirectional: true });
    case 'mesh': return Topology.mock(cards, options);
    case 'switch': return Topology.switch(cards, options);
  }
}

/** The planInference request for one card count (everything else as the panel says). */
export function inferenceRequest(r: PlanRequest, topology: Topology): PlanInferenceRequest {
  return { model: r.model, topology, format: r.format, card: r.card, batch: r.batch, context: r.context, prompt: r.prompt };
}
