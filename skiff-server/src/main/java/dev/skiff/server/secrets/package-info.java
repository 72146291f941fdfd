/**
 * Secrets: values a function reads and nobody else sees. Sealed with AES-GCM under a key kept in its
 * own file beside the database ({@link dev.skiff.server.secrets.SecretKeyFile}), stored sealed
 * ({@link dev.skiff.server.secrets.SecretStore}), and opened only to hand a new instance its files.
 */
package dev.skiff.server.secrets;
