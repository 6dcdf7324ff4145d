// The JSON Schema of topology files (schema/topology.schema.json) against the
// reader it describes (src/network/from-json.ts), with ajv as the validator:
// - every valid spec the tests know (the module comment's examples, the
//   shared valid specs, every built-in network's toJSON) validates;
// - every malformed spec of the reader's tests is rejected by both, except
//   the faults that depend on other values (CROSS_VALUE_CASES), which the
//   schema accepts — a JSON Schema compares values with constants only;
// - on ~2000 random near-valid specs the two agree the same way: nothing the
//   reader takes is flagged, and whatever the schema passes but the reader
//   refuses is one of those cross-value faults;
// - the schema's enums and bounds are the library's (presets, link states,
//   card and link limits, top-level keys), so it cannot drift from them.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpankerError } from '../src/errors.js';
import { LinkState } from '../src/link.js';
import { networkFromJSON } from '../src/network/from-json.js';
import { MAX_CARDS, MAX_LINKS } from '../src/network/network.js';
import { PRESETS } from '../src/network/presets.js';
import { catchError } from './expect-error.js';
import { CROSS_VALUE_CASES, INVALID_SPECS, NETWORKS, VALID_SPECS } from './topology-json-cases.js';

const schema = JSON.parse(readFileSync(new URL('../schema/topology.schema.json', import.meta.url), 'utf8'));
// strict: the schema itself must use only known keywords; strictNumbers (part
// of strict): NaN and ±Infinity are not numbers, as in JSON.
const ajv = new Ajv({ strict: true, allErrors: true });
const validate = ajv.compile(schema);
const schemaAccepts = (spec: unknown) => validate(spec) === true;

function readerAccepts(spec: unknown): boolean {
  try {
    networkFromJSON(spec);
    return true;
  } catch (error) {
    if (error instanceof SpankerError && error.code === 'INVALID_ARGUMENT') return false;
    throw error;
  }
}

/** The ```json blocks of the reader's module comment. */
function commentExamples(): unknown[] {
  const source = readFileSync(new URL('../src/network/from-json.ts', import.meta.url), 'utf8');
  return [...source.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!.replace(/^ \* ?/gm, '')));
}

describe('schema/topology.schema.json', () => {
  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  const valid: [string, unknown][] = [
    ...commentExamples().map((spec, i) => [`from-json.ts example ${i + 1}`, spec] as [string, unknown]),
    ...Object.entries(VALID_SPECS),
    ...NETWORKS.map(([name, build]) => [`toJSON of ${name}`, JSON.parse(JSON.stringify(build()))] as [string, unknown]),
  ];

  it('the module comment has both examples (the format, and $schema)', () => {
    const examples = commentExamples();
    expect(examples).toHaveLength(2);
    expect(examples[1]).toHaveProperty('$schema', './node_modules/spanker-scheduler/schema/topology.schema.json');
  });

  it.each(valid)('accepts %s, as the reader does', (_, spec) => {
    expect(readerAccepts(spec)).toBe(true);
    expect(validate(spec), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(INVALID_SPECS.map(([what, spec]) => [what, spec] as const))('%s: rejected by the reader, and by the schema unless the fault is cross-value', (what, spec) => {
    expect(readerAccepts(spec)).toBe(false);
    expect(schemaAccepts(spec)).toBe(CROSS_VALUE_CASES.has(what));
  });

  it('every cross-value case is one of the reader\'s cases', () => {
    const names = new Set(INVALID_SPECS.map(([what]) => what));
    for (const what of CROSS_VALUE_CASES) expect(names.has(what), what).toBe(true);
  });

  it('agrees with the reader on ~2000 random near-valid specs', () => {
    // Values that are mostly right, with the mistakes people make mixed in
    // (1 in 25), so that a good share of specs are valid throughout. Only JSON
    // values: a file cannot hold NaN or Infinity (the fixed cases above cover
    // the reader's answer to those JavaScript values).
    const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 24 }, { arbitrary: bad, weight: 1 });
    const positive = mostly(fc.constantFrom(5e8, 1.25e9, 4e11, 1), fc.constantFrom(0, -1, '5e8', null));
    const nonNegative = mostly(fc.constantFrom(0, 1e-6, 9.3625e-7), fc.constantFrom(-1e-9, '1us', null));
    const nodeId = mostly(fc.integer({ min: 0, max: 6 }), fc.constantFrom(-1, 1.5, '2', null, 70000, 131072));
    const linkModel = fc.record({ bandwidth: positive, latency: nonNegative }, { requiredKeys: [] });
    const laneLink = fc.record(
      { lanes: mostly(fc.constantFrom(1, 4), fc.constantFrom(0, 2.5)), laneRate: positive, encoding: mostly(fc.constantFrom('8b10b', '64b66b', 'none', 0.5, 1), fc.constantFrom(1.5, 0, '8b9b')), latency: nonNegative },
      { requiredKeys: ['lanes', 'laneRate', 'encoding'] },
    );
    const cardModel = fc.record({ reduceSecondsPerByte: nonNegative, injectionBandwidth: positive }, { requiredKeys: [] });
    const override = fc.record({ card: nodeId, reduceSecondsPerByte: nonNegative, injectionBandwidth: positive, gamma: fc.constant(1) }, { requiredKeys: ['card'] });
    const link = fc.record(
      { from: nodeId, to: nodeId, duplex: mostly(fc.boolean(), fc.constantFrom('yes', null)), bandwidth: positive, latency: nonNegative, state: mostly(fc.constantFrom('Up', 'Down', 'Training', 'Error'), fc.constant('up')), latencyNs: fc.constant(5) },
      { requiredKeys: ['from', 'to'] },
    );
    const spec = fc.record(
      {
        $schema: mostly(fc.constant('./topology.schema.json'), fc.constant(5)),
        cards: mostly(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 2.5, '3', 65537)),
        switches: mostly(fc.integer({ min: 0, max: 2 }), fc.constantFrom(-1, 0.5)),
        preset: mostly(fc.constantFrom(...Object.keys(PRESETS)), fc.constantFrom('spanker-rev-b', null)),
        link: mostly(fc.oneof(linkModel, laneLink), fc.constantFrom({ lanes: 4, laneRate: 1e9, encoding: 'none', bandwidth: 1e9 }, { lanes: 4, laneRate: 1e9 })),
        card: cardModel,
        cardOverrides: fc.array(override, { maxLength: 3 }),
        links: fc.array(link, { maxLength: 6 }),
        card_count: fc.constant(4),
      },
      { requiredKeys: ['cards', 'links'] },
    );
    // Keys that are always wrong (gamma, latencyNs, card_count) stay in one spec of ten.
    const tidy = (s: Record<string, unknown>, keep: boolean) => {
      if (keep) return s;
      const { card_count: _c, ...rest } = s;
      const clean = (o: unknown) => {
        if (typeof o !== 'object' || o === null) return o;
        const { gamma: _g, latencyNs: _l, ...r } = o as Record<string, unknown>;
        return r;
      };
      if (Array.isArray(rest['links'])) rest['links'] = rest['links'].map(clean);
      if (Array.isArray(rest['cardOverrides'])) rest['cardOverrides'] = rest['cardOverrides'].map(clean);
      return rest;
    };
    const crossValue = /self link|duplicate directed link|already overridden|expected a (node|card) id: an integer in 0\.\.\d+|lanes · laneRate is out of range/;
    const seen = { accepted: 0, crossValue: 0, bothReject: 0 };
    fc.assert(
      fc.property(spec, fc.integer({ min: 0, max: 9 }), (raw, roll) => {
        const s = tidy(raw, roll === 0);
        const reader = readerAccepts(s);
        const schemaOk = schemaAccepts(s);
        if (reader) {
          seen.accepted++;
          return schemaOk; // the schema never flags a file the reader takes
        }
        if (!schemaOk) {
          seen.bothReject++;
          return true;
        }
        // Schema passes, reader refuses: only a fault the schema cannot express.
        const error = catchError(() => networkFromJSON(s));
        seen.crossValue++;
        return crossValue.test(error.message);
      }),
      { numRuns: 2000, seed: 13 },
    );
    // The generator reached all three outcomes often enough to mean something.
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.crossValue).toBeGreaterThan(200);
    expect(seen.bothReject).toBeGreaterThan(500);
  });

  it("its enums and bounds are the library's", () => {
    const defs = schema.definitions;
    expect(schema.properties.preset.enum).toEqual(Object.keys(PRESETS));
    expect(defs.link.properties.state.enum).toEqual(Object.values(LinkState));
    expect(schema.properties.cards.maximum).toBe(MAX_CARDS);
    expect(schema.properties.switches.maximum).toBe(MAX_CARDS);
    expect(schema.properties.links.maxItems).toBe(MAX_LINKS);
    expect(defs.link.properties.from.maximum).toBe(2 * MAX_CARDS - 1);
    expect(defs.link.properties.to.maximum).toBe(2 * MAX_CARDS - 1);
    expect(defs.cardOverride.properties.card.maximum).toBe(MAX_CARDS - 1);
    // The top-level keys: the ones the reader lists when it meets an unknown key.
    const allowed = /allowed keys: (.*)\)/.exec(catchError(() => networkFromJSON({ frobnicate: 1 })).message)![1]!.split(', ');
    expect(Object.keys(schema.properties).sort()).toEqual([...allowed].sort());
    expect(schema.properties.switch.properties.forwarding.enum).toEqual(['store-and-forward', 'cut-through']);
    const keysOf = (def: { properties: object }) => Object.keys(def.properties).sort();
    expect(keysOf(defs.link)).toEqual(/allowed keys: (.*)\)/.exec(catchError(() => networkFromJSON({ cards: 2, links: [{ from: 0, to: 1, x: 1 }] })).message)![1]!.split(', ').sort());
    expect(keysOf(defs.cardOverride)).toEqual(/allowed keys: (.*)\)/.exec(catchError(() => networkFromJSON({ cards: 2, links: [], cardOverrides: [{ card: 0, x: 1 }] })).message)![1]!.split(', ').sort());
  });
});
