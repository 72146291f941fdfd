package dev.skiff.core.credentials;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the CLI presents to one server.
 *
 * @param token the bearer token sent as {@code Authorization: Bearer <token>}
 * @param certificateAuthority a PEM file of the certificate(s) the server's TLS certificate is
 *     trusted by, for a server with a certificate of its own making; null: the system's trust
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerCredentials(String token, String certificateAuthority) {}
