import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth.store';

/** Pages for signed-in users: others go to the login page. */
export const signedInGuard: CanActivateFn = () =>
  inject(AuthStore).isSignedIn() || inject(Router).createUrlTree(['/login']);

/** Login and register: a signed-in user goes straight to the rooms. */
export const signedOutGuard: CanActivateFn = () =>
  !inject(AuthStore).isSignedIn() || inject(Router).createUrlTree(['/rooms']);
