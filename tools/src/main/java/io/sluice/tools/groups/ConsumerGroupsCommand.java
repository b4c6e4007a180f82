package io.sluice.tools.groups;

import io.sluice.clients.admin.ConsumerGroupDescription;
import io.sluice.clients.admin.ConsumerGroupListing;
import io.sluice.clients.admin.ListedOffset;
import io.sluice.clients.admin.MemberDescription;
import io.sluice.clients.admin.OffsetSpec;
import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.admin.TopicDescription;
import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.protocol.Errors;
import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.KeyValues;
import io.sluice.tools.common.Progress;
import io.sluice.tools.common.ToolCommand;
import io.sluice.tools.common.ToolException;
import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice-consumer-groups.sh}: lists, describes and deletes consumer groups and resets their
 * offsets, with the flags and output of Kafka's {@code kafka-consumer-groups.sh}.
 *
 * <p>Exit codes: 0 done, 1 the cluster refused, could not be reached, or the group does not exist,
 * 2 bad flags.
 */
@Command(name = "sluice-consumer-groups.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = "List all consumer groups, describe a consumer group, delete consumer group info, or reset "
                + "consumer group offsets.")
public final class ConsumerGroupsCommand extends ToolCommand {

    private static final Set<String> REBALANCING = Set.of("PreparingRebalance", "CompletingRebalance");

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "server to connect to",
            description = "REQUIRED: The Sluice (or Kafka) server to connect to, host:port[,host:port...].")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "command config property file",
            description = "Property file containing configs to be passed to the admin client.")
    Path commandConfig;

    @Option(names = "--list", description = "List all consumer groups.")
    boolean list;

    @Option(names = "--describe", description = "Describe consumer group and list offset lag (number of messages not yet "
            + "processed) related to given group.")
    boolean describe;

    @Option(names = "--members", description = "Describe members of the group. This option may be used with '--describe'.")
    boolean members;

    @Option(names = "--state", description = "Describe the group state. This option may be used with '--describe'.")
    boolean state;

    @Option(names = "--offsets", description = "Describe the group and list all topic partitions in the group along with "
            + "their offset lag. This is the default sub-action of '--describe'.")
    boolean offsets;

    @Option(names = "--delete", description = "Pass in groups to delete topic partition offsets and ownership information "
            + "over the entire consumer group.")
    boolean delete;

    @Option(names = "--delete-offsets", description = "Delete offsets of consumer group. Supports one consumer group at "
            + "the time, and multiple topics.")
    boolean deleteOffsets;

    @Option(names = "--reset-offsets", description = "Reset offsets of consumer group. Supports one consumer group at the "
            + "time, and instances should be inactive. Has 2 execution options: --dry-run (the default) to plan which "
            + "offsets to reset, and --execute to update the offsets.")
    boolean resetOffsets;

    @Option(names = "--group", paramLabel = "consumer group", description = "The consumer group we wish to act on (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--all-groups", description = "Apply to all consumer groups.")
    boolean allGroups;

    @Option(names = "--topic", paramLabel = "topic",
            description = "The topic whose consumer group offsets should be reset; a partition list may follow: "
                    + "'topic1:0,1,2' (repeatable).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--all-topics", description = "Consider all topics the group has committed offsets for in "
            + "'reset-offsets' process.")
    boolean allTopics;

    @Option(names = "--to-earliest", description = "Reset offsets to earliest offset.")
    boolean toEarliest;

    @Option(names = "--to-latest", description = "Reset offsets to latest offset.")
    boolean toLatest;

    @Option(names = "--to-offset", paramLabel = "offset", description = "Reset offsets to a specific offset.")
    Long toOffset;

    @Option(names = "--to-datetime", paramLabel = "datetime",
            description = "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss' (local time) or with "
                    + "a zone: '2024-05-01T10:00:00.000Z'.")
    String toDatetime;

    @Option(names = "--shift-by", paramLabel = "number-of-offsets",
            description = "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.")
    Long shiftBy;

    @Option(names = "--dry-run", description = "Only show results without executing changes on Consumer Groups.")
    boolean dryRun;

    @Option(names = "--execute", description = "Execute operation.")
    boolean execute;


    public static void main(String[] args) {
        ToolRunner.exit(ConsumerGroupsCommand::run, args, true);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new ConsumerGroupsCommand().execute(args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        OffsetResetPlan.Strategy strategy = validate();
        int status;
        try (SluiceAdmin admin = AdminConnection.open(bootstrapServer, commandConfig, err)) {
            if (list) {
                for (ConsumerGroupListing group : admin.listConsumerGroups().get()) {
                    out.println(group.groupId());
                }
                status = 0;
            } else if (describe) {
                status = describe(admin);
            } else if (delete) {
                status = delete(admin);
            } else if (deleteOffsets) {
                status = deleteOffsets(admin);
            } else {
                status = reset(admin, strategy);
            }
        } catch (ExecutionException e) {
            throw new ToolException("Error: Executing consumer group command failed due to " + ToolRunner.unwrap(e).getMessage());
        }
        out.flush();
        return status;
    }

    /** Checks the flag combination; returns the reset strategy for --reset-offsets (else null). */
    private OffsetResetPlan.Strategy validate() {
        int actions = (list ? 1 : 0) + (describe ? 1 : 0) + (delete ? 1 : 0) + (resetOffsets ? 1 : 0) + (deleteOffsets ? 1 : 0);
        if (actions != 1) {
            throw usage("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
        }
        if (deleteOffsets) {
            if (groups.size() != 1 || allGroups) {
                throw usage("Option [delete-offsets] takes exactly one [group]");
            }
            if (topics.isEmpty()) {
                throw usage("Option [delete-offsets] takes at least one [topic]");
            }
            return null;
        }
        if ((describe || delete || resetOffsets) && groups.isEmpty() && !allGroups) {
            throw usage("Option [" + (describe ? "describe" : delete ? "delete" : "reset-offsets")
                    + "] takes one of these options: [all-groups], [group]");
        }
        if ((members ? 1 : 0) + (state ? 1 : 0) + (offsets ? 1 : 0) > 1) {
            throw usage("Option [describe] takes at most one of these options: [members], [offsets], [state]");
        }
        if ((members || state || offsets) && !describe) {
            throw usage("Options --members, --state and --offsets can only be used with --describe");
        }
        if (!resetOffsets) {
            if (!topics.isEmpty() || allTopics || dryRun || execute || toEarliest || toLatest || toOffset != null
                    || toDatetime != null || shiftBy != null) {
                throw usage("Options --topic, --all-topics, --to-*, --shift-by, --dry-run and --execute can only be used "
                        + "with --reset-offsets");
            }
            return null;
        }
        if (topics.isEmpty() == !allTopics) {
            throw usage("Option [reset-offsets] takes exactly one of these options: [all-topics], [topic]");
        }
        if (dryRun && execute) {
            throw usage("Option [reset-offsets] takes at most one of these options: [dry-run], [execute]");
        }
        int scenarios = (toEarliest ? 1 : 0) + (toLatest ? 1 : 0) + (toOffset != null ? 1 : 0)
                + (toDatetime != null ? 1 : 0) + (shiftBy != null ? 1 : 0);
        if (scenarios != 1) {
            throw usage("Option [reset-offsets] takes exactly one of these options: [to-earliest], [to-latest], "
                    + "[to-offset], [to-datetime], [shift-by]");
        }
        if (toEarliest) {
            return new OffsetResetPlan.ToEarliest();
        } else if (toLatest) {
            return new OffsetResetPlan.ToLatest();
        } else if (toOffset != null) {
            return new OffsetResetPlan.ToOffset(toOffset);
        } else if (shiftBy != null) {
            return new OffsetResetPlan.ShiftBy(shiftBy);
        }
        try {
            return new OffsetResetPlan.ToDatetime(OffsetResetPlan.parseDateTime(toDatetime, ZoneId.systemDefault()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private List<String> targetGroups(SluiceAdmin admin) throws Exception {
        if (allGroups) {
            return admin.listConsumerGroups().get().stream().map(ConsumerGroupListing::groupId).toList();
        }
        return List.copyOf(new LinkedHashSet<>(groups));
    }

    // ------------------------------------------------------------------ describe

    private int describe(SluiceAdmin admin) throws Exception {
        int status = 0;
        for (String group : targetGroups(admin)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).value(group).get();
            if ("Dead".equals(description.state())) {
                out.flush();
                err.println("Error: Consumer group '" + group + "' does not exist.");
                status = 1;
                continue;
            }
            if ("Empty".equals(description.state())) {
                err.println();
                err.println("Consumer group '" + group + "' has no active members.");
            } else if (REBALANCING.contains(description.state())) {
                err.println();
                err.println("Warning: Consumer group '" + group + "' is rebalancing.");
            }
            if (state) {
                Node coordinator = description.coordinator();
                out.print(GroupStateTables.state(group, coordinator.host() + ":" + coordinator.port() + "  (" + coordinator.id() + ")",
                        description.partitionAssignor() == null ? "" : description.partitionAssignor(), description.state(),
                        description.members().size()));
                continue;
            }
            if (members) {
                if (!description.members().isEmpty()) {
                    out.print(GroupStateTables.members(description.members().stream()
                            .map(m -> new GroupStateTables.Member(group, m.memberId(), m.groupInstanceId(), m.host(), m.clientId(),
                                    m.assignment().size()))
                            .toList()));
                }
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).get();
            List<GroupOffsetsTable.Row> rows = describeRows(admin, description, committed);
            if (!rows.isEmpty()) {
                out.print(GroupOffsetsTable.format(rows));
            }
        }
        return status;
    }

    /**
     * Kafka's rows: every assigned partition with its member (members with more partitions first),
     * a member without partitions as a row of its own, then the partitions the group has committed
     * offsets for but nobody consumes, with "-" for the member columns.
     */
    private static List<GroupOffsetsTable.Row> describeRows(SluiceAdmin admin, ConsumerGroupDescription description,
            Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        Comparator<TopicPartition> byTopicPartition = Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition);
        Set<TopicPartition> all = new TreeSet<>(byTopicPartition);
        all.addAll(committed.keySet());
        description.members().forEach(m -> all.addAll(m.assignment()));
        Map<TopicPartition, Long> logEnd = logEndOffsets(admin, all);

        List<GroupOffsetsTable.Row> rows = new ArrayList<>();
        Set<TopicPartition> assigned = new java.util.HashSet<>();
        List<MemberDescription> members = new ArrayList<>(description.members());
        members.sort(Comparator.comparingInt((MemberDescription m) -> m.assignment().size()).reversed());
        String group = description.groupId();
        for (MemberDescription member : members) {
            if (member.assignment().isEmpty()) {
                rows.add(new GroupOffsetsTable.Row(group, null, null, null, null, member.memberId(), member.host(),
                        member.clientId()));
                continue;
            }
            List<TopicPartition> partitions = new ArrayList<>(member.assignment());
            partitions.sort(byTopicPartition);
            for (TopicPartition tp : partitions) {
                assigned.add(tp);
                OffsetAndMetadata offset = committed.get(tp);
                rows.add(new GroupOffsetsTable.Row(group, tp.topic(), tp.partition(), offset == null ? null : offset.offset(),
                        logEnd.get(tp), member.memberId(), member.host(), member.clientId()));
            }
        }
        for (TopicPartition tp : all) {
            if (!assigned.contains(tp)) {
                rows.add(new GroupOffsetsTable.Row(group, tp.topic(), tp.partition(), committed.get(tp).offset(),
                        logEnd.get(tp), null, null, null));
            }
        }
        return rows;
    }

    /** Log end offsets; a partition whose leader does not answer is left out (printed as "-"). */
    private static Map<TopicPartition, Long> logEndOffsets(SluiceAdmin admin, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs).values().forEach((tp, future) -> {
            try {
                offsets.put(tp, future.get().offset());
            } catch (ExecutionException e) {
                // Unknown: the column shows "-" as in Kafka.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return offsets;
    }

    // ------------------------------------------------------------------ delete

    private int delete(SluiceAdmin admin) throws Exception {
        List<String> targets = targetGroups(admin);
        Map<String, String> failed = new LinkedHashMap<>();
        List<String> deleted = new ArrayList<>();
        admin.deleteConsumerGroups(targets).values().forEach((group, future) -> {
            try {
                future.get();
                deleted.add(group);
            } catch (ExecutionException e) {
                failed.put(group, ToolRunner.unwrap(e).getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(group, "interrupted");
            }
        });
        if (failed.isEmpty()) {
            out.println("Deletion of requested consumer groups ('" + String.join("', '", deleted) + "') was successful.");
            return 0;
        }
        out.println();
        out.println("Error: Deletion of some consumer groups failed:");
        failed.forEach((group, error) -> out.println("* Group '" + group + "' could not be deleted due to: " + error));
        if (!deleted.isEmpty()) {
            out.println();
            out.println("These consumer groups were deleted successfully: '" + String.join("', '", deleted) + "'");
        }
        return 1;
    }

    // ------------------------------------------------------------------ delete offsets

    private int deleteOffsets(SluiceAdmin admin) throws Exception {
        String group = groups.get(0);
        List<TopicPartition> partitions = partitionsToReset(admin, Map.of());
        Map<TopicPartition, String> failures = new LinkedHashMap<>();
        Set<Errors> errors = new java.util.HashSet<>();
        admin.deleteConsumerGroupOffsets(group, new LinkedHashSet<>(partitions)).values().forEach((tp, future) -> {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = ToolRunner.unwrap(e);
                failures.put(tp, cause.getMessage());
                if (cause instanceof ApiException api) {
                    errors.add(api.error());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(tp, "interrupted");
            }
        });
        if (failures.isEmpty()) {
            out.println("Request succeed for deleting offsets with topic " + String.join(", ", topics) + " group " + group);
        } else if (errors.contains(Errors.GROUP_ID_NOT_FOUND)) {
            err.println("Error: '" + group + "' does not exist.");
        } else if (errors.contains(Errors.NON_EMPTY_GROUP)) {
            err.println("Error: Deleting offsets of a consumer group '" + group + "' is forbidden if the group is not empty.");
        } else {
            err.println("Error: Encounter some partition level error, see the follow-up details:");
        }
        out.print(GroupOffsetsTable.formatDeleteOffsets(partitions, failures));
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ reset offsets

    private int reset(SluiceAdmin admin, OffsetResetPlan.Strategy strategy) throws Exception {
        if (!dryRun && !execute) {
            err.println("WARN: No action will be performed as the --execute option is missing. Add --dry-run to plan "
                    + "explicitly, or --execute to reset the offsets.");
        }
        int status = 0;
        for (String group : targetGroups(admin)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).value(group).get();
            if (!"Empty".equals(description.state()) && !"Dead".equals(description.state())) {
                err.println("Error: Assignments can only be reset if the group '" + group
                        + "' is inactive, but the current state is " + description.state() + ".");
                status = 1;
                continue;
            }
            try (Progress progress = Progress.start(err, "Planning offsets of group " + group)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).get();
                List<TopicPartition> partitions = partitionsToReset(admin, committed);
                OffsetResetPlan.Result plan;
                try {
                    plan = OffsetResetPlan.plan(strategy, knownOffsets(admin, partitions, committed, strategy));
                } catch (IllegalArgumentException e) {
                    throw new ToolException("Error: " + e.getMessage());
                }
                plan.warnings().forEach(err::println);
                if (execute) {
                    progress.update("Committing " + plan.offsets().size() + " offsets of group " + group);
                    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                    plan.offsets().forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
                    admin.alterConsumerGroupOffsets(group, offsets).all().get();
                }
                List<GroupOffsetsTable.Reset> resets = new ArrayList<>();
                plan.offsets().forEach((tp, offset) -> resets.add(new GroupOffsetsTable.Reset(tp.topic(), tp.partition(), offset)));
                progress.close();
                out.print(GroupOffsetsTable.formatReset(group, resets));
            }
        }
        return status;
    }

    /** --all-topics: the partitions with committed offsets; --topic t[:p,...]: those partitions, or all of t's. */
    private List<TopicPartition> partitionsToReset(SluiceAdmin admin, Map<TopicPartition, OffsetAndMetadata> committed)
            throws Exception {
        Comparator<TopicPartition> order = Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
        Set<TopicPartition> partitions = new TreeSet<>(order);
        if (allTopics) {
            partitions.addAll(committed.keySet());
            return new ArrayList<>(partitions);
        }
        List<String> wholeTopics = new ArrayList<>();
        for (String spec : topics) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                wholeTopics.add(spec);
                continue;
            }
            String topic = spec.substring(0, colon);
            for (String partition : KeyValues.parseNames(spec.substring(colon + 1))) {
                try {
                    partitions.add(new TopicPartition(topic, Integer.parseInt(partition)));
                } catch (NumberFormatException e) {
                    throw new ToolException("Invalid partition '" + partition + "' in --topic " + spec, ToolRunner.USAGE_ERROR);
                }
            }
        }
        if (!wholeTopics.isEmpty()) {
            for (TopicDescription topic : admin.describeTopics(wholeTopics).all().get().values()) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
        }
        return new ArrayList<>(partitions);
    }

    /** Log start and end offsets (and offsets by timestamp for --to-datetime) of the partitions to reset. */
    private static Map<TopicPartition, OffsetResetPlan.PartitionOffsets> knownOffsets(SluiceAdmin admin,
            List<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed, OffsetResetPlan.Strategy strategy)
            throws Exception {
        Map<TopicPartition, ListedOffset> earliest = listOffsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListedOffset> latest = listOffsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, ListedOffset> byTime = strategy instanceof OffsetResetPlan.ToDatetime d
                ? listOffsets(admin, partitions, OffsetSpec.forTimestamp(d.timestampMs())) : Map.of();
        Map<TopicPartition, OffsetResetPlan.PartitionOffsets> known = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata current = committed.get(tp);
            ListedOffset time = byTime.get(tp);
            known.put(tp, new OffsetResetPlan.PartitionOffsets(earliest.get(tp).offset(), latest.get(tp).offset(),
                    current == null ? null : current.offset(), time == null ? null : time.offset()));
        }
        return known;
    }

    private static Map<TopicPartition, ListedOffset> listOffsets(SluiceAdmin admin, List<TopicPartition> partitions,
            OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return admin.listOffsets(specs).all().get();
    }
}
