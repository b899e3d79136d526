import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { SessionPreviousRefreshHash1765000000000 } from './1765000000000-session-previous-refresh-hash';
import { Conversations1765100000000 } from './1765100000000-conversations';
import { Files1765200000000 } from './1765200000000-files';
import { MessageChanges1765300000000 } from './1765300000000-message-changes';
import { Mentions1765400000000 } from './1765400000000-mentions';
import { MessageSearch1765500000000 } from './1765500000000-message-search';
import { MessageSearchRefold1765650000000 } from './1765650000000-message-search-refold';
import { Profiles1765600000000 } from './1765600000000-profiles';

/** In order. Listed as classes, not a glob, so ts-node, Jest and dist/ all find the same set. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  SessionPreviousRefreshHash1765000000000,
  Conversations1765100000000,
  Files1765200000000,
  MessageChanges1765300000000,
  Mentions1765400000000,
  MessageSearch1765500000000,
  Profiles1765600000000,
  MessageSearchRefold1765650000000,
];
