/**
 * Topic administration and topic/broker configs on the broker side.
 *
 * <table>
 * <caption>Parts</caption>
 * <tr><th>class</th><th>what</th></tr>
 * <tr><td>{@link io.sluice.server.topic.TopicManager}</td><td>CreateTopics, CreatePartitions and Metadata
 *     auto-creation: broker defaults, config validation, writes through {@code TopicStore}, waiting for
 *     the metadata cache</td></tr>
 * <tr><td>{@link io.sluice.server.topic.TopicDeletion}</td><td>marks and completes deletions (the
 *     controller's part until there is a controller), including markers left pending in ZooKeeper</td></tr>
 * <tr><td>{@link io.sluice.server.topic.TopicConfigs}</td><td>the topic keys (those {@code LogConfig}
 *     applies) with broker synonyms, types and docs: validation and description</td></tr>
 * <tr><td>{@link io.sluice.server.topic.BrokerConfigs}</td><td>broker keys: static, dynamic per broker,
 *     dynamic cluster defaults, Kafka defaults</td></tr>
 * <tr><td>{@link io.sluice.server.topic.ConfigAdmin}</td><td>describe / alter / incremental alter of
 *     topic (type 2) and broker (type 4) resources</td></tr>
 * <tr><td>{@link io.sluice.server.topic.TopicConfigApplier}</td><td>rebuilds a topic's
 *     {@code LogConfig} on every config change and hands it to the topic's local logs</td></tr>
 * </table>
 *
 * <p>Write path of a topic config change: the handler validates and writes {@code /config/topics/<t>}
 * plus a {@code /config/changes} notification ({@code ConfigStore}), applies the change to its own logs,
 * and every other broker applies it when its {@code ConfigChangeWatcher} sees the notification.
 *
 * <p>Dynamic broker configs are stored and described but not applied at runtime yet.
 */
package io.sluice.server.topic;
