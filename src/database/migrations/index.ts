import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { Files1765200000000 } from './1765200000000-files';

/** In order. Listed as classes, not a glob, so ts-node, Jest and dist/ all find the same set. */
export const MIGRATIONS = [InitialSchema1764000000000, Files1765200000000];
