/**
 * Admission of a Function: defaults and validation, Skiff's and its runtime's, in one class used by
 * every mode, with what differs between modes passed in as checks. Uses skiff-api and the runtimes;
 * no I/O beyond the runtimes' bootstrap files.
 */
package dev.skiff.runtimes.admission;
