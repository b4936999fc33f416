export const ROOT: string;
export const OUT_DIR: string;
export const STAMP: string;
export function sourceFingerprint(root?: string): string | null;
export function builtFingerprint(): string | null;
export function buildIsFresh(): boolean;
