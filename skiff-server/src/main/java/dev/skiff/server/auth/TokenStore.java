package dev.skiff.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Where {@link Tokens} keeps its records. Blocking; {@link Tokens} never calls it on the request path. */
public interface TokenStore {
    /** Every token, by name. */
    List<TokenRecord> tokens();

    /** Records a new token; false when one of that name exists. */
    boolean insertToken(TokenRecord token);

    /** Records {@code token}, replacing any of its name (the server's admin token, renewed). */
    void putToken(TokenRecord token);

    /** Deletes a token; false when there was none of that name. */
    boolean deleteToken(String name);

    /** Records when tokens were last used, by name; names no longer stored are skipped. */
    void touchTokens(Map<String, Instant> lastUsed);
}
