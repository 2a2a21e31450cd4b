// Colour for terminal output: red and green where a run's status shows, as test runners do.
// NO_COLOR (any value) turns it off and FORCE_COLOR (anything but 0) turns it on, whatever the
// stream; otherwise only a terminal gets colour, and CI logs stay plain.
export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  /** The status word of a run, coloured by what it says. */
  status(s: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return stream.isTTY === true && !env.CI;
}

const sgr = (on: boolean, code: number) => (s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function paint(on: boolean): Paint {
  const red = sgr(on, 31);
  const green = sgr(on, 32);
  const yellow = sgr(on, 33);
  return {
    red, green, yellow, dim: sgr(on, 2),
    status: (s) => (/^passed$/i.test(s.trim()) ? green(s) : /^(failed|crashed)$/i.test(s.trim()) ? red(s) : /^hung$/i.test(s.trim()) ? yellow(s) : s),
  };
}
