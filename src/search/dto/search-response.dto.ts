import { MessageResponseDto } from '../../messages/dto/message-response.dto';

export class SearchRoomDto {
  id: string;
  /** "" for a direct room. */
  name: string;
  /** "public" | "private" | "direct" */
  kind: string;
}

export class SearchResultDto {
  /** The whole Message, as every other route shows it. */
  message: MessageResponseDto;
  room: SearchRoomDto;
  /** Plain text (no HTML): the body, or past 200 characters a window of it with "…". */
  snippet: string;
  /**
   * `[start, end]` pairs of code-point offsets into `snippet`, `end` exclusive: the words
   * that matched.
   */
  highlights: number[][];
}

export class SearchResponseDto {
  /** Newest first. */
  results: SearchResultDto[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextCursor: string | null;
}
