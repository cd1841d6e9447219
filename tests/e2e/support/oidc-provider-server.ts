/** The local OpenID Connect provider for the end-to-end server (playwright.config.ts starts it; never an outside service). */
import { startLocalOidcProvider } from '../../support/oidc-provider';

const port = Number(process.argv[2]);
void startLocalOidcProvider(port).then((p) => console.log(`local OpenID Connect provider at ${p.issuer}`));
