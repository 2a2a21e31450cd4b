// A large report built from many small pieces (tens of thousands of trace events or timeline
// lines). Joined as strings, every piece outlives the young generation (the garbage collector
// copies each one twice), the joined text is copied again to be written as UTF-8, and each copy of
// tens of megabytes touches fresh pages, which cost here about 3 ms a megabyte. Gathered into
// strings of about 64 K characters, each encoded once, the pieces die young and the text exists
// once, as the bytes that are written. Main thread only.
const kChunkChars = 1 << 16;

/** What a report renderer returns: text, or the UTF-8 bytes of a large one. */
export type ReportText = string | Buffer;

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

  /** The text as UTF-8 (the builder is done with). */
  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}
