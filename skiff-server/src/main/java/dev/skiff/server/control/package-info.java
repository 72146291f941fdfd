/**
 * The control plane: functions and volumes created, changed and deleted. {@code FunctionService}
 * orchestrates a change under the function's lock: admission (skiff-runtimes' {@code FunctionAdmission}),
 * {@code RevisionBuilder} (a revision's code, requirements and first instance), {@code TrafficResolver}
 * (traffic table → route), {@code RouteInstaller} (moves traffic, drains what lost it),
 * {@code FunctionStatuses} and {@code Recovery} (a start's clean-up and restore). Blocking.
 * May use: serving, dataplane (the route table), store, logs, errors, skiff-runtimes.
 */
package dev.skiff.server.control;
