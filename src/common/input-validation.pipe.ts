import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { assertSafeInput } from './input-safety';
import { VALIDATION_OPTIONS } from './validation';

/**
 * Nest's ValidationPipe with our rules (VALIDATION_OPTIONS), after the checks that hold for
 * every field of every body, query and payload (assertSafeInput). REST uses it globally; the
 * socket payload pipe extends it.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super(VALIDATION_OPTIONS);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) assertSafeInput(value);
    return super.transform(value, metadata);
  }
}
