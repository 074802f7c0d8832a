// Shared by the telemetry integration tests: a reading to vary, and a poll for eventual results.
import type { VitalReading } from '../../src/store/types.js';

export const reading = (overrides: Partial<VitalReading>): VitalReading => ({
  patientId: 'p1',
  messageId: 'm1',
  deviceId: 'watch-1',
  quantity: 'heart-rate',
  system: 'http://loinc.org',
  code: '8867-4',
  value: 72,
  unit: '/min',
  effectiveTime: '2026-11-22T10:00:00.000Z',
  receivedAt: '2026-11-22T10:00:01.000Z',
  ...overrides,
});

/** Polls `check` until it answers something other than undefined. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
