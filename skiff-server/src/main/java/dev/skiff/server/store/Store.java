package dev.skiff.server.store;

import dev.skiff.api.Function;
import dev.skiff.api.Revision;
import dev.skiff.api.Volume;
import java.util.List;
import java.util.Optional;

/** Durable state: functions, their revisions, and volumes. Blocking; never called on the request path. */
public interface Store extends AutoCloseable {

    /** Every function, by name. */
    List<Function> functions();

    /** One function, if it exists. */
    Optional<Function> function(String name);

    /** The function's revisions, newest first. */
    List<Revision> revisions(String function);

    /** One revision, if it exists. */
    Optional<Revision> revision(String name);

    /** The number the function's next revision takes. */
    int nextRevisionNumber(String function);

    /**
     * Records a deploy in one transaction: the function's new document and its new revision, which
     * becomes its latest.
     */
    void saveDeploy(Function function, Revision revision);

    /** Deletes a function and its revisions; false when it did not exist. */
    boolean delete(String function);

    /** The name of the function's newest revision (every stored revision started once, so it is ready). */
    Optional<String> latestRevision(String function);

    /** Replaces a function's document without a new revision (a traffic or scale change); false when it does not exist. */
    boolean saveFunction(Function function);

    /** Every volume, by name. */
    List<Volume> volumes();

    /** One volume, if it exists. */
    Optional<Volume> volume(String name);

    /** Records a new volume; false when one of that name exists. */
    boolean saveVolume(Volume volume);

    /** Deletes a volume's record; false when it did not exist. */
    boolean deleteVolume(String name);

    @Override
    void close();
}
