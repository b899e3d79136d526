import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import {
  ApiNeedsAccessToken,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '../common/errors/error-response.dto';
import { SearchQuery } from './dto/search-query.dto';
import { SearchResponseDto } from './dto/search-response.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiNeedsAccessToken()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({
    summary: 'Search the messages of your rooms, newest first',
    description:
      'Only rooms you are a member of. Every word of `q` must match, by word prefix, ignoring case and accents; `"a phrase"` matches those words in a row; other punctuation is ignored. Deleted messages never match; edited ones by their current text only. `highlights` are `[start, end]` code-point offsets into `snippet` (plain text), `end` exclusive. Page on with `before=nextCursor`.',
  })
  @ApiOkResponse({ type: SearchResponseDto })
  @ApiBadRequestResponse({
    type: ValidationErrorResponseDto,
    description: 'Empty q, bad roomId, limit outside 1–50, or a cursor the server did not make',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'roomId of a room you cannot see' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'See `Retry-After`' })
  find(@CurrentUser() caller: AuthUser, @Query() query: SearchQuery): Promise<SearchResponseDto> {
    return this.search.find(caller, query);
  }
}
