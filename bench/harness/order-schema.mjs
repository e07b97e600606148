// The body schema of the 10 POST routes in the schema benchmark (../schema.mjs): one module, so
// the floor, Calix and Hono parse with the same zod copy (this folder's, pinned in package.json).
import { z } from 'zod';

export const Order = z.object({ sku: z.string().min(1), qty: z.number().int().min(0) });
