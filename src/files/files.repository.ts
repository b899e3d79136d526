import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { execute, placeholders, select, timestampFromRow } from '../database/sql';
import type { SqliteSession } from '../database/sqlite/statements';
import { FileEntity } from './file.entity';

/** What a claim asks: these files, for this message, by its sender, in its room. */
export interface FileClaim {
  fileIds: string[];
  senderId: string;
  roomId: string;
  messageId: string;
}

/** The storage keys of a removed row, for removing its bytes. */
export interface StoredKeys {
  storageKey: string;
  thumbnailKey: string | null;
}

interface FileRow {
  id: string;
  room_id: string;
  uploader_id: string;
  name: string;
  size: number | string;
  content_type: string;
  storage_key: string;
  width: number | string | null;
  height: number | string | null;
  thumbnail_key: string | null;
  message_id: string | null;
  created_at: Date | string;
}

interface KeyRow {
  storage_key: string;
  thumbnail_key: string | null;
}

@Injectable()
export class FilesRepository {
  constructor(@InjectRepository(FileEntity) private readonly files: Repository<FileEntity>) {}

  findById(id: string): Promise<FileEntity | null> {
    return this.files.findOneBy({ id });
  }

  /**
   * Attached files of these messages, in upload order. Every history page asks this (one
   * query for the page): hand-written SQL on the (message_id, created_at) index, rows mapped
   * without TypeORM's query building and hydration.
   */
  async findByMessageIds(messageIds: string[]): Promise<FileEntity[]> {
    if (messageIds.length === 0) return [];
    const manager = this.files.manager;
    const rows = await select<FileRow>(
      manager,
      `SELECT id, room_id, uploader_id, name, size, content_type, storage_key, width, height,
         thumbnail_key, message_id, created_at
       FROM ${this.table(manager)}
       WHERE message_id IN (${placeholders(messageIds.length)})
       ORDER BY created_at ASC, id ASC`,
      messageIds,
    );
    return rows.map(fileFromRow);
  }

  /** Bytes of all the uploader's stored files, attached or not. */
  async usedBytes(uploaderId: string, manager = this.files.manager): Promise<number> {
    const row = await manager
      .createQueryBuilder(FileEntity, 'file')
      .select('COALESCE(SUM(file.size), 0)', 'used')
      .where('file.uploaderId = :uploaderId', { uploaderId })
      .getRawOne<{ used: number | string }>();
    return Number(row?.used ?? 0);
  }

  /**
   * Inserts the row unless the uploader's files would then exceed `quotaBytes`; false if so.
   * Checked in the inserting transaction: exact on SQLite, where writes take turns; on
   * PostgreSQL two concurrent uploads may overshoot by one file.
   */
  async insertWithinQuota(
    manager: EntityManager,
    file: FileEntity,
    quotaBytes: number,
  ): Promise<boolean> {
    if ((await this.usedBytes(file.uploaderId, manager)) + file.size > quotaBytes) return false;
    await manager.insert(FileEntity, file);
    return true;
  }

  /** Records the thumbnail; false when the file was removed meanwhile. */
  async setThumbnail(manager: EntityManager, id: string, thumbnailKey: string): Promise<boolean> {
    const rows = await execute(
      manager,
      `UPDATE ${this.table(manager)} SET thumbnail_key = ? WHERE id = ? RETURNING id`,
      [thumbnailKey, id],
    );
    return rows.length === 1;
  }

  /**
   * Marks the files as the message's, all or none: only files of this sender and room that no
   * message has yet are taken, in one conditional UPDATE (a concurrent claim or sweep of the
   * same file waits for this one's row lock, then finds it taken). Returns false, with nothing
   * left claimed, when any file was not claimable.
   */
  async claim(manager: EntityManager, claim: FileClaim): Promise<boolean> {
    const { claimSql, releaseSql } = this.claimStatements(this.table(manager), claim.fileIds);
    const claimed = await execute(manager, claimSql, claimParameters(claim));
    if (claimed.length === claim.fileIds.length) return true;
    if (claimed.length > 0) await execute(manager, releaseSql, releaseParameters(claim));
    return false;
  }

  /** {@link claim} on SQLite's connection, inside WriteTransactions.runOnSqlite (synchronous). */
  claimOnSqlite(db: SqliteSession, claim: FileClaim): boolean {
    const { claimSql, releaseSql } = this.claimStatements(
      this.table(this.files.manager),
      claim.fileIds,
    );
    const claimed = db.statement(claimSql).all(...claimParameters(claim));
    if (claimed.length === claim.fileIds.length) return true;
    if (claimed.length > 0) db.statement(releaseSql).run(...releaseParameters(claim));
    return false;
  }

  /** Removes a message's files; returns their keys, for removing the bytes. */
  async deleteByMessageId(manager: EntityManager, messageId: string): Promise<StoredKeys[]> {
    const rows = await execute<KeyRow>(
      manager,
      `DELETE FROM ${this.table(manager)} WHERE message_id = ? RETURNING storage_key, thumbnail_key`,
      [messageId],
    );
    return rows.map(toKeys);
  }

  /** Ids of unattached files uploaded before `cutoff`, oldest first. */
  async unattachedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.files
      .createQueryBuilder('file')
      .select('file.id', 'id')
      .where('file.messageId IS NULL AND file.createdAt < :cutoff', { cutoff })
      .orderBy('file.createdAt', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /**
   * Removes the file if it is still unattached; its keys, or undefined when it was claimed or
   * removed meanwhile (by a send, or by the sweep of another instance).
   */
  async deleteIfUnattached(manager: EntityManager, id: string): Promise<StoredKeys | undefined> {
    const [row] = await execute<KeyRow>(
      manager,
      `DELETE FROM ${this.table(manager)} WHERE id = ? AND message_id IS NULL RETURNING storage_key, thumbnail_key`,
      [id],
    );
    return row && toKeys(row);
  }

  private claimStatements(table: string, fileIds: string[]) {
    const ids = placeholders(fileIds.length);
    return {
      claimSql: `UPDATE ${table} SET message_id = ? WHERE id IN (${ids}) AND uploader_id = ? AND room_id = ? AND message_id IS NULL RETURNING id`,
      releaseSql: `UPDATE ${table} SET message_id = NULL WHERE message_id = ? AND id IN (${ids})`,
    };
  }

  /** Schema-qualified on PostgreSQL when a schema is configured. */
  private table(manager: EntityManager): string {
    return manager.connection.getMetadata(FileEntity).tablePath;
  }
}

function claimParameters(claim: FileClaim): unknown[] {
  return [claim.messageId, ...claim.fileIds, claim.senderId, claim.roomId];
}

function releaseParameters(claim: FileClaim): unknown[] {
  return [claim.messageId, ...claim.fileIds];
}

function toKeys(row: KeyRow): StoredKeys {
  return { storageKey: row.storage_key, thumbnailKey: row.thumbnail_key };
}

function fileFromRow(row: FileRow): FileEntity {
  return {
    id: row.id,
    roomId: row.room_id,
    uploaderId: row.uploader_id,
    name: row.name,
    size: Number(row.size),
    contentType: row.content_type,
    storageKey: row.storage_key,
    width: row.width === null ? null : Number(row.width),
    height: row.height === null ? null : Number(row.height),
    thumbnailKey: row.thumbnail_key,
    messageId: row.message_id,
    createdAt: timestampFromRow(row.created_at),
  };
}
