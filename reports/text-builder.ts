// A large report built from many small pieces (tens of thousands of trace events or timeline
// lines). Joined as strings, every piece outlives the young generation (the garbage collector
// copies each one twice), the joined text is copied again to be written as UTF-8, and each copy of
// tens of megabytes touches fresh pages, which cost here about 3 ms a megabyte. Gathered into
// strings of about 64 K characters, each encoded once and written as it is, the pieces die young
// and the text exists once, as the bytes that are written. Main thread only.
const kChunkChars = 1 << 16;

/** What a report renderer returns: text, or the UTF-8 chunks of a large one, written one after another. */
export type ReportText = string | readonly Buffer[];

/** The text of a report, whichever form its renderer returned. */
export function textOf(r: ReportText): string {
  return typeof r === 'string' ? r : Buffer.concat(r).toString('utf8');
}

export class TextBuilder {
  private readonly chunks: Buffer[] = [];
  private pending = '';

  add(s: string): void {
    this.pending += s;
    if (this.pending.length >= kChunkChars) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  /** The text as UTF-8 chunks, not joined: a join would copy it all once more. The builder is done with. */
  bytes(): readonly Buffer[] {
    this.flush();
    return this.chunks;
  }
}
