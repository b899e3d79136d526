import type { ReadStateDto } from './dto/read-state.dto';

/**
 * Published by ReadMarkersService when a user's read marker moved. Realtime turns it into
 * `read` to every socket of that user, on every instance; the service never imports the gateway.
 */
export const READ_MOVED = 'attention.read-moved';

export interface ReadMovedEvent extends ReadStateDto {
  userId: string;
  roomId: string;
}
