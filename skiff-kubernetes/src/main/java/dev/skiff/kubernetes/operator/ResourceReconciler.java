package dev.skiff.kubernetes.operator;

import dev.skiff.api.Condition;
import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.ResourceStatus;
import dev.skiff.kubernetes.translate.TranslationException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;

/**
 * Reconciles a Skiff resource that owns a fixed set of objects ({@code Volume}, {@code Broker},
 * {@code Trigger}, {@code CronTrigger}): defaults and validates it, applies what its
 * {@link Translation} makes, and reports Ready (or why not) in its status. One subclass per kind,
 * so the Operator SDK can see the kind it reconciles.
 */
abstract class ResourceReconciler<R extends CustomResource<?, ResourceStatus>> implements Reconciler<R> {
    private final Translation<R> translation;
    private final OwnedObjects owned;
    private final Conditions conditions;

    /** What a resource becomes. */
    interface Translation<R> {
        /** Sets the resource's spec to its defaulted form and answers its errors; none when it is valid. */
        List<FieldError> admit(R resource);

        /**
         * The objects it owns.
         *
         * @throws TranslationException when the cluster cannot run it (e.g. Knative Eventing is missing)
         */
        List<HasMetadata> desired(R resource);

        /** The address to report, or null. */
        default String url(R resource) {
            return null;
        }
    }

    ResourceReconciler(Translation<R> translation, OwnedObjects owned, Conditions conditions) {
        this.translation = translation;
        this.owned = owned;
        this.conditions = conditions;
    }

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        Long generation = resource.getMetadata().getGeneration();
        List<FieldError> errors = translation.admit(resource);
        ResourceStatus status;
        if (!errors.isEmpty()) {
            status = new ResourceStatus(List.of(conditions.invalid(errors)), generation, null);
        } else {
            try {
                for (HasMetadata object : translation.desired(resource)) {
                    owned.apply(resource, object);
                }
                status = new ResourceStatus(List.of(conditions.ready()), generation, translation.url(resource));
            } catch (TranslationException e) {
                status = new ResourceStatus(List.of(conditions.notReady(e.reason(), e.getMessage())), generation, null);
            } catch (KubernetesClientException e) {
                status = new ResourceStatus(List.of(conditions.notReady("ApplyFailed", e.getMessage())), generation, null);
            }
        }
        ResourceStatus before = resource.getStatus();
        Condition was = before == null || before.conditions() == null || before.conditions().isEmpty()
                ? null : before.conditions().getFirst();
        resource.setStatus(new ResourceStatus(List.of(Conditions.carry(was, status.conditions().getFirst())),
                status.observedGeneration(), status.url()));
        return UpdateControl.patchStatus(resource);
    }
}
