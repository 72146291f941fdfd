package dev.skiff.kubernetes.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of a function's old revisions to delete, as Knative's revision garbage collector decides:
 * every revision the traffic table routes to or tags stays, and so does the newest; of the others,
 * the {@link #KEPT} most recent stay (for a rollback), and older ones go, with their objects.
 */
final class RevisionRetention {
    /** How many revisions that serve nothing are kept, newest first. */
    static final int KEPT = 5;

    private RevisionRetention() {}

    /**
     * The revisions to delete.
     *
     * @param revisions every revision, oldest first (names sort by number)
     * @param serving the revisions the traffic table routes to or tags
     * @param newest the function's newest revision
     */
    static List<String> collectable(List<String> revisions, Set<String> serving, String newest) {
        List<String> idle = new ArrayList<>();
        for (String revision : revisions) {
            if (!serving.contains(revision) && !revision.equals(newest)) {
                idle.add(revision);
            }
        }
        return idle.size() <= KEPT ? List.of() : List.copyOf(idle.subList(0, idle.size() - KEPT));
    }
}
