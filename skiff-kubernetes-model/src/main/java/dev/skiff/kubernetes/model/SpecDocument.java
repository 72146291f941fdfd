package dev.skiff.kubernetes.model;

import dev.skiff.api.FieldError;
import java.util.List;

/**
 * A spec as it is written on the cluster: skiff-api's record in its own names, plus the deprecated
 * names older resources used, each read as its replacement.
 *
 * @param <S> the skiff-api record it reads as
 */
public interface SpecDocument<S> {

    /** The spec this document says, each old name read as its new one (the new one wins where both are given). */
    S spec();

    /** Every old name given beside its new one with another value, under the new one's path; empty when none. */
    List<FieldError> conflicts();
}
