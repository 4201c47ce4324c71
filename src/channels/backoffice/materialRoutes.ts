import type { Request, Response, Server } from 'restify';
import type { FileStore, StoredFile } from '../../domain/files';
import type { Store } from '../../domain/ports';
import { normaliseReferenceNumber } from '../../domain/referenceNumber';
import type { Logger } from '../../logger';
import { handle, HttpError } from '../http/errors';
import { sendFile } from '../uploads/directlineUpload';
import { REVIEW_BASE } from './reviewRoutes';
import type { StaffGate } from './staffGate';
import { render } from '../../messages';

/**
 * The review page's materials: each item of an application with its current file and the files it
 * replaced (a re-upload after 补正 keeps the old one, so staff compare), and the bytes for signed-in staff
 * only, of that application only. Viewing a file is audited like revealing personal data.
 */
export interface MaterialRouteDeps {
  store: Store;
  files: FileStore;
  gate: StaffGate;
  log: Logger;
}

const fileView = (ref: string, f: StoredFile) => ({
  id: f.id,
  name: f.name,
  contentType: f.contentType,
  size: f.size,
  width: f.width,
  height: f.height,
  uploadedAt: f.createdAt,
  replaced: f.replacedBy !== undefined,
  url: `${REVIEW_BASE}/applications/${encodeURIComponent(ref)}/files/${f.id}`,
});

function param(req: Request, name: string): string {
  const v = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export function registerMaterialRoutes(server: Server, deps: MaterialRouteDeps): void {
  const { gate, log } = deps;
  const staffOf = async (req: Request) => {
    const staff = await gate.authenticate(req);
    if (!staff) throw new HttpError(401, 'Unauthorized', render('review.signInFirst'));
    return staff;
  };
  const load = async (req: Request) => {
    const ref = normaliseReferenceNumber(param(req, 'ref'));
    const app = ref ? await deps.store.applications.get(ref) : undefined;
    if (!app) throw new HttpError(404, 'NotFound', render('review.notFound'));
    return app;
  };

  server.get(
    `${REVIEW_BASE}/applications/:ref/materials`,
    handle(log, async (req: Request, res: Response) => {
      await staffOf(req);
      const app = await load(req);
      const files = await deps.files.listByApplication(app.referenceNumber);
      const materials = (app.materials ?? []).map((m) => {
        const mine = files.filter((f) => f.material === m.item);
        const current = mine.find((f) => f.id === m.fileId);
        return {
          item: m.item,
          status: m.status,
          file: current ? fileView(app.referenceNumber, current) : null,
          earlier: mine
            .filter((f) => f.id !== m.fileId)
            .reverse()
            .map((f) => fileView(app.referenceNumber, f)),
        };
      });
      res.send(200, { referenceNumber: app.referenceNumber, materials });
    }),
  );

  server.get(
    `${REVIEW_BASE}/applications/:ref/files/:fileId`,
    handle(log, async (req: Request, res: Response) => {
      const staff = await staffOf(req);
      const app = await load(req);
      const found = await deps.files.get(param(req, 'fileId'));
      if (!found || found.file.applicationRef !== app.referenceNumber)
        throw new HttpError(404, 'NotFound', render('review.material.notFound'));
      await gate.audit(staff, 'application.viewFile', {
        referenceNumber: app.referenceNumber,
        material: found.file.material ?? '',
      });
      sendFile(res, found.file, found.bytes);
    }),
  );
}
