import { IsOneEmoji } from './emoji';
import { MessageIdParams } from './message-id-params.dto';

export class ReactionParams extends MessageIdParams {
  /** One emoji (a single RGI emoji grapheme), URL-encoded in the path. */
  @IsOneEmoji()
  emoji: string;
}
