import { createContext, useContext } from "react";

/**
 * This response's CSP nonce, provided by the apps' entry.server (from the web server) so that
 * <Scripts> and <ScrollRestoration> can mark Remix's inline scripts. In the browser it is
 * undefined: the nonce only matters in the HTML the server sends.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
