package dev.skiff.server.events;

import dev.skiff.api.TriggerFilter;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Knative's {@code exact}, {@code prefix} and {@code suffix} filters over a CloudEvent's attributes
 * and extensions: every filter, and every entry of each, must match. An attribute the event does not
 * carry matches nothing.
 */
final class EventFilter {
    private EventFilter() {}

    /** True when {@code event} passes every filter (and so when there are none). */
    static boolean matches(CloudEvent event, List<TriggerFilter> filters) {
        if (filters == null) {
            return true;
        }
        for (TriggerFilter filter : filters) {
            if (!all(event, filter.exact(), String::equals) || !all(event, filter.prefix(), String::startsWith)
                    || !all(event, filter.suffix(), String::endsWith)) {
                return false;
            }
        }
        return true;
    }

    private static boolean all(CloudEvent event, Map<String, String> wanted, BiPredicate<String, String> test) {
        if (wanted == null) {
            return true;
        }
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            String actual = value(event, entry.getKey());
            if (actual == null || !test.test(actual, entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The attribute's or extension's value as text, or null when the event has none of that name. */
    static String value(CloudEvent event, String name) {
        Object value = event.getAttributeNames().contains(name) ? event.getAttribute(name) : event.getExtension(name);
        return value == null ? null : value.toString();
    }
}
