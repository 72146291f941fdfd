/**
 * What the server keeps in its SQLite database: functions, revisions and volumes ({@code Store},
 * {@code SqliteStore}) and the events' tables ({@code EventsDatabase}: event logs, triggers'
 * positions, dead letters, activation records, queued asynchronous calls), the tokens
 * ({@code SqliteTokens}, hashes only) and the namespaces ({@code SqliteNamespaces}). May use: auth (the token store's interface and records), secrets and workflows (their stores' interfaces and records).
 */
package dev.skiff.server.store;
