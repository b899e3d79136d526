import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { MessageChanges1765300000000 } from './1765300000000-message-changes';

/** In order. Listed as classes, not a glob, so ts-node, Jest and dist/ all find the same set. */
export const MIGRATIONS = [InitialSchema1764000000000, MessageChanges1765300000000];
