import type { RunCertificate } from '../../core/spec/run-result';

/** How the run page and History show a run's second-order certificate (core/certificate). */
export type CertificateVerdict = RunCertificate['verdict'];
export const CERTIFICATE_VERDICTS: readonly CertificateVerdict[] = ['strict-minimum', 'saddle', 'degenerate'];

export function verdictText(c: RunCertificate): string {
  if (c.verdict === 'saddle') return `saddle (${c.negativeDirections} down)`;
  return c.verdict === 'strict-minimum' ? 'strict minimum' : 'degenerate';
}

/** ok for a strict minimum, bad for a saddle, neutral for degenerate (flat directions: not decided) */
export function verdictClass(c: RunCertificate): string {
  return c.verdict === 'strict-minimum' ? 'ok' : c.verdict === 'saddle' ? 'bad' : 'neutral';
}
