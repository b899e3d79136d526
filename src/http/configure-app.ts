import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AppModule, WEB_ROOT } from '../app.module';
import { MaybeRedis, REDIS_CLIENT } from '../cluster/redis-client';
import { createLogger } from '../common/logging';
import { InputValidationPipe } from '../common/input-validation.pipe';
import type { AppConfig } from '../config/app-config';
import { ChatIoAdapter } from '../realtime/chat-io.adapter';
import { answerBodyParserErrors } from './body-parser-errors';
import { ExpressAdapterOnAppPrototypes } from './express-adapter';
import { requestLogging } from './request-logging';
import { serveWebApp } from './web-app';

/** Largest JSON body accepted: a 4000-character message is at most 16 KB of UTF-8. */
const JSON_BODY_LIMIT = '64kb';

/**
 * Creates and configures the whole application; main.ts and the e2e tests both use it, so
 * the tests exercise the server exactly as it is deployed.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, logger),
    new ExpressAdapterOnAppPrototypes(),
    {
      // Registered by configureApp, so that its errors are answered in the API's JSON shape
      // (express's own handler would answer with an HTML page).
      bodyParser: false,
      bufferLogs: true,
      // A failure while starting is rethrown to main.ts, which explains it, instead of abort().
      abortOnError: false,
      // On shutdown, end connections that would otherwise hold the HTTP server open (a
      // half-sent request keeps one for a minute).
      forceCloseConnections: true,
    },
  );
  configureApp(app, config, logger);
  return app;
}

/**
 * Everything between the Nest application and the wire: middleware, the /api prefix, pipes,
 * the socket adapter, shutdown signals, OpenAPI.
 */
export function configureApp(
  app: NestExpressApplication,
  config: AppConfig,
  logger: PinoLogger,
): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // API replies are not revalidated by clients: hashing every body for an ETag is wasted work.
  app.set('etag', false);
  // req.ip (the login and registration limits' client address) comes from X-Forwarded-For only
  // through the proxies TRUST_PROXY names; anything more would let a client forge its address.
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          // Same-origin XHR and the Socket.IO websocket.
          connectSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular adds component styles as <style> elements.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use(serveWebApp(WEB_ROOT));
  // Every request that reaches the API is logged, body-parser refusals included.
  app.use(requestLogging(logger));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(answerBodyParserErrors);
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new ChatIoAdapter(app, config, app.get<MaybeRedis>(REDIS_CLIENT)));
  app.useGlobalPipes(new InputValidationPipe());
  // Only the signals that mean "stop": Nest's default list also takes SIGUSR2 and SIGHUP.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setUpOpenApi(app);
}

function setUpOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Web chat API')
      .setDescription(
        'REST half of the wire contract. Errors use `{ statusCode, message, error }`; validation errors are 400 with one message per problem, each naming its field. The realtime half (Socket.IO at `/socket.io`) is described in docs/realtime.md.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
