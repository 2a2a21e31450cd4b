// The performance baseline the gate compares against, built from several repetitions of the
// suite on the CI machine.
//
// Tolerance rule: the allowed change is DERIVED from the spread of the repeated samples, not
// guessed. With median m and median absolute deviation MAD of a scenario's samples,
//   noise      = 1.4826 * MAD / m          (a robust relative standard deviation)
//   throughput may fall to   m * (1 - max(throughputFloor, k * noise))
//   pause p99  may rise to   max(m * (1 + max(pauseFloor, k * noise)), m + pauseSlackUs)
// k = 4 keeps a run that is merely as noisy as the baseline's own repetitions from failing
// (4 sigma); the floors (15% for throughput, 25% for pause p99) keep a baseline whose samples
// happen to agree from becoming too strict: five repetitions of sub-second runs on a shared
// machine can agree within 1% and the next run still land 13% lower. The absolute slack does the
// same for pauses of a few microseconds, where timer resolution and scheduling dominate. The rule travels in the baseline file, so
// a team can widen k for one noisy machine without changing code.
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ResultsDocument } from '../harness/result.ts';
import { UsageError } from '../harness/usage-error.ts';
import { writeFileAtomic } from '../reports/atomic.ts';
import { fsProblem, makeDirs } from '../reports/output-path.ts';
import { runsByVariant, scenarioFigures, variantOf } from './figures.ts';
import { formatChangePct, formatDurationUs, formatRate } from '../reports/format.ts';
import { describeFirstIssue, readJsonFile } from './json-file.ts';
import { checkSchemaVersion, forbiddenCounts, hostSchema, isoDateSchema, nonNegative, toolSchema } from './results-schema.ts';
import { median } from '../harness/distribution.ts';
import { changePct, medianAbsoluteDeviation, relativeSigma } from './stats.ts';

export const kBaselineSchemaVersion = 1;

export interface ToleranceRule {
  k: number;
  throughputFloor: number; // smallest allowed relative drop, 0.15 = 15%
  pauseFloor: number; // smallest allowed relative rise of pause p99
  pauseSlackUs: number; // smallest allowed absolute rise of pause p99
}

export const kDefaultRule: ToleranceRule = { k: 4, throughputFloor: 0.15, pauseFloor: 0.25, pauseSlackUs: 50 };

export interface MetricBaseline {
  samples: number[]; // one per repetition: the median over the scenario's runs in it
  median: number;
  mad: number;
}

export interface ScenarioBaseline {
  throughput: MetricBaseline; // iterations/s
  pauseP99Us: MetricBaseline;
  status: 'passed';
}

export interface Baseline {
  schemaVersion: typeof kBaselineSchemaVersion;
  createdAt: string; // when the newest repetition ran
  host: ResultsDocument['host'];
  tool?: ResultsDocument['tool'];
  samples: number; // repetitions
  rule: ToleranceRule & { text: string };
  scenarios: Record<string, ScenarioBaseline>;
}

export interface MetricLimit {
  tolerance: number; // relative, 0.123 = 12.3%
  limit: number; // throughput floor or pause ceiling, in the metric's unit
  limitPct: number; // the limit as a change from the median, in percent
}

export function describeRule(r: ToleranceRule): string {
  const pct = (x: number): string => `${Number((x * 100).toFixed(4))}%`;
  return (
    `throughput may fall to median x (1 - max(${pct(r.throughputFloor)}, ${r.k} x 1.4826 x MAD / median)); ` +
    `pause p99 may rise to the larger of median x (1 + max(${pct(r.pauseFloor)}, ${r.k} x 1.4826 x MAD / median)) and median + ${r.pauseSlackUs}us`
  );
}

export function throughputLimit(m: MetricBaseline, r: ToleranceRule): MetricLimit {
  const tolerance = Math.max(r.throughputFloor, r.k * relativeSigma(m.median, m.mad));
  const limit = Math.max(0, m.median * (1 - tolerance));
  return { tolerance, limit, limitPct: changePct(limit, m.median) };
}

export function pauseLimit(m: MetricBaseline, r: ToleranceRule): MetricLimit {
  const tolerance = Math.max(r.pauseFloor, r.k * relativeSigma(m.median, m.mad));
  const limit = Math.max(m.median * (1 + tolerance), m.median + r.pauseSlackUs);
  return { tolerance, limit, limitPct: changePct(limit, m.median) };
}

/**
 * Why these repetitions cannot make a baseline, as clauses ("repetition 2: pin-concurrent
 * seed 3 hung"). A baseline of a broken build would bless the breakage.
 */
export function baselineBlockers(docs: readonly ResultsDocument[]): string[] {
  if (docs.length === 0) return ['there are no repetitions'];
  const problems: string[] = [];
  const all = new Set(docs.flatMap((d) => d.runs.map(variantOf)));
  if (all.size === 0) problems.push('no scenario ran');
  docs.forEach((doc, i) => {
    const rep = `repetition ${i + 1}`;
    for (const r of doc.runs) {
      if (r.status !== 'passed') problems.push(`${rep}: ${r.scenario} seed ${r.seed} ${r.status}`);
      const forbidden = forbiddenCounts(r.outcomes);
      if (forbidden.length > 0) problems.push(`${rep}: ${r.scenario} seed ${r.seed} saw ${forbidden.map(([n, c]) => `${n} ${c}`).join(', ')}`);
    }
    const groups = runsByVariant(doc.runs);
    for (const name of all) {
      const runs = groups.get(name);
      if (runs === undefined) problems.push(`${rep} has no runs of ${name}`);
      else if (!((scenarioFigures(runs)?.throughput ?? 1) > 0)) problems.push(`${rep}: ${name} has zero throughput`);
    }
  });
  return problems;
}

/** One document per repetition of the same suite on the same machine. */
export function buildBaseline(docs: readonly ResultsDocument[], rule: ToleranceRule = kDefaultRule): Baseline {
  const plan = planBaseline(docs, rule);
  if ('problems' in plan) {
    const rest = plan.problems.length - 1;
    const more = rest > 0 ? ` (and ${rest} more problem${rest === 1 ? '' : 's'})` : '';
    throw new UsageError(`cannot build a baseline: ${plan.problems[0]}${more}.`);
  }
  return plan.baseline;
}

/** The baseline these repetitions make, or why they cannot make one (see baselineBlockers). */
export function planBaseline(docs: readonly ResultsDocument[], rule: ToleranceRule = kDefaultRule): { baseline: Baseline } | { problems: string[] } {
  const problems = baselineBlockers(docs);
  if (problems.length > 0) return { problems };
  const perDoc = docs.map((d) => runsByVariant(d.runs));
  const scenarios: Record<string, ScenarioBaseline> = {};
  for (const name of perDoc[0].keys()) {
    // Blockers guarantee every repetition ran the scenario and every run passed.
    const figures = perDoc.map((g) => scenarioFigures(g.get(name) ?? [])!);
    scenarios[name] = {
      throughput: metric(figures.map((f) => f.throughput)),
      pauseP99Us: metric(figures.map((f) => f.pauseP99Us)),
      status: 'passed',
    };
  }
  const newest = docs.reduce((a, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
  return {
    baseline: {
      schemaVersion: kBaselineSchemaVersion,
      createdAt: newest.createdAt,
      host: newest.host,
      tool: newest.tool,
      samples: docs.length,
      rule: { ...rule, text: describeRule(rule) },
      scenarios,
    },
  };
}

function metric(samples: number[]): MetricBaseline {
  return { samples, median: median(samples), mad: medianAbsoluteDeviation(samples) };
}

const metricSchema = z.object({ samples: z.array(nonNegative).min(1), median: nonNegative, mad: nonNegative });
const ruleSchema = z.object({
  k: z.number().positive(),
  throughputFloor: z.number().min(0).max(1),
  pauseFloor: nonNegative,
  pauseSlackUs: nonNegative,
  text: z.string().optional(),
});
const baselineSchema = z.object({
  schemaVersion: z.literal(kBaselineSchemaVersion),
  createdAt: isoDateSchema,
  host: hostSchema,
  tool: toolSchema.optional(),
  samples: z.number().int().min(1),
  rule: ruleSchema.optional(),
  scenarios: z.record(z.string().min(1), z.object({ throughput: metricSchema, pauseP99Us: metricSchema, status: z.literal('passed') })),
});

/** `source` names the baseline in messages. */
export function parseBaseline(data: unknown, source: string): Baseline {
  const bad = (problem: string): UsageError => new UsageError(`${source} is not a valid baseline: ${problem}.`);
  checkSchemaVersion(data, kBaselineSchemaVersion, source, 'baselines');
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) throw bad(describeFirstIssue(parsed.error));
  const b = parsed.data;
  // median and mad are stored for people to read; the samples are the truth, and a hand edit
  // that changed one without the other would silently move the limits.
  for (const [name, s] of Object.entries(b.scenarios)) {
    for (const key of ['throughput', 'pauseP99Us'] as const) {
      const m = s[key];
      const where = `scenarios.${name}.${key}`;
      if (m.samples.length !== b.samples) throw bad(`${where} has ${m.samples.length} samples but the baseline says ${b.samples}`);
      if (!near(m.median, median(m.samples))) throw bad(`${where}.median is ${m.median} but its samples give ${median(m.samples)}`);
      if (!near(m.mad, medianAbsoluteDeviation(m.samples))) throw bad(`${where}.mad is ${m.mad} but its samples give ${medianAbsoluteDeviation(m.samples)}`);
    }
    if (!(s.throughput.median > 0)) throw bad(`scenarios.${name}.throughput.median must be above zero`);
  }
  const rule = b.rule ?? kDefaultRule;
  return { ...b, rule: { ...rule, text: describeRule(rule) } };
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export async function readBaseline(path: string): Promise<Baseline> {
  return parseBaseline(await readJsonFile(path, 'baseline'), path);
}

/** Atomic, so a crash or Ctrl-C during a long baseline never leaves a truncated file behind. */
export async function writeBaseline(path: string, b: Baseline): Promise<void> {
  await makeDirs(dirname(path));
  try {
    await writeFileAtomic(path, `${JSON.stringify(b, null, 2)}\n`);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${fsProblem(err)}.`);
  }
}

/** What the baseline allows, one line per scenario and metric. */
export function formatBaseline(b: Baseline): string {
  const lines = [`baseline of ${b.samples} repetition${b.samples === 1 ? '' : 's'} on ${b.host.platform}/${b.host.arch}, ${b.host.cpus} cpus, node ${b.host.node}`, `rule: ${b.rule.text}`];
  if (b.samples < 3) lines.push(`note: with ${b.samples} sample${b.samples === 1 ? '' : 's'} the spread is barely measured; use --runs 5 or more`);
  for (const [name, s] of Object.entries(b.scenarios)) {
    const t = throughputLimit(s.throughput, b.rule);
    const p = pauseLimit(s.pauseP99Us, b.rule);
    lines.push(
      `  ${name} throughput median ${formatRate(s.throughput.median)}, MAD ${formatRate(s.throughput.mad)}: may fall to ${formatRate(t.limit)} (${formatChangePct(t.limitPct)})`,
      `  ${name} pause p99 median ${formatDurationUs(s.pauseP99Us.median)}, MAD ${formatDurationUs(s.pauseP99Us.mad)}: may rise to ${formatDurationUs(p.limit)} (${formatChangePct(p.limitPct)})`,
    );
    if (t.tolerance >= 1) lines.push(`  note: ${name} throughput varies so much between repetitions that no drop fails the gate; make the baseline on a quieter machine or with more --runs`);
    else if (t.tolerance > 0.5) lines.push(`  note: ${name} throughput varies so much that only a drop of more than ${(t.tolerance * 100).toFixed(1)}% fails`);
  }
  return lines.join('\n');
}
