package dev.skiff.kubernetes.translate;

import dev.skiff.kubernetes.model.BrokerResource;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.CronTriggerSpec;
import dev.skiff.kubernetes.model.DeliverySpec;
import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.model.TriggerResource;
import dev.skiff.kubernetes.model.TriggerSpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.DestinationBuilder;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.BrokerBuilder;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerBuilder;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.PingSourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/**
 * Skiff's event resources as Knative Eventing's, when it is installed: a {@code Broker} as a Knative
 * Broker, a {@code Trigger} as a Knative Trigger (exact attribute filters, and its ordering as the
 * Kafka broker's delivery-order annotation, which other brokers ignore), a {@code CronTrigger} as a
 * PingSource; each delivers to the function's Knative Service, with the delivery settings.
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

    /** The Knative Trigger for {@code trigger}, whose spec must have been defaulted. */
    public static Trigger trigger(TriggerResource trigger) {
        TriggerSpec spec = trigger.getSpec();
        ObjectMeta meta = meta(trigger.getMetadata());
        meta.setAnnotations(Map.of(DELIVERY_ORDER_ANNOTATION, spec.delivery().ordering()));
        return new TriggerBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withBroker(spec.broker())
                .withNewFilter().withAttributes(spec.filter().isEmpty() ? null : spec.filter()).endFilter()
                .withSubscriber(function(spec.function()))
                .withDelivery(delivery(spec.delivery()))
                .endSpec()
                .build();
    }

    /** The PingSource for {@code trigger}, whose spec must have been defaulted. */
    public static PingSource pingSource(CronTriggerResource trigger) {
        CronTriggerSpec spec = trigger.getSpec();
        return new PingSourceBuilder()
                .withMetadata(meta(trigger.getMetadata()))
                .withNewSpec()
                .withSchedule(spec.schedule())
                .withTimezone(spec.timezone())
                .withContentType(spec.contentType())
                .withData(spec.data().isEmpty() ? null : spec.data())
                .withSink(function(spec.function()))
                .endSpec()
                .build();
    }

    private static io.fabric8.knative.duck.v1.DeliverySpec delivery(DeliverySpec delivery) {
        return new io.fabric8.knative.duck.v1.DeliverySpecBuilder()
                .withRetry(delivery.retry())
                .withBackoffPolicy(delivery.backoffPolicy())
                .withBackoffDelay(delivery.backoffDelay())
                .withDeadLetterSink(delivery.deadLetterFunction() == null ? null : function(delivery.deadLetterFunction()))
                .build();
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
