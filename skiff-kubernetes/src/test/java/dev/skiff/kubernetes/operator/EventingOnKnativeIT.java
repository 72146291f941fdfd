package dev.skiff.kubernetes.operator;

import static dev.skiff.kubernetes.operator.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Condition;
import dev.skiff.kubernetes.model.ResourceStatus;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.translate.KnativeEventing;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triggers on a cluster with Knative Eventing, stored as their YAML says them: old field names work,
 * old and new names that disagree are refused, and what Knative cannot do is said in the status.
 */
@EnableKubernetesMockClient(crud = true)
class EventingOnKnativeIT {
    private KubernetesClient client;

    /** Stores the trigger {@code name} as {@code spec} says it, runs the operator until it has a status, and answers that. */
    private ResourceStatus reconciled(String name, String spec) {
        try (SkiffOperator operator = OperatorHarness.start(client, ClusterCapabilities.KNATIVE)) {
            EventingHarness.createAsWritten(client, "Trigger", "triggers", """
                    apiVersion: skiff.dev/v1alpha1
                    kind: Trigger
                    metadata:
                      name: %s
                    spec:
                    %s""".formatted(name, spec.indent(2)));
            return EventingHarness.awaitStatus(client, TriggerResource.class, name);
        }
    }

    private Trigger knative(String name) {
        return client.resources(Trigger.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static Condition condition(ResourceStatus status, String type) {
        return status.conditions().stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
    }

    @Test
    void trigger_withOldNamesAndMaxInFlight_becomesAKnativeTrigger_sayingWhatItIgnores() {
        ResourceStatus status = reconciled("thumbnails", """
                filter:
                  type: image.uploaded
                function: thumbnailer
                delivery:
                  deadLetterFunction: dead-letters
                  ordering: unordered
                  maxInFlight: 8
                """);

        assertThat(status.isReady()).isTrue();
        assertThat(condition(status, ResourceStatus.FIELDS_IGNORED))
                .extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly("True", "NotSupportedOnKubernetes",
                        "spec.delivery.maxInFlight: Knative's data plane decides how many events are in flight");
        Trigger made = knative("thumbnails");
        assertThat(made.getSpec().getBroker()).isEqualTo("default");
        assertThat(made.getSpec().getFilter().getAttributes()).isEqualTo(Map.of("type", "image.uploaded"));
        assertThat(made.getSpec().getSubscriber().getRef().getName()).isEqualTo("thumbnailer");
        assertThat(made.getSpec().getDelivery().getDeadLetterSink().getRef().getName()).isEqualTo("dead-letters");
        assertThat(made.getMetadata().getAnnotations()).containsEntry(KnativeEventing.DELIVERY_ORDER_ANNOTATION, "unordered");
    }

    @Test
    void trigger_whoseOldAndNewNamesDisagree_isRefused_andNothingIsMade() {
        ResourceStatus status = reconciled("notify", """
                broker: default
                function: mailer
                subscriber:
                  function: notifier
                """);

        assertThat(condition(status, Condition.READY)).extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly("False", "InvalidSpec", "spec.subscriber.function: 'notifier' disagrees with the deprecated "
                        + "spec.function 'mailer': set only spec.subscriber.function");
        assertThat(condition(status, ResourceStatus.FIELDS_IGNORED)).isNull();
        assertThat(knative("notify")).isNull();
    }

    @Test
    void trigger_onATopic_isNotReady_sayingTheClusterHasNoTopics() {
        ResourceStatus status = reconciled("photos", """
                topic: photos
                subscriber:
                  function: thumbnailer
                """);

        assertThat(condition(status, Condition.READY)).extracting(Condition::status, Condition::reason)
                .containsExactly("False", "TopicsUnsupported");
        assertThat(knative("photos")).isNull();
    }
}
