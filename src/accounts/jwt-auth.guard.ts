import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthUser, IS_PUBLIC } from '../common/auth.decorators';
import { AccountsService } from './accounts.service';

const NO_TOKEN = 'Sign in first: send your access token as "Authorization: Bearer <token>"';

/**
 * Global: every HTTP route needs a live session unless marked @Public(). The token is checked
 * by the same AccountsService.verifyAccessToken as the socket handshake, so REST and sockets
 * cannot drift apart, and every refusal is a 401 in the API's error shape.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, at the handshake (see the gateway's middleware).
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthUser }>();
    try {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw new UnauthorizedException(NO_TOKEN);
      request.user = await this.accounts.verifyAccessToken(token);
      return true;
    } catch (error) {
      // RFC 6750: a 401 names the scheme it wants.
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw error;
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
