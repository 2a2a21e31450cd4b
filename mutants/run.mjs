#!/usr/bin/env node
// The harness's mutation score (issue 10): applies each mutant of mutants/corpus.json, one at a
// time, to a scratch copy of this working tree, builds it (for the suite, only the mutated file is
// transpiled again over the real tree's dist/; npm test builds the copy in full), and measures what
// a user would see:
//   (a) the default suite, run as a new user runs it (`pinstress run`): every run's status, the
//       first failure's class, and how long it took to show;
//   (b) `npm test`, stopped at the first failing test (--bail=1): caught or not, and by which test.
//
//   npm run mutants                          every mutant, suite and tests (about 2 hours on 2 cores)
//   npm run mutants -- --only a,b --skip-tests
//   npm run mutants -- --out mutants.json    the whole measurement as JSON
//
// Flags: --only <id,...>, --skip-tests (default suite only), --build-only (apply and build, no
// runs: checks that every mutant still compiles), --out <file> (JSON), --markdown <file> (the
// table as Markdown), --jobs <n> (default 1: the runs own the machine; more jobs skew budgets
// and timings), --no-baseline (skip the unmutated control run), --keep (leave the scratch
// copies), --list, --suite-timeout <s> (default 600), --test-timeout <s> (default 1800),
// --from <results.json> (print a saved --out measurement again, and --markdown it).
//
// Plain Node (no build step; TypeScript from node_modules for the quick builds), so it runs on a
// clean clone once `npm ci` has installed node_modules. The real tree is only read: each scratch copy gets the
// working tree's files (git's tracked and untracked-but-not-ignored files) and a node_modules
// symlink. Not part of `npm test` (too slow); test/mutants-corpus.test.ts keeps the corpus
// applicable to the current sources.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusPath = join(root, 'mutants', 'corpus.json');

// ---------------- flags ----------------

function usage(msg) {
  process.stderr.write(`mutants: ${msg}\n`);
  process.exit(2);
}

function parseFlags(argv) {
  const o = { only: null, skipTests: false, buildOnly: false, out: null, markdown: null, from: null, jobs: 1, baseline: true, keep: false, list: false, suiteTimeoutS: 600, testTimeoutS: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const count = (v) => {
      if (!/^\d+$/.test(v) || Number(v) < 1) usage(`${name} must be a whole number of at least 1, got "${v}"`);
      return Number(v);
    };
    switch (name) {
      case '--only': o.only = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--skip-tests': o.skipTests = true; break;
      case '--build-only': o.buildOnly = true; break;
      case '--out': o.out = resolve(value()); break;
      case '--markdown': o.markdown = resolve(value()); break;
      case '--from': o.from = resolve(value()); break;
      case '--jobs': o.jobs = count(value()); break;
      case '--no-baseline': o.baseline = false; break;
      case '--keep': o.keep = true; break;
      case '--list': o.list = true; break;
      case '--suite-timeout': o.suiteTimeoutS = count(value()); break;
      case '--test-timeout': o.testTimeoutS = count(value()); break;
      case '--help': case '-h':
        {
          const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
          const head = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
          process.stdout.write(`${head.map((l) => l.slice(3)).join('\n')}\n`);
        }
        process.exit(0);
        break;
      default: usage(`unknown flag ${a} (see --help)`);
    }
  }
  return o;
}

// ---------------- the corpus ----------------

const kFields = ['id', 'class', 'story', 'file', 'find', 'replace'];

function loadCorpus() {
  let corpus;
  try {
    corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
  } catch (e) {
    usage(`cannot read ${relative(root, corpusPath)}: ${e.message}`);
  }
  if (!Array.isArray(corpus)) usage(`${relative(root, corpusPath)} must hold an array of mutants`);
  for (const m of corpus) {
    for (const f of kFields) if (typeof m[f] !== 'string') usage(`mutant ${JSON.stringify(m.id)} has no string field "${f}"`);
  }
  return corpus;
}

/** How many times `find` occurs in `text` (non-overlapping, as a replace would see it). */
function occurrences(text, find) {
  return find === '' ? 0 : text.split(find).length - 1;
}

// ---------------- the scratch copy ----------------

/** The working tree's files: tracked plus untracked-but-not-ignored (what a commit of it would hold). */
function treeFiles() {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (git.status === 0) return git.stdout.split('\0').filter((f) => f && existsSync(join(root, f)) && statSync(join(root, f)).isFile());
  // Not a git checkout (an unpacked archive): everything but what .gitignore keeps out.
  const skip = new Set(['node_modules', 'dist', '.git', 'pinstress-out', 'test-artifacts', 'out']);
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const rel = d ? `${d}/${e.name}` : e.name;
      if (skip.has(e.name) || e.name.startsWith('.dist-')) continue;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile()) out.push(rel);
    }
  };
  walk('');
  return out;
}

// The corpus's own test checks each find snippet against the sources: in a mutated copy it fails by
// construction, which would credit npm test with every mutant. It guards the corpus, not the runtime.
const kNotCopied = new Set(['test/mutants-corpus.test.ts']);

// Where scratch copies come from: the working tree as it was when the measurement started (with
// its dist/), so edits and rebuilds in the real tree meanwhile cannot leak into a mutant's copy.
let snapshot = root;

function takeSnapshot(files) {
  const dir = join(mkdtempSync(join(tmpdir(), 'pinstress-mutants-base-')), 'tree');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(root, f), join(dir, f));
  }
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  return dir;
}

function makeScratch(id, files) {
  const work = mkdtempSync(join(tmpdir(), `pinstress-mutant-${id.replace(/[^a-z0-9-]/gi, '_')}-`));
  const tree = join(work, 'tree');
  for (const f of files) {
    if (kNotCopied.has(f)) continue;
    const to = join(tree, f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(snapshot, f), to);
  }
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  return { work, tree };
}

// ---------------- child processes ----------------

const children = new Set(); // the children running now, to stop them on Ctrl-C
let interrupted = false;

/** Run a command in its own process group; kill the group when it outlives `timeoutMs`. */
function run(cmd, args, { cwd, timeoutMs, stdoutFile, stderrFile }) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    let finished = false;
    const finish = (code, signal) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      children.delete(child);
      if (stdoutFile) writeFileSync(stdoutFile, stdout);
      if (stderrFile) writeFileSync(stderrFile, stderr);
      done({ code, signal, stdout, stderr, timedOut, wallMs: Math.round(performance.now() - t0) });
    };
    child.on('error', (e) => {
      stderr += `cannot run ${cmd}: ${e.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Ctrl-C: stop what runs now; the scratch copies are removed by the finally blocks below.
for (const s of ['SIGINT', 'SIGTERM']) {
  process.on(s, () => {
    for (const c of children) killGroup(c);
    process.stderr.write(`\nmutants: ${s}, stopping\n`);
    process.exitCode = 130;
    interrupted = true;
  });
}

const tail = (s, n = 600) => (s.length > n ? `...${s.slice(-n)}` : s).trim();
// ANSI colour codes out (vitest colours its messages).
const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
/** The first lines of a failure message (the assertion, not the stack below it). */
const head = (s, n = 400) => {
  const lines = plain(s).split('\n').filter((l) => !/^\s+at /.test(l)).join('\n').trim();
  return lines.length > n ? `${lines.slice(0, n)}...` : lines;
};

// ---------------- one measurement ----------------

/** What a suite run says: every run's status, and the first failing run with its class and time. */
function suiteVerdict(r) {
  const out = { caught: false, exitCode: r.code, wallMs: r.wallMs, timedOut: r.timedOut, runs: [], first: null, error: null };
  if (r.timedOut) {
    // The harness promises that every run ends: a suite that does not is caught, and flagged.
    return { ...out, caught: true, first: { scenario: '?', status: 'timeout', class: 'timeout (the suite never ended)', durationMs: r.wallMs, atMs: r.wallMs } };
  }
  let doc;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    return { ...out, caught: true, error: tail(r.stderr), first: { scenario: '?', status: 'cli-error', class: `the CLI exited ${r.code} without a results document`, durationMs: r.wallMs, atMs: r.wallMs } };
  }
  let at = 0;
  for (const run of doc.runs) {
    at += run.durationMs;
    const d = run.diagnosis;
    const cls = run.status === 'passed' ? '' : [run.status, d?.kind, d?.firstFailure?.outcome].filter(Boolean).join('/');
    out.runs.push({ scenario: run.scenario, seed: run.seed, status: run.status, class: cls, durationMs: run.durationMs });
    if (run.status !== 'passed' && !out.first) {
      out.first = { scenario: run.scenario, status: run.status, class: cls, detail: d?.firstFailure?.detail ?? null, message: d?.message ?? '', durationMs: run.durationMs, atMs: at };
    }
  }
  out.caught = out.first !== null || r.code !== 0;
  if (out.caught && !out.first) out.first = { scenario: '?', status: 'exit', class: `exit code ${r.code} with every run passed`, durationMs: r.wallMs, atMs: r.wallMs };
  return out;
}

/** What `npm test --bail=1` says: caught or not, and the first failing test. */
function testVerdict(r, reportFile) {
  const out = { caught: r.code !== 0 || r.timedOut, exitCode: r.code, wallMs: r.wallMs, timedOut: r.timedOut, failed: 0, first: null };
  let rep = null;
  try {
    rep = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    // no report: the build before the tests failed, or vitest died
  }
  if (rep) {
    out.failed = rep.numFailedTests ?? 0;
    for (const file of rep.testResults ?? []) {
      const name = relative(join(dirname(reportFile), 'tree'), file.name ?? '').split(sep).join('/');
      const failedTest = (file.assertionResults ?? []).find((t) => t.status === 'failed');
      if (failedTest) {
        out.first = { file: name, test: failedTest.fullName, message: head((failedTest.failureMessages ?? []).join('\n')) };
        break;
      }
      if (file.status === 'failed' && file.message) {
        out.first = { file: name, test: '(the file failed to load or run)', message: head(file.message) };
        break;
      }
    }
  }
  if (out.caught && !out.first) {
    out.first = { file: '?', test: r.timedOut ? '(npm test did not end in time)' : `(npm test exited ${r.code} with no failing test reported)`, message: tail(r.stderr || r.stdout, 400) };
  }
  return out;
}

// The default suite needs only the mutated file built again: the real tree's dist/ (built once, at
// the start) with that one file transpiled by TypeScript's transpileModule. Every source is
// erasable syntax, so that is byte for byte what tsc emits for it (checked on the real tree at the
// start); a second instead of a whole tsc build per mutant. npm test's own pretest build then
// compiles the mutated copy in full, type check included, before the tests.
let transpiler = null;
async function loadTranspiler() {
  const { default: ts } = await import(join(root, 'node_modules/typescript/lib/typescript.js'));
  const cfg = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  // The package is "type": "module": tsc's NodeNext emits ES modules, which transpileModule cannot infer.
  const options = { ...cfg.options, sourceMap: false, module: ts.ModuleKind.ESNext };
  const emit = (file, text) => ts.transpileModule(text, { compilerOptions: options, fileName: join(root, file) }).outputText;
  for (const f of ['runtime/minor.ts', 'harness/worker/context.ts']) {
    if (emit(f, readFileSync(join(snapshot, f), 'utf8')) !== readFileSync(join(snapshot, 'dist', f.replace(/\.ts$/, '.js')), 'utf8')) {
      throw new Error(`transpileModule does not reproduce tsc's dist/${f}: the quick build cannot stand in for it`);
    }
  }
  return emit;
}

async function quickBuild(tree, file) {
  cpSync(join(snapshot, 'dist'), join(tree, 'dist'), { recursive: true });
  if (!file) return;
  if (!file.endsWith('.ts')) throw new Error(`${file}: the quick build handles TypeScript sources only`);
  transpiler ??= await loadTranspiler();
  const js = file.replace(/\.ts$/, '.js');
  const out = transpiler(file, readFileSync(join(tree, file), 'utf8'));
  writeFileSync(join(tree, 'dist', js), out);
  const manifestPath = join(tree, 'dist/build-manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.files[js] = Buffer.byteLength(out); // bin/check-dist.js compares sizes
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
}

function npmCommand() {
  // Under `npm run mutants`, npm_execpath is npm's own CLI: run the same npm with this node.
  const p = process.env.npm_execpath;
  if (p && /npm-cli\.js$/.test(p)) return { cmd: process.execPath, pre: [p] };
  return { cmd: 'npm', pre: [] };
}

async function measure(m, files, o) {
  const res = { id: m.id, class: m.class, story: m.story, file: m.file, status: 'ran', occurrences: 1, build: null, suite: null, tests: null };
  // Judged on the snapshot the scratch copy is made from, not the tree, which may change meanwhile.
  if (m.id !== '(baseline)' && !existsSync(join(snapshot, m.file))) return { ...res, status: 'does-not-apply', occurrences: 0, note: `${m.file} does not exist` };
  if (m.id !== '(baseline)') {
    res.occurrences = occurrences(readFileSync(join(snapshot, m.file), 'utf8'), m.find);
    if (res.occurrences !== 1) return { ...res, status: 'does-not-apply', note: `the find snippet occurs ${res.occurrences} times in ${m.file}` };
  }
  const { work, tree } = makeScratch(m.id, files);
  try {
    if (m.id !== '(baseline)') {
      const p = join(tree, m.file);
      writeFileSync(p, readFileSync(p, 'utf8').replace(m.find, () => m.replace));
    }
    if (o.buildOnly) {
      const b = await run(process.execPath, ['scripts/build.mjs'], { cwd: tree, timeoutMs: 600_000 });
      res.build = { exitCode: b.code, wallMs: b.wallMs };
      if (b.code !== 0) return { ...res, status: 'build-failed', note: tail(b.stdout + b.stderr, 1200) };
      return res;
    }
    const tb = performance.now();
    await quickBuild(tree, m.file);
    res.build = { exitCode: 0, wallMs: Math.round(performance.now() - tb), quick: true };
    if (interrupted) return res;
    const s = await run(process.execPath, ['bin/pinstress.js', 'run', '--no-reports', '--quiet', '--json'], {
      cwd: tree, timeoutMs: o.suiteTimeoutS * 1000, stderrFile: join(work, 'suite.stderr'),
    });
    res.suite = suiteVerdict(s);
    if (o.skipTests || interrupted) return res;
    const report = join(work, 'vitest.json');
    const npm = npmCommand();
    // --cache=false: the node_modules link points into the real tree, where vitest keeps its cache;
    // a mutant's failures must not reorder the next mutant's tests (or touch the real tree).
    const t = await run(npm.cmd, [...npm.pre, 'test', '--', '--bail=1', '--cache=false', '--reporter=json', `--outputFile=${report}`], {
      cwd: tree, timeoutMs: o.testTimeoutS * 1000, stderrFile: join(work, 'test.stderr'),
    });
    res.tests = testVerdict(t, report);
    return res;
  } finally {
    if (o.keep) res.scratch = work;
    else rmSync(work, { recursive: true, force: true });
  }
}

// ---------------- output ----------------

const secs = (ms) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
const minutes = (ms) => (ms >= 120_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : secs(ms));

/** A run's class in few words: the outcome of a forbidden outcome, the kind of any other failure. */
function shortClass(cls) {
  const [status, kind, outcome] = cls.split('/');
  if (kind === undefined) return cls;
  if (kind === 'forbidden-outcome' && outcome) return outcome;
  return status === 'failed' ? kind : `${status} (${kind})`;
}

function suiteCell(r) {
  if (r.status !== 'ran') return r.status;
  if (!r.suite) return r.build ? `built in ${secs(r.build.wallMs)}` : '-';
  if (!r.suite.caught) return `${r.id === '(baseline)' ? 'passed' : 'missed'} (${secs(r.suite.wallMs)})`;
  const f = r.suite.first;
  const failed = r.suite.runs.filter((x) => x.status !== 'passed').length;
  const of = r.suite.runs.length ? `; ${failed}/${r.suite.runs.length} runs failed` : '';
  return `caught: ${f.scenario}, ${shortClass(f.class)}, in ${secs(f.durationMs)} (at ${secs(f.atMs)}${of})`;
}

function testCell(r) {
  if (r.status !== 'ran' || !r.tests) return r.suite ? '-' : '';
  if (!r.tests.caught) return `${r.id === '(baseline)' ? 'passed' : 'missed'} (${secs(r.tests.wallMs)})`;
  const file = r.tests.first.file.replace(/^test\//, '').replace(/\.test\.ts$/, '');
  return `caught: ${file} › ${r.tests.first.test} (${secs(r.tests.wallMs)})`;
}

function line(r) {
  const rows = [`${r.id.padEnd(38)} suite: ${suiteCell(r)}`];
  const t = testCell(r);
  if (t) rows.push(`${''.padEnd(38)} tests: ${t}`);
  if (r.note) rows.push(`${''.padEnd(38)} ${r.note.split('\n')[0]}`);
  return rows.join('\n');
}

/** The measurement as a Markdown table (what the README shows). */
function markdown(results, summary, wallMs, o) {
  const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = ['| mutant | class | story | default suite | npm test |', '| --- | --- | --- | --- | --- |'];
  for (const r of results) rows.push(`| \`${r.id}\` | ${esc(r.class)} | ${esc(r.story)} | ${esc(suiteCell(r))} | ${esc(testCell(r))} |`);
  return `${rows.join('\n')}\n\n${summary}; wall time ${minutes(wallMs)} (jobs ${o.jobs}).\n`;
}

function score(results, o) {
  const ran = results.filter((r) => r.id !== '(baseline)' && r.status === 'ran');
  const notApplied = results.filter((r) => r.status === 'does-not-apply');
  const broken = results.filter((r) => r.status === 'build-failed');
  const parts = [];
  if (!o.buildOnly) {
    parts.push(`default suite caught ${ran.filter((r) => r.suite?.caught).length} of ${ran.length}`);
    if (!o.skipTests) parts.push(`npm test caught ${ran.filter((r) => r.tests?.caught).length} of ${ran.length}`);
  } else parts.push(`${ran.length} built`);
  let s = parts.join('; ');
  if (notApplied.length) s += `; ${notApplied.length} do not apply (${notApplied.map((r) => r.id).join(', ')})`;
  if (broken.length) s += `; ${broken.length} do not build (${broken.map((r) => r.id).join(', ')})`;
  return s;
}

// ---------------- main ----------------

async function main() {
  const o = parseFlags(process.argv.slice(2));
  const corpus = loadCorpus();
  if (o.from) {
    // Render a saved measurement again (the table, the score, --markdown) without running anything.
    const saved = JSON.parse(readFileSync(o.from, 'utf8'));
    const flags = { ...saved.flags, markdown: o.markdown };
    for (const r of saved.results) process.stdout.write(`${line(r)}\n`);
    const summary = score(saved.results, flags);
    process.stdout.write(`\n${summary}\nwall time ${minutes(saved.wallMs)}\n`);
    if (o.markdown) writeFileSync(o.markdown, markdown(saved.results, summary, saved.wallMs, flags));
    return;
  }
  if (o.list) {
    for (const m of corpus) process.stdout.write(`${m.id.padEnd(38)} ${m.class.padEnd(26)} ${m.file}\n${''.padEnd(38)} ${m.story}\n`);
    return;
  }
  let chosen = corpus;
  if (o.only) {
    const unknown = o.only.filter((id) => !corpus.some((m) => m.id === id));
    if (unknown.length) usage(`unknown mutant(s): ${unknown.join(', ')} (see --list)`);
    chosen = corpus.filter((m) => o.only.includes(m.id));
  }
  if (!existsSync(join(root, 'node_modules'))) usage('node_modules is missing: run `npm ci` first');
  const files = treeFiles();
  if (!o.buildOnly) {
    // The quick builds start from the real tree's dist/: bring it up to date with the sources first.
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) usage('the real tree does not build: fix that first (npm run build)');
    snapshot = takeSnapshot(files);
  }
  const queue = [...(o.baseline && !o.buildOnly ? [{ id: '(baseline)', class: 'control', story: 'the unmutated tree: every run must pass', file: '', find: '', replace: '' }] : []), ...chosen];
  const t0 = performance.now();
  process.stderr.write(`mutants: ${chosen.length} mutant(s)${o.baseline && !o.buildOnly ? ' and a baseline' : ''}, ${files.length} files per scratch copy, jobs ${o.jobs}` +
    `${o.buildOnly ? ', build only' : o.skipTests ? ', default suite only' : ', default suite and npm test'}\n`);
  const results = new Array(queue.length);
  let next = 0;
  const worker = async () => {
    while (next < queue.length && !interrupted) {
      const k = next++;
      const r = await measure(queue[k], files, o);
      results[k] = r;
      process.stdout.write(`${line(r)}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, queue.length) }, worker));
  const done = results.filter(Boolean);
  const wallMs = Math.round(performance.now() - t0);
  const summary = score(done, o);
  process.stdout.write(`\n${summary}\nwall time ${minutes(wallMs)}\n`);
  const base = done.find((r) => r.id === '(baseline)');
  if (base && (base.suite?.caught || base.tests?.caught)) {
    process.stdout.write('warning: the unmutated baseline failed too; the mutants\' results are not a clean measure.\n');
  }
  if (o.out) {
    writeFileSync(o.out, `${JSON.stringify({ createdAt: new Date().toISOString(), node: process.version, flags: o, wallMs, summary, results: done }, null, 2)}\n`);
    process.stderr.write(`mutants: wrote ${o.out}\n`);
  }
  if (o.markdown) {
    writeFileSync(o.markdown, markdown(done, summary, wallMs, o));
    process.stderr.write(`mutants: wrote ${o.markdown}\n`);
  }
}

try {
  await main();
} finally {
  if (snapshot !== root) rmSync(dirname(snapshot), { recursive: true, force: true });
}
