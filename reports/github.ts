// GitHub Actions workflow commands: one error annotation per run that did not pass, so the
// failure shows on the run's page without opening any artifact.
import type { ResultsDocument } from '../harness/result.ts';
import { failureHeadline } from './diagnosis.ts';
import { escapeGithubData, escapeGithubProperty } from './escape.ts';
import { runLabel } from './format.ts';

export function renderGithubAnnotations(doc: ResultsDocument): string {
  return doc.runs
    .filter((r) => r.status !== 'passed')
    .map((r) => {
      const title = `pinstress ${runLabel(r)} ${r.status}`;
      const message = `${failureHeadline(r)}\nrepro: ${r.repro}`;
      return `::error title=${escapeGithubProperty(title)}::${escapeGithubData(message)}\n`;
    })
    .join('');
}
