import type { DemoUser } from '../../local/src/services/provision';

/** The demo logins `npm start` creates and prints. Local only: never deployed. */
export const demoUsers: DemoUser[] = [
  { email: 'john@brewline.test', password: 'Flatwhite1', name: 'John', groups: ['Customers'] },
  { email: 'barista@brewline.test', password: 'Espresso1', name: 'Bea Barista', groups: ['Baristas'] },
  { email: 'manager@brewline.test', password: 'Manager1', name: 'Max Manager', groups: ['Managers'] },
];
