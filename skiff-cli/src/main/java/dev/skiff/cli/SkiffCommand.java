package dev.skiff.cli;

import java.net.URI;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code skiff} command: its global options, and the subcommands that share them. */
@Command(
        name = "skiff",
        usageHelpAutoWidth = true,
        versionProvider = SkiffVersion.class,
        description = "Skiff runs functions: 'skiff server' serves them, the other commands talk to it.",
        subcommands = {
            ServerCommand.class,
            DeployCommand.class,
            InvokeCommand.class,
            ListCommand.class,
            DescribeCommand.class,
            RevisionsCommand.class,
            TrafficCommand.class,
            RollbackCommand.class,
            ScaleCommand.class,
            LogsCommand.class,
            DeleteCommand.class,
            VolumeCommand.class,
            BrokerCommand.class,
            TriggerCommand.class,
            EventsCommand.class,
            TopicCommand.class,
            CronCommand.class,
            ActivationsCommand.class,
            ExportCommand.class,
            BuildCommand.class,
            OperatorCommand.class,
            TokenCommand.class,
            NamespaceCommand.class,
            SecretCommand.class,
            WorkflowCommand.class,
            LoginCommand.class,
            WhoamiCommand.class,
            VersionCommand.class,
            WarmUpCommand.class,
            FunctionCommand.class
        })
public final class SkiffCommand {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = {"The Skiff server's URL.",
                "Default: $" + ServerUrl.ENV + ", else " + ServerUrl.DEFAULT + "."})
    private String server;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = {"The token to present to the server.",
                "Default: $" + Credentials.ENV + ", else the one recorded for the server by 'skiff server' or 'skiff login'."})
    private String token;

    @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = {"Work on a Kubernetes cluster: this kubeconfig context's Function resources",
                "(deploy, list, describe, delete, export, build) instead of a Skiff server."})
    private String kubeContext;

    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Work on the cluster of this kubeconfig (its current context unless --context).")
    private java.nio.file.Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", scope = ScopeType.INHERIT,
            description = {"The namespace: on a server, where functions are (default: default);",
                "on a cluster, the context's unless given, else default.",
                "'skiff token create' takes it more than once: the namespaces the token reaches."})
    private java.util.List<String> namespaces = new java.util.ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version.")
    private boolean version;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    private boolean verbose;

    /** The command, printing and reading through {@code context}. */
    public SkiffCommand(CliContext context) {
        this.context = context;
    }

    /** The {@code skiff} command at the root of {@code spec}'s command, however deep it is nested. */
    static SkiffCommand of(CommandSpec spec) {
        return (SkiffCommand) spec.root().userObject();
    }

    /** The process's streams, environment and clock. */
    public CliContext context() {
        return context;
    }

    /** True when {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** The server's base URI; a usage error when {@code --server} or {@code SKIFF_URL} is not a URL. */
    public URI serverUri() {
        try {
            return ServerUrl.resolve(server, context.env());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** A client of the server, presenting the token (and trust) the CLI has for it. */
    public SkiffClient client() {
        return client(namespace());
    }

    /** A client of the server working in {@code namespace} (null: default), for server-wide resources such as tokens. */
    SkiffClient client(String namespace) {
        URI server = serverUri();
        return new SkiffClient(server, Credentials.resolve(server, token, context.env()), namespace);
    }

    /** The namespace {@code -n} names, or null when none; a usage error when it is given more than once. */
    public String namespace() {
        if (namespaces.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n/--namespace: give one namespace here "
                    + "(only 'skiff token create' takes several)");
        }
        return namespaces.isEmpty() ? null : namespaces.get(0);
    }

    /** Every namespace given with {@code -n}, in order (for {@code skiff token create}). */
    java.util.List<String> namespaces() {
        return java.util.List.copyOf(namespaces);
    }

    /** The token given with {@code --token}, or null. */
    String tokenFlag() {
        return token;
    }

    /** True when {@code --context} or {@code --kubeconfig} points the commands at a cluster. */
    public boolean onCluster() {
        return kubeContext != null || kubeconfig != null;
    }

    /** The cluster's client configuration from {@code --kubeconfig}, {@code --context} and {@code -n}, else the usual places. */
    public io.fabric8.kubernetes.client.Config clusterConfig() {
        return ClusterFunctions.config(kubeconfig, kubeContext, namespace());
    }

    /** Where functions are read and written: the cluster when {@link #onCluster()}, else the server. */
    public FunctionStore functions() {
        return onCluster() ? ClusterFunctions.connect(kubeconfig, kubeContext, namespace()) : client();
    }
}
