// Regression test 2's setup: 4 x 2000 iterations of the pin protocol with a forced 64 KiB
// nursery, so minor collections must fire under the pin protocol (on demand: nursery exhausted).
import { atLeast, defineScenario, equals } from '../harness/common/scenario.ts';
import { pinRoundTrips } from './pin-concurrent.ts';

export const scenario = defineScenario({
  name: 'pin-gc-pressure',
  summary: '4 x 2000 pin round trips with a forced 64 KiB nursery: minor GCs fire under the pin protocol',
  defaults: { mutators: 4, iterations: 2000, nurseryBytes: 64 * 1024 },
  module: import.meta.url,
  assertions: (r) => [
    atLeast('minor collections', r.stats.minorCollections, 1),
    equals('pin round trips', r.stats.pins, r.config.mutators * r.config.iterations),
  ],
  program: pinRoundTrips,
});
