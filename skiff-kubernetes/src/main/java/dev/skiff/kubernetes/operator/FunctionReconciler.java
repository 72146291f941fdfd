package dev.skiff.kubernetes.operator;

import dev.skiff.api.Condition;
import dev.skiff.api.FunctionSpec;
import dev.skiff.api.FunctionStatus;
import dev.skiff.api.ValidationException;
import dev.skiff.kubernetes.model.FunctionResource;
import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.translate.TranslationException;
import dev.skiff.runtimes.admission.FunctionAdmission;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@code Function}: admits its spec as the embedded mode does, has the workload make or
 * update what runs it, and writes what it observed to the status. Nothing a user writes makes it
 * throw: an invalid spec, a source too large or an object the API server refuses each end as a Ready
 * condition with a reason and message, not a crash loop.
 */
@ControllerConfiguration(name = "function")
public final class FunctionReconciler implements Reconciler<FunctionResource> {
    /**
     * How soon a function that is not ready yet is looked at again, should no change of what it owns
     * come first: the operator watches the workload's objects ({@link FunctionWorkload#watched()}),
     * so this is only a safety net.
     */
    static final Duration NOT_READY_RECHECK = Duration.ofSeconds(30);
    /** How often a ready function is looked at again. */
    static final Duration READY_RECHECK = Duration.ofMinutes(1);
    /** How soon a reconcile runs again after an object it wrote had changed since it was read. */
    static final Duration CONFLICT_RETRY = Duration.ofMillis(200);
    private static final int CONFLICT = 409;
    private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);

    private final FunctionAdmission admission;
    private final FunctionWorkload workload;
    private final Conditions conditions;

    FunctionReconciler(FunctionAdmission admission, FunctionWorkload workload, Conditions conditions) {
        this.admission = admission;
        this.workload = workload;
        this.conditions = conditions;
    }

    /** Watches the workload's objects that carry Skiff's label, each mapped to its Function by owner reference. */
    @Override
    public List<EventSource<?, FunctionResource>> prepareEventSources(EventSourceContext<FunctionResource> context) {
        return List.of(watch(workload.watched(), context));
    }

    private static <R extends HasMetadata> EventSource<?, FunctionResource> watch(Class<R> kind,
                                                                                   EventSourceContext<FunctionResource> context) {
        InformerEventSourceConfiguration<R> configuration = InformerEventSourceConfiguration.from(kind, FunctionResource.class)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(FunctionResource.class))
                .withLabelSelector(SkiffResources.MANAGED_BY_LABEL + "=" + SkiffResources.MANAGED_BY)
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    @Override
    public UpdateControl<FunctionResource> reconcile(FunctionResource function, Context<FunctionResource> context) {
        String name = function.getMetadata().getName();
        FunctionSpec spec;
        try {
            spec = admission.admit(name, function.getSpec());
        } catch (ValidationException e) {
            LOG.info("function {}/{} is invalid: {}", function.getMetadata().getNamespace(), name, e.getMessage());
            return UpdateControl.patchStatus(withStatus(function, failed(function, conditions.invalid(e.errors()))));
        }
        FunctionStatus status;
        try {
            status = workload.apply(function, spec);
        } catch (TranslationException e) {
            return UpdateControl.patchStatus(withStatus(function, failed(function, conditions.notReady(e.reason(), e.getMessage()))));
        } catch (KubernetesClientException e) {
            if (e.getCode() == CONFLICT) {
                LOG.debug("function {}/{}: an object changed while it was written; looking again", function.getMetadata()
                        .getNamespace(), name);
                return UpdateControl.<FunctionResource>noUpdate().rescheduleAfter(CONFLICT_RETRY);
            }
            LOG.warn("function {}/{}: the API server refused an object: {}", function.getMetadata().getNamespace(), name,
                    e.getMessage());
            FunctionStatus refused = failed(function, conditions.notReady("ApplyFailed", refusal(e)));
            return UpdateControl.patchStatus(withStatus(function, refused)).rescheduleAfter(READY_RECHECK);
        }
        return UpdateControl.patchStatus(withStatus(function, status))
                .rescheduleAfter(status.isReady() ? READY_RECHECK : NOT_READY_RECHECK);
    }

    /** The status before, with {@code condition} as its Ready and this generation observed. */
    private static FunctionStatus failed(FunctionResource function, Condition condition) {
        FunctionStatus before = function.getStatus();
        return new FunctionStatus(List.of(condition), before == null ? null : before.url(),
                before == null ? null : before.latestCreatedRevision(), before == null ? null : before.latestReadyRevision(),
                function.getMetadata().getGeneration(), before == null ? null : before.traffic());
    }

    /** {@code function} with {@code status}, keeping the Ready condition's transition time while it says the same. */
    private static FunctionResource withStatus(FunctionResource function, FunctionStatus status) {
        Condition now = ready(status);
        Condition kept = Conditions.carry(ready(function.getStatus()), now);
        if (kept != now) {
            status = new FunctionStatus(List.of(kept), status.url(), status.latestCreatedRevision(),
                    status.latestReadyRevision(), status.observedGeneration(), status.traffic());
        }
        function.setStatus(status);
        return function;
    }

    private static Condition ready(FunctionStatus status) {
        return status == null || status.conditions() == null ? null
                : status.conditions().stream().filter(c -> Condition.READY.equals(c.type())).findFirst().orElse(null);
    }

    private static String refusal(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
