export { buildClient, DEFAULT_DIST_DIR } from './build';
export { clientStaticHandler } from './serve';
