import { createContext, useContext } from "react";

/** The Content-Security-Policy nonce for this response (empty in the browser). */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
