/**
 * What the server keeps in its SQLite database: functions, revisions and volumes ({@code Store},
 * {@code SqliteStore}) and the events' tables ({@code EventsDatabase}: event logs, triggers'
 * positions, dead letters, activation records, queued asynchronous calls). Uses no other package of the server.
 */
package dev.skiff.server.store;
