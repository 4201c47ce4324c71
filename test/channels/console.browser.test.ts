import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, focusRingVisible, hasFocus, launchChromium, seriousAccessibilityProblems } from './browser';
import { createAssistantBot } from '../../src/dialogs';
import { ApplicationService } from '../../src/domain/applicationService';
import { systemClock } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createFakeKnowledge } from '../dialogs/fakeKnowledge';
import { PASSWORD, startHandoffServer, type HandoffServer } from './console/harness';

/**
 * Two browsers at once: a resident in the stock Web Chat asks for a person, a staff member logs into
 * the console, claims, both talk, the staff member hands back, and the bot answers the next question.
 */
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describeBrowser('handoff between Web Chat and the staff console in Chromium', () => {
  let server: HandoffServer;
  let browser: Browser;
  jest.setTimeout(90_000);

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startHandoffServer({
      bot: (setup, store) =>
        createAssistantBot({
          knowledge: createFakeKnowledge(),
          applications: new ApplicationService({ repository: store.applications, clock: systemClock }),
          store,
          clock: systemClock,
          log: createLogger('silent'),
          handoff: setup.service,
        }),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const botSays = (page: Page, text: string) =>
    page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text }).first();
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `console-${name}.png`), fullPage: true });
  const say = async (page: Page, text: string) => {
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(text);
    await input.press('Enter');
  };

  it('resident asks for a person, staff claims and talks, hands back, the bot answers again', async () => {
    const residentCtx = await browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'zh-CN' });
    const staffCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const resident = await residentCtx.newPage();
    const staff = await staffCtx.newPage();
    staff.on('dialog', (d) => void d.accept());

    await resident.goto(server.base + '/');
    await botSays(resident, '您好，我是居住证办事助手').waitFor({ timeout: 15_000 });
    await say(resident, '我想找人工客服');
    await botSays(resident, '已为您转人工').waitFor({ timeout: 10_000 });
    await shot(resident, '1-resident-queued');

    await staff.goto(server.base + '/console/');
    await staff.fill('#login-username', 'li');
    await staff.fill('#login-password', PASSWORD);
    await staff.click('#login-form button[type=submit]');
    const waitingItem = staff.locator('#waiting li', { hasText: '我想找人工客服' });
    await waitingItem.waitFor({ timeout: 10_000 });
    await shot(staff, '2-queue');
    await waitingItem.click();
    await staff.locator('#transcript li.resident', { hasText: '我想找人工客服' }).waitFor();
    await staff.click('#claim');
    await staff.locator('#send-form').waitFor({ state: 'visible' });
    await botSays(resident, '工作人员李明已接入').waitFor({ timeout: 10_000 });

    // Resident → console latency, from pressing Enter in Web Chat to the line shown in the console.
    const latencies: number[] = [];
    for (const text of ['我的居住证快到期了', '需要本人去吗', '好的谢谢']) {
      const t0 = Date.now();
      await say(resident, text);
      await staff.locator('#transcript li.resident', { hasText: text }).waitFor({ timeout: 5_000 });
      latencies.push(Date.now() - t0);
    }
    // eslint-disable-next-line no-console
    console.log(`resident message → staff console: ${latencies.map((ms) => `${ms} ms`).join(', ')}`);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    // The bot stayed silent: no "not understood" after the resident's messages.
    await resident.waitForTimeout(300);
    await expect(
      resident.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: '没听懂' }).count(),
    ).resolves.toBe(0);

    await staff.fill('#send-text', '您好，我来帮您看一下。');
    await staff.press('#send-text', 'Enter');
    await botSays(resident, '工作人员 李明：您好，我来帮您看一下。').waitFor({ timeout: 10_000 });
    await staff.locator('#transcript li.staff', { hasText: '您好，我来帮您看一下' }).waitFor();
    await shot(staff, '3-conversation');
    await shot(resident, '4-resident-talking');

    await staff.click('#resolve');
    await botSays(resident, '本次人工服务已结束').waitFor({ timeout: 10_000 });
    await say(resident, '照片有什么要求');
    await botSays(resident, '【答:照片要求】').waitFor({ timeout: 10_000 });
    await shot(resident, '5-back-to-bot');
    await staff.locator('#conv-meta', { hasText: '已交回助手' }).waitFor();
    await shot(staff, '6-resolved');

    await residentCtx.close();
    await staffCtx.close();
  });

  it('works from the keyboard alone: log in, open, claim, reply, hand back; no serious axe findings', async () => {
    const residentCtx = await browser.newContext({ locale: 'zh-CN' });
    const staffCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const resident = await residentCtx.newPage();
    const staff = await staffCtx.newPage();
    await resident.goto(server.base + '/');
    await botSays(resident, '您好，我是居住证办事助手').waitFor({ timeout: 15_000 });
    await say(resident, '我想找人工客服');
    await botSays(resident, '已为您转人工').waitFor({ timeout: 10_000 });

    // The hand-back asks for confirmation; a keyboard user confirms it with Enter.
    staff.on('dialog', (d) => void d.accept());
    await staff.goto(server.base + '/console/');
    await expect(staff.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await staff.locator('#login-username').waitFor();
    expect(await seriousAccessibilityProblems(staff)).toEqual([]);
    // The username field has focus on arrival; Tab moves on, Enter submits.
    await staff.keyboard.type('wang');
    await staff.keyboard.press('Tab');
    await staff.keyboard.type(PASSWORD);
    await staff.keyboard.press('Enter');
    const open = staff.locator('#waiting li .item-open', { hasText: '我想找人工客服' });
    await open.waitFor({ timeout: 10_000 });
    expect(await seriousAccessibilityProblems(staff)).toEqual([]);

    /** Presses Tab until the element has focus (bounded), as a keyboard user would. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i += 1) {
        await staff.keyboard.press('Tab');
        if (await hasFocus(staff, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    const focusVisible = () => focusRingVisible(staff);

    await tabTo('#waiting li .item-open');
    expect(await focusVisible()).toBe(true);
    await staff.keyboard.press('Enter');
    await staff.locator('#transcript li.resident', { hasText: '我想找人工客服' }).waitFor();
    await tabTo('#claim');
    expect(await focusVisible()).toBe(true);
    await staff.keyboard.press('Enter');
    await botSays(resident, '工作人员王芳已接入').waitFor({ timeout: 10_000 });
    await tabTo('#send-text');
    await staff.keyboard.type('键盘回复已收到');
    await staff.keyboard.press('Enter');
    await botSays(resident, '键盘回复已收到').waitFor({ timeout: 10_000 });
    expect(await seriousAccessibilityProblems(staff)).toEqual([]);
    await staff.locator('#resolve').focus();
    await staff.keyboard.press('Enter');
    await botSays(resident, '本次人工服务已结束').waitFor({ timeout: 10_000 });

    await residentCtx.close();
    await staffCtx.close();
  });
});
