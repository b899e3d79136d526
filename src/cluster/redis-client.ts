import { Inject } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * The shared ioredis client, or null when this process runs alone (no REDIS_URL). It queues
 * commands while Redis reconnects: right for the Socket.IO adapter, which must lose nothing.
 */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const InjectRedis = () => Inject(REDIS_CLIENT);
export type MaybeRedis = Redis | null;

/**
 * A second connection for what a request waits on (rate limits, presence): it fails at once
 * while Redis is away and gives up on a reply after REQUEST_COMMAND_TIMEOUT_MS, so that those
 * fall back to this process's own view instead of holding a send or a join.
 */
export const REDIS_FOR_REQUESTS = Symbol('REDIS_FOR_REQUESTS');
export const InjectRedisForRequests = () => Inject(REDIS_FOR_REQUESTS);
export const REQUEST_COMMAND_TIMEOUT_MS = 500;

/** This process's id in the cluster (presence entries and heartbeats carry it). */
export const INSTANCE_ID = Symbol('INSTANCE_ID');
