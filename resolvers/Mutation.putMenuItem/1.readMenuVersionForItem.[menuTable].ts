export { readMenuVersionRequest as request, readMenuVersionResponse as response } from '../lib/menu-edit';
