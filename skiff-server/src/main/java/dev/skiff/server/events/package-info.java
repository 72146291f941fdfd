/**
 * Brokers, topics, triggers and cron triggers: {@code BrokerService}, {@code CronService}, the event
 * logs (SQLite or Kafka), deliveries with retries and dead letters, all started and stopped as one by
 * {@code Eventing}. Deliveries call functions through the data plane's {@code FunctionCaller}.
 * May use: dataplane, store, errors.
 */
package dev.skiff.server.events;
