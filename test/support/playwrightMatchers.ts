import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waiting assertions on Playwright locators for vitest (playwright-core ships no test runner): each polls
 * until it holds or 10 s (or the timeout given) pass, then fails with what it last saw.
 */
async function poll(check: () => Promise<boolean>, describe: () => Promise<string>, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return { pass: true, message: () => 'held' };
    await new Promise((r) => setTimeout(r, 100));
  }
  const seen = await describe().catch((e: Error) => e.message);
  return { pass: false, message: () => `did not hold within ${timeout} ms: ${seen}` };
}

expect.extend({
  toBeVisibleSoon(locator: Locator, timeout?: number) {
    return poll(
      () => locator.first().isVisible(),
      async () => `${locator.toString()} not visible`,
      timeout,
    );
  },
  toBeHiddenSoon(locator: Locator) {
    return poll(
      async () => !(await locator.first().isVisible()),
      async () => `${locator.toString()} still visible`,
    );
  },
  toHaveValueSoon(locator: Locator, value: string | RegExp) {
    const holds = (v: string) => (typeof value === 'string' ? v === value : value.test(v));
    return poll(
      async () => holds(await locator.inputValue()),
      async () => `value is "${await locator.inputValue()}"`,
    );
  },
  toHaveTextSoon(locator: Locator, pattern: RegExp, timeout?: number) {
    return poll(
      async () => pattern.test((await locator.textContent()) ?? ''),
      async () => `text is "${await locator.textContent()}"`,
      timeout,
    );
  },
  toHaveCountSoon(locator: Locator, count: number) {
    return poll(
      async () => (await locator.count()) === count,
      async () => `count is ${await locator.count()}`,
    );
  },
  toHaveAttributeSoon(locator: Locator, name: string, value: string) {
    return poll(
      async () => (await locator.getAttribute(name)) === value,
      async () => `${name} is "${await locator.getAttribute(name)}"`,
    );
  },
});

declare module 'vitest' {
  interface Assertion {
    toBeVisibleSoon(timeout?: number): Promise<void>;
    toBeHiddenSoon(): Promise<void>;
    toHaveValueSoon(value: string | RegExp): Promise<void>;
    toHaveTextSoon(pattern: RegExp, timeout?: number): Promise<void>;
    toHaveCountSoon(count: number): Promise<void>;
    toHaveAttributeSoon(name: string, value: string): Promise<void>;
  }
}
