import { Calix, CognitoUserPoolAuthorizer, ForbiddenError } from 'calix';

// Every route requires a valid Cognito ID token unless it opts out with `authorizer: null`.
// Deployed, API Gateway checks the token; `calix local` checks it the same way (see README).
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: '{{name}}-users' });

export const app = new Calix({ name: '{{name}}', authorizer: users, cors: true });

app.route('/', { authorizer: null }, () => ({ hello: 'anyone' }));

// The verified token's claims: req.auth (typed) or req.claims (as API Gateway passed them).
app.route('/me', (req) => ({ sub: req.auth?.sub, email: req.auth?.email, groups: req.auth?.groups ?? [] }));

app.route('/admin', (req) => {
  if (!req.auth?.groups.includes('admins')) throw new ForbiddenError('admins only');
  return { admin: true };
});
