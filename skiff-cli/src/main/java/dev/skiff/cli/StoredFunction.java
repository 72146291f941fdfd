package dev.skiff.cli;

import dev.skiff.api.Function;
import dev.skiff.api.FunctionSpec;
import dev.skiff.runtimes.admission.FunctionAdmission;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The function {@code export} and {@code build} work on: a {@code -f} document, else the named
 * function as the server or cluster has it; admitted (defaulted and validated) as a deploy would.
 */
final class StoredFunction {

    private StoredFunction() {}

    /** The function from {@code file} when given, else {@code name} from {@code skiff}'s store. */
    static Function load(SkiffCommand skiff, String name, Path file) throws IOException, InterruptedException {
        if (file != null) {
            Function function = DeployCommand.readDocument(file);
            return name == null ? function : function.withMetadata(dev.skiff.api.ObjectMeta.named(name));
        }
        if (name == null) {
            throw new CliException("name a function, or give its document with -f FILE");
        }
        try (FunctionStore store = skiff.functions()) {
            return ServerDocuments.function(store.get(name));
        }
    }

    /** The function's spec with every default, or a {@link CliException} listing what is wrong. */
    static FunctionSpec admit(Function function) {
        try {
            return FunctionAdmission.builtIn().admit(function.name(), function.spec());
        } catch (dev.skiff.api.ValidationException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
