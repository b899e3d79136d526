import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthStore } from './auth.store';

/** Auth endpoints answer 401 for bad credentials; refreshing would not help there. */
const WITHOUT_REFRESH = ['/api/auth/login', '/api/auth/register', '/api/auth/refresh'];

/**
 * Adds the bearer token; on a 401 refreshes once (shared with any other request failing at
 * the same moment) and retries. A failed refresh ends the session (AuthStore goes to /login).
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (WITHOUT_REFRESH.includes(request.url)) return next(request);
  const auth = inject(AuthStore);
  const withToken = (token: string | null): HttpRequest<unknown> =>
    token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

  return next(withToken(auth.accessToken())).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !auth.isSignedIn()) {
        return throwError(() => error);
      }
      return from(auth.refresh()).pipe(
        switchMap((isRefreshed) =>
          isRefreshed ? next(withToken(auth.accessToken())) : throwError(() => error),
        ),
      );
    }),
  );
};
