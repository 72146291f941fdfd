/** The seed-002 FaaS agent's requests and answers, read and made alike by the embedded server and the cluster gateway. */
package dev.skiff.core.agent;
