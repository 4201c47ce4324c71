import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's root folder, found by walking up to our package.json. Data files (city policies, the
 * FAQ corpus, web pages) are read from the source tree, so the same paths work whether the code runs
 * from src/ (tests, tsx) or from dist/ (npm start).
 */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        if ((JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown }).name === 'banshi') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the banshi project root above ${start}`);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(__dirname);
export const policyDataDir = path.join(projectRoot, 'src', 'domain', 'policies', 'data');
export const corpusDir = path.join(projectRoot, 'src', 'knowledge', 'corpus');
