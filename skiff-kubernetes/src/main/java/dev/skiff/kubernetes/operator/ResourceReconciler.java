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
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciles a Skiff resource that owns a fixed set of objects ({@code Volume}, {@code Broker},
 * {@code Trigger}, {@code CronTrigger}): defaults and validates it, applies what its
 * {@link Translation} makes, and reports Ready (or why not) in its status, with a FieldsIgnored
 * condition naming what a valid spec asks that the cluster does not do. One subclass per kind, so
 * the Operator SDK can see the kind it reconciles.
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

        /** The fields of the spec, as given (before {@link #admit}), that the cluster does not honour, each with why. */
        default List<FieldError> ignored(R resource) {
            return List.of();
        }
    }

    ResourceReconciler(Translation<R> translation, OwnedObjects owned, Conditions conditions) {
        this.translation = translation;
        this.owned = owned;
        this.conditions = conditions;
    }

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        List<FieldError> ignored = translation.ignored(resource);
        List<FieldError> errors = translation.admit(resource);
        List<Condition> now = new ArrayList<>();
        String url = null;
        if (!errors.isEmpty()) {
            now.add(conditions.invalid(errors));
        } else {
            try {
                for (HasMetadata object : translation.desired(resource)) {
                    owned.apply(resource, object);
                }
                now.add(conditions.ready());
                url = translation.url(resource);
            } catch (TranslationException e) {
                now.add(conditions.notReady(e.reason(), e.getMessage()));
            } catch (KubernetesClientException e) {
                now.add(conditions.notReady("ApplyFailed", e.getMessage()));
            }
            if (!ignored.isEmpty()) {
                now.add(conditions.fieldsIgnored(ignored));
            }
        }
        ResourceStatus before = resource.getStatus();
        List<Condition> was = before == null || before.conditions() == null ? List.of() : before.conditions();
        resource.setStatus(new ResourceStatus(now.stream().map(c -> Conditions.carry(sameType(was, c), c)).toList(),
                resource.getMetadata().getGeneration(), url));
        return UpdateControl.patchStatus(resource);
    }

    private static Condition sameType(List<Condition> conditions, Condition as) {
        return conditions.stream().filter(c -> as.type().equals(c.type())).findFirst().orElse(null);
    }
}
