// The handles one mutator thread holds: the identity each one's object must have, and the live
// handles as a dense list (what a check after a collection walks). Both mutator contexts keep one
// (ScenarioContext for the built-in runtime, NativeContext for a library). Worker side.
export class HandleTable {
  /** Expected identity of the object each handle holds (0: handle not in use). */
  readonly ids: Int32Array;
  /** Live handles, densely, and each handle's position in that list. */
  readonly live: Int32Array;
  private readonly pos: Int32Array;
  count = 0;

  constructor(slots: number) {
    this.ids = new Int32Array(slots);
    this.live = new Int32Array(slots);
    this.pos = new Int32Array(slots);
  }

  track(hd: number, id: number): void {
    this.ids[hd] = id;
    this.pos[hd] = this.count;
    this.live[this.count++] = hd;
  }

  untrack(hd: number): void {
    const last = this.live[--this.count];
    const at = this.pos[hd];
    this.live[at] = last;
    this.pos[last] = at;
    this.ids[hd] = 0;
  }
}
