import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { JwtAuthGuard } from './jwt-auth.guard';
import { jwtKey } from './jwt-key';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { ProfileChangeRateLimiter } from './profile-change-rate-limiter';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, SessionEntity]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.auth.jwtSecret),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.accessTokenTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AccountsService,
    UsersRepository,
    SessionsRepository,
    LoginThrottle,
    ProfileChangeRateLimiter,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AccountsService, UsersRepository, ProfileChangeRateLimiter],
})
export class AccountsModule {}
