package dev.skiff.server.control;

import dev.skiff.runtimes.Runtimes;
import dev.skiff.runtimes.admission.FunctionAdmission;
import dev.skiff.server.dataplane.RouteTable;
import dev.skiff.server.logs.LogStore;
import dev.skiff.server.serving.InstanceBackend;
import dev.skiff.server.serving.InstanceQuota;
import dev.skiff.server.store.Store;

/**
 * What the control plane works with.
 *
 * @param store where functions and revisions are recorded
 * @param runtimes the language runtimes that prepare and run revisions
 * @param admission defaults and validation of every function deployed
 * @param backend what starts instances
 * @param routes the route table the data plane reads
 * @param logs the functions' logs
 * @param volumes the volumes functions mount
 * @param quota whether a namespace exists and has room for one more function
 * @param instances the room namespaces' quotas leave for instances, which every start of a served revision takes
 */
public record ControlParts(Store store, Runtimes runtimes, FunctionAdmission admission, InstanceBackend backend,
                           RouteTable routes, LogStore logs, VolumeService volumes, FunctionQuota quota,
                           InstanceQuota instances) {}
