// A ladder rung: pin-concurrent as shipped, but allocating 48-byte payloads, so that an object with
// its 16-byte header is 64 bytes, the size of the peers' objects (whose 64 bytes include their own
// 4-word header). The nursery then holds as many objects as the peers' and fills after as many
// iterations: what the object model's header costs, measured apart from everything else.
import { defineScenario } from '../harness/common/scenario.ts';
import { pinRoundTrips, scenario as pinConcurrent } from '../scenarios/pin-concurrent.ts';

export const kPeerPayloadBytes = 48;

export const scenario = defineScenario({
  ...pinConcurrent,
  name: 'pin-concurrent-peer-sized',
  summary: "pin-concurrent with the peers' object size (bench ladder rung)",
  module: import.meta.url,
  program: (ctx) => pinRoundTrips(ctx, kPeerPayloadBytes),
});
