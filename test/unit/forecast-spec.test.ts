/** `spec.forecast`: defaults, and every bad field named. */
import { parseScaling } from '../../lib/spec/parse.js';
import { expectSpec, FULL, withField } from '../support/specFixtures.js';

describe('spec.forecast', () => {
  it('is absent unless set, and Observe with the defaults when empty', () => {
    expect(expectSpec(parseScaling(FULL)).forecast).toBeUndefined();
    expect(expectSpec(parseScaling(withField(FULL, 'forecast', {}))).forecast).toEqual({
      mode: 'Observe',
      podStartupSeconds: 60,
      maxError: 0.5,
    });
  });

  it('reads the full form', () => {
    const forecast = { mode: 'Active', leadSeconds: 900, podStartupSeconds: 300, maxError: 0.3 };
    expect(expectSpec(parseScaling(withField(FULL, 'forecast', forecast))).forecast).toEqual(
      forecast,
    );
  });

  it.each([
    ['a string', 'Active', 'spec.forecast: must be an object'],
    [
      'an unknown mode',
      { mode: 'Sometimes' },
      'spec.forecast.mode: must be one of Observe, Active',
    ],
    [
      'a negative lead',
      { leadSeconds: -1 },
      'spec.forecast.leadSeconds: must be a whole number of seconds from 0 to 86400',
    ],
    [
      'a fractional start-up',
      { podStartupSeconds: 1.5 },
      'spec.forecast.podStartupSeconds: must be a whole number of seconds from 0 to 86400',
    ],
    ['maxError 0', { maxError: 0 }, 'spec.forecast.maxError: must be a number above 0, at most 10'],
  ])('refuses %s', (_name, value, message) => {
    const r = parseScaling(withField(FULL, 'forecast', value));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => `${e.field}: ${e.message}`)).toEqual([message]);
  });
});
