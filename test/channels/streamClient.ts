import type { Activity } from 'botbuilder';
import WebSocket from 'ws';

/** A Direct Line stream client, as DirectLineJS with `webSocket: true` uses it. */
export class StreamClient {
  readonly received: Partial<Activity>[] = [];
  watermarks: string[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (!text) return;
      const set = JSON.parse(text) as { activities: Partial<Activity>[]; watermark: string };
      this.received.push(...set.activities);
      this.watermarks.push(set.watermark);
    });
  }

  static open(streamUrl: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(streamUrl);
      const client = new StreamClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  async waitFor(predicate: (a: Partial<Activity>) => boolean, timeoutMs = 5000): Promise<Partial<Activity>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > end) throw new Error('nothing matching arrived on the stream');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.ws.close();
  }
}
