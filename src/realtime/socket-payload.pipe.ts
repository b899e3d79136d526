import { ArgumentMetadata, BadRequestException, Injectable } from '@nestjs/common';
import { InputValidationPipe } from '../common/input-validation.pipe';

/**
 * The REST validation rules for socket payloads, plus one check REST gets from its JSON body
 * parser: the payload must be an object. (Nest's ValidationPipe passes a bare string or number
 * through to the handler unvalidated.)
 */
@Injectable()
export class SocketPayloadPipe extends InputValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata) && !isPlainObject(value)) {
      throw new BadRequestException('payload must be an object');
    }
    return super.transform(value, metadata);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
