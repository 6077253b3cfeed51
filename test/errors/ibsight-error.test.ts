import { describe, expect, it } from 'vitest';
import { IbsightError, isIbsightError, toIbsightError } from '../../src/errors/ibsight-error.js';

describe('IbsightError', () => {
  it('carries a stable code, a cause and context, and serialises without the stack', () => {
    const cause = new Error('ECONNREFUSED');
    const err = new IbsightError('CONNECT_REFUSED', 'connection refused', { cause, context: { device: 'mx1' } });
    expect(err.code).toBe('CONNECT_REFUSED');
    expect(err.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: 'CONNECT_REFUSED',
      message: 'connection refused',
      context: { device: 'mx1' },
    });
  });

  it('adds context without losing code or cause', () => {
    const err = new IbsightError('RPC_TIMEOUT', 'no reply', { context: { rpc: 'get-chassis-inventory' } });
    const more = err.withContext({ device: 'ex1' });
    expect(more.code).toBe('RPC_TIMEOUT');
    expect(more.context).toEqual({ rpc: 'get-chassis-inventory', device: 'ex1' });
    expect(isIbsightError(more, 'RPC_TIMEOUT')).toBe(true);
    expect(isIbsightError(more, 'AUTH_FAILED')).toBe(false);
  });

  it('wraps foreign errors as INTERNAL and keeps ours as they are', () => {
    const foreign = toIbsightError(new TypeError('boom'));
    expect(foreign.code).toBe('INTERNAL');
    expect(foreign.message).toBe('boom');
    const ours = new IbsightError('USAGE', 'bad flag');
    expect(toIbsightError(ours)).toBe(ours);
  });
});
