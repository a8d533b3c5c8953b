// The products feature's public face: the page the app's route tree mounts.
import './products.css';
export { ProductsPage } from './products-page.tsx';
