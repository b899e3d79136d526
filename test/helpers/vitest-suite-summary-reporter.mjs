// The client's Vitest twin of suite-summary-reporter.js: appends this run's suite (test file)
// counts to $SUITE_SUMMARY_FILE so .ci/run can total every suite. No-op otherwise.
import { appendFileSync } from 'node:fs';

export default class SuiteSummaryReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const file = process.env.SUITE_SUMMARY_FILE;
    if (!file) return;
    const failed = testModules.filter((module) => !module.ok()).length;
    const passed = testModules.length - failed;
    // An error outside any test file still fails the run.
    const extra = unhandledErrors.length > 0 && failed === 0 ? 1 : 0;
    appendFileSync(file, JSON.stringify({ passed, failed: failed + extra }) + '\n');
  }
}
