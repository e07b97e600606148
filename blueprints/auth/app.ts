import { Calix, CognitoUserPoolAuthorizer, ForbiddenError } from 'calix';

// Every route requires a valid Cognito token unless it opts out with `authorizer: null`.
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: '{{name}}-users' });

export const app = new Calix({ name: '{{name}}', authorizer: users, cors: true });

app.route('/', { authorizer: null }, () => ({ hello: 'anyone' }));

// API Gateway (and `calix local`) verified the token; its claims are in req.claims.
app.route('/me', (req) => ({ sub: req.claims?.sub, email: req.claims?.email }));

app.route('/admin', (req) => {
  const groups = String(req.claims?.['cognito:groups'] ?? '').split(/[ ,]/).filter(Boolean);
  if (!groups.includes('admins')) throw new ForbiddenError('admins only');
  return { admin: true };
});

export const handler = app.handler;
