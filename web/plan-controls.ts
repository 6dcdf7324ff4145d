/**
 * The "plan a model" panel's form: its selects filled from the library's
 * models, weight formats, card presets and link presets, and read back as a
 * PlanRequest — or an InputError naming the wrong field.
 */
import { CARD_PRESETS, MODELS, PRESETS, WEIGHT_FORMAT_INFO, type CardPresetName, type ModelName, type PresetName, type WeightFormat } from 'spanker-scheduler';
import { byId, fillSelect, InputError, integer } from './controls.js';
import { DEFAULT_PLAN, MAX_PLAN_CARDS, MAX_PLAN_COUNTS, PLAN_TOPOLOGY_LABELS, type PlanRequest, type PlanTopologyChoice } from './plan-settings.js';

/** Fill the selects and set the defaults (DEFAULT_PLAN). */
export function initPlanControls(): void {
  const d = DEFAULT_PLAN;
  fillSelect(byId('plan-model'), (Object.keys(MODELS) as ModelName[]).map((m) => [m, MODELS[m].name]), d.model);
  fillSelect(byId('plan-format'), (Object.keys(WEIGHT_FORMAT_INFO) as WeightFormat[]).map((f) => [f, f]), d.format);
  fillSelect(byId('plan-card'), (Object.keys(CARD_PRESETS) as CardPresetName[]).map((c) => [c, c]), d.card);
  fillSelect(byId('plan-topology'), (Object.keys(PLAN_TOPOLOGY_LABELS) as PlanTopologyChoice[]).map((t) => [t, PLAN_TOPOLOGY_LABELS[t]]), d.topology);
  fillSelect(byId('plan-link'), Object.keys(PRESETS).map((p) => [p, p]), d.link);
  byId<HTMLInputElement>('plan-cards').value = d.cards.join(',');
  byId<HTMLInputElement>('plan-batch').value = String(d.batch);
  byId<HTMLInputElement>('plan-context').value = String(d.context);
  byId<HTMLInputElement>('plan-prompt').value = String(d.prompt);
}

/** "1,2,4, 8" → [1, 2, 4, 8]: whole numbers 1..MAX_PLAN_CARDS, at most MAX_PLAN_COUNTS, sorted, without repeats. */
function cardCounts(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > MAX_PLAN_CARDS);
  if (parts.length === 0 || bad !== undefined) {
    throw new InputError(`card counts: expected whole numbers 1..${MAX_PLAN_CARDS} separated by commas, e.g. 1,2,4,8, got ${JSON.stringify(bad ?? text)}`);
  }
  const counts = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (counts.length > MAX_PLAN_COUNTS) throw new InputError(`card counts: at most ${MAX_PLAN_COUNTS} of them, got ${counts.length}`);
  return counts;
}

/** The request the form describes; throws InputError naming the first wrong field. */
export function readPlanRequest(): PlanRequest {
  const context = integer('plan-context', 'context', 1, 2 ** 24);
  return {
    model: byId<HTMLSelectElement>('plan-model').value as ModelName,
    format: byId<HTMLSelectElement>('plan-format').value as WeightFormat,
    card: byId<HTMLSelectElement>('plan-card').value as CardPresetName,
    topology: byId<HTMLSelectElement>('plan-topology').value as PlanTopologyChoice,
    link: byId<HTMLSelectElement>('plan-link').value as PresetName,
    cards: cardCounts(byId<HTMLInputElement>('plan-cards').value),
    batch: integer('plan-batch', 'batch', 1, 65536),
    context,
    prompt: integer('plan-prompt', 'prompt', 0, context),
  };
}
