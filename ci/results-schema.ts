// A zod schema for the parts of a results document (harness/result.ts) that ci/ relies on:
// identity of each run (scenario, seed, config, shard), its status, forbidden outcomes and the
// two performance figures the gate compares. Other fields pass through untouched, so a newer
// harness that adds fields still merges; a document of another schemaVersion does not.
import { z } from 'zod';
import { kSchemaVersion, RUN_STATUSES, type ResultsDocument } from '../harness/result.ts';
import { UsageError } from '../harness/usage-error.ts';
import { FORBIDDEN_OUTCOMES, OUTCOME_NAMES } from '../runtime/layout.ts';
import { describeFirstIssue, readJsonFile } from './json-file.ts';

const count = z.number().int().min(0);
export const nonNegative = z.number().min(0);

// Pieces shared with the baseline's schema (ci/baseline.ts): both files carry who wrote them,
// where and when.
export const toolSchema = z.looseObject({ name: z.literal('pinstress'), version: z.string() });
export const hostSchema = z.looseObject({ node: z.string(), platform: z.string(), arch: z.string(), cpus: count });
export const isoDateSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date');

/** A file of another schemaVersion is refused with its own sentence, before its shape is checked. */
export function checkSchemaVersion(data: unknown, expected: number, source: string, what: string): void {
  const version = typeof data === 'object' && data !== null ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version !== undefined && version !== expected) {
    throw new UsageError(`${source} has schemaVersion ${JSON.stringify(version)}, but this pinstress reads ${what} of schemaVersion ${expected} only.`);
  }
}

const distribution = z.looseObject({ count, p50: nonNegative, p99: nonNegative, max: nonNegative, mean: nonNegative });

const outcomes = z.looseObject(Object.fromEntries(OUTCOME_NAMES.map((name) => [name, count])) as Record<(typeof OUTCOME_NAMES)[number], typeof count>);

const run = z.looseObject({
  scenario: z.string().min(1),
  status: z.enum(RUN_STATUSES as [string, ...string[]]),
  seed: z.number().int(),
  config: z.looseObject({ scenario: z.string(), seed: z.number().int(), strategy: z.string() }),
  stats: z.looseObject({ throughput: nonNegative, pause: distribution }),
  outcomes,
  assertions: z.array(z.unknown()),
  durationMs: nonNegative,
  diagnosis: z.looseObject({ kind: z.string(), message: z.string() }).nullable(),
  repro: z.string(),
  shard: z.string().optional(),
});

const resultsDocument = z.looseObject({
  schemaVersion: z.literal(kSchemaVersion),
  tool: toolSchema,
  createdAt: isoDateSchema,
  host: hostSchema,
  runs: z.array(run),
});

/** `source` names the document in messages: a path, or "results document 2". */
export function validateResults(data: unknown, source: string): ResultsDocument {
  checkSchemaVersion(data, kSchemaVersion, source, 'results documents');
  const parsed = resultsDocument.safeParse(data);
  if (!parsed.success) throw new UsageError(`${source} is not a valid results document: ${describeFirstIssue(parsed.error)}.`);
  // The schema checked every field ci/ reads; the rest passed through as the harness wrote it.
  return parsed.data as unknown as ResultsDocument;
}

export async function readResultsFile(path: string): Promise<ResultsDocument> {
  return validateResults(await readJsonFile(path, 'results file'), path);
}

/** Sum of forbidden outcomes per outcome name, only those above zero. */
export function forbiddenCounts(o: ResultsDocument['runs'][number]['outcomes']): [string, number][] {
  return FORBIDDEN_OUTCOMES.filter((name) => o[name] > 0).map((name) => [name, o[name]]);
}
