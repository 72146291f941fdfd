package dev.skiff.api;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Checks eventing resources: names, delivery, filters and destinations. Whether a cron schedule
 * parses is the server's to say (it owns the cron parser), through {@code validSchedule}.
 */
public final class EventingValidation {
    private static final int MAX_RETRY = 100;
    /** The gateway lets 1,000 requests wait for a revision; more in flight would only be refused (503) and retried. */
    private static final int MAX_IN_FLIGHT = 1000;
    private static final Duration MAX_BACKOFF_DELAY = Duration.ofHours(1);
    /** CloudEvents attribute and extension names: lower-case letters and digits. */
    /** The most of a cron parser's reason a message shows; it may quote the whole schedule. */
    private static final int MAX_REASON = 200;
    private static final Pattern ATTRIBUTE = Pattern.compile("^[a-z0-9]{1,20}$");

    private EventingValidation() {}

    /** Errors of a broker or topic: its kind, name and delivery. */
    public static List<FieldError> validate(EventingResource resource, String kind, DeliverySpec delivery) {
        List<FieldError> errors = new ArrayList<>();
        header(resource, kind, errors);
        validateDelivery(delivery, "spec.delivery", errors);
        if (delivery != null && delivery.ordering() != null) {
            errors.add(new FieldError("spec.delivery.ordering", "is set per trigger, not on a " + kind.toLowerCase(Locale.ROOT)));
        }
        if (delivery != null && delivery.maxInFlight() != null) {
            errors.add(new FieldError("spec.delivery.maxInFlight", "is set per trigger, not on a " + kind.toLowerCase(Locale.ROOT)));
        }
        return errors;
    }

    /** Errors of a trigger. */
    public static List<FieldError> validate(Trigger trigger) {
        List<FieldError> errors = new ArrayList<>();
        header(trigger, Trigger.KIND, errors);
        Trigger.TriggerSpec spec = trigger.spec();
        if (spec == null) {
            errors.add(new FieldError("spec", "is required"));
            return errors;
        }
        boolean broker = spec.broker() != null && !spec.broker().isBlank();
        boolean topic = spec.topic() != null && !spec.topic().isBlank();
        if (broker == topic) {
            errors.add(new FieldError("spec.broker", "name exactly one of spec.broker and spec.topic"));
        } else {
            FunctionValidation.validateName(broker ? spec.broker() : spec.topic(), broker ? "spec.broker" : "spec.topic", errors);
        }
        validateDestination(spec.subscriber(), "spec.subscriber", true, errors);
        List<TriggerFilter> filters = spec.filters() == null ? List.of() : spec.filters();
        for (int i = 0; i < filters.size(); i++) {
            validateFilter(filters.get(i), "spec.filters[" + i + "]", errors);
        }
        validateDelivery(spec.delivery(), "spec.delivery", errors);
        validateOrdering(spec.delivery(), "spec.delivery", errors);
        return errors;
    }

    /** Errors of a defaulted cron trigger; {@code validSchedule} answers null for a good schedule, else why not. */
    public static List<FieldError> validate(CronTrigger cron, UnaryOperator<String> validSchedule) {
        List<FieldError> errors = new ArrayList<>();
        header(cron, CronTrigger.KIND, errors);
        CronTrigger.CronTriggerSpec spec = cron.spec();
        if (spec == null) {
            errors.add(new FieldError("spec", "is required"));
            return errors;
        }
        if (spec.schedule() == null || spec.schedule().isBlank()) {
            errors.add(new FieldError("spec.schedule", "is required, e.g. '*/5 * * * *'"));
        } else {
            String why = validSchedule.apply(spec.schedule());
            if (why != null) {
                errors.add(new FieldError("spec.schedule", Quote.value(spec.schedule()) + " is not a Unix cron schedule: "
                        + Quote.plain(why, MAX_REASON)));
            }
        }
        try {
            ZoneId.of(spec.timezone());
        } catch (RuntimeException e) {
            errors.add(new FieldError("spec.timezone", Quote.value(spec.timezone()) + " is not a time zone such as Europe/Warsaw or UTC"));
        }
        TextChecks.noControl(spec.contentType(), "spec.contentType", "a media type (an HTTP header)", errors);
        validateDestination(spec.sink(), "spec.sink", true, errors);
        return errors;
    }

    /** Throws a {@link ValidationException} listing every error, if there are any. */
    public static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void header(EventingResource resource, String kind, List<FieldError> errors) {
        if (resource.apiVersion() != null && !Function.API_VERSION.equals(resource.apiVersion())) {
            errors.add(new FieldError("apiVersion", "must be " + Function.API_VERSION));
        }
        if (resource.kind() != null && !kind.equals(resource.kind())) {
            errors.add(new FieldError("kind", "must be " + kind));
        }
        FunctionValidation.validateName(resource.name(), "metadata.name", errors);
    }

    private static void validateDestination(Destination destination, String field, boolean required, List<FieldError> errors) {
        if (destination == null || destination.function() == null || destination.function().isBlank()) {
            if (required) {
                errors.add(new FieldError(field + ".function", "is required: the function events go to"));
            }
            return;
        }
        FunctionValidation.validateName(destination.function(), field + ".function", errors);
    }

    private static void validateFilter(TriggerFilter filter, String field, List<FieldError> errors) {
        List<Map<String, String>> dialects = new ArrayList<>();
        if (filter != null) {
            for (Map<String, String> map : Arrays.asList(filter.exact(), filter.prefix(), filter.suffix())) {
                if (map != null && !map.isEmpty()) {
                    dialects.add(map);
                }
            }
        }
        if (dialects.size() != 1) {
            errors.add(new FieldError(field, "must have exactly one of exact, prefix or suffix"));
            return;
        }
        dialects.getFirst().forEach((name, value) -> {
            if (name == null || !ATTRIBUTE.matcher(name).matches()) {
                errors.add(new FieldError(field, Quote.value(name) + " is not a CloudEvents attribute name (lower-case letters and digits)"));
            }
            if (value == null || value.isEmpty()) {
                errors.add(new FieldError(field + "." + Quote.key(name), "needs a value"));
            }
        });
    }

    private static void validateDelivery(DeliverySpec delivery, String field, List<FieldError> errors) {
        if (delivery == null) {
            return;
        }
        if (delivery.retry() != null && (delivery.retry() < 0 || delivery.retry() > MAX_RETRY)) {
            errors.add(new FieldError(field + ".retry", "must be between 0 and " + MAX_RETRY));
        }
        Predicate<String> policy = p -> DeliverySpec.EXPONENTIAL.equals(p) || DeliverySpec.LINEAR.equals(p);
        if (delivery.backoffPolicy() != null && !policy.test(delivery.backoffPolicy())) {
            errors.add(new FieldError(field + ".backoffPolicy", "must be exponential or linear"));
        }
        if (delivery.backoffDelay() != null) {
            try {
                Duration delay = Duration.parse(delivery.backoffDelay());
                if (delay.isNegative() || delay.compareTo(MAX_BACKOFF_DELAY) > 0) {
                    errors.add(new FieldError(field + ".backoffDelay", "must be between PT0S and PT1H"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(field + ".backoffDelay", Quote.value(delivery.backoffDelay())
                        + " is not an ISO-8601 duration such as PT0.2S"));
            }
        }
        validateDestination(delivery.deadLetterSink(), field + ".deadLetterSink", false, errors);
    }

    private static void validateOrdering(DeliverySpec delivery, String field, List<FieldError> errors) {
        if (delivery == null) {
            return;
        }
        String ordering = delivery.ordering();
        if (ordering != null && !DeliverySpec.ORDERED.equals(ordering) && !DeliverySpec.UNORDERED.equals(ordering)) {
            errors.add(new FieldError(field + ".ordering", Quote.value(ordering) + " is not one of ordered, unordered"));
            return;
        }
        Integer most = delivery.maxInFlight();
        if (most == null) {
            return;
        }
        if (!delivery.unordered()) {
            if (most != 1) {
                errors.add(new FieldError(field + ".maxInFlight", "is " + most
                        + ", but an ordered trigger has one event in flight; set ordering: unordered for more"));
            }
        } else if (most < 1 || most > MAX_IN_FLIGHT) {
            errors.add(new FieldError(field + ".maxInFlight", "is " + most + "; must be between 1 and " + MAX_IN_FLIGHT));
        }
    }
}
