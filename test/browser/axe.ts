import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The impacts that fail a test; minor and moderate findings are left to review. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** Elements listed per rule: one repeated mistake (every message, say) needs only a few. */
const NODES_SHOWN = 3;

/**
 * Runs axe-core on the page as it stands and returns its serious and critical violations,
 * one readable paragraph each: rule, what it asks, and every element that breaks it.
 * The source goes in through `evaluate` (DevTools protocol), which the app's CSP does not
 * govern; a `<script>` tag would be refused by it.
 */
export async function accessibilityViolations(page: Page, screen: string): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const { violations } = await (globalThis as unknown as { axe: typeof axe }).axe.run({
      resultTypes: ['violations'],
    });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
    .map((v) =>
      [
        `${screen}: ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes
          .slice(0, NODES_SHOWN)
          .map((n) => `  at ${n.target}\n    ${n.summary?.replace(/\n/g, '\n    ')}`),
        ...(v.nodes.length > NODES_SHOWN
          ? [`  and ${v.nodes.length - NODES_SHOWN} more elements`]
          : []),
      ].join('\n'),
    );
}

/** Fails with every violation found, each as its own paragraph. */
export function expectNoViolations(violations: string[]): void {
  if (violations.length === 0) return;
  throw new Error(
    `${violations.length} serious or critical accessibility violations:\n\n${violations.join('\n\n')}`,
  );
}
