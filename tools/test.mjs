#!/usr/bin/env node
// `npm test`: lint, type-check and test every project (unit, integration against a real
// PostgreSQL, Playwright end to end), then print one closing line "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'tmp/test-results');
rmSync(resultsDir, { recursive: true, force: true });

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NG_CLI_ANALYTICS: 'false' };
// The steps' output goes through a pipe (to find Nx's list of failed tasks): keep a terminal's colours.
if (process.stdout.isTTY) env.FORCE_COLOR ??= '1';
const steps = [
  ['nx', 'run-many', '-t', 'lint', 'typecheck', '--outputStyle=static'],
  ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', '--parallel=1'],
  ['nx', 'run-many', '-t', 'e2e', '--outputStyle=stream', '--parallel=1'],
];

const failedSteps = [];
const failedTasks = [];
for (const args of steps) {
  console.log(`\n$ npx ${args.join(' ')}`);
  const { status, tail } = await run(args);
  if (status !== 0) failedSteps.push(args.join(' '));
  failedTasks.push(...nxFailedTasks(tail));
}

const totals = { passed: 0, failed: 0, skipped: 0 };
// Named again at the very end, so the last lines of a long log say what to look at.
const failures = [];
const flaky = [];
for (const file of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  if (!file.endsWith('.json')) continue;
  const report = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8'));
  if (report.stats) {
    // Playwright's JSON reporter
    totals.passed += report.stats.expected + report.stats.flaky;
    totals.failed += report.stats.unexpected;
    totals.skipped += report.stats.skipped;
    for (const { spec, test } of playwrightTests(report.suites)) {
      if (test.status === 'unexpected') failures.push(`${file}: ${spec.file} › ${spec.title}`);
      if (test.status === 'flaky') flaky.push(`${file}: ${spec.file} › ${spec.title}`);
    }
  } else {
    // Vitest's JSON reporter (Jest-compatible)
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    for (const result of report.testResults) {
      const where = `${file}: ${path.relative(root, result.name)}`;
      const failed = result.assertionResults.filter((test) => test.status === 'failed');
      for (const test of failed) failures.push(`${where} › ${test.fullName}`);
      // A file that failed outside any test (an import error, a failing hook) has no failed test to name.
      if (result.status === 'failed' && failed.length === 0) failures.push(`${where}: ${String(result.message).split('\n')[0]}`);
    }
  }
}
// A step that failed without a failing test (lint, type errors, a crashed runner) still fails.
totals.failed += failedSteps.length > 0 && totals.failed === 0 ? failedSteps.length : 0;
for (const step of failedSteps) console.log(`failed step: npx ${step}`);
// A task can fail with every test passed (Vitest's unhandled errors, a crashed runner).
for (const task of failedTasks) console.log(`failed task: ${task}`);
for (const failure of failures) console.log(`failed: ${failure}`);
for (const test of flaky) console.log(`flaky (passed on retry): ${test}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);

/** Runs a step with its output passed through; resolves with its exit status and the output's end. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: root, env, stdio: ['inherit', 'pipe', 'pipe'] });
    let tail = '';
    const pass = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', pass(process.stdout));
    child.stderr.on('data', pass(process.stderr));
    child.on('close', (status) => resolve({ status, tail }));
  });
}

/** Nx closes a run with failures with "Failed tasks:" and a line "- project:target" for each. */
function nxFailedTasks(output) {
  const section = output.replace(/\x1b\[[0-9;]*m/g, '').split('Failed tasks:')[1] ?? '';
  return [...section.matchAll(/^- (\S+:\S+)/gm)].map((match) => match[1]);
}

function* playwrightTests(suites = []) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) for (const test of spec.tests) yield { spec, test };
    yield* playwrightTests(suite.suites);
  }
}
