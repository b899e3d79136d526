// Appends this Jest run's suite counts to $SUITE_SUMMARY_FILE (one JSON line per run), so
// .ci/run can total every suite it ran into one `N passed, M failed` line. No-op otherwise.
const { appendFileSync } = require('node:fs');

class SuiteSummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.SUITE_SUMMARY_FILE;
    if (!file) return;
    const failed = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const passed = results.numTotalTestSuites - failed - results.numPendingTestSuites;
    appendFileSync(file, JSON.stringify({ passed, failed }) + '\n');
  }
}

module.exports = SuiteSummaryReporter;
