package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import dev.skiff.api.FieldError;
import dev.skiff.api.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * A Skiff resource whose spec is a skiff-api record, read and written as a {@link SpecDocument} so
 * that resources written with older field names keep working. A spec read with an old name beside
 * its new one, saying something else, is written back as read (so a copy of this resource, as the
 * operator makes before each reconcile, still carries the disagreement) and is refused by
 * {@link #validate()} until the spec is set again.
 *
 * @param <S> the skiff-api spec record
 * @param <D> its document
 */
public abstract class SpecDocumentResource<S, D extends SpecDocument<S>> extends SkiffResource<S, ResourceStatus> {
    /** The document as read while its old and new names disagree; null otherwise. */
    private D disagreeing;

    /** The document of {@code spec}, in current names. */
    protected abstract D document(S spec);

    /** The errors skiff-api's validation finds in this resource; the spec may be null. */
    protected abstract List<FieldError> validateSpec();

    /** The spec with every default set; called only when {@link #validate()} found nothing. */
    public abstract S defaulted();

    @JsonSetter("spec")
    private void readSpec(D document) {
        super.setSpec(document == null ? null : document.spec());
        disagreeing = document != null && !document.conflicts().isEmpty() ? document : null;
    }

    @JsonGetter("spec")
    private D writeSpec() {
        S spec = getSpec();
        return disagreeing != null ? disagreeing : spec == null ? null : document(spec);
    }

    /** Sets the spec, in current names, forgetting any old name it was read with. */
    @JsonIgnore
    @Override
    public void setSpec(S spec) {
        super.setSpec(spec);
        disagreeing = null;
    }

    /** Every error in this resource: old names that disagree with their new ones, then skiff-api's validation. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>(disagreeing == null ? List.of() : disagreeing.conflicts());
        errors.addAll(validateSpec());
        return errors;
    }

    /** This resource's name as skiff-api's metadata, which its validation checks. */
    protected ObjectMeta apiMetadata() {
        return ObjectMeta.named(getMetadata() == null ? null : getMetadata().getName());
    }

    /** Validates this resource and, when it is valid, sets its spec to {@link #defaulted()}; answers the errors. */
    public List<FieldError> admit() {
        List<FieldError> errors = validate();
        if (errors.isEmpty()) {
            setSpec(defaulted());
        }
        return errors;
    }
}
