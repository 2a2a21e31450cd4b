// Reading the JSON files ci/ consumes (results documents, baselines) and turning every way they
// can be wrong into one UsageError sentence that names the file and the problem.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from '../harness/usage-error.ts';

const kIoProblems: Record<string, string> = {
  ENOENT: 'the file does not exist',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** `what` names the kind of file in messages, e.g. "results file". */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read ${what} ${path}: ${kIoProblems[code] ?? oneLine((err as Error).message)}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what[0].toUpperCase()}${what.slice(1)} ${path} is not valid JSON: ${oneLine((err as Error).message)}.`);
  }
}

/** The first zod issue as "where: what", e.g. "runs[2].stats.throughput: expected number, received string". */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'it does not match the expected shape';
  const where = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`), '');
  const raw = oneLine(issue.message).replace(/^Invalid input: /, '');
  const what = raw.charAt(0).toLowerCase() + raw.slice(1);
  return where === '' ? what : `${where}: ${what}`;
}

/** Messages from JSON.parse, zod or the OS may span lines or end with a full stop; a sentence may not. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
}
