export function electronExecutable(root: string, env?: NodeJS.ProcessEnv): string | null;
export function electronUnavailable(root: string, env?: NodeJS.ProcessEnv): string | null;
