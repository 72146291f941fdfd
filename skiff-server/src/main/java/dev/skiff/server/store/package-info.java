/**
 * What the server keeps in its SQLite database: functions, revisions and volumes ({@code Store},
 * {@code SqliteStore}) and the events' tables ({@code EventsDatabase}: event logs, triggers'
 * positions, dead letters, activation records, queued asynchronous calls) and the tokens
 * ({@code SqliteTokens}, hashes only). May use: auth (the token store's interface and records).
 */
package dev.skiff.server.store;
