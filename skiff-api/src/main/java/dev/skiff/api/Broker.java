package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A broker, as Knative Eventing's: an event ingress ({@code POST /brokers/{name}/events}) whose
 * events its triggers deliver.
 *
 * @param spec the delivery its triggers use unless they say otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Broker(String apiVersion, String kind, ObjectMeta metadata, BrokerSpec spec, EventingStatus status)
        implements EventingResource {
    /** The kind of a broker resource. */
    public static final String KIND = "Broker";

    /** A broker of this name with default delivery. */
    public static Broker of(String name) {
        return new Broker(Function.API_VERSION, KIND, ObjectMeta.named(name), new BrokerSpec(null), null);
    }

    /** The broker's spec. */
    public record BrokerSpec(DeliverySpec delivery) {}

    /** This broker with another status. */
    public Broker withStatus(EventingStatus newStatus) {
        return new Broker(apiVersion, kind, metadata, spec, newStatus);
    }
}
