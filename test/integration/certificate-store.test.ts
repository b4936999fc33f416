import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunCertificate } from '../../core/spec/run-result';
import { RunSpec } from '../../core/spec/run-spec';
import { OwnerLease } from '../../electron/backend/store/owner-lease';
import { openStore } from '../../electron/backend/store/store';
import { fakeResult, tempDir } from './store-fixtures';

/** The certificate columns of migrations/0002_certificate.sql: written with a result, read back, filtered, cleared on requeue. */
describe('store: run certificates', () => {
  const certificates: (RunCertificate | null)[] = [
    { lambdaMin: 0.125, negativeDirections: 0, zeroModes: 3, gap: 0.5, verdict: 'strict-minimum' },
    { lambdaMin: -2.5e-3, negativeDirections: 2, zeroModes: 3, gap: 1e-12, verdict: 'saddle' },
    { lambdaMin: 3e-9, negativeDirections: 0, zeroModes: 7, gap: 0, verdict: 'degenerate' },
    null,
  ];

  it('stores each verdict, reads it back exactly, filters and sorts by it, and a requeue clears it', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const lease = new OwnerLease(store.db);
    const ids = certificates.map((certificate, k) => {
      const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 6, d: 3, seed: k + 1 }), { owner: lease.id });
      store.claimRun(id, lease.id);
      const result = fakeResult(6, 3, k + 1);
      result.summary.certificate = certificate;
      store.finishRun(id, result);
      return id;
    });
    ids.forEach((id, k) => expect(store.getRun(id)!.certificate).toEqual(certificates[k]));

    const page = store.listRuns({ filters: { verdicts: ['saddle', 'degenerate'] }, sort: [{ column: 'lambdaMin', direction: 'asc' }] });
    expect(page.rows.map((r) => r.id)).toEqual([ids[1], ids[2]]);
    expect(store.listRuns({ filters: { verdicts: [] } }).rows).toEqual([]);

    store.db.prepare("UPDATE runs SET status = 'failed' WHERE id = ?").run(ids[1]);
    store.requeueRuns([ids[1]], lease.id);
    expect(store.getRun(ids[1])!.certificate).toBeNull();
    lease.release();
    store.close();
  });

  it('refuses a verdict outside the three (CHECK constraint)', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const lease = new OwnerLease(store.db);
    const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 6, d: 3 }), { owner: lease.id });
    expect(() => store.db.prepare("UPDATE runs SET verdict = 'minimum' WHERE id = ?").run(id)).toThrow(/CHECK/);
    lease.release();
    store.close();
  });
});
