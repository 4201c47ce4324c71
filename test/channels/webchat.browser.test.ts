import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ECHO_SUGGESTIONS, ECHO_WELCOME } from '../../src/channels/echoBot';
import { startServer, type Running } from './directLineClient';

/**
 * The stock Web Chat bundle in real Chromium against our Direct Line.
 * INTEGRATION: these expectations describe the echo bot; switch them to the real assistant's
 * welcome, a policy question with its answer, and a status lookup.
 */
const EXPECT = {
  welcome: ECHO_WELCOME,
  question: '居住证需要什么材料',
  answerContains: '您说的是：居住证需要什么材料',
  suggestion: ECHO_SUGGESTIONS[0]!,
  suggestionAnswerContains: `您说的是：${ECHO_SUGGESTIONS[0]}`,
};

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED browser tests: ${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)`);
}
const describeBrowser = haveChromium ? describe : describe.skip;

describeBrowser('Web Chat page in Chromium', () => {
  let server: Running;
  let browser: Browser;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const botSays = (page: Page, text: string) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text });
  const userSays = (page: Page, text: string) => page.locator('.webchat__bubble--from-user', { hasText: text });
  const waitFor = (l: ReturnType<Page['locator']>, timeout = 15_000) => l.first().waitFor({ timeout });
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `webchat-${name}.png`), fullPage: true });

  it('welcomes, answers, follows a suggested action, survives a reload, and keeps conversations apart', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.base + '/');
    await expect(page.title()).resolves.toBe('居住登记与居住证办事助手');
    await waitFor(botSays(page, EXPECT.welcome));
    await shot(page, '1-welcome');

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(EXPECT.question);
    await input.press('Enter');
    await waitFor(botSays(page, EXPECT.answerContains));
    await expect(userSays(page, EXPECT.question).count()).resolves.toBe(1);
    await shot(page, '2-answer');

    await page.locator('.webchat__suggested-actions button', { hasText: EXPECT.suggestion }).first().click();
    await waitFor(botSays(page, EXPECT.suggestionAnswerContains));
    await shot(page, '3-suggested-action');
    // No bubble stuck at "send failed": every message was echoed.
    await expect(page.getByText(/发送失败|Send failed/).count()).resolves.toBe(0);

    await page.reload();
    await waitFor(botSays(page, EXPECT.answerContains));
    await expect(userSays(page, EXPECT.question).count()).resolves.toBe(1);
    await shot(page, '4-after-reload');

    const stranger = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const other = await stranger.newPage();
    await other.goto(server.base + '/');
    await waitFor(botSays(other, EXPECT.welcome));
    await other.waitForTimeout(1000);
    await expect(userSays(other, EXPECT.question).count()).resolves.toBe(0);
    await expect(botSays(other, EXPECT.answerContains).count()).resolves.toBe(0);
    await shot(other, '5-second-visitor');

    // Keyboard only: Tab reaches the send box and a typed message goes out.
    await other.keyboard.press('Tab');
    await other.locator('[data-id="webchat-sendbox-input"]').focus();
    await other.keyboard.type('键盘输入');
    await other.keyboard.press('Enter');
    await waitFor(botSays(other, '您说的是：键盘输入'));
    await page.waitForTimeout(700);
    await expect(userSays(page, '键盘输入').count()).resolves.toBe(0);

    await stranger.close();
    await context.close();
  });
});
