package io.sluice.tools.topics;

import io.sluice.clients.admin.ClusterDescription;
import io.sluice.clients.admin.Config;
import io.sluice.clients.admin.ConfigResource;
import io.sluice.clients.admin.NewTopic;
import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.admin.TopicDescription;
import io.sluice.clients.admin.TopicPartitionInfo;
import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.Node;
import io.sluice.protocol.Errors;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolException;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice-topics.sh}: creates, lists, describes, alters (adds partitions to) and deletes topics,
 * with the flags and output of Kafka's {@code kafka-topics.sh}.
 *
 * <p>Exit codes: 0 done, 1 the cluster refused or could not be reached, 2 bad flags.
 */
@Command(name = "sluice-topics.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Create, delete, describe, or change a topic.")
public final class TopicsCommand extends ToolCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "server to connect to",
            description = "REQUIRED: The Sluice (or Kafka) server to connect to, host:port[,host:port...].")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "command config property file",
            description = "Property file containing configs to be passed to the admin client.")
    Path commandConfig;

    @Option(names = "--create", description = "Create a new topic.")
    boolean create;

    @Option(names = "--list", description = "List all available topics.")
    boolean list;

    @Option(names = "--describe", description = "List details for the given topics.")
    boolean describe;

    @Option(names = "--alter", description = "Alter the number of partitions of a topic.")
    boolean alter;

    @Option(names = "--delete", description = "Delete a topic.")
    boolean delete;

    @Option(names = "--topic", paramLabel = "topic",
            description = "The topic to create, alter, describe or delete. It also accepts a regular expression, "
                    + "except for --create option.")
    String topic;

    @Option(names = "--partitions", paramLabel = "# of partitions",
            description = "The number of partitions for the topic being created or altered (the broker's num.partitions "
                    + "if not given for --create).")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "replication factor",
            description = "The replication factor for each partition in the topic being created (the broker's "
                    + "default.replication.factor if not given).")
    Integer replicationFactor;

    @Option(names = "--config", paramLabel = "name=value",
            description = "A topic configuration override for the topic being created (repeatable).")
    List<String> configs = new ArrayList<>();

    @Option(names = "--under-replicated-partitions",
            description = "If set when describing topics, only show under replicated partitions.")
    boolean underReplicatedPartitions;

    @Option(names = "--unavailable-partitions",
            description = "If set when describing topics, only show partitions whose leader is not available.")
    boolean unavailablePartitions;

    @Option(names = "--exclude-internal", description = "Exclude internal topics when listing or describing topics.")
    boolean excludeInternal;

    @Option(names = "--if-exists", description = "If set when altering or deleting topics, the action is only executed "
            + "if the topic exists.")
    boolean ifExists;

    @Option(names = "--if-not-exists", description = "If set when creating topics, the action will only execute if the "
            + "topic does not already exist.")
    boolean ifNotExists;


    public static void main(String[] args) {
        ToolRunner.exit(TopicsCommand::run, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new TopicsCommand().execute(args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        try (SluiceAdmin admin = AdminConnection.open(bootstrapServer, commandConfig, err)) {
            if (create) {
                create(admin);
            } else if (list) {
                matchingTopics(admin).forEach(out::println);
            } else if (describe) {
                describe(admin);
            } else if (alter) {
                alter(admin);
            } else {
                delete(admin);
            }
        } catch (ExecutionException e) {
            throw new ToolException("Error while executing topic command : " + message(e.getCause()));
        }
        out.flush();
        return 0;
    }

    private void validate() {
        int actions = (create ? 1 : 0) + (list ? 1 : 0) + (describe ? 1 : 0) + (alter ? 1 : 0) + (delete ? 1 : 0);
        if (actions != 1) {
            throw usage("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        }
        if ((create || alter || delete) && topic == null) {
            throw usage("Missing required argument \"[topic]\"");
        }
        if (alter && partitions == null) {
            throw usage("Missing required argument \"[partitions]\" for --alter");
        }
        if (!create && (replicationFactor != null || !configs.isEmpty())) {
            throw usage("Option \"" + (replicationFactor != null ? "[replication-factor]" : "[config]")
                    + "\" can't be used with option \"[" + (list ? "list" : describe ? "describe" : alter ? "alter" : "delete") + "]\"");
        }
        if ((underReplicatedPartitions || unavailablePartitions) && !describe) {
            throw usage("--under-replicated-partitions and --unavailable-partitions can only be used with --describe");
        }
        if (partitions != null && partitions < 1) {
            throw usage("The partitions must be greater than 0");
        }
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw usage("The replication factor must be between 1 and " + Short.MAX_VALUE + " inclusive");
        }
        if (!create && topic != null) {
            try {
                Pattern.compile(topic);
            } catch (PatternSyntaxException e) {
                throw usage("Invalid topic regular expression: " + topic);
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void create(SluiceAdmin admin) throws Exception {
        Map<String, String> topicConfigs = KeyValues.parsePairs(configs, "--config");
        NewTopic newTopic = new NewTopic(topic, partitions == null ? -1 : partitions,
                (short) (replicationFactor == null ? -1 : replicationFactor), topicConfigs);
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            out.println("Created topic " + topic + ".");
        } catch (ExecutionException e) {
            if (ifNotExists && e.getCause() instanceof ApiException api && api.error() == Errors.TOPIC_ALREADY_EXISTS) {
                return;
            }
            throw e;
        }
    }

    /** Topics whose names match --topic (a regular expression), sorted; all topics without --topic. */
    private List<String> matchingTopics(SluiceAdmin admin) throws Exception {
        Set<String> all = admin.listTopics(!excludeInternal).get().keySet();
        if (topic == null) {
            return new ArrayList<>(all);
        }
        Pattern pattern = Pattern.compile(topic);
        return all.stream().filter(name -> pattern.matcher(name).matches()).collect(Collectors.toList());
    }

    private List<String> existingTopics(SluiceAdmin admin) throws Exception {
        List<String> topics = matchingTopics(admin);
        if (topics.isEmpty() && !ifExists) {
            throw new ToolException("Error while executing topic command : Topic '" + topic + "' does not exist as expected");
        }
        return topics;
    }

    private void describe(SluiceAdmin admin) throws Exception {
        List<String> topics = matchingTopics(admin);
        if (topics.isEmpty()) {
            if (topic != null && !ifExists) {
                throw new ToolException("Error while executing topic command : Topic '" + topic + "' does not exist as expected");
            }
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).all().get();
        List<ConfigResource> resources = topics.stream().map(ConfigResource::topic).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        ClusterDescription cluster = admin.describeCluster().get();
        Set<Integer> live = cluster.nodes().stream().map(Node::id).collect(Collectors.toSet());
        boolean filtered = underReplicatedPartitions || unavailablePartitions;
        for (String name : topics) {
            TopicDescription description = descriptions.get(name);
            if (!filtered) {
                out.println(TopicDescriptionFormat.topicLine(description, configs.get(ConfigResource.topic(name))));
            }
            for (TopicPartitionInfo partition : description.partitions()) {
                boolean show = !filtered
                        || (underReplicatedPartitions && TopicDescriptionFormat.isUnderReplicated(partition))
                        || (unavailablePartitions && TopicDescriptionFormat.isUnavailable(partition, live));
                if (show) {
                    out.println(TopicDescriptionFormat.partitionLine(name, partition));
                }
            }
        }
    }

    private void alter(SluiceAdmin admin) throws Exception {
        List<String> topics = existingTopics(admin);
        if (topics.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        topics.forEach(name -> counts.put(name, partitions));
        admin.createPartitions(counts).all().get();
    }

    private void delete(SluiceAdmin admin) throws Exception {
        List<String> topics = existingTopics(admin);
        if (topics.isEmpty()) {
            return;
        }
        admin.deleteTopics(topics).all().get();
    }

    private static String message(Throwable cause) {
        Throwable t = ToolRunner.unwrap(cause);
        if (t instanceof ApiException api) {
            // Kafka's tools print the exception's message, e.g. "Topic 'orders' already exists."
            return api.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
