// Every forbidden outcome's detail renders as a sentence a reader can act on: values that name
// nothing (a finding with no object) are left out rather than printed as zeros.
import { describe, expect, it } from 'vitest';
import { describeValues, FAILURE_DETAIL_CODES, FAILURE_DETAILS } from '../harness/common/failure.ts';

describe('describeValues', () => {
  it.each(FAILURE_DETAIL_CODES.filter((d) => d !== 'none'))('%s without an object names only what went wrong', (detail) => {
    const s = describeValues({ detail, address: 0, expected: 0, actual: 0 });
    expect(s).toBe(`: ${FAILURE_DETAILS[detail]}`);
    expect(s).not.toContain('0x');
  });

  it('names the object, where it was found and the word that differs', () => {
    const s = describeValues({ detail: 'root-no-longer-at-pinned-address', address: 0x1230, expected: 0x1230, actual: 0x4560, observedAddress: 0x4560 });
    expect(s).toBe(' saw object 0x001230 at 0x004560 (expected 0x001230, got 0x004560): the collector moved an object while it was pinned');
  });

  it('leaves out a comparison of equal words', () => {
    expect(describeValues({ detail: 'large-object-moved', address: 0x8000, expected: 0, actual: 0 })).toBe(' saw object 0x008000: a large object moved, but the large-object space never moves');
  });

  it('keeps the comparison when only the words are known', () => {
    expect(describeValues({ detail: 'reference-lost', address: 0, expected: 42, actual: 0 })).toMatch(/^ \(expected 0x0+2a, got 0x0+\): a reference field/);
  });
});
