// @nlpjs ships no type declarations; only what this folder uses is declared.
declare module '@nlpjs/basic' {
  export class Container {
    register(name: string, instance: unknown, isSingleton?: boolean): void;
    use(item: unknown): void;
    get(name: string): unknown;
  }
  export function containerBootstrap(settings?: unknown, mustLoadEnv?: boolean, container?: Container): Container;
  export interface NlpResult {
    intent: string;
    score: number;
    classifications: { intent: string; score: number }[];
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>, container?: Container);
    settings: Record<string, unknown>;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    export(minified?: boolean): string;
    import(data: string): void;
  }
}
declare module '@nlpjs/lang-zh' {
  export class LangZh {}
}
