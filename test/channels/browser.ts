import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * What every browser suite shares: Debian's Chromium (nothing downloads here), the flags that keep it
 * off the closed network, and an accessibility check with axe-core.
 */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

const haveChromium = existsSync(CHROMIUM);
const MISSING = `${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)`;

/**
 * `describe` when Chromium is installed. Without it the suite is skipped on a developer's machine, but
 * fails under CI=true: a missing install step must not pass as green.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (haveChromium) return describe(name, body);
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`browser tests cannot run: ${MISSING}`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED browser tests "${name}": ${MISSING}`);
  describe.skip(name, body);
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** WCAG 2.1 AA violations of impact serious or critical on the page as it is now. */
export async function seriousAccessibilityProblems(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/**
 * Browser-side checks as expressions (this project compiles without the DOM library): whether the
 * element matching `selector` has focus, and whether the focused element shows a visible focus ring.
 */
export async function hasFocus(page: Page, selector: string): Promise<boolean> {
  return (
    (await page.evaluate(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`)) === true
  );
}

/** The ring may be drawn by the element or by a close ancestor (Web Chat's send box draws it around the input). */
export async function focusRingVisible(page: Page): Promise<boolean> {
  const expression = `(() => {
    let n = document.activeElement;
    if (!n || n === document.body) return false;
    for (let depth = 0; n && depth < 4; depth += 1, n = n.parentElement) {
      const s = getComputedStyle(n);
      if ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none') return true;
    }
    return false;
  })()`;
  return (await page.evaluate(expression)) === true;
}
