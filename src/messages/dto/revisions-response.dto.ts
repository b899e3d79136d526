export class RevisionDto {
  body: string;
  /** ISO 8601 UTC: when this body became current (the message's createdAt for the original). */
  editedAt: string;
}

export class RevisionsResponseDto {
  /** Every body the message has had, original first, current last. */
  revisions: RevisionDto[];
}
