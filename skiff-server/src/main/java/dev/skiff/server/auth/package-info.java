/**
 * Who may do what: tokens (stored hashed), their roles, the server's own admin token, and the
 * checks the API's routes and the gateway make (docs/architecture.md, authentication).
 * May use: errors.
 */
package dev.skiff.server.auth;
