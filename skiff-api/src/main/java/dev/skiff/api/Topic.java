package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A topic, as kubeless' Kafka topics: messages published to it ({@code skiff topic publish}) fire
 * the triggers that name it, one invocation per message.
 *
 * @param spec the topic's settings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Topic(String apiVersion, String kind, ObjectMeta metadata, TopicSpec spec, EventingStatus status)
        implements EventingResource {
    /** The kind of a topic resource. */
    public static final String KIND = "Topic";

    /** A topic of this name. */
    public static Topic of(String name) {
        return new Topic(Function.API_VERSION, KIND, ObjectMeta.named(name), new TopicSpec(null), null);
    }

    /**
     * The topic's spec.
     *
     * @param delivery the delivery its triggers use unless they say otherwise
     */
    public record TopicSpec(DeliverySpec delivery) {}

    /** This topic with another status. */
    public Topic withStatus(EventingStatus newStatus) {
        return new Topic(apiVersion, kind, metadata, spec, newStatus);
    }
}
