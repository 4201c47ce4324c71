import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium, seriousAccessibilityProblems } from './browser';
import { createApp, type App } from '../../src/app';
import { backOfficePlugin, consoleStaffGate } from '../../src/channels/backoffice';
import { CONVERSATION_REFS } from '../../src/channels/conversationRefs';
import { registerHandoff } from '../../src/channels/console/registerHandoff';
import { loadConfig } from '../../src/config';
import { createAssistantBot } from '../../src/dialogs';
import { ApplicationService } from '../../src/domain/applicationService';
import { systemClock } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { createFakeKnowledge } from '../dialogs/fakeKnowledge';
import { submitApplication } from './backoffice/fixtures';
import { listenOnLoopback } from './directLineClient';

/**
 * A resident has Web Chat open; a staff member logs into the review page with the console's own login,
 * accepts and approves the resident's application, and the resident's open chat shows the news.
 */
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

describeBrowser('review page in Chromium', () => {
  jest.setTimeout(90_000);
  let browser: Browser;
  let app: App;
  let base: string;
  const store = createMemoryStore();
  const env = { LOG_LEVEL: 'silent', STAFF_ADMIN_USERNAME: 'li.review', STAFF_ADMIN_PASSWORD: 'review-pass-2026' };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const config = loadConfig(env);
    const log = createLogger('silent');
    const applications = new ApplicationService({ repository: store.applications, clock: systemClock });
    const handoff = registerHandoff({ config, store, log });
    const bot = handoff.wrapBot(
      createAssistantBot({
        knowledge: createFakeKnowledge(),
        applications,
        store,
        clock: systemClock,
        log,
        handoff: handoff.service,
      }),
    );
    app = await createApp({
      config,
      store,
      bot,
      log,
      plugins: [
        handoff.plugin,
        backOfficePlugin({ gate: consoleStaffGate(handoff.staff, handoff.service.desk), applications }),
      ],
    });
    base = await listenOnLoopback(app.server);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `review-${name}.png`), fullPage: true });

  it('staff approve in review.html; the resident’s open Web Chat shows the message', async () => {
    const resident = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    ).newPage();
    await resident.goto(base + '/');
    const input = resident.locator('[data-id="webchat-sendbox-input"]');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('你好');
    await input.press('Enter');
    await resident
      .locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: '我可以解答政策问题' })
      .first()
      .waitFor({ timeout: 15_000 });

    // The application this chat submitted (the procedure itself is the dialogs' test).
    const refs = await store.documents.list(CONVERSATION_REFS);
    expect(refs).toHaveLength(1);
    const application = await submitApplication(store, systemClock, { kind: 'permit', conversationId: refs[0].key });

    const staff = await (
      await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
    ).newPage();
    await staff.goto(base + '/console/review.html');
    await expect(staff.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await staff.locator('#login-username').waitFor();
    expect(await seriousAccessibilityProblems(staff)).toEqual([]);
    await staff.locator('#login-username').fill('li.review');
    await staff.locator('#login-password').fill('review-pass-2026');
    await staff.locator('#login-form button[type=submit]').click();
    const item = staff.locator(`#queue li[data-ref="${application.referenceNumber}"]`);
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    await staff.locator('#d-title', { hasText: application.referenceNumber }).waitFor();
    expect(await seriousAccessibilityProblems(staff)).toEqual([]);
    // Masked until revealed.
    await expect(staff.locator('#d-applicant').textContent()).resolves.not.toContain(application.applicant.idNumber);
    await staff.locator('#act-buttons button[data-action="accept"]').click();
    await staff.locator('#act-ok', { hasText: '审核中' }).waitFor();
    await staff.locator('#act-buttons button[data-action="approve"]').click();
    await staff.locator('#act-ok', { hasText: '审核通过' }).waitFor();
    await shot(staff, '1-approved');

    const started = Date.now();
    await resident
      .locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: '审核通过了' })
      .first()
      .waitFor({ timeout: 10_000 });
    const shownAfterMs = Date.now() - started;
    await expect(
      resident.locator('.webchat__bubble', { hasText: application.referenceNumber }).count(),
    ).resolves.toBeGreaterThanOrEqual(2);
    await shot(resident, '2-resident-sees-approval');
    // eslint-disable-next-line no-console
    console.log(`approval visible in the resident's Web Chat ${shownAfterMs} ms after the click returned`);

    // The action went into the console's audit trail.
    const audit = await handoffAudit(staff);
    expect(audit.some((a) => a.action === 'review' && (a.detail ?? '').includes(application.referenceNumber))).toBe(
      true,
    );

    // On the resident's request the administrator erases them, from the open application: a wrong
    // confirmation keeps everything.
    await staff.locator('#erase-confirm').fill('SH-WRONG');
    await staff.locator('#erase-go').click();
    await staff.locator('#act-error', { hasText: '受理编号' }).waitFor();
    expect(await store.applications.get(application.referenceNumber)).toBeDefined();
    await staff.locator('#erase-confirm').fill(application.referenceNumber);
    await staff.locator('#erase-go').click();
    await staff.locator('#queue-ok', { hasText: '已删除 1 份申请' }).waitFor();
    expect(await staff.locator('#detail').isHidden()).toBe(true);
    expect(await store.applications.get(application.referenceNumber)).toBeUndefined();
    expect(await store.documents.list(CONVERSATION_REFS)).toEqual([]);
    expect(await seriousAccessibilityProblems(staff)).toEqual([]);
  });
});

async function handoffAudit(page: Page): Promise<{ action: string; detail?: string }[]> {
  return page.evaluate(async () => {
    const res = await fetch('/console/api/audit', { credentials: 'same-origin' });
    const body = (await res.json()) as { entries: { action: string; detail?: string }[] };
    return body.entries;
  });
}
