package io.sluice.tools.configs;

import io.sluice.clients.admin.AlterConfigOp;
import io.sluice.clients.admin.Config;
import io.sluice.clients.admin.ConfigEntry;
import io.sluice.clients.admin.ConfigResource;
import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.common.Node;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolException;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice-configs.sh}: describes and changes topic and broker configs with the flags and output
 * of Kafka's {@code kafka-configs.sh}:
 * <pre>
 * Dynamic configs for topic orders are:
 *   retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}
 * Completed updating config for topic orders.
 * </pre>
 * Changes use IncrementalAlterConfigs for topics and brokers alike (Kafka 3.9's tool still sends the
 * legacy AlterConfigs for brokers; the result is the same).
 *
 * <p>Exit codes: 0 done, 1 the cluster refused or could not be reached, 2 bad flags.
 */
@Command(name = "sluice-configs.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Add/Remove entity config for a topic or broker, or list the configs of one.")
public final class ConfigsCommand extends ToolCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "server to connect to",
            description = "REQUIRED: The Sluice (or Kafka) server to connect to, host:port[,host:port...].")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "command config property file",
            description = "Property file containing configs to be passed to the admin client.")
    Path commandConfig;

    @Option(names = "--entity-type", paramLabel = "topics|brokers", description = "Type of entity (topics/brokers).")
    String entityType;

    @Option(names = "--entity-name", paramLabel = "name", description = "Name of entity (topic name/broker id).")
    String entityName;

    @Option(names = "--entity-default", description = "Default entity name for brokers (applies to all brokers).")
    boolean entityDefault;

    @Option(names = "--topic", paramLabel = "topic", description = "The topic's name (same as --entity-type topics --entity-name).")
    String topic;

    @Option(names = "--broker", paramLabel = "broker id", description = "The broker's id (same as --entity-type brokers --entity-name).")
    String broker;

    @Option(names = "--describe", description = "List configs for the given entity.")
    boolean describe;

    @Option(names = "--alter", description = "Alter the configuration for the entity.")
    boolean alter;

    @Option(names = "--all", description = "List all configs for the given topic or broker entity (includes static "
            + "configuration when the entity type is brokers).")
    boolean all;

    @Option(names = "--add-config", paramLabel = "k1=v1,k2=[v1,v2,v2],k3=v3",
            description = "Key Value pairs of configs to add. Square brackets can be used to group values which contain "
                    + "commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'.")
    String addConfig;

    @Option(names = "--delete-config", paramLabel = "k1,k2", description = "config keys to remove 'k1,k2'")
    String deleteConfig;


    public static void main(String[] args) {
        ToolRunner.exit(ConfigsCommand::run, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new ConfigsCommand().execute(args, out, err);
    }

    /** The entity this invocation is about: its type ("topics" or "brokers") and name ("" = broker default, null = all). */
    record Entity(String type, String name) {
        String singular() {
            return type.substring(0, type.length() - 1);
        }
    }

    @Override
    public Integer call() throws Exception {
        Entity entity = entity();
        Map<String, String> toAdd = addConfig == null ? Map.of() : KeyValues.parseConfigList(addConfig, "--add-config");
        List<String> toDelete = deleteConfig == null ? List.of() : KeyValues.parseNames(deleteConfig);
        if (describe == alter) {
            throw usage("Command must include exactly one action: --describe, --alter");
        }
        if (alter && entity.name() == null) {
            throw usage("An entity name must be specified with --alter");
        }
        if (alter && toAdd.isEmpty() && toDelete.isEmpty()) {
            throw usage("At least one of --add-config or --delete-config must be specified with --alter");
        }
        if (describe && (addConfig != null || deleteConfig != null)) {
            throw usage("--add-config and --delete-config can only be used with --alter");
        }
        try (SluiceAdmin admin = AdminConnection.open(bootstrapServer, commandConfig, err)) {
            if (describe) {
                describe(admin, entity);
            } else {
                alter(admin, entity, toAdd, toDelete);
            }
        } catch (ExecutionException e) {
            throw new ToolException("Error while executing config command: " + ToolRunner.unwrap(e).getMessage());
        }
        out.flush();
        return 0;
    }

    private Entity entity() {
        String type = entityType;
        String name = entityName;
        if (topic != null) {
            type = "topics";
            name = topic;
        } else if (broker != null) {
            type = "brokers";
            name = broker;
        }
        if (type == null) {
            throw usage("Missing required argument \"[entity-type]\"");
        }
        if (!type.equals("topics") && !type.equals("brokers")) {
            throw usage("Invalid entity type " + type + ", the entity type must be one of topics, brokers "
                    + "(users, clients, ips and broker-loggers are not supported by Sluice yet)");
        }
        if (entityDefault) {
            if (!type.equals("brokers")) {
                throw usage("--entity-default is only valid with --entity-type brokers");
            }
            return new Entity(type, "");
        }
        if (name != null && type.equals("brokers")) {
            try {
                Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw usage("The entity name for brokers must be a valid integer broker id, found: " + name);
            }
        }
        return new Entity(type, name);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void describe(SluiceAdmin admin, Entity entity) throws Exception {
        List<String> names = new ArrayList<>();
        if (entity.name() != null) {
            names.add(entity.name());
        } else if (entity.type().equals("topics")) {
            names.addAll(admin.listTopics(true).get().keySet());
        } else {
            admin.describeCluster().get().nodes().stream().map(Node::id).sorted()
                    .forEach(id -> names.add(Integer.toString(id)));
            names.add("");
        }
        for (String name : names) {
            ConfigResource resource = resource(entity.type(), name);
            Config config = admin.describeConfigs(List.of(resource)).value(resource).get();
            out.print(ConfigsFormat.describe(entity.type(), name, config, all));
        }
    }

    private void alter(SluiceAdmin admin, Entity entity, Map<String, String> toAdd, List<String> toDelete) throws Exception {
        ConfigResource resource = resource(entity.type(), entity.name());
        if (entity.type().equals("topics") && !toDelete.isEmpty()) {
            // Like Kafka: deleting a config the topic does not set is a mistake worth reporting.
            Config current = admin.describeConfigs(List.of(resource)).value(resource).get();
            List<String> invalid = toDelete.stream().filter(name -> {
                ConfigEntry entry = current.get(name);
                return entry == null || entry.source() != ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG;
            }).toList();
            if (!invalid.isEmpty()) {
                throw new ToolException("Error while executing config command: Invalid config(s): " + String.join(",", invalid));
            }
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        toAdd.forEach((name, value) -> ops.add(AlterConfigOp.set(name, value)));
        toDelete.forEach(name -> ops.add(AlterConfigOp.delete(name)));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        out.println(entity.name().isEmpty()
                ? "Completed updating default config for " + entity.type() + " in the cluster."
                : "Completed updating config for " + entity.singular() + " " + entity.name() + ".");
    }

    private static ConfigResource resource(String type, String name) {
        return new ConfigResource(type.equals("topics") ? ConfigResource.Type.TOPIC : ConfigResource.Type.BROKER, name);
    }

    /** The describe output; pure functions. */
    static final class ConfigsFormat {

        private ConfigsFormat() {
        }

        /**
         * The block for one entity: a heading, then one line per config sorted by name: the dynamic
         * ones (set on this topic / broker / the broker default), or every one with {@code all}.
         */
        static String describe(String type, String name, Config config, boolean all) {
            StringBuilder text = new StringBuilder();
            if (name.isEmpty()) {
                text.append("Default configs for ").append(type).append(" in the cluster are:\n");
            } else {
                text.append(all ? "All" : "Dynamic").append(" configs for ").append(type, 0, type.length() - 1)
                        .append(' ').append(name).append(" are:\n");
            }
            ConfigEntry.Source dynamic = type.equals("topics") ? ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG
                    : name.isEmpty() ? ConfigEntry.Source.DYNAMIC_DEFAULT_BROKER_CONFIG : ConfigEntry.Source.DYNAMIC_BROKER_CONFIG;
            config.entries().stream()
                    .filter(e -> all || e.source() == dynamic)
                    .sorted(Comparator.comparing(ConfigEntry::name))
                    .forEach(e -> text.append(line(e)).append('\n'));
            return text.toString();
        }

        static String line(ConfigEntry entry) {
            String synonyms = entry.synonyms().stream()
                    .map(s -> s.source() + ":" + s.name() + "=" + s.value())
                    .collect(Collectors.joining(", "));
            return "  " + entry.name() + "=" + entry.value() + " sensitive=" + entry.sensitive() + " synonyms={" + synonyms + "}";
        }
    }
}
