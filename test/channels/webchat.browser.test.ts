import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, focusRingVisible, launchChromium, seriousAccessibilityProblems } from './browser';
import { createConfiguredBot } from '../../src/channels/botSelection';
import { loadConfig } from '../../src/config';
import { ApplicationService } from '../../src/domain/applicationService';
import { systemClock } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { startServer, type Running } from './directLineClient';

/** The stock Web Chat bundle in real Chromium against our Direct Line and the full assistant. */
const EXPECT = {
  welcome: '您好，我是居住证办事助手。',
  question: '上海的居住证能快递到家吗？要多少钱',
  answerContains: '15元',
  suggestion: '查询办理进度',
  suggestionAnswerContains: '请输入受理编号',
};
const APPLICANT = { name: '王芳', idNumber: '11010519491231002X', phone: '13800138000' };

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describeBrowser('Web Chat page in Chromium', () => {
  let server: Running;
  let browser: Browser;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const store = createMemoryStore();
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'banshi-webchat-')) });
    const assistant = await createConfiguredBot({ config, store, log: createLogger('silent') });
    await assistant.ready;
    server = await startServer({ store, bot: assistant.bot, plugins: assistant.plugins });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const botSays = (page: Page, text: string) =>
    page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text });
  const userSays = (page: Page, text: string) => page.locator('.webchat__bubble--from-user', { hasText: text });
  const waitFor = (l: ReturnType<Page['locator']>, timeout = 15_000) => l.first().waitFor({ timeout });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `webchat-${name}.png`), fullPage: true });

  it('is marked zh-CN and has no serious or critical accessibility problems (axe, WCAG 2.1 AA)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.base + '/');
    await waitFor(botSays(page, EXPECT.welcome));
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    // The send box is reachable from the keyboard and shows where the focus is.
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.focus();
    expect(await focusRingVisible(page)).toBe(true);
    await context.close();
  });

  it('welcomes, answers a policy question, looks up a status from a button, survives a reload, and keeps conversations apart', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const sockets: string[] = [];
    let polls = 0;
    page.on('websocket', (ws) => sockets.push(ws.url()));
    page.on('request', (r) => {
      if (/\/activities\?watermark=/.test(r.url())) polls++;
    });
    await page.goto(server.base + '/');
    await expect(page.title()).resolves.toBe('居住登记与居住证办事助手');
    await waitFor(botSays(page, EXPECT.welcome));
    await shot(page, '1-welcome');

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    // A short status lookup of an application stored for this resident, started from a button.
    const submitted = await new ApplicationService({
      repository: server.store.applications,
      clock: systemClock,
    }).submit({
      idempotencyKey: 'webchat-browser-test',
      kind: 'lossReport',
      city: 'shanghai',
      applicant: APPLICANT,
      answers: {},
    });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.problems));
    await page.locator('.webchat__suggested-actions button', { hasText: EXPECT.suggestion }).first().click();
    await waitFor(botSays(page, EXPECT.suggestionAnswerContains));
    await input.fill(submitted.value.referenceNumber);
    await input.press('Enter');
    await waitFor(botSays(page, '身份证号码的最后4位'));
    await input.fill(APPLICANT.idNumber.slice(-4));
    await input.press('Enter');
    await waitFor(botSays(page, '当前状态：已提交，等待受理'));
    await shot(page, '2-status-lookup');
    await input.fill(EXPECT.question);
    await input.press('Enter');
    await waitFor(botSays(page, EXPECT.answerContains));
    await expect(userSays(page, EXPECT.question).count()).resolves.toBe(1);
    await shot(page, '3-answer');

    // Replies came over the conversation's WebSocket, not by polling.
    expect(sockets.some((u) => /\/v3\/directline\/conversations\/[^/]+\/stream\?t=/.test(u))).toBe(true);
    expect(polls).toBe(0);

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
    await other.keyboard.type('照片尺寸有什么要求');
    await other.keyboard.press('Enter');
    await waitFor(userSays(other, '照片尺寸有什么要求'));
    await waitFor(botSays(other, '哪个城市'));
    await page.waitForTimeout(700);
    await expect(userSays(page, '照片尺寸有什么要求').count()).resolves.toBe(0);
    await expect(botSays(page, '当前状态').count()).resolves.toBe(1);
    await expect(botSays(other, '当前状态').count()).resolves.toBe(0);

    await stranger.close();
    await context.close();
  });
});
