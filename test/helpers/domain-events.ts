import { EventEmitter2 } from '@nestjs/event-emitter';
import type { TestApp } from './test-app';

/**
 * Records the domain events of one name that the app publishes (after commit), for suites
 * of features whose socket side is wired elsewhere.
 */
export function recordDomainEvents<T = unknown>(testApp: TestApp, name: string): T[] {
  const received: T[] = [];
  testApp.app.get(EventEmitter2).on(name, (payload: T) => received.push(payload));
  return received;
}
