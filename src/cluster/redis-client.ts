import { Inject } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** The shared ioredis client, or null when this process runs alone (no REDIS_URL). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const InjectRedis = () => Inject(REDIS_CLIENT);
export type MaybeRedis = Redis | null;

/** This process's id in the cluster (presence entries and heartbeats carry it). */
export const INSTANCE_ID = Symbol('INSTANCE_ID');
