// The core's only door into the decorator form of the registration methods (`@app.route(path)`…):
// a router bundle whose app registered nothing through a decorator takes ./decorators.absent.ts.
export { decorator } from '../decorators.js';
