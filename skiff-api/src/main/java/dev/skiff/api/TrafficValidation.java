package dev.skiff.api;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a traffic table's shape for {@link FunctionValidation#validateTraffic}: each entry names a
 * revision of the function or follows the latest; a revision takes a share in one entry only; shares
 * are 0 to 100 and sum to 100; tags are distinct DNS labels and may name any revision.
 */
final class TrafficValidation {
    private static final String LATEST = "the latest revision";

    private TrafficValidation() {}

    static void validate(String function, List<TrafficTarget> traffic, String field, List<FieldError> errors) {
        if (traffic.isEmpty()) {
            errors.add(new FieldError(field, "needs at least one entry; omit it to send all traffic to the latest revision"));
            return;
        }
        int sum = 0;
        Set<String> tags = new HashSet<>();
        Map<String, Integer> shares = new HashMap<>();
        for (int i = 0; i < traffic.size(); i++) {
            TrafficTarget target = traffic.get(i);
            String at = field + "[" + i + "]";
            if (target == null) {
                errors.add(new FieldError(at, "is empty"));
                continue;
            }
            if (target.followsLatest() == (target.revisionName() != null)) {
                errors.add(new FieldError(at, "needs either revisionName or latestRevision: true, not both"));
            } else if (target.revisionName() != null && function != null
                    && !target.revisionName().matches(Pattern.quote(function) + "-\\d{5}")) {
                errors.add(new FieldError(at + ".revisionName", Quote.value(target.revisionName()) + " is not a revision of "
                        + function + " (" + Revision.nameFor(function, 1) + ", ...)"));
            } else if (target.percent() != null) {
                once(target, at, field, i, shares, errors);
            }
            if (target.percent() != null && (target.percent() < 0 || target.percent() > 100)) {
                errors.add(new FieldError(at + ".percent", "is " + target.percent() + "; must be between 0 and 100"));
            }
            sum += target.share();
            if (target.tag() != null) {
                FunctionValidation.validateName(target.tag(), at + ".tag", errors);
                if (!tags.add(target.tag())) {
                    errors.add(new FieldError(at + ".tag", Quote.value(target.tag()) + " is used twice"));
                }
            } else if (target.percent() == null) {
                errors.add(new FieldError(at + ".percent", "is required unless the entry has a tag"));
            }
            if (target.url() != null) {
                errors.add(new FieldError(at + ".url", "is set by the server; leave it out"));
            }
        }
        if (sum != 100) {
            errors.add(new FieldError(field, "percentages sum to " + sum + "; they must sum to 100"));
        }
    }

    /** A revision (or the latest) may have a percent in one entry; a tag of it without a percent is separate. */
    private static void once(TrafficTarget target, String at, String field, int index, Map<String, Integer> shares,
                             List<FieldError> errors) {
        String key = target.followsLatest() ? "latest" : "revision " + target.revisionName();
        Integer first = shares.putIfAbsent(key, index);
        if (first != null) {
            String which = target.followsLatest() ? LATEST : Quote.value(target.revisionName());
            errors.add(new FieldError(at + (target.followsLatest() ? ".latestRevision" : ".revisionName"), which
                    + " already has a percent in " + field + "[" + first + "]; give each revision one entry with its "
                    + "percent (a tag without a percent may name it again)"));
        }
    }
}
