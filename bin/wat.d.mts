export function assembleWat(file: string): Promise<Uint8Array>;
