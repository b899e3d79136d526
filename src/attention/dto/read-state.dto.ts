/** Your read marker in a room and what it leaves unread. */
export class ReadStateDto {
  /** Messages up to this seq are read. */
  lastReadSeq: number;
  /** Messages after lastReadSeq sent by others and not deleted (exact, uncapped). */
  unread: number;
  /** Those of them that mention you; in a direct room, all of them. */
  mentions: number;
}
