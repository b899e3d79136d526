import { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from './core/auth/auth.guard';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [signedOutGuard],
    title: 'Log in · Chat',
    loadComponent: () =>
      import('./features/auth/login-page.component').then((m) => m.LoginPageComponent),
  },
  {
    path: 'register',
    canActivate: [signedOutGuard],
    title: 'Create account · Chat',
    loadComponent: () =>
      import('./features/auth/register-page.component').then((m) => m.RegisterPageComponent),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./core/layout/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'rooms' },
      { path: 'rooms', title: 'Rooms · Chat', children: [] },
      {
        path: 'browse',
        title: 'Browse rooms · Chat',
        loadComponent: () =>
          import('./features/rooms/browse-rooms.component').then((m) => m.BrowseRoomsComponent),
      },
      {
        path: 'profile',
        title: 'Your profile · Chat',
        loadComponent: () =>
          import('./features/profile/profile-page.component').then((m) => m.ProfilePageComponent),
      },
      {
        path: 'rooms/:roomId',
        title: 'Chat',
        loadComponent: () =>
          import('./features/chat/chat-room.component').then((m) => m.ChatRoomComponent),
      },
    ],
  },
  { path: '**', redirectTo: 'rooms' },
];
