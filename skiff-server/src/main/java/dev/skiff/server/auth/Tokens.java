package dev.skiff.server.auth;

import dev.skiff.api.Namespaces;
import dev.skiff.api.Quote;
import dev.skiff.server.errors.ErrorCode;
import dev.skiff.server.errors.SkiffException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The server's tokens: checks a request's {@code Authorization} header against them, and makes,
 * lists and revokes them. Every token is held in memory by its hash, so a check is one SHA-256 and
 * one map lookup, on any thread, without the store; a revoke takes effect for the next request.
 * When a token was last used is kept in memory and written to the store by {@link #flush} (every
 * minute, and when the server stops), never on the request path.
 */
public final class Tokens {
    /** The name of the server's own admin token ({@link AdminToken}). */
    public static final String ADMIN = "admin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final TokenStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, Instant> usedSinceFlush = new ConcurrentHashMap<>();

    /** The tokens {@code store} holds; {@code clock} dates their creation and use. */
    public Tokens(TokenStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        store.tokens().forEach(token -> byHash.put(token.hash(), token));
    }

    /** What a request's credentials came to. */
    public sealed interface Check permits Accepted, Refused {}

    /** A valid token's record. */
    public record Accepted(TokenRecord token) implements Check {}

    /** No token, or one that is not valid: answered 401 with {@code message}. */
    public record Refused(String message) implements Check {}

    /** A new token and its secret, shown once. */
    public record Created(TokenRecord token, String secret) {}

    /** Checks the {@code Authorization} header of a request (null when it sent none). */
    public Check check(CharSequence authorization) {
        if (authorization == null) {
            return new Refused("this needs a token: send 'Authorization: Bearer <token>' (the CLI sends the one "
                    + "'skiff server' recorded for this server, or one given with 'skiff login', --token or $SKIFF_TOKEN)");
        }
        String secret = TokenSecrets.bearer(authorization);
        if (secret == null) {
            return new Refused("the Authorization header is not 'Bearer <token>'");
        }
        TokenRecord token = byHash.get(TokenSecrets.hash(secret));
        if (token == null) {
            return new Refused("the token is not valid here: it was revoked, or belongs to another server");
        }
        usedSinceFlush.put(token.name(), clock.instant());
        return new Accepted(token);
    }

    /** True when the header carries a valid token that may invoke functions of {@code namespace}. */
    public boolean allowsInvoke(CharSequence authorization, String namespace) {
        return check(authorization) instanceof Accepted accepted && accepted.token().reaches(namespace);
    }

    /**
     * Null when a caller sending {@code authorization} may invoke the function keyed {@code function},
     * which requires a token ({@code auth: token}; a token of any role that reaches its namespace will
     * do), else the 401 (no valid token) or 403 (another namespace's) to answer.
     */
    public SkiffException invokeRefusal(String function, CharSequence authorization) {
        Check check = check(authorization);
        if (check instanceof Refused refused) {
            return new SkiffException(ErrorCode.UNAUTHORIZED, "function " + Quote.value(Namespaces.nameOf(function))
                    + " takes callers with a token only (auth: token): " + refused.message());
        }
        TokenRecord token = ((Accepted) check).token();
        String namespace = Namespaces.namespaceOf(function);
        if (!token.reaches(namespace)) {
            return new SkiffException(ErrorCode.FORBIDDEN, "the token " + Quote.value(token.name())
                    + " does not reach the namespace " + namespace);
        }
        return null;
    }

    /**
     * Makes a token reaching {@code namespaces} (none for an admin token, which reaches all; for another,
     * at least one): 400 for a bad name or namespaces, 409 when one of that name exists.
     */
    public synchronized Created create(String name, Role role, List<String> namespaces) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, problem);
        }
        if (role == Role.ADMIN && !namespaces.isEmpty()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "an admin token reaches every namespace: give it none");
        }
        if (role != Role.ADMIN && namespaces.isEmpty()) {
            throw new SkiffException(ErrorCode.VALIDATION_FAILED, "a " + role.text() + " token needs the namespaces "
                    + "it reaches (e.g. default)");
        }
        String secret = TokenSecrets.generate(random);
        TokenRecord token = new TokenRecord(name, role, TokenSecrets.hash(secret), clock.instant(), null,
                namespaces.stream().distinct().toList());
        if (!store.insertToken(token)) {
            throw new SkiffException(ErrorCode.ALREADY_EXISTS, "a token named " + Quote.value(name) + " exists; "
                    + "revoke it first, or choose another name");
        }
        byHash.put(token.hash(), token);
        return new Created(token, secret);
    }

    /** Every token, by name, with when it was last used; never a secret. */
    public List<TokenRecord> list() {
        return byHash.values().stream()
                .map(token -> Optional.ofNullable(usedSinceFlush.get(token.name())).map(token::usedAt).orElse(token))
                .sorted(Comparator.comparing(TokenRecord::name)).toList();
    }

    /** Revokes a token: the next request presenting it is refused. 404 when there is none of that name. */
    public synchronized TokenRecord revoke(String name) {
        TokenRecord token = byHash.values().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new SkiffException(ErrorCode.NOT_FOUND, "no token named " + Quote.value(name)));
        byHash.remove(token.hash());
        usedSinceFlush.remove(name);
        store.deleteToken(name);
        return token;
    }

    /**
     * Makes sure {@code secret} (the admin token file's, empty when there is none) is a valid admin
     * token, else makes a new admin token named {@value #ADMIN}, replacing any of that name; answers
     * the secret that now is, and whether it is new.
     */
    public synchronized Created ensureAdmin(Optional<String> secret) {
        Optional<TokenRecord> current = secret.map(s -> byHash.get(TokenSecrets.hash(s)))
                .filter(token -> token.role() == Role.ADMIN);
        if (current.isPresent()) {
            return new Created(current.get(), secret.get());
        }
        String fresh = TokenSecrets.generate(random);
        TokenRecord token = new TokenRecord(ADMIN, Role.ADMIN, TokenSecrets.hash(fresh), clock.instant(), null, List.of());
        byHash.values().removeIf(t -> t.name().equals(ADMIN));
        store.putToken(token);
        byHash.put(token.hash(), token);
        return new Created(token, fresh);
    }

    /** Writes when tokens were last used to the store. Blocking: call it off the event loop. */
    public void flush() {
        if (usedSinceFlush.isEmpty()) {
            return;
        }
        Map<String, Instant> taken = new HashMap<>();
        for (String name : List.copyOf(usedSinceFlush.keySet())) {
            Instant when = usedSinceFlush.remove(name);
            if (when != null) {
                taken.put(name, when);
            }
        }
        store.touchTokens(taken);
        synchronized (this) {
            byHash.replaceAll((hash, token) -> taken.containsKey(token.name()) ? token.usedAt(taken.get(token.name())) : token);
        }
    }

    /** Why {@code name} cannot name a token, or null when it can. */
    static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "a token needs a name";
        }
        if (!NAME.matcher(name).matches()) {
            return "token name " + Quote.value(name) + " must be 1 to 63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit";
        }
        return null;
    }
}
