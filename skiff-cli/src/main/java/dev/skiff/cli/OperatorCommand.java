package dev.skiff.cli;

import dev.skiff.kubernetes.operator.ClusterCapabilities;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.translate.TranslationConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code skiff operator}: reconciles Skiff's custom resources on the cluster until stopped. */
@Command(name = "operator", usageHelpAutoWidth = true,
        description = {"Run Skiff's Kubernetes operator: Functions become Knative Services where Knative Serving",
            "is installed, else Deployments behind Skiff's gateway. In a pod it uses its service account;",
            "outside, the kubeconfig (--context, --kubeconfig). Stops on SIGTERM or Ctrl-C."})
public final class OperatorCommand implements Callable<Integer> {
    @ParentCommand
    private SkiffCommand skiff;

    @Option(names = "--watch-namespace", paramLabel = "NAMESPACE", split = ",",
            description = "Watch only these namespaces (default: all).")
    List<String> namespaces;

    @Option(names = "--gateway-url", paramLabel = "URL", defaultValue = "http://skiff-gateway.skiff-system.svc.cluster.local",
            description = "Where Skiff's gateway answers in the cluster (default: ${DEFAULT-VALUE}).")
    String gatewayUrl;

    @Option(names = "--image-prefix", paramLabel = "PREFIX", defaultValue = "skiff/",
            description = "Runtime images are PREFIXruntime-RUNTIME:TAG (default prefix: ${DEFAULT-VALUE}).")
    String imagePrefix;

    @Option(names = "--image-tag", paramLabel = "TAG", defaultValue = "0.1.0", description = "The runtime images' tag.")
    String imageTag;

    /** Starts the operator and waits for the process to be stopped. */
    @Override
    public Integer call() throws InterruptedException {
        Config config = Config.autoConfigure(null);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ClusterCapabilities cluster;
        try {
            cluster = ClusterCapabilities.detect(client);
        } catch (KubernetesClientException e) {
            client.close();
            throw new CliException("cannot reach the cluster at " + config.getMasterUrl() + ": " + e.getMessage(), e);
        }
        TranslationConfig translation = new TranslationConfig(imagePrefix, imageTag, gatewayUrl,
                TranslationConfig.DEFAULT.callerImage());
        SkiffOperator operator = SkiffOperator.create(client, cluster, translation,
                namespaces == null ? Set.of() : Set.copyOf(namespaces), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            client.close();
            stopped.countDown();
        }, "skiff-operator-stop"));
        operator.start();
        skiff.context().err().println("skiff operator: watching " + (namespaces == null ? "all namespaces" : namespaces)
                + " on " + config.getMasterUrl() + " (" + cluster.describe() + ")");
        stopped.await();
        return 0;
    }
}
