package dev.skiff.kubernetes.translate;

import dev.skiff.api.CronTrigger;
import dev.skiff.api.DeliverySpec;
import dev.skiff.api.FieldError;
import dev.skiff.api.TriggerFilter;
import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.model.TriggerFilters;
import dev.skiff.kubernetes.model.TriggerResource;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.DestinationBuilder;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.BrokerBuilder;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilter;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilterBuilder;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerBuilder;
import io.fabric8.knative.eventing.v1.TriggerSpecBuilder;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.PingSourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/**
 * Skiff's event resources as Knative Eventing's, when it is installed: a {@code Broker} as a Knative
 * Broker, a {@code Trigger} as a Knative Trigger (filters that only ask exact values as its
 * {@code filter.attributes}, others as its {@code filters}; its ordering as the Kafka broker's
 * delivery-order annotation, which other brokers ignore), a {@code CronTrigger} as a PingSource; each
 * delivers to the function's Knative Service, with the delivery settings. {@link #ignored} names the
 * fields Knative has no counterpart for.
 */
public final class KnativeEventing {
    /** Knative's Kafka broker reads a trigger's ordering here: {@code ordered} or {@code unordered}. */
    public static final String DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";

    private KnativeEventing() {}

    /** The Knative Broker for {@code broker}, whose spec must have been defaulted. */
    public static Broker broker(BrokerResource broker) {
        return new BrokerBuilder()
                .withMetadata(meta(broker.getMetadata()))
                .withNewSpec().withDelivery(delivery(broker.getSpec().delivery())).endSpec()
                .build();
    }

    /**
     * The Knative Trigger for {@code trigger}, whose spec must have been defaulted.
     *
     * @throws TranslationException when it listens on a topic, which the Kubernetes mode does not have
     */
    public static Trigger trigger(TriggerResource trigger) {
        dev.skiff.api.Trigger.TriggerSpec spec = trigger.getSpec();
        if (spec.topic() != null) {
            throw new TranslationException("TopicsUnsupported", "spec.topic: the Kubernetes mode has no topics (they are "
                    + "the embedded mode's); listen on a broker with spec.broker");
        }
        TriggerSpecBuilder knative = new TriggerSpecBuilder()
                .withBroker(spec.broker())
                .withSubscriber(function(spec.subscriber().function()))
                .withDelivery(delivery(spec.delivery()));
        Map<String, String> attributes = TriggerFilters.exactOnly(spec.filters());
        if (attributes != null) {
            knative.withNewFilter().withAttributes(attributes.isEmpty() ? null : attributes).endFilter();
        } else {
            knative.withFilters(spec.filters().stream().map(KnativeEventing::filter).toList());
        }
        ObjectMeta meta = meta(trigger.getMetadata());
        meta.setAnnotations(Map.of(DELIVERY_ORDER_ANNOTATION, spec.delivery().ordering()));
        return new TriggerBuilder().withMetadata(meta).withSpec(knative.build()).build();
    }

    /**
     * The fields of a trigger's spec, as given, that Knative has no counterpart for, each with why:
     * {@code delivery.maxInFlight} on an unordered trigger, since Knative's data plane decides how
     * many events are in flight (on an ordered trigger it can only be 1, which the ordering asks anyway).
     */
    public static List<FieldError> ignored(dev.skiff.api.Trigger.TriggerSpec given) {
        DeliverySpec delivery = given == null ? null : given.delivery();
        if (delivery == null || delivery.maxInFlight() == null || !delivery.unordered()) {
            return List.of();
        }
        return List.of(new FieldError("spec.delivery.maxInFlight", "Knative's data plane decides how many events are in flight"));
    }

    /** The PingSource for {@code trigger}, whose spec must have been defaulted. */
    public static PingSource pingSource(CronTriggerResource trigger) {
        CronTrigger.CronTriggerSpec spec = trigger.getSpec();
        return new PingSourceBuilder()
                .withMetadata(meta(trigger.getMetadata()))
                .withNewSpec()
                .withSchedule(spec.schedule())
                .withTimezone(spec.timezone())
                .withContentType(spec.contentType())
                .withData(spec.data() == null || spec.data().isEmpty() ? null : spec.data())
                .withSink(function(spec.sink().function()))
                .endSpec()
                .build();
    }

    private static io.fabric8.knative.duck.v1.DeliverySpec delivery(DeliverySpec delivery) {
        return new io.fabric8.knative.duck.v1.DeliverySpecBuilder()
                .withRetry(delivery.retry())
                .withBackoffPolicy(delivery.backoffPolicy())
                .withBackoffDelay(delivery.backoffDelay())
                .withDeadLetterSink(delivery.deadLetterSink() == null ? null : function(delivery.deadLetterSink().function()))
                .build();
    }

    /** One of Knative's {@code filters} (the CloudEvents Subscriptions API's dialects) for one of Skiff's. */
    private static SubscriptionsAPIFilter filter(TriggerFilter filter) {
        return new SubscriptionsAPIFilterBuilder().withExact(filter.exact()).withPrefix(filter.prefix())
                .withSuffix(filter.suffix()).build();
    }

    /** A reference to a function's Knative Service. */
    private static Destination function(String name) {
        return new DestinationBuilder()
                .withNewRef().withApiVersion("serving.knative.dev/v1").withKind("Service").withName(name).endRef()
                .build();
    }

    private static ObjectMeta meta(ObjectMeta of) {
        return new ObjectMetaBuilder().withName(of.getName()).withNamespace(of.getNamespace())
                .addToLabels(SkiffResources.MANAGED_BY_LABEL, SkiffResources.MANAGED_BY).build();
    }
}
