// The host's token endpoint: mints a Toucan AI token for the signed-in user. The API key stays here.
import { createTokenHandler } from 'toucan-embed-loader/server';

const handler = createTokenHandler({
  apiKey: process.env.TOUCAN_API_KEY ?? '',
  // Unset: Toucan AI's own API. The example's test points it at a stand-in on 127.0.0.1.
  generateTokenUrl: process.env.TOUCAN_GENERATE_TOKEN_URL,
  // Your session lookup goes here; null answers 401.
  user: async () => ({ distinctId: 'example-user', role: 'viewer' }),
});

export const GET = handler;
export const POST = handler;
export const dynamic = 'force-dynamic';
