import { Calix } from 'calix';

export const app = new Calix({ name: '{{name}}' });

app.route('/', () => ({ hello: 'world' }));

app.route('/hello/{name}', (req) => ({ hello: req.params.name }));
