export { beginTransition as request, endTransition as response } from '../lib/order-transition-steps';
