import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

/**
 * What the screens need of a browser that jsdom does not have: charts size themselves with ResizeObserver
 * (a fixed 800 × 300 box here, so recharts draws), and each test starts from an empty document.
 */
class FixedResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const rect = { width: 800, height: 300, top: 0, left: 0, bottom: 300, right: 800, x: 0, y: 0 };
    const size = [{ inlineSize: 800, blockSize: 300 }];
    const entry: ResizeObserverEntry = {
      target,
      contentRect: { ...rect, toJSON: () => rect },
      borderBoxSize: size,
      contentBoxSize: size,
      devicePixelContentBoxSize: size,
    };
    this.callback([entry], this);
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = FixedResizeObserver;
afterEach(cleanup);
