package dev.skiff.kubernetes.gateway;

import dev.skiff.api.FunctionStatus;
import dev.skiff.api.TrafficTarget;
import java.util.List;
import java.util.Optional;

/** Picks the revision a request goes to from a function's resolved traffic table (its status). Pure. */
public final class RevisionPicker {

    private RevisionPicker() {}

    /**
     * The revision for a request: the tagged entry's when {@code tag} is given, else the entry whose
     * share holds {@code roll}, a number in [0, 100) the caller draws at random.
     */
    public static Optional<String> pick(FunctionStatus status, String tag, double roll) {
        List<TrafficTarget> traffic = status == null || status.traffic() == null ? List.of() : status.traffic();
        if (tag != null) {
            return traffic.stream().filter(t -> tag.equals(t.tag())).map(TrafficTarget::revisionName).findFirst();
        }
        double upTo = 0;
        for (TrafficTarget target : traffic) {
            upTo += target.share();
            if (target.share() > 0 && roll < upTo) {
                return Optional.ofNullable(target.revisionName());
            }
        }
        return Optional.empty();
    }
}
