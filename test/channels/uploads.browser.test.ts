import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from './browser';
import { createApp, type App } from '../../src/app';
import { backOfficePlugin, consoleStaffGate } from '../../src/channels/backoffice';
import { registerHandoff } from '../../src/channels/console/registerHandoff';
import { loadConfig } from '../../src/config';
import { createAssistantBot } from '../../src/dialogs';
import { ApplicationService } from '../../src/domain/applicationService';
import { systemClock } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createMemoryFileStore } from '../../src/storage/files';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { createFakeKnowledge } from '../dialogs/fakeKnowledge';
import { png } from '../fixtures/images';
import { listenOnLoopback } from './directLineClient';

/**
 * Issue 13's done-when, in real Chromium: a resident applies for a Shanghai permit on the chat page and
 * sends a photo and a lease scan with Web Chat's own upload button; staff log into the review page, see
 * both inline and ask for the photo again; the resident re-uploads it in the same chat; staff see the new
 * photo beside the one it replaced.
 */
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const PHOTO_ITEM = '本人近期免冠照片（系统已有可用照片的无需再交）';
const STAFF = { username: 'li.review', password: 'review-pass-2026' };

describeBrowser('uploads in Chromium: Web Chat upload button → staff review → photo asked again', () => {
  jest.setTimeout(120_000);
  let browser: Browser;
  let app: App;
  let base: string;
  const store = createMemoryStore();
  const files = createMemoryFileStore();

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      STAFF_ADMIN_USERNAME: STAFF.username,
      STAFF_ADMIN_PASSWORD: STAFF.password,
    });
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
        files,
      }),
    );
    app = await createApp({
      config,
      store,
      bot,
      log,
      files,
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
    await files.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `uploads-${name}.png`), fullPage: true });
  const botSays = (page: Page, text: string): Locator =>
    page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text }).last();
  /** Bot bubbles so far, so that a wait matches only a reply that came after this point. */
  const botCount = (page: Page) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').count();
  /** Waits for a bot bubble after the first `before` ones that contains `text`. */
  const replyAfter = (page: Page, before: number, text: string) =>
    page.waitForFunction(
      `Array.from(document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)'))
        .slice(${before}).some((b) => (b.textContent || '').includes(${JSON.stringify(text)}))`,
      undefined,
      { timeout: 15_000 },
    );
  const say = async (page: Page, text: string, expected: string) => {
    const before = await botCount(page);
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(text);
    await input.press('Enter');
    await replyAfter(page, before, expected);
  };
  /** The resident picks a file with Web Chat's upload button (the hidden file input behind it). */
  const upload = async (page: Page, name: string, bytes: Buffer, expected: string) => {
    const before = await botCount(page);
    await expect(page.locator('.webchat__upload-button').count()).resolves.toBe(1);
    await page.locator('input.webchat__upload-button--file-input').setInputFiles({
      name,
      mimeType: 'image/png',
      buffer: bytes,
    });
    await replyAfter(page, before, expected);
  };

  it('resident uploads photo and lease scan, staff see both and ask for the photo again, then see old and new', async () => {
    const resident = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    ).newPage();
    await resident.goto(base + '/');
    await resident.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 15_000 });
    await botSays(resident, '您好').waitFor({ timeout: 15_000 });

    await say(resident, '我要办居住证', '哪个城市');
    await say(resident, '上海', '哪天办的');
    await say(resident, '2025年11月20日', '哪种情况');
    await say(resident, '上班', '姓名');
    await say(resident, '张三', '身份证');
    await say(resident, '310115199003071239', '手机');
    await say(resident, '13800138000', '上传');
    const photo = png(358, 441);
    await upload(resident, '证件照.png', photo, '一样吗');
    // The resident sees what was sent: a card with the file's name (sent the moment it was chosen).
    const sent = resident.locator('.webchat__bubble--from-user', { hasText: '证件照.png' }).first();
    await sent.waitFor({ timeout: 10_000 });
    await sent.screenshot({ path: path.join(ARTIFACTS, 'uploads-0-photo-sent.png') });
    // The file is readable only with the conversation's token: a card with its name, no link to an error page.
    await expect(sent.locator('a').count()).resolves.toBe(0);
    await say(resident, '地址不变', '哪种住所');
    await say(resident, '租房', '怎么领取');
    await say(resident, '自取', '第1/5项');
    // The photo sent at the photo prompt is item 2: it is not asked again.
    await say(resident, '到现场再交', '第3/5项');
    await upload(resident, '租赁备案.png', png(240, 320), '第4/5项');
    await say(resident, '到现场再交', '第5/5项');
    await say(resident, '到现场再交', '确认提交');
    await say(resident, '确认提交', '已提交成功');
    // Nothing stuck at "send failed", and no attachment drawn as a broken image.
    await expect(resident.getByText(/发送失败|Send failed/).count()).resolves.toBe(0);
    expect(await brokenImages(resident)).toEqual([]);
    await shot(resident, '1-submitted');

    const [application] = await store.applications.list();
    const ref = application?.referenceNumber ?? '';
    expect(ref).not.toBe('');

    const staff = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    ).newPage();
    await staff.goto(base + '/console/review.html');
    await staff.locator('#login-username').fill(STAFF.username);
    await staff.locator('#login-password').fill(STAFF.password);
    await staff.locator('#login-form button[type=submit]').click();
    const item = staff.locator(`#queue li[data-ref="${ref}"]`);
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    await staff.locator('#d-title', { hasText: ref }).waitFor();
    const materials = staff.locator('#d-materials');
    const photoRow = materials.locator('li', { hasText: PHOTO_ITEM });
    await photoRow.locator('figure.current img').waitFor({ timeout: 10_000 });
    await expect(photoRow.locator('figure.current figcaption').textContent()).resolves.toContain('证件照.png');
    const leaseRow = materials.locator('li', { hasText: '租赁合同' });
    await expect(leaseRow.locator('figure.current figcaption').textContent()).resolves.toContain('租赁备案.png');
    // Both images load inline (the staff session reads them; the bytes are the resident's).
    await waitForImages(staff, '#d-materials img', 2);
    expect(await imageSizes(staff, '#d-materials figure.current img')).toEqual([
      [358, 441],
      [240, 320],
    ]);
    await shot(staff, '2-staff-sees-both');

    await staff.locator('#act-buttons button[data-action="accept"]').click();
    await staff.locator('#act-ok', { hasText: '审核中' }).waitFor();
    await staff.locator(`#act-field-list input[value="material:${PHOTO_ITEM}"]`).check();
    await staff.locator('#act-note').fill('照片背景不是白色，请重新上传');
    await staff.locator('#act-buttons button[data-action="requestCorrection"]').click();
    await staff.locator('#act-ok', { hasText: '补正' }).waitFor();

    await botSays(resident, '补正').waitFor({ timeout: 15_000 });
    await say(resident, '补正材料', `请重新上传「${PHOTO_ITEM}」`);
    await upload(resident, '白底照片.png', png(358, 441, { seed: 7 }), '确认重新提交');
    await say(resident, '确认提交', '已重新提交');
    await shot(resident, '3-resubmitted');

    await staff.reload();
    const again = staff.locator(`#queue li[data-ref="${ref}"]`);
    await again.waitFor({ timeout: 10_000 });
    await again.click();
    await staff.locator('#d-title', { hasText: ref }).waitFor();
    const row = staff.locator('#d-materials li', { hasText: PHOTO_ITEM });
    await row.locator('figure.earlier').waitFor({ timeout: 10_000 });
    await expect(row.locator('figure.current figcaption').textContent()).resolves.toContain('白底照片.png');
    await expect(row.locator('figure.earlier figcaption').textContent()).resolves.toContain('证件照.png');
    await waitForImages(staff, '#d-materials li img', 3);
    await shot(staff, '4-staff-sees-old-and-new');
  });
});

/** Images on the page that finished loading and show nothing (a 401 or a missing file). */
async function brokenImages(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`Array.from(document.querySelectorAll('img'))
    .filter((i) => i.complete && i.naturalWidth === 0 && i.getAttribute('src'))
    .map((i) => i.getAttribute('src'))`);
}

async function waitForImages(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(
    `(() => { const imgs = Array.from(document.querySelectorAll(${JSON.stringify(selector)}));
      return imgs.length >= ${count} && imgs.every((i) => i.complete && i.naturalWidth > 0); })()`,
    undefined,
    { timeout: 10_000 },
  );
}

async function imageSizes(page: Page, selector: string): Promise<number[][]> {
  return page.evaluate<number[][]>(
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((i) => [i.naturalWidth, i.naturalHeight])`,
  );
}
